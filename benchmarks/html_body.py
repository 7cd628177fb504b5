"""HTML article-body extraction: ours (newsdossier.clean.html) against trafilatura, side by side.

Sets (from ../shared, see benchmarks/_html_pages.py): ScrapingHub article-extraction-benchmark
(181 pages) and NAEB (421 of 424 pages; 3 are missing from the snapshot). Metric: the 4-word
shingle P/R/F1 of the ScrapingHub benchmark (benchmarks/shingle_metric.py); our predicted body
of a page is "\\n".join(text[s:e] for s, e in body).

"ours include_title=True" adds the page title line to the body (the gold bodies have no title).
Also printed: each half of the pages (ids sorted, even/odd position) so a tuned rule can be checked
on the half it was not tuned on, and the run time per page of each system.

Usage (from the repo root):
    .venv/bin/python -m benchmarks.html_body [--sets scrapinghub,naeb] [--limit N] [--no-trafilatura]
"""
from __future__ import annotations

import argparse
import sys
import time

from benchmarks._html_pages import SETS, load
from benchmarks.shingle_metric import corpus_scores

COMMAND = ".venv/bin/python -m benchmarks.html_body"


def _ours(page, include_title=False) -> str:
    from newsdossier.clean.html import extract

    text, body = extract(page.html, page.url or None, include_title=include_title)
    return "\n".join(text[s:e] for s, e in body)


def _ours_with_title(page) -> str:
    return _ours(page, include_title=True)


def _trafilatura(**kwargs):
    import trafilatura

    def run(page) -> str:
        try:
            out = trafilatura.extract(page.html, url=page.url or None, include_comments=False, **kwargs)
        except Exception:
            out = None
        return out or ""

    return run


SYSTEMS = {
    "ours": _ours,
    "ours include_title=True": _ours_with_title,
    "trafilatura default": _trafilatura(),
    "trafilatura favor_precision": _trafilatura(favor_precision=True),
}


def run(sets, limit=None, systems=SYSTEMS) -> list[dict]:
    rows = []
    for name in sets:
        pages = load(name, limit)
        for system, fn in systems.items():
            t0 = time.perf_counter()
            preds = [fn(p) for p in pages]
            secs = (time.perf_counter() - t0) / max(1, len(pages))
            golds = [p.gold for p in pages]
            row = {"set": name, "system": system, "sec_per_page": secs}
            row.update(corpus_scores(zip(preds, golds)))
            for half in (0, 1):
                sc = corpus_scores((preds[i], golds[i]) for i in range(half, len(pages), 2))
                row[f"f1_half{half}"] = sc["f1"]
            rows.append(row)
    return rows


def table(rows) -> str:
    head = f"{'set':<12} {'system':<28} {'P':>6} {'R':>6} {'F1':>6} {'F1 even':>8} {'F1 odd':>7} {'pages':>6} {'s/page':>7}"
    out = [head, "-" * len(head)]
    for r in rows:
        out.append(
            f"{r['set']:<12} {r['system']:<28} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
            f"{r['f1_half0']:8.3f} {r['f1_half1']:7.3f} {r['pages']:6d} {r['sec_per_page']:7.3f}"
        )
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated: scrapinghub,naeb")
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each set (ids sorted)")
    ap.add_argument("--no-trafilatura", action="store_true", help="only run ours")
    args = ap.parse_args(argv)
    systems = {"ours": SYSTEMS["ours"]} if args.no_trafilatura else SYSTEMS
    rows = run([s for s in args.sets.split(",") if s], args.limit, systems)
    cmd = COMMAND + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    print(f"$ {cmd.strip()}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
