"""Load the two HTML article-body eval sets from ../shared (see benchmarks/_shared.py).

- ``scrapinghub``: eval/article-extraction, html/<id>.html.gz + ground-truth.json (181 pages).
- ``naeb``: eval/naeb, html/<html_id>.html.gz + articles.json (424 entries, 3 pages missing: skipped).

Each page is a ``Page(set, id, url, html, gold)``; ``gold`` is the hand-cleaned article body.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from benchmarks._shared import EVAL

SETS = ("scrapinghub", "naeb")


@dataclass(frozen=True)
class Page:
    set: str
    id: str
    url: str
    html: str
    gold: str


def decode(data: bytes) -> str:
    """UTF-8 when it decodes cleanly, otherwise the charset detected by charset-normalizer."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    except Exception:  # pragma: no cover - detector failure falls back to replacement
        pass
    return data.decode("utf-8", errors="replace")


def _read(path: Path) -> str:
    return decode(gzip.decompress(path.read_bytes()))


def load(name: str, limit: int | None = None) -> list[Page]:
    """Pages of one set, sorted by id (deterministic order; ``limit`` takes the first N)."""
    if name == "scrapinghub":
        root = EVAL / "article-extraction"
        gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        items = [(k, v.get("url", ""), v.get("articleBody", "")) for k, v in gold.items()]
    elif name == "naeb":
        root = EVAL / "naeb"
        gold = json.loads((root / "articles.json").read_text(encoding="utf-8"))
        items = [(k, v.get("url", ""), v.get("articleBody", "")) for k, v in gold.items()]
    else:
        raise ValueError(f"unknown set {name!r}; expected one of {SETS}")
    pages = []
    for key, url, body in sorted(items):
        path = root / "html" / f"{key}.html.gz"
        if not path.exists():  # NAEB: three pages >= 4 MiB are not in the snapshot
            continue
        pages.append(Page(name, key, url or "", _read(path), body or ""))
        if limit is not None and len(pages) >= limit:
            break
    return pages
