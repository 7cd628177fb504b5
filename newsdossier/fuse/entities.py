"""Corpus-level entities from the per-document mentions, and the index that links any name a
document uses (a speaker, an actor, a claim's subject) to its entity.

Each document has already resolved its own mentions (`extract.resolve`): "Mr. Trump" there is
the full name that document gives him. Across documents:
- full names join when they are one name: the same key (case, accents, "U.S." = "United
  States"), the same person's name with or without a middle name ("Donald J. Trump"), the same
  organisation with or without its legal form ("Hewlett-Packard Co.");
- two different full names never join ("Donald Trump" and "Melania Trump", "Donald Trump Jr.");
- a short name a document never spells out ("Obama", "AMD") joins the one full name of the
  corpus it fits, and none when two fit; a name its own document found ambiguous joins none;
- the type is the one most mentions carry; a nationality ("Russian") points to its country.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Optional

from .. import names as N
from ..ids import digest
from ..names import name_key

# Type order for ties: a person is more often mislabelled an organisation than the reverse.
_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "OTHER")


def entity_id(name: str) -> str:
    return "e" + digest(name_key(name))


class EntityIndex(dict):
    """name_key → entity id for names that mean one entity across the corpus (a plain dict, for
    callers without a document), plus `of(doc, name)`: what a name means in its own document,
    which is what every extractor's names are (a short name its document left ambiguous → None)."""

    def __init__(self, corpus: dict, per_document: dict, surnames: dict):
        super().__init__(corpus)
        self.per_document = per_document  # (doc, name_key) → entity id, or None: ambiguous there
        self.surnames = surnames  # folded surname → ids of the people of the corpus who bear it

    def of(self, doc: Optional[str], name: Optional[str]) -> Optional[str]:
        if not name:
            return None
        key = name_key(name)
        if (doc, key) in self.per_document:
            return self.per_document[(doc, key)]
        if key in self:
            return self[key]
        people = self.surnames.get(key, ())
        return next(iter(people)) if len(people) == 1 else None

    def ambiguous(self, doc: Optional[str], name: Optional[str]) -> bool:
        """A name its document leaves to no one, or a surname that several people of the corpus
        bear when its document does not say which."""
        if not name:
            return False
        key = name_key(name)
        if (doc, key) in self.per_document:
            return self.per_document[(doc, key)] is None
        return key not in self and len(self.surnames.get(key, ())) > 1


class _DocEntity:
    """The mentions one document gives one canonical name."""

    __slots__ = ("doc", "canonical", "labels", "surfaces", "mentions")

    def __init__(self, doc: str, canonical: str):
        self.doc, self.canonical = doc, canonical
        self.labels: Counter = Counter()
        self.surfaces: set = set()
        self.mentions: list = []

    @property
    def label(self) -> str:
        return _majority(self.labels)


