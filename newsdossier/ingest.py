"""Ingest: files, folders and JSONL → `RawDocument`s, with one clear problem line per bad input.

Nothing here decodes or cleans; it only decides what each input is and what the user told us
about it (a folder's optional ``sources.csv``, a JSONL line's fields).
"""
from __future__ import annotations

import csv
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Union

from .records import RawDocument
from .warc import is_archive, read_archive

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
    given, or the file name for a file given directly; a WARC record's source is its target URI.
    """
    for item in list_inputs(paths):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_input(*item, max_bytes=max_bytes)


def list_inputs(paths) -> Iterator[Union[tuple[Path, str], Problem]]:
    """(file, source) for every input file under `paths`, in `iter_inputs` order, without reading
    them (Spark reads each file where it runs); a Problem for a path that does not exist."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield Problem(_valid(str(given)), "no such file or folder")
        elif path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.name == MANIFEST or (file.suffix.lower() not in KNOWN_SUFFIXES and not is_archive(file.name)):
                    continue
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                yield file, _valid(file.relative_to(path).as_posix())
        else:
            yield path, _valid(path.name)


def read_input(path: Path, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The documents of one file that `list_inputs` listed."""
    yield from _read_file(Path(path), source, max_bytes)


def _read_file(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Problem(source, f"cannot read: {exc.strerror or exc}")
        return
    if is_archive(path.name):  # streamed: --max-bytes applies to each record, not to the archive
        try:
            with path.open("rb") as stream:
                yield from read_archive(stream, source, size, max_bytes)
        except OSError as exc:
            yield Problem(source, f"cannot read: {exc.strerror or exc}")
        return
    if path.suffix.lower() in JSONL_SUFFIXES:  # streamed line by line: --max-bytes applies to each line
        try:
            with path.open("rb") as stream:
                yield from _read_jsonl(stream, source, _file_hints(path), max_bytes)
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
    yield from read_bytes(data, source, path.name, _file_hints(path), max_bytes)


def read_bytes(data: bytes, source: str, name: str, hints: dict, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The documents of a file whose bytes are already read (`name` gives its suffix)."""
    suffix = Path(name).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(data.splitlines(), source, hints, max_bytes)
        return
    if suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = "html" if looks_like_html(data) else "text"
    yield RawDocument(source=source, data=data, kind=kind, hints=hints)


def _read_jsonl(lines: Iterable[bytes], source: str, hints: dict, max_bytes: int) -> Iterator[Item]:
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
            yield Problem(where, f"skipped: {len(raw):,} bytes is over --max-bytes {max_bytes:,}")
            continue
        line_hints = dict(hints)
        line_hints.update({k: _valid(str(record[k])) for k in HINT_FIELDS if record.get(k) not in (None, "")})
        # a line's own URL is its identity when it has one; else its place in the file
        yield RawDocument(source=line_hints.get("url") or where, data=raw, kind=kind, hints=line_hints)
    if empty:
        yield Problem(source, "empty file")


def _valid(name: str) -> str:
    """`name` with lone surrogates replaced by U+FFFD: a file name that is not UTF-8 (Python keeps its
    bytes as surrogates) or a JSON "\\ud800" in a hint could not be encoded for ids or the store, and
    crashed the build."""
    return name if name.isascii() else _SURROGATE.sub("\ufffd", name)


_SURROGATE = re.compile("[\ud800-\udfff]")


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in data[:65536].lower()


_manifest_cache: dict[Path, dict[str, dict]] = {}


def _file_hints(path: Path) -> dict:
    """What the file tells about its documents: the `sources.csv` row, and the day it was last
    written (`captured`: its pages can be no newer, which bounds their publication dates)."""
    hints = _manifest_hints(path)
    try:
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
        hints.setdefault("captured", modified.date().isoformat())
    except (OSError, OverflowError, ValueError):
        pass
    return hints


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
