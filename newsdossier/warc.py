"""WARC (and ARC) input: every HTTP response carrying an HTML or plain-text page becomes a
`RawDocument` named by its target URI; other records are skipped.

warcio reads a truncated file quietly (it stops, or hands back a short payload), so the end of
each record and of the file are checked here: what cannot be read becomes a `Problem`, and the
records before it are kept.
"""
from __future__ import annotations

import codecs
import logging
from typing import BinaryIO, Iterator, Union

from .records import RawDocument

LOGGER = logging.getLogger(__name__)

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
# WHATWG: pages labelled Latin-1 or ASCII are decoded as Windows-1252 by every browser
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252"}


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def read_archive(stream: BinaryIO, source: str, size: int, max_bytes: int) -> Iterator[Union[RawDocument, "Problem"]]:
    """Documents in the WARC/ARC `stream` (`size` bytes long; `source` names the file in problems)."""
    from warcio.archiveiterator import ArchiveIterator

    from .ingest import Problem, looks_like_html

    records = 0
    arc = source.lower().endswith((".arc", ".arc.gz"))
    # ARC headers are converted to WARC ones; a .warc file is read as WARC only, because warcio
    # takes any line of text for an ARC record
    iterator = ArchiveIterator(stream, arc2warc=arc)
    try:
        for record in iterator:
            if record.format != "warc":
                yield Problem(source, f"not a WARC file (what follows byte {iterator.offset:,} is not a WARC "
                                      f"record); the {records} records before it were kept")
                return
            records += 1
            if record.rec_type != "response" or record.http_headers is None:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}@{iterator.offset}"
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2"):  # redirects and error pages are not articles
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            mime = content_type.split(";")[0].strip().lower()
            if mime and mime not in HTML_TYPES and mime not in TEXT_TYPES:
                continue
            if record.length and record.length > max_bytes:
                yield Problem(uri, f"skipped: {record.length:,} bytes is over --max-bytes {max_bytes:,}")
                continue
            data = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield Problem(uri, f"truncated WARC record in {source} (payload cut short); skipped")
                continue
            if not data.strip():
                continue
            if mime in HTML_TYPES or (not mime and looks_like_html(data)):
                kind = "html"
            elif mime in TEXT_TYPES:
                kind = "text"
            else:  # no content type and not HTML: nothing says it is text
                continue
            hints = {"url": uri}
            captured = record.rec_headers.get_header("WARC-Date") or ""
            if captured[:4].isdigit():  # the day the page was fetched: it cannot be newer
                hints["captured"] = captured[:10]
            charset = _charset(content_type)
            if charset:
                hints["charset"] = charset
            yield RawDocument(source=uri, data=data, kind=kind, hints=hints)
    except Exception as exc:  # warcio raises several kinds on corrupt input; name it and keep what came before
        yield Problem(source, f"unreadable WARC data after {records} records ({exc.__class__.__name__}: "
                              f"{str(exc).strip()[:120]}); the records before it were kept")
        return
    if iterator.offset < size:
        yield Problem(source, f"truncated or corrupt WARC: bytes {iterator.offset:,}–{size:,} could not be "
                              f"read as records; the {records} records before them were kept")


def _charset(content_type: str):
    """The charset an HTTP Content-Type declares, when Python knows it."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip("\"'").lower()
            name = _CHARSET_ALIASES.get(name, name)
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None