def fuse_entities(mentions) -> tuple[list[dict], EntityIndex]:
    """mentions: (doc, start, end, surface, label, canonical[, ambiguous]) rows.

    Returns (entities in export shape, the index from names to entity ids)."""
    doc_entities: dict[tuple, _DocEntity] = {}
    ambiguous_keys: set = set()
    for row in mentions:
        doc, start, end, surface, label, canonical = row[:6]
        if len(row) > 6 and row[6]:
            ambiguous_keys.add((doc, name_key(canonical)))
            continue
        key = (doc, canonical)
        de = doc_entities.get(key)
        if de is None:
            de = doc_entities[key] = _DocEntity(doc, canonical)
        de.labels[label] += 1
        de.surfaces.add(" ".join(surface.split()))
        de.mentions.append((doc, start, end))

    items = list(doc_entities.values())
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    # 1. one name: the same key; a person's full name with or without middle names; an
    #    organisation with or without its legal form
    first_with: dict[tuple, int] = {}
    for i, de in enumerate(items):
        keys = [("name", name_key(de.canonical))]
        if de.label == "PERSON" and N.person_name(de.canonical).full:
            keys.append(("person", N.person_key(de.canonical)))
        elif de.label == "ORG":
            keys.append(("org", N.org_key(de.canonical)))
        for k in keys:
            if k in first_with:
                union(i, first_with[k])
            else:
                first_with[k] = i

    # 2. short names the documents never spelled out: the one full name of the corpus they fit
    persons_by_part: dict[str, set] = defaultdict(set)
    orgs_by_initials: dict[str, set] = defaultdict(set)
    org_words: list[tuple[list, int]] = []
    for i, de in enumerate(items):
        if de.label == "PERSON" and N.person_name(de.canonical).full:
            p = N.person_name(de.canonical)
            persons_by_part[p.last].add(find(i))
            persons_by_part.setdefault("first:" + p.first, set()).add(find(i))
        elif de.label == "ORG" and len(N.org_key(de.canonical).split()) > 1:
            orgs_by_initials[N.initials(de.canonical)].add(find(i))
            org_words.append((N.org_key(de.canonical).split(), i))
    excluded: set = set()
    for i, de in enumerate(items):
        words = de.canonical.split()
        if de.label == "ORG" and len(words) == 2 and not N.is_acronym(de.canonical):
            _join_short_organisation(i, de, org_words, find, union)  # "Red Sox" → "Boston Red Sox"
            continue
        if len(words) != 1 or de.label not in ("PERSON", "ORG", "GPE", "NORP") \
                or N.country_name(de.canonical) or N.demonym_country(de.canonical):
            continue
        key = N.fold(de.canonical)
        people = {find(j) for j in persons_by_part.get(key, ())} or {find(j) for j in persons_by_part.get("first:" + key, ())}
        if de.label in ("GPE", "NORP"):  # a surname taken for a place or a nationality: the one person it fits
            if len(people) == 1:
                union(i, people.pop())
            elif len(people) > 1 and de.label == "NORP":
                excluded.add(i)  # no nationality by that name: a surname two people share
            continue
        if de.label == "PERSON" or people and not N.is_acronym(de.canonical):
            if len(people) == 1:
                union(i, people.pop())
            elif len(people) > 1:
                excluded.add(i)  # two people of the corpus share it and its document did not decide
            continue
        bare = de.canonical.replace(".", "")
        spelled = {find(j) for j in orgs_by_initials.get(bare, ())} if N.is_acronym(de.canonical) else set()
        if len(spelled) == 1:
            union(i, spelled.pop())
        elif not spelled:
            _join_short_organisation(i, de, org_words, find, union)

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        if i not in excluded:
            clusters[find(i)].append(i)

    entities, per_document, taken_ids = [], {}, set()
    corpus_names: dict[str, set] = defaultdict(set)
    for members in clusters.values():
        group = [items[i] for i in members]
        labels = Counter()
        for de in group:
            labels.update(de.labels)
        label = _majority(labels)
        name = _entity_name(group, label)
        eid = entity_id(name)
        if eid in taken_ids:  # two entities one name (a rare key clash): keep both apart
            eid = "e" + digest(name_key(name) + "|" + min(m for de in group for m in de.mentions)[0])
        taken_ids.add(eid)
        canonicals = {de.canonical for de in group}
        aliases = sorted(({s for de in group for s in de.surfaces} | canonicals) - {name})
        entities.append({
            "id": eid,
            "name": name,
            "type": label,
            "aliases": aliases,
            "mentions": sorted(m for de in group for m in de.mentions),  # (doc, start, end)
            "country": None,
        })
        for de in group:
            per_document[(de.doc, name_key(de.canonical))] = eid
        for alias in canonicals | {name}:
            corpus_names[name_key(alias)].add(eid)
    for i in excluded:
        per_document[(items[i].doc, name_key(items[i].canonical))] = None
    for doc, key in ambiguous_keys:
        per_document.setdefault((doc, key), None)

    corpus = {key: next(iter(ids)) for key, ids in corpus_names.items() if len(ids) == 1}
    surnames: dict[str, set] = defaultdict(set)
    for e in entities:
        if e["type"] == "PERSON" and N.person_name(e["name"]).full:
            surnames[N.person_name(e["name"]).last].add(e["id"])
    by_key = {name_key(e["name"]): e["id"] for e in entities}
    for e in entities:
        if e["type"] == "NORP":
            country = N.demonym_country(e["name"])
            e["country"] = by_key.get(name_key(country)) if country else None
    entities.sort(key=lambda e: (e["name"], e["id"]))
    return entities, EntityIndex(corpus, per_document, dict(surnames))


def _join_short_organisation(i: int, de, org_words: list, find, union) -> None:
    """A short form of an organisation ("Chargers", "Red Sox", "Academy") joins the one longer
    organisation of the corpus it ends, or begins when "of"/"for" follows ("Academy of …")."""
    short = N.org_key(de.canonical).split()
    n = len(short)
    fits = {find(j) for words, j in org_words if len(words) > n and (
        words[-n:] == short or words[:n] == short and words[n] in ("of", "for"))}
    if len(fits) == 1:
        union(i, fits.pop())


def _entity_name(group: list, label: str) -> str:
    """The canonical name of a cluster: a country's usual name; else the fullest name its
    documents give, the one most mentions carry among those."""
    weight = Counter()
    for de in group:
        weight[de.canonical] += len(de.mentions)
    if label in ("GPE", "LOC"):
        for name in weight:
            if N.country_name(name):
                return N.country_name(name)
    if label == "PERSON":  # a person's full name before the surname alone
        return max(weight, key=lambda n: (N.person_name(n).full, weight[n], len(n), n))
    return max(weight, key=lambda n: (weight[n], len(n), n))


def _majority(labels: Counter) -> str:
    return max(labels, key=lambda t: (labels[t], -_TYPE_ORDER.index(t) if t in _TYPE_ORDER else -99))
