"""Reads of a parsed spaCy Doc that spaCy recomputes on every access, done once per Doc and kept in
its `user_data` (the extractors make many of them per document). Imports nothing heavy: modules
that read a dossier import these functions without loading spaCy."""
from __future__ import annotations

from bisect import bisect_left


def doc_text(doc) -> str:
    """`doc.text`, joined once per Doc and kept with it: spaCy joins every token's text again on each
    access, which made the extractors' many reads of it cost more than the parse."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def ents_within(span) -> list:
    """`span.ents` (the entities wholly inside a span, in order) from the Doc's entities listed once:
    spaCy lists every entity of the Doc again on each call."""
    doc = span.doc
    ents = doc.user_data.get(_ENTS_KEY)
    if ents is None:
        ents = doc.user_data[_ENTS_KEY] = (doc.ents, [e.start for e in doc.ents])
    found = []
    for ent in ents[0][bisect_left(ents[1], span.start):]:
        if ent.end > span.end:
            break
        found.append(ent)
    return found


def tokens_by_char(doc) -> dict:
    """Character offset → the token covering it (spaces left out), made once per Doc and read by
    every resolver of it."""
    tok_at = doc.user_data.get(_TOKENS_KEY)
    if tok_at is None:
        tok_at = doc.user_data[_TOKENS_KEY] = {}
        for tok in doc:
            if tok.is_space:
                continue
            for i in range(tok.idx, tok.idx + len(tok.text)):
                tok_at[i] = tok
    return tok_at


_TEXT_KEY = "newsdossier.text"
_ENTS_KEY = "newsdossier.ents"
_TOKENS_KEY = "newsdossier.tokens_by_char"
