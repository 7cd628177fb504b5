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


_TEXT_KEY = "newsdossier.text"
_ENTS_KEY = "newsdossier.ents"
