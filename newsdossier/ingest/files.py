"""Files and folders: which files are inputs, what each file is (text, HTML, JSONL, web archive),
and what a folder's optional ``sources.csv`` says about them.

The same checks serve a file on disk (`read_input`) and a file whose bytes came from elsewhere
(`read_data`: Spark's `binaryFiles`), so both paths treat every input alike.
"""
from __future__ import annotations

import csv
import io
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, Optional, Union

from ..records import RawDocument
from .common import DEFAULT_MAX_BYTES, Item, Problem, looks_like_html, too_large, valid
from .jsonl import HINT_FIELDS, SUFFIXES as JSONL_SUFFIXES, read_jsonl
from .warc import is_archive, read_archive

LOGGER = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MANIFEST = "sources.csv"


def is_input_name(relative: str) -> bool:
    """Whether a file found in a folder (its path relative to that folder, '/'-separated) is an
    input: a known suffix or a web archive, not the manifest, nothing hidden."""
    parts = relative.split("/")
    name = parts[-1]
    if name == MANIFEST or any(part.startswith(".") for part in parts):
        return False
    return Path(name).suffix.lower() in KNOWN_SUFFIXES or is_archive(name)


def list_inputs(paths) -> Iterator[Union[tuple[Path, str], Problem]]:
    """(file, source) for every input file under `paths`, in `iter_inputs` order, without reading
    them (Spark reads each file where it runs); a Problem for a path that does not exist."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield Problem(valid(str(given)), "no such file or folder")
        elif path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path).as_posix()
                if is_input_name(relative):
                    yield file, valid(relative)
        else:
            yield path, valid(path.name)


def read_input(path: Path, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The documents of one file that `list_inputs` listed."""
    path = Path(path)
    try:
        size = path.stat().st_size
        hints = file_hints(path)
        if is_archive(path.name) or path.suffix.lower() in JSONL_SUFFIXES:
            # streamed: --max-bytes applies to each record or line, not to the file
            with path.open("rb") as stream:
                yield from read_stream(stream, size, source, path.name, hints, max_bytes)
            return
        if size > max_bytes:
            yield Problem(source, too_large(size, max_bytes))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(source, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_data(data, source, path.name, hints, max_bytes)


def read_data(data: bytes, source: str, name: str, hints: dict, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The documents of a whole file already in memory (`name` gives its suffix)."""
    if is_archive(name) or Path(name).suffix.lower() in JSONL_SUFFIXES:
        yield from read_stream(io.BytesIO(data), len(data), source, name, hints, max_bytes)
        return
    if len(data) > max_bytes:
        yield Problem(source, too_large(len(data), max_bytes))
        return
    if not data.strip():
        yield Problem(source, "empty file")
        return
    yield from read_bytes(data, source, name, hints, max_bytes)


def read_stream(stream, size: int, source: str, name: str, hints: dict, max_bytes: int) -> Iterator[Item]:
    """A web archive or a JSONL file, read as a stream."""
    if is_archive(name):
        yield from read_archive(stream, source, size, max_bytes)
    else:
        yield from read_jsonl(stream, source, hints, max_bytes)


def read_bytes(data: bytes, source: str, name: str, hints: dict, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """One text or HTML document (or the lines of a JSONL file) from its bytes; no size check."""
    suffix = Path(name).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(data.splitlines(), source, hints, max_bytes)
        return
    if suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = "html" if looks_like_html(data) else "text"
    yield RawDocument(source=source, data=data, kind=kind, hints=hints)


def file_hints(path: Path) -> dict:
    """What the file tells about its documents: the `sources.csv` row, and the day it was last
    written (`captured`: its pages can be no newer, which bounds their publication dates)."""
    hints = local_hints(path)
    try:
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
        hints.setdefault("captured", modified.date().isoformat())
    except (OSError, OverflowError, ValueError):
        pass
    return hints


# ---- sources.csv ---------------------------------------------------------------------------------
def nearest_manifest_hints(file: str, rows_of: Callable[[str], dict]) -> dict:
    """Non-empty values of the manifest row for `file` ('/'-separated path or URI), from the
    `sources.csv` of its folder or the nearest parent folder that has one (`rows_of(folder)`:
    that folder's rows by file name, {} when it has none)."""
    folder = file
    while "/" in folder.rstrip("/"):
        folder = folder.rstrip("/").rsplit("/", 1)[0]
        rows = rows_of(folder)
        if rows:
            relative = file[len(folder) + 1:]
            return dict(rows.get(relative) or rows.get(relative.rsplit("/", 1)[-1]) or {})
    return {}


_manifest_cache: dict[str, dict[str, dict]] = {}


def local_hints(path: Path) -> dict:
    """`nearest_manifest_hints` for a file on disk (each folder's manifest read once)."""
    def rows_of(folder: str) -> dict:
        if folder not in _manifest_cache:
            manifest = Path(folder or "/") / MANIFEST
            try:
                data = manifest.read_bytes() if manifest.is_file() else b""
            except OSError as exc:
                LOGGER.warning("%s: unreadable manifest, ignored (%s)", manifest, exc)
                data = b""
            _manifest_cache[folder] = load_manifest(data, str(manifest)) if data else {}
        return _manifest_cache[folder]

    return nearest_manifest_hints(path.resolve().as_posix(), rows_of)


def load_manifest(data: bytes, where: str) -> dict[str, dict]:
    """A `sources.csv`'s rows by file name (column `file`), each with its non-empty hint values."""
    rows = {}
    try:
        for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")):
            name = (row.get("file") or "").strip()
            if name:
                rows[name] = {k: v.strip() for k, v in row.items() if k in HINT_FIELDS and v and v.strip()}
    except (csv.Error, UnicodeDecodeError) as exc:
        LOGGER.warning("%s: unreadable manifest, ignored (%s)", where, exc)
    return rows


def manifest_folder(uri: str) -> Optional[str]:
    """The folder a `sources.csv` file describes, or None for any other file."""
    folder, _, name = uri.rstrip("/").rpartition("/")
    return folder if name == MANIFEST else None
