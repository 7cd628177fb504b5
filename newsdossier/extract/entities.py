"""Named-entity mentions of one document, each resolved to the fullest name the document gives.

"Merkel" → "Angela Merkel" when the document also says "Angela Merkel"; "WHO" → "World
Health Organization" when the document spells the acronym out. Only the document's own
evidence is used; corpus-wide merging happens in `newsdossier.fuse.entities`.
"""
from __future__ import annotations

import re

from ..records import EntityMention

# spaCy labels we keep, mapped onto the export's entity types.
LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "FAC": "LOC",
    "EVENT": "EVENT",
    "WORK_OF_ART": "OTHER",
    "LAW": "OTHER",
    "PRODUCT": "OTHER",
}
_TITLES = re.compile(
    r"^(?:(?:the|former|then|late|acting|deputy|vice|prime|foreign|defen[cs]e|chief|"
    r"president|presidents|minister|secretary|senator|sen\.|rep\.|representative|governor|gov\.|mayor|"
    r"general|gen\.|chairman|chairwoman|premier|king|queen|prince|princess|pope|dr\.|mr\.|mrs\.|ms\.|"
    r"sir|lord|lady|judge|justice|ambassador|spokesman|spokeswoman|spokesperson|leader|"
    r"candidate|nominee|director|ceo|commander|colonel|col\.|captain|capt\.|lt\.|sgt\.|"
    r"russian|chinese|american|u\.s\.|us|british|french|german|indian|ukrainian)\s+)+",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:['’‘]s|['’])$")
_TRAILING_PAREN = re.compile(r"\s*\(\s*[^()]*$")  # "Foo Organization (SCO" → "Foo Organization"
_ACRONYM_AFTER = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.]{1,9})\s*\)")


_HEADLINE_TAIL = re.compile(
    r"\s+(?:says|said|warns|urges|calls|call|signals|signal|vows|hails|meets|visits|highlights)\b.*$", re.IGNORECASE
)


def clean_surface(surface: str, label: str) -> str:
    """The entity name without titles, articles, possessives, dangling brackets and, when the
    recogniser ran on into a headline ("Obama Says", "X’s Call", "EU Concerns: …"), the words after it."""
    name = " ".join(surface.split())
    name = name.split(":")[0].strip()
    if label in ("PERSON", "ORG"):
        name = re.split(r"['’‘]s\s+", name)[0]
        name = _HEADLINE_TAIL.sub("", name)
    name = _TRAILING_PAREN.sub("", name)
    name = _POSSESSIVE.sub("", name).strip(" ,.;:-—–\"“”'‘’")
    if label == "PERSON":
        stripped = _TITLES.sub("", name)
        name = stripped or name
    else:
        name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    return name.strip()


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w[0].isupper())


def find_mentions(doc_id: str, sdoc) -> list[EntityMention]:
    """Entity mentions of a parsed document, with document-level canonical names."""
    raw = []
    for ent in sdoc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        name = clean_surface(ent.text, label)
        if not name or not any(ch.isalpha() for ch in name):
            continue
        start, end = ent.start_char, ent.end_char
        # keep the span on the name itself when we trimmed a dangling bracket or possessive
        trimmed = ent.text.find(name)
        if trimmed >= 0:
            start, end = ent.start_char + trimmed, ent.start_char + trimmed + len(name)
        raw.append((start, end, name, label))

    text = sdoc.text
    acronyms = {}
    for start, end, name, label in raw:
        if label != "ORG":
            continue
        match = _ACRONYM_AFTER.match(text, end, min(len(text), end + 16)) or _ACRONYM_AFTER.search(
            text[end : end + 16]
        )
        if match and _initials(name).upper().startswith(match.group(1).replace(".", "").upper()[:2]):
            acronyms[match.group(1)] = name

    canonical = _canonical_names(raw, acronyms)
    return [
        EntityMention(doc=doc_id, start=s, end=e, surface=text[s:e], label=label, canonical=canonical[(name, label)])
        for s, e, name, label in raw
    ]


def _canonical_names(raw, acronyms: dict[str, str]) -> dict[tuple[str, str], str]:
    """Map each (name, label) to the fullest form in the document that contains it."""
    first_seen: dict[tuple[str, str], int] = {}
    for start, _, name, label in raw:
        first_seen.setdefault((name, label), start)
    names = sorted(first_seen, key=first_seen.get)
    # longest first; among equals ("Hillary Clinton", "Chelsea Clinton" for "Clinton") the one the
    # document names first, so the answer never depends on set order
    persons = sorted((n for n, l in names if l == "PERSON"), key=lambda n: (-len(n), first_seen[(n, "PERSON")]))
    result = {}
    for name, label in names:
        full = name
        if label == "PERSON":
            tokens = name.split()
            for longer in persons:
                longer_tokens = longer.split()
                if len(longer_tokens) > len(tokens) and (
                    longer_tokens[-len(tokens):] == tokens or longer_tokens[: len(tokens)] == tokens
                ):
                    full = longer
                    break
        elif name in acronyms:
            full = acronyms[name]
        result[(name, label)] = full
    return result
