"""Ingest: every way in turns what the user gives into `RawDocument`s, with one clear problem line
per input that cannot be used. One module per way in:

    files.py   files and folders (text, HTML; a folder's ``sources.csv``), dispatching to
    jsonl.py   JSONL, one article a line
    warc.py    web archives (reading, and writing the one `fetch` makes)
    fetch.py   `newsdossier fetch`: URLs, feeds and sitemaps → a web archive (discover.py: feeds,
               sitemaps and URL lists; robots.py: the polite HTTP client)

Nothing here decodes or cleans; it only decides what each input is and what the user told us
about it.
"""
from __future__ import annotations

from typing import Iterator

from .common import DEFAULT_MAX_BYTES, Item, Problem, looks_like_html
from .files import (HTML_SUFFIXES, KNOWN_SUFFIXES, MANIFEST, TEXT_SUFFIXES, is_input_name, list_inputs, read_bytes,
                    read_data, read_input)
from .jsonl import HINT_FIELDS, SUFFIXES as JSONL_SUFFIXES
from .warc import is_archive, read_archive

__all__ = ["DEFAULT_MAX_BYTES", "HINT_FIELDS", "HTML_SUFFIXES", "Item", "JSONL_SUFFIXES", "KNOWN_SUFFIXES",
           "MANIFEST", "Problem", "TEXT_SUFFIXES", "is_archive", "is_input_name", "iter_inputs", "list_inputs",
           "looks_like_html", "read_archive", "read_bytes", "read_data", "read_input"]


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
