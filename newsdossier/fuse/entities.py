"""Merge the per-document entity mentions into corpus-level entities with canonical full names.

Within a document, `extract.entities` already turned "Merkel" into "Angela Merkel" when that
document spells the name out. Across documents we merge by normalised name, and a one-word
person name that some other document spells out fully (and unambiguously) joins that person.
"""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict

from ..ids import digest


# Common short forms of a few very frequent names; world knowledge, not any one story's.
KNOWN_ALIASES = {
    "us": "united states", "usa": "united states", "america": "united states",
    "united states of america": "united states", "the us": "united states",
    "uk": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "eu": "european union", "un": "united nations", "prc": "peoples republic of china",
}
CANONICAL_FORMS = {"united states": "United States", "united kingdom": "United Kingdom",
                   "european union": "European Union", "united nations": "United Nations"}


def name_key(name: str) -> str:
    """Case-, accent-, punctuation- and spelling-insensitive key for comparing names."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    folded = " ".join(folded.replace("'", "").replace(".", "").split())
    folded = folded.replace("isation", "ization").replace("ise ", "ize ")  # British/American spelling
    return KNOWN_ALIASES.get(folded, folded)


def entity_id(name: str) -> str:
    return "e" + digest(name_key(name))


def fuse_entities(mentions) -> tuple[list[dict], dict[str, str]]:
    """mentions: (doc, start, end, surface, label, canonical) rows.

    Returns (entities in export shape, map from name_key of any canonical/alias to entity id).
    """
    by_key: dict[str, list] = defaultdict(list)
    for row in mentions:
        by_key[name_key(row[5])].append(row)

    # a bare surname (or given name) joins the single full name in the corpus that ends (or starts) with it
    full_persons = defaultdict(set)
    for key, rows in by_key.items():
        if _majority_label(rows) == "PERSON" and len(key.split()) > 1:
            parts = key.split()
            full_persons[parts[-1]].add(key)
            full_persons[parts[0]].add(key)
    merged_into = {}
    for key, rows in by_key.items():
        # spaCy sometimes tags a bare surname in a headline as an organisation: let those join too
        if len(key.split()) == 1 and _majority_label(rows) in ("PERSON", "ORG") and len(full_persons.get(key, ())) == 1:
            merged_into[key] = next(iter(full_persons[key]))

    groups: dict[str, list] = defaultdict(list)
    for key, rows in by_key.items():
        groups[merged_into.get(key, key)].extend(rows)

    entities, lookup = [], {}
    for key, rows in groups.items():
        label = _majority_label(rows)
        names = Counter(r[5] for r in rows)
        # the longest canonical form, most frequent among equals, is the entity's name
        name = CANONICAL_FORMS.get(key) or max(names, key=lambda n: (len(n.split()), names[n], n))
        eid = entity_id(name)
        aliases = sorted(({" ".join(r[3].split()) for r in rows} | set(names)) - {name})
        mention_list = sorted({(r[0], r[1], r[2]) for r in rows})
        entities.append(
            {
                "id": eid,
                "name": name,
                "type": label,
                "aliases": aliases,
                "mentions": mention_list,  # (doc, start, end): compact, since an archive has millions
            }
        )
        for alias in set(names) | {name} | set(aliases):
            lookup.setdefault(name_key(alias), eid)
    entities.sort(key=lambda e: (e["name"], e["id"]))
    return entities, lookup


def _majority_label(rows) -> str:
    return Counter(r[4] for r in rows).most_common(1)[0][0]
