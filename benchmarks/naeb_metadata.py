"""NAEB metadata benchmark: title / author / date accuracy of ours vs trafilatura vs newspaper4k.

Run from the repository root:

    .venv/bin/python -m benchmarks.naeb_metadata            # all 421 pages
    .venv/bin/python -m benchmarks.naeb_metadata --limit 40 # the first 40 (sorted by id)
    .venv/bin/python -m benchmarks.naeb_metadata --show-misses ours

Data: ``eval/naeb`` under the shared directory (see ``benchmarks/_shared.py``); pages whose HTML is
missing (3 of 424) are skipped.

Comparisons (all case- and accent-insensitive, quotes/dashes unified, whitespace collapsed):

- title: normalised strings equal, or rapidfuzz ``fuzz.ratio`` >= 90;
- author, strict: the set of normalised names equals the gold set (gold ``authors`` split on
  commas; an empty gold needs an empty prediction);
- author, lenient: every gold name is among the predicted names (extra names allowed; an
  empty gold still needs an empty prediction);
- date: predicted ``YYYY-MM-DD`` equals gold; the 2 pages whose gold date is ``NaT`` are left out.

``text``/``body`` for our extractor come from ``newsdossier.clean.html.extract`` when it imports and
runs, else the page's visible text with the whole text as body.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
import time
import unicodedata
import warnings

from benchmarks._shared import EVAL

NAEB = EVAL / "naeb"
TODAY = dt.date(2024, 3, 26)  # the dataset snapshot date: no page can be newer


def norm_text(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " "}))
    s = re.sub(r"\s+", " ", s).strip().casefold()
    return s.strip(" .")


def title_ok(pred: str | None, gold: str | None) -> bool:
    from rapidfuzz import fuzz

    p, g = norm_text(pred), norm_text(gold)
    if not g:
        return not p
    return p == g or fuzz.ratio(p, g) >= 90


def norm_name(s: str) -> str:
    s = norm_text(s)
    s = re.sub(r"^(?:by|written by)\s+", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def split_names(s) -> list[str]:
    if not s:
        return []
    if isinstance(s, (list, tuple)):
        parts = list(s)
    else:
        parts = re.split(r"\s*(?:,|;|\band\b)\s*", s)
    return [n for n in (norm_name(p) for p in parts) if n]


def author_ok(pred, gold: str, strict: bool) -> bool:
    p, g = set(split_names(pred)), set(split_names(gold))
    if not g:
        return not p
    return p == g if strict else g <= p


def date_ok(pred: str | None, gold: str) -> bool:
    return bool(pred) and pred[:10] == gold


# --------------------------------------------------------------------------------------------


def ours(html: str, url: str):
    from newsdossier.clean.metadata import html_metadata

    text, body = page_text(html, url)
    md = html_metadata(html, text, body, url=url, today=TODAY)
    return md.title, md.author, md.published


_EXTRACT = None


def page_text(html: str, url: str):
    global _EXTRACT
    if _EXTRACT is None:
        try:
            from newsdossier.clean.html import extract

            _EXTRACT = extract
        except Exception:
            _EXTRACT = False
    if _EXTRACT:
        try:
            return _EXTRACT(html, url)
        except Exception:
            pass
    try:
        import lxml.html

        root = lxml.html.fromstring(html)
        for bad in root.xpath("//script|//style|//noscript"):
            bad.drop_tree()
        text = "\n".join(t.strip() for t in root.itertext() if t.strip())
    except Exception:
        text = ""
    return text, [(0, len(text))]


def trafilatura_meta(html: str, url: str):
    from trafilatura.metadata import extract_metadata

    m = extract_metadata(html, default_url=url, date_config={
        "original_date": True, "extensive_search": True, "max_date": TODAY.isoformat()})
    author = m.author.split(";") if m.author else []
    return m.title, author, m.date


def newspaper_meta(html: str, url: str):
    from newspaper import Article

    a = Article(url, fetch_images=False)
    a.download(input_html=html)
    a.parse()
    d = a.publish_date.date().isoformat() if a.publish_date else None
    return a.title, list(a.authors or []), d


SYSTEMS = {"ours": ours, "trafilatura": trafilatura_meta, "newspaper4k": newspaper_meta}


def load_pages(limit: int | None = None):
    arts = json.loads((NAEB / "articles.json").read_text())
    out = []
    for hid in sorted(arts):
        path = NAEB / "html" / f"{hid}.html.gz"
        if not path.exists():
            continue
        out.append((hid, arts[hid], path))
        if limit and len(out) >= limit:
            break
    return out


def read_html(path) -> str:
    raw = gzip.decompress(path.read_bytes())
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        return str(best) if best else raw.decode("utf-8", "replace")


def evaluate(systems: list[str], limit: int | None = None, show_misses: str | None = None):
    pages = load_pages(limit)
    stats = {s: {"title": 0, "author_strict": 0, "author_lenient": 0, "date": 0, "n_date": 0,
                 "secs": 0.0, "errors": 0} for s in systems}
    misses = []
    for hid, gold, path in pages:
        html = read_html(path)
        for s in systems:
            t0 = time.perf_counter()
            try:
                title, author, date = SYSTEMS[s](html, gold["url"])
            except Exception:
                title = author = date = None
                stats[s]["errors"] += 1
            stats[s]["secs"] += time.perf_counter() - t0
            st = stats[s]
            ok_t = title_ok(title, gold["title"])
            ok_a = author_ok(author, gold["authors"], strict=True)
            st["title"] += ok_t
            st["author_strict"] += ok_a
            st["author_lenient"] += author_ok(author, gold["authors"], strict=False)
            ok_d = True
            if gold["date"] and gold["date"] != "NaT":
                st["n_date"] += 1
                ok_d = date_ok(date, gold["date"])
                st["date"] += ok_d
            if s == show_misses and not (ok_t and ok_a and ok_d):
                misses.append((hid[:10], gold["url"], (ok_t, title, gold["title"]),
                               (ok_a, author, gold["authors"]), (ok_d, date, gold["date"])))
    return len(pages), stats, misses


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (sorted by id)")
    ap.add_argument("--systems", default="ours,trafilatura,newspaper4k")
    ap.add_argument("--show-misses", default=None, help="print the misses of one system")
    ap.add_argument("--no-cleaner", action="store_true",
                    help="give ours the plain visible text instead of newsdossier.clean.html.extract")
    args = ap.parse_args(argv)
    global _EXTRACT
    if args.no_cleaner:
        _EXTRACT = False
    warnings.filterwarnings("ignore")
    systems = [s for s in args.systems.split(",") if s]
    n, stats, misses = evaluate(systems, args.limit, args.show_misses)
    cmd = "python -m benchmarks.naeb_metadata " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"NAEB metadata, {n} pages (today bound {TODAY}); command: {cmd.strip()}")
    print("ours' text/body from:", "newsdossier.clean.html.extract" if _EXTRACT else "plain visible text")
    print(f"{'system':<13} {'title':>7} {'auth-strict':>12} {'auth-lenient':>13} {'date':>7} {'s/page':>7}")
    for s in systems:
        st = stats[s]
        nd = max(1, st["n_date"])
        print(f"{s:<13} {st['title'] / n:7.3f} {st['author_strict'] / n:12.3f} "
              f"{st['author_lenient'] / n:13.3f} {st['date'] / nd:7.3f} {st['secs'] / n:7.3f}"
              + (f"  ({st['errors']} errors)" if st["errors"] else ""))
    for m in misses:
        print(m[0], m[1][:90])
        for label, (ok, p, g) in zip(("title", "author", "date"), m[2:]):
            if not ok:
                print(f"   {label}: got {p!r} gold {g!r}")


if __name__ == "__main__":
    main()
