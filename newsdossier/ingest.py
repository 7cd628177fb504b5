"""Ingest: files, folders and JSONL → `RawDocument`s, with one clear problem line per bad input.

Nothing here decodes or cleans; it only decides what each input is and what the user told us
about it (a folder's optional ``sources.csv``, a JSONL line's fields).
"""
from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

from .records import RawDocument

LOGGER = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MANIFEST = "sources.csv"
HINT_FIELDS = ("outlet", "url", "published", "author", "title")


@dataclass
class Problem:
    """An input that could not be used (or was only partly used), and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


Item = Union[RawDocument, Problem]


def iter_inputs(paths, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield a RawDocument for every usable input under `paths` and a Problem for every bad one.

    Folders are walked recursively in sorted order; only files with known suffixes are taken from
    them (a file named explicitly is taken whatever its suffix). Sources are relative to the folder
    given, or the file name for a file given directly.
    """
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield Problem(str(given), "no such file or folder")
        elif path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.name == MANIFEST or file.suffix.lower() not in KNOWN_SUFFIXES:
                    continue
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                yield from _read_file(file, file.relative_to(path).as_posix(), max_bytes)
        else:
            yield from _read_file(path, path.name, max_bytes)


def _read_file(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Problem(source, f"cannot read: {exc.strerror or exc}")
        return
    if size > max_bytes:
        yield Problem(source, f"skipped: {size:,} bytes is over --max-bytes {max_bytes:,}")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(source, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Problem(source, "empty file")
        return
    hints = _manifest_hints(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(data, source, hints, max_bytes)
        return
    if suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = "html" if looks_like_html(data) else "text"
    yield RawDocument(source=source, data=data, kind=kind, hints=hints)


def _read_jsonl(data: bytes, source: str, hints: dict, max_bytes: int) -> Iterator[Item]:
    for number, line in enumerate(data.splitlines(), start=1):
        where = f"{source}#L{number}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
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
            yield Problem(where, f"skipped: {len(raw):,} bytes is over --max-bytes {max_bytes:,}")
            continue
        line_hints = dict(hints)
        line_hints.update({k: str(record[k]) for k in HINT_FIELDS if record.get(k) not in (None, "")})
        # a line's own URL is its identity when it has one; else its place in the file
        yield RawDocument(source=line_hints.get("url") or where, data=raw, kind=kind, hints=line_hints)


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in data[:65536].lower()


_manifest_cache: dict[Path, dict[str, dict]] = {}


def _manifest_hints(path: Path) -> dict:
    """Non-empty values of the `sources.csv` row for this file, from its folder or any parent folder."""
    for folder in path.parents:
        manifest = folder / MANIFEST
        if folder not in _manifest_cache:
            _manifest_cache[folder] = _load_manifest(manifest) if manifest.is_file() else {}
        rows = _manifest_cache[folder]
        if rows:
            key = path.relative_to(folder).as_posix()
            return dict(rows.get(key) or rows.get(path.name) or {})
    return {}


def _load_manifest(manifest: Path) -> dict[str, dict]:
    rows = {}
    try:
        with manifest.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                name = (row.get("file") or "").strip()
                if name:
                    rows[name] = {k: v.strip() for k, v in row.items() if k in HINT_FIELDS and v and v.strip()}
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        LOGGER.warning("%s: unreadable manifest, ignored (%s)", manifest, exc)
    return rows
