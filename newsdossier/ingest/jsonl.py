"""JSONL input: one article a line (`text` or `html`, optional `url`, `title`, `outlet`, `author`,
`published`), read line by line so `--max-bytes` applies to each line."""
from __future__ import annotations

import json
from typing import Iterable, Iterator

from ..records import RawDocument
from .common import Item, Problem, too_large, valid

SUFFIXES = {".jsonl", ".ndjson"}
HINT_FIELDS = ("outlet", "url", "published", "author", "title")


def read_jsonl(lines: Iterable[bytes], source: str, hints: dict, max_bytes: int) -> Iterator[Item]:
    empty = True
    for number, line in enumerate(lines, start=1):
        where = f"{source}#L{number}"
        if not line.strip():
            continue
        empty = False
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            # RecursionError: a line nested thousands of levels deep ("[[[[...") is bad input, not a crash
            yield Problem(where, f"not JSON ({exc.__class__.__name__}: {str(exc)[:80]})")
            continue
        if not isinstance(record, dict):
            yield Problem(where, "a JSONL line must be an object with `text` or `html`")
            continue
        body, kind = record.get("html"), "html"
        if not isinstance(body, str) or not body.strip():
            body, kind = record.get("text"), "text"
        if not isinstance(body, str) or not body.strip():
            yield Problem(where, "no `text` or `html` field with content")
            continue
        raw = body.encode("utf-8", errors="surrogatepass")
        if len(raw) > max_bytes:
            yield Problem(where, too_large(len(raw), max_bytes))
            continue
        line_hints = dict(hints)
        line_hints.update({k: valid(str(record[k])) for k in HINT_FIELDS if record.get(k) not in (None, "")})
        # a line's own URL is its identity when it has one; else its place in the file
        yield RawDocument(source=line_hints.get("url") or where, data=raw, kind=kind, hints=line_hints)
    if empty:
        yield Problem(source, "empty file")
