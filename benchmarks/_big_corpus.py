"""A large corpus of real news text for the scale benchmarks, written as JSONL.

The base articles are every text of the shared evaluation sets (PolNeAR, BASIL, Giveme5W1H,
NAEB): about 1,800 distinct articles on many stories. Past that, the corpus repeats them the way
syndication does: a reprint under another outlet's name, with a new headline, its last paragraph
trimmed and a line of boilerplate added, so every document is new bytes and fusion sees the
near-duplicates and repeated quotes a real archive holds.
"""
from __future__ import annotations

import json
from pathlib import Path

from benchmarks._shared import EVAL


def base_articles() -> list[dict]:
    """{text, outlet, published, title} of every shared article, in a fixed order."""
    articles = []
    for split in ("train", "dev"):
        for f in sorted((EVAL / "polnear" / split / "text").glob("*.txt")):
            articles.append({"text": f.read_text(encoding="utf-8"), "outlet": f"polnear-{f.stem[:6]}"})
    for name in ("basil/basil.jsonl", "giveme5w1h-gold/giveme5w1h_gold.jsonl"):
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = "\n\n".join(x for x in (record.get("title"), record.get("description"), record.get("text")) if x)
            articles.append({"text": text, "outlet": record.get("outlet"), "published": record.get("date")})
    for record in json.loads((EVAL / "naeb" / "news_articles.json").read_text(encoding="utf-8")):
        if record.get("text"):
            articles.append({"text": f"{record.get('title') or ''}\n\n{record['text']}", "outlet": record.get("site"),
                             "published": (record.get("date") or "")[:10] or None})
    return [a for a in articles if a["text"].strip()]


def reprint(article: dict, copy: int) -> dict:
    """The article as outlet number `copy` reprints it: new headline, last paragraph cut, boilerplate."""
    paragraphs = [p for p in article["text"].split("\n\n") if p.strip()]
    kept = paragraphs[:-1] if len(paragraphs) > 3 else paragraphs
    headline = f"Reprint {copy}: {paragraphs[0][:80]}"
    boilerplate = f"This story was distributed by a news agency and republished by Outlet {copy}."
    return {"text": "\n\n".join([headline, *kept[1:], boilerplate]), "outlet": f"Outlet {copy}",
            "published": article.get("published")}


def write_corpus(path: Path, count: int) -> int:
    """Write `count` documents to `path` (JSONL); returns how many distinct base articles it used."""
    bases = base_articles()
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            base = bases[n % len(bases)]
            record = base if n < len(bases) else reprint(base, n // len(bases))
            line = {"text": record["text"], "outlet": record.get("outlet"), "url": f"https://example.org/{n}"}
            if record.get("published"):
                line["published"] = record["published"]
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return min(count, len(bases))
