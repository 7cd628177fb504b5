"""What every way in shares: the `Problem` line, the size limit, and checks on names and bytes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from ..records import RawDocument

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Problem:
    """An input that could not be used (or was only partly used), and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


Item = Union[RawDocument, Problem]


def too_large(size: int, max_bytes: int) -> str:
    return f"skipped: {size:,} bytes is over --max-bytes {max_bytes:,}"


def valid(name: str) -> str:
    """`name` with lone surrogates replaced by U+FFFD: a file name that is not UTF-8 (Python keeps its
    bytes as surrogates) or a JSON "\\ud800" in a hint could not be encoded for ids or the store, and
    crashed the build."""
    return name if name.isascii() else _SURROGATE.sub("\ufffd", name)


_SURROGATE = re.compile("[\ud800-\udfff]")


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in data[:65536].lower()
