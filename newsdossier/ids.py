"""Content-derived identifiers: the same inputs give the same ids on every run, anywhere."""
from __future__ import annotations

import hashlib
import re


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(*parts: object, length: int = 16) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def source_name(source: str) -> str:
    """What of a source names the document: a URL whole; for a file, its name without the folders it
    was reached through (`sub/a.txt` built from its folder and `a.txt` named directly are one file);
    for a JSONL line without a URL, the file's name and the line (`x.jsonl#L3`)."""
    if _URI.match(source):
        return source
    return source.rsplit("/", 1)[-1]


def document_id(source: str, data: bytes) -> str:
    """From the bytes and the name they came under (`source_name`): one file keeps one id however it
    was named on the command line; the same bytes under two names stay two documents."""
    return "d" + digest(source_name(source), sha256_hex(data))


def state_digest(state: object) -> str:
    """A short digest of a structure of plain values and dataclasses (dict keys in sorted order):
    what fusion keeps to tell whether an item it read last time is still the same."""
    import orjson

    data = orjson.dumps(state, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def span_id(prefix: str, doc: str, start: int, end: int, *extra: object) -> str:
    return prefix + digest(doc, start, end, *extra)


def members_id(prefix: str, members) -> str:
    return prefix + digest(*sorted(members))
