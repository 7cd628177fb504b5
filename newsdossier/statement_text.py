"""The words of a quote (a statement, see the spec) as views and comparisons need them.

A direct statement interrupted by its attribution (“A,” she said, “B.”) has the attribution
inside its content; what the speaker said is its pieces. A mixed or indirect statement is its
reported clause, the quoted words marked inside it.
"""
from __future__ import annotations


def statement_words(text: str, content, pieces, kind: str) -> str:
    """What the speaker is reported to have said: a direct statement's pieces joined, else the
    clause (with its quoted words)."""
    if kind == "direct" and pieces:
        return " ".join(text[s:e].strip() for s, e in pieces)
    return text[content[0] : content[1]]


def statement_parts(text: str, content, pieces) -> list[tuple[str, bool]]:
    """The content as (words, verbatim) stretches in text order: the pieces verbatim, the rest
    (an attribution inside a direct quote, the clause around a mixed quote's words) not."""
    s, e = content
    parts, pos = [], s
    for a, b in sorted(pieces or []):
        a, b = max(a, pos), min(b, e)
        if b <= a:
            continue
        if a > pos:
            parts.append((text[pos:a], False))
        parts.append((text[a:b], True))
        pos = b
    if pos < e:
        parts.append((text[pos:e], False))
    # the marks around a piece are shown by the view that marks it verbatim
    out = []
    for i, (words, verbatim) in enumerate(parts):
        if not verbatim:
            if i > 0:
                words = words.lstrip(_MARKS)
            if i + 1 < len(parts):
                words = words.rstrip(_MARKS)
        if words.strip():
            out.append((words, verbatim))
    return out


_MARKS = "“”\"«»„'‘’`"


def quoted(parts: list[tuple[str, bool]]) -> str:
    """The statement as plain text with its verbatim pieces in quotation marks (for a citation)."""
    return "".join(f"“{words}”" if verbatim else words for words, verbatim in parts)
