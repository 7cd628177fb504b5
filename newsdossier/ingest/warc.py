"""Web archives (WARC, and ARC read as WARC): reading them as documents, and writing the one
`newsdossier fetch` makes.

Reading: every HTTP response carrying an HTML or plain-text page becomes a `RawDocument` named by
its target URI; a `metadata` record before it with a JSON object (what a feed or sitemap said:
title, published, author, outlet) gives the values the page itself lacks; other records are
skipped. warcio reads a truncated file quietly (it stops, or hands back a short payload), so the
end of each record and of the file are checked here: what cannot be read becomes a `Problem`, and
the records before it are kept.

Writing (`ArchiveWriter`): one gzip member per record, and each page's records (request, metadata,
response) appended in one write, the response last: a file cut anywhere, by Ctrl-C or kill -9,
reads whole up to its last complete record, and a page counts as archived once its response is in.
"""
from __future__ import annotations

import codecs
import io
import json
import logging
import os
import re
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

from ..records import RawDocument
from .common import Item, Problem, looks_like_html, too_large

LOGGER = logging.getLogger(__name__)

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
METADATA_FIELDS = ("title", "published", "author", "outlet")
# WHATWG: pages labelled Latin-1 or ASCII are decoded as Windows-1252 by every browser
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252"}


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def read_archive(stream: BinaryIO, source: str, size: int, max_bytes: int) -> Iterator[Item]:
    """Documents in the WARC/ARC `stream` (`size` bytes long; `source` names the file in problems)."""
    from warcio.archiveiterator import ArchiveIterator

    records = 0
    pending: dict[str, dict] = {}  # metadata records by target URI, until their response comes
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
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}@{iterator.offset}"
            if record.rec_type == "metadata":
                found = _metadata(record)
                if found:
                    pending[uri] = found
                continue
            if record.rec_type != "response" or record.http_headers is None:
                continue
            defaults = pending.pop(uri, {})
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2"):  # redirects and error pages are not articles
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            mime = content_type.split(";")[0].strip().lower()
            if mime and mime not in HTML_TYPES and mime not in TEXT_TYPES:
                continue
            if record.length and record.length > max_bytes:
                yield Problem(uri, too_large(record.length, max_bytes))
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
            yield RawDocument(source=uri, data=data, kind=kind, hints=hints, defaults=defaults)
    except Exception as exc:  # warcio raises several kinds on corrupt input; name it and keep what came before
        yield Problem(source, f"unreadable WARC data after {records} records ({exc.__class__.__name__}: "
                              f"{str(exc).strip()[:120]}); the records before it were kept")
        return
    if iterator.offset < size:
        yield Problem(source, f"truncated or corrupt WARC: bytes {iterator.offset:,}–{size:,} could not be "
                              f"read as records; the {records} records before them were kept")


def _metadata(record) -> dict:
    """The title, date, author and outlet a JSON metadata record states (empty for any other)."""
    content_type = (record.rec_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return {}
    try:
        value = json.loads(record.content_stream().read(1 << 20))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return {}
    if not isinstance(value, dict):
        return {}
    found = {k: str(value[k]).strip() for k in METADATA_FIELDS if value.get(k) not in (None, "") and str(value[k]).strip()}
    date = _ISO_DATE.match(found.get("published", ""))
    if date:
        found["published"] = date.group(0)
    else:  # a date only when it is one
        found.pop("published", None)
    return found


_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?(?!\d)")


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


# ---- writing ---------------------------------------------------------------------------------------
def scan_archive(path: Path) -> tuple[set[str], int]:
    """(target URIs with a response record, end of the last complete record) of an archive that
    may have been cut short: where appending resumes. A record counts only when its gzip member
    is whole (warcio reads a member cut inside its compressed data or trailer without complaint)."""
    from warcio.archiveiterator import ArchiveIterator

    records: list[tuple[int, int, str, Optional[str]]] = []  # (offset, end, kind, uri)
    try:
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                if record.format != "warc":
                    break
                record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0) > 0:  # payload cut short
                    break
                offset = iterator.get_record_offset()
                records.append((offset, offset + iterator.get_record_length(), record.rec_type,
                                record.rec_headers.get_header("WARC-Target-URI")))
    except FileNotFoundError:
        return set(), 0
    except Exception as exc:  # a damaged tail: keep what came before
        LOGGER.info("%s: unreadable after record %d (%s); resuming there", path, len(records), exc)
    with path.open("rb") as stream:
        while records and not _whole_gzip_member(stream, records[-1][0], records[-1][1]):
            records.pop()
    answered = {uri for _, _, kind, uri in records if kind == "response" and uri}
    return answered, records[-1][1] if records else 0


def _whole_gzip_member(stream, start: int, end: int) -> bool:
    """Whether bytes [start, end) of the file are one complete gzip member (a plain, uncompressed
    record is taken as whole when warcio read it)."""
    stream.seek(start)
    data = stream.read(end - start)
    if data[:2] != b"\x1f\x8b":
        return len(data) == end - start
    member = zlib.decompressobj(31)
    try:
        member.decompress(data)
    except zlib.error:
        return False
    return member.eof and not member.unused_data


class ArchiveWriter:
    """Appends pages to a gzipped WARC (created with a warcinfo record when new). A damaged tail
    left by an interrupted run is cut off first; `answered` holds the URIs already archived."""

    def __init__(self, path: Path, software: str):
        from warcio.warcwriter import WARCWriter

        self.path = Path(path)
        self.answered, end = scan_archive(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("ab")
        size = self._file.seek(0, os.SEEK_END)
        if size > end:
            LOGGER.warning("%s: cutting %d bytes of an unfinished record", self.path, size - end)
            self._file.truncate(end)
            self._file.seek(end)
        self._writer_class = WARCWriter
        if end == 0:
            buffer, writer = self._buffer()
            info = {"software": software, "format": "WARC File Format 1.1", "robots": "obey"}
            writer.write_record(writer.create_warcinfo_record(self.path.name, info))
            self._append(buffer)

    def _buffer(self):
        buffer = io.BytesIO()
        return buffer, self._writer_class(buffer, gzip=True, warc_version="WARC/1.1")

    def _append(self, buffer: io.BytesIO) -> None:
        self._file.write(buffer.getvalue())  # one write: a kill leaves the page out, or all of it in
        self._file.flush()

    def write(self, url: str, request_headers: list[tuple[str, str]], status: int, reason: str,
              response_headers: list[tuple[str, str]], body: bytes, metadata: Optional[dict] = None) -> None:
        """One exchange: the request, the metadata (JSON) when given, then the response."""
        from warcio.statusandheaders import StatusAndHeaders

        buffer, writer = self._buffer()
        path = _request_path(url)
        request = writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(f"GET {path} HTTP/1.1", request_headers, is_http_request=True))
        # the stored body is decoded: the headers must not announce an encoding or a length it no longer has
        kept = [(k, v) for k, v in response_headers
                if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")]
        kept.append(("Content-Length", str(len(body))))
        response = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body),
            http_headers=StatusAndHeaders(f"{status} {reason or ''}".strip(), kept, protocol="HTTP/1.1"))
        request.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
        writer.write_record(request)
        if metadata:
            record = writer.create_warc_record(
                url, "metadata", payload=io.BytesIO(json.dumps(metadata, ensure_ascii=False).encode("utf-8")),
                warc_content_type="application/json")
            record.rec_headers.add_header("WARC-Refers-To", response.rec_headers.get_header("WARC-Record-ID"))
            writer.write_record(record)
        writer.write_record(response)
        self._append(buffer)
        self.answered.add(url)

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _request_path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
