"""Turning untrusted document text and facts into safe HTML: every piece of text is escaped here
or by the templates (autoescape); nothing from a document is ever emitted as markup."""
from __future__ import annotations

import difflib
import re



_WORD = re.compile(r"\S+")


def diff_words(base: str, other: str) -> list[tuple[str, bool]]:
    """`other` cut into words (with their following space), each flagged True when it differs from `base`."""
    a = [w.lower().strip(".,;:!?\"“”‘’'") for w in base.split()]
    tokens = [m.group(0) for m in _WORD.finditer(other)]
    b = [w.lower().strip(".,;:!?\"“”‘’'") for w in tokens]
    same = set()
    for block in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks():
        same.update(range(block.b, block.b + block.size))
    return [(t, i not in same) for i, t in enumerate(tokens)]


def snippet(text: str, start: int, end: int, context: int = 90) -> tuple[str, str, str]:
    """(before, words, after) around a span, cut at word boundaries where possible."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    before, after = text[lo:start], text[end:hi]
    if lo > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1:]
    if hi < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, text[start:end], after
