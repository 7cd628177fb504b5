"""Content-derived identifiers: the same inputs give the same ids on every run, anywhere."""
from __future__ import annotations

import hashlib


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(*parts: object, length: int = 16) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def document_id(source: str, data: bytes) -> str:
    """From the bytes and where they came from: one file keeps one id; two sources stay two documents."""
    return "d" + digest(source, sha256_hex(data))


def span_id(prefix: str, doc: str, start: int, end: int, *extra: object) -> str:
    return prefix + digest(doc, start, end, *extra)


def members_id(prefix: str, members) -> str:
    return prefix + digest(*sorted(members))
