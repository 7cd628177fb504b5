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

import re
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


class NameSummary:
    """One canonical name as the whole corpus uses it: what entity clustering needs of its mentions.

    Every document's mentions of one canonical name land in one cluster (they share its key), so
    the clusters can be computed over these summaries, one per distinct name, instead of over every
    (document, name) pair: the same result from far fewer items, which the store can sum in SQL."""

    __slots__ = ("canonical", "doc_labels", "labels", "mentions", "surfaces", "first_doc")

    def __init__(self, canonical: str, doc_labels=(), labels=None, mentions: int = 0, surfaces=(), first_doc: str = ""):
        self.canonical = canonical
        self.doc_labels: set = set(doc_labels)  # each document's majority label for it
        self.labels: Counter = Counter(labels or {})  # every mention's label
        self.mentions = mentions
        self.surfaces: set = {" ".join(s.split()) for s in surfaces}
        self.first_doc = first_doc  # the smallest document id that names it (ids of clashing names)

    @property
    def label(self) -> str:
        return _majority(self.labels)


def summarise(mentions) -> tuple[list[NameSummary], set]:
    """(doc, start, end, surface, label, canonical[, ambiguous]) rows → the names in order of
    their first mention, and the (doc, name_key) pairs a document left ambiguous."""
    by_name: dict[str, NameSummary] = {}
    doc_labels: dict[tuple, Counter] = {}
    ambiguous_keys: set = set()
    for row in mentions:
        doc, start, end, surface, label, canonical = row[:6]
        if len(row) > 6 and row[6]:
            ambiguous_keys.add((doc, name_key(canonical)))
            continue
        summary = by_name.get(canonical)
        if summary is None:
            summary = by_name[canonical] = NameSummary(canonical, first_doc=doc)
        summary.labels[label] += 1
        summary.mentions += 1
        summary.surfaces.add(" ".join(surface.split()))
        summary.first_doc = min(summary.first_doc, doc)
        doc_labels.setdefault((doc, canonical), Counter())[label] += 1
    for (doc, canonical), labels in doc_labels.items():
        by_name[canonical].doc_labels.add(_majority(labels))
    return list(by_name.values()), ambiguous_keys


class Clusters:
    """Entity clustering of a corpus's names: each entity (export shape, mentions not yet filled),
    the entity each canonical name belongs to (None: a short name left to no one), and the names
    that mean one entity across the corpus."""

    def __init__(self, entities: list[dict], entity_of: dict, corpus: dict):
        self.entities = entities
        self.entity_of = entity_of  # canonical → entity id, or None (excluded)
        self.corpus = corpus  # name_key → entity id, for names that mean one entity

    def surnames(self) -> dict:
        """Folded surname → ids of the people of the corpus who bear it."""
        surnames: dict[str, set] = defaultdict(set)
        for e in self.entities:
            parts = N.person_name(e["name"])
            if e["type"] == "PERSON" and parts.full and not parts.suffix:
                surnames[parts.last].add(e["id"])
        return dict(surnames)

    def index(self, per_document: dict) -> "EntityIndex":
        return EntityIndex(self.corpus, per_document, self.surnames())


def fuse_entities(mentions, documents=None) -> tuple[list[dict], EntityIndex]:
    """mentions: (doc, start, end, surface, label, canonical[, ambiguous]) rows; documents:
    (id, text, body, …) rows, for finding the entities' names where the recogniser missed them.

    Returns (entities in export shape, the index from names to entity ids)."""
    mentions = list(mentions)
    summaries, ambiguous_keys = summarise(mentions)
    clusters = cluster_names(summaries)
    by_id = {e["id"]: e for e in clusters.entities}
    per_document = {}
    taken: dict[str, list] = defaultdict(list)  # every recognised mention, even one left to no one: never found again
    for row in mentions:
        doc, start, end, _, _, canonical = row[:6]
        taken[doc].append((start, end))
        if len(row) > 6 and row[6]:
            continue
        eid = clusters.entity_of[canonical]
        per_document[(doc, name_key(canonical))] = eid
        if eid is not None:
            by_id[eid]["mentions"].append((doc, start, end))
    for doc, key in ambiguous_keys:
        per_document.setdefault((doc, key), None)
    if documents:
        forms = FoundForms(clusters.entities)
        for row in documents:
            doc = row[0]
            for start, end, eid in forms.find(row[1], row[2], taken.get(doc, ())):
                by_id[eid]["mentions"].append((doc, start, end))
    for e in clusters.entities:
        e["mentions"].sort()
    return clusters.entities, clusters.index(per_document)


def cluster_names(items: list[NameSummary]) -> Clusters:
    """The entities of a corpus from its names (`summarise`, or the store's `name_summaries`), in
    order of first mention."""
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
        if "PERSON" in de.doc_labels and N.person_name(de.canonical).full:
            keys.append(("person", N.person_key(de.canonical)))
        if "ORG" in de.doc_labels:
            keys.append(("org", N.org_spelling_key(de.canonical)))
        for k in keys:
            if k in first_with:
                union(i, first_with[k])
            else:
                first_with[k] = i

    # 1b. one person under a name and its usual nickname ("Fred LaRue", "Frederick LaRue"), or
    #     the only two first names of one surname when alike ("Mo" and "Maurice"), when the
    #     nickname fits that one person of the corpus
    by_surname: dict[tuple, dict] = defaultdict(dict)
    for i, de in enumerate(items):
        p = N.person_name(de.canonical)
        if "PERSON" in de.doc_labels and p.full:
            by_surname[(p.last, p.suffix)].setdefault(p.first, set()).add(find(i))
    for firsts in by_surname.values():
        for first, roots in firsts.items():
            fits = {r for other, rs in firsts.items() if other != first and (N.first_names_match(first, other)
                    or len(firsts) == 2 and N.alike_first_names(first, other)) for r in rs}
            if len(fits) == 1 and len(roots) == 1:
                union(next(iter(roots)), fits.pop())

    # 2. short names the documents never spelled out: the one full name of the corpus they fit,
    #    decided per cluster of step 1 (its type is the one most of its mentions carry)
    members_of: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        members_of[find(i)].append(i)
    label_of, name_of = {}, {}
    for root, members in members_of.items():
        labels, weight = Counter(), Counter()
        for i in members:
            labels.update(items[i].labels)
            weight[items[i].canonical] += items[i].mentions
        label_of[root], name_of[root] = _majority(labels), max(weight, key=lambda n: (weight[n], n))
    persons_by_part: dict[str, set] = defaultdict(set)
    orgs_by_initials: dict[str, set] = defaultdict(set)
    org_words = _LongOrganisations()
    for root, name in name_of.items():
        if label_of[root] == "PERSON" and N.person_name(name).full:
            p = N.person_name(name)
            if not p.suffix:  # a bare surname is never the son's ("Trump" is not "Donald Trump Jr.")
                persons_by_part[p.last].add(root)
            persons_by_part["first:" + p.first].add(root)
        elif label_of[root] == "ORG" and len(N.org_key(name).split()) > 1:
            for i in members_of[root]:
                orgs_by_initials[N.initials(items[i].canonical)].add(root)
            org_words.add(name, root)
        elif label_of[root] in ("GPE", "LOC") and len(name.split()) > 1 and not N.country_name(name):
            org_words.add(name, root)  # a team the recogniser took for a place ("Jacksonville Jaguars")
    places = {N.fold(name) for root, name in name_of.items() if label_of[root] in ("GPE", "LOC")}
    with_class_word: dict[str, set] = defaultdict(set)  # "mediterranean" → the root of "Mediterranean Sea"
    for root, name in name_of.items():
        bare = N.place_without_class_word(name) if label_of[root] in ("GPE", "LOC") else None
        if bare:
            with_class_word[bare].add(root)
    excluded_roots: set = set()
    for root, name in name_of.items():
        label, words = label_of[root], name.split()
        if label == "LOC" and name[:1].isupper() and not N.is_place_class_word(name) \
                and not N.place_without_class_word(name) and not N.country_name(name):
            fits = {find(j) for j in with_class_word.get(N.name_key(name), ())}
            if len(fits) == 1:  # "the Mediterranean": the Mediterranean Sea (a state or a city is no sea's)
                union(root, fits.pop())
            continue
        if label == "OTHER" and len(words) <= 2:  # the recogniser's product or work: often a team or a firm
            people = {find(j) for j in persons_by_part.get(N.fold(name), ())} if len(words) == 1 else set()
            if len(people) == 1:  # or the surname of the one person of the corpus who bears it
                union(root, people.pop())
            else:
                _join_short_organisation(root, name, org_words, find, union, places)
            continue
        if label == "ORG" and len(words) == 2 and not N.is_acronym(name):
            _join_short_organisation(root, name, org_words, find, union, places)  # "Red Sox" → "Boston Red Sox"
            continue
        surname_only = label == "PERSON" and not N.person_name(name).full  # "Lo Presti"
        if (len(words) != 1 and not surname_only) or label not in ("PERSON", "ORG", "GPE", "NORP") \
                or N.country_name(name) or N.demonym_country(name):
            continue
        key = N.fold(name)
        people = {find(j) for j in persons_by_part.get(key, ())}
        if not people and label == "PERSON":  # a first name alone ("Laci") only when tagged a person
            people = {find(j) for j in persons_by_part.get("first:" + key, ())}
        if label in ("GPE", "NORP"):  # a surname taken for a place or a nationality: the one person it fits
            if len(people) == 1:
                union(root, people.pop())
            elif len(people) > 1 and label == "NORP":
                excluded_roots.add(root)  # no nationality by that name: a surname two people share
            continue
        if label == "PERSON" or people and not N.is_acronym(name):
            if len(people) == 1:
                union(root, people.pop())
            elif len(people) > 1:
                excluded_roots.add(root)  # two people of the corpus share it and its documents did not decide
            elif label == "PERSON":  # no one's name: a team's short form taken for a person ("Jaguars")
                _join_short_organisation(root, name, org_words, find, union, places)
            continue
        spelled = {find(j) for j in orgs_by_initials.get(name.replace(".", ""), ())} if N.is_acronym(name) else set()
        if len(spelled) == 1:
            union(root, spelled.pop())
        elif not spelled:
            _join_short_organisation(root, name, org_words, find, union, places)
    excluded = {i for root in excluded_roots for i in members_of[root]}

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        if i not in excluded:
            clusters[find(i)].append(i)

    entities, entity_of, taken_ids = [], {}, set()
    corpus_names: dict[str, set] = defaultdict(set)
    for cluster in clusters.values():
        group = [items[i] for i in cluster]
        labels = Counter()
        for de in group:
            labels.update(de.labels)
        label = _majority(labels)
        name = _entity_name(group, label)
        if label in ("ORG", "NORP", "LOC") and N.country_name(name):
            label, name = "GPE", N.country_name(name)  # a country is a country, whatever the recogniser said
        eid = entity_id(name)
        if eid in taken_ids:  # two entities one name (a rare key clash): keep both apart
            eid = "e" + digest(name_key(name) + "|" + min(de.first_doc for de in group))
        taken_ids.add(eid)
        canonicals = {de.canonical for de in group}
        aliases = sorted(({s for de in group for s in de.surfaces} | canonicals) - {name})
        entities.append({"id": eid, "name": name, "type": label, "aliases": aliases, "mentions": [], "country": None})
        for de in group:
            entity_of[de.canonical] = eid
        for alias in canonicals | {name}:
            corpus_names[name_key(alias)].add(eid)
    for i in excluded:
        entity_of[items[i].canonical] = None

    corpus = {key: next(iter(ids)) for key, ids in corpus_names.items() if len(ids) == 1}
    by_key = {name_key(e["name"]): e["id"] for e in entities}
    for e in entities:
        if e["type"] == "NORP":
            country = N.demonym_country(e["name"])
            e["country"] = by_key.get(name_key(country)) if country else None
    entities.sort(key=lambda e: (e["name"], e["id"]))
    return Clusters(entities, entity_of, corpus)


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’&.-]*(?:[ \t]+(?:of|for|and|de|the|[A-Z][\w'’&.-]*|\d+[a-z]+\b))*")  # "… 76ers"


class FoundForms:
    """The corpus's names where the recogniser missed them (a small model misses many): each
    form one entity alone is called by (its name, the aliases it was written as, a person's
    surname no other person of the corpus bears), found as written inside any document's body.
    A surname after another capitalised word ("Esther Williams" for a Williams of the corpus) or
    opening a sentence is left alone, and so is a span the recogniser found (even one its document
    or the corpus leaves to no one). What a document gets depends on its text, its own recognised
    mentions and the forms it contains, nothing else: a document is searched again only when a
    form written in it changes owner (`changed_forms`)."""

    def __init__(self, entities: list[dict]):
        owners: dict[str, set] = defaultdict(set)
        self.surname_only: set = set()
        persons_by_last: dict[str, set] = defaultdict(set)
        for e in entities:
            if _surname(e):
                persons_by_last[_surname(e)].add(e["id"])
        for e in entities:
            # a person's one-word alias is a surname or a first name: only the surname test below lets it in
            forms = {e["name"]} | {a for a in e["aliases"] if a[:1].isupper() and len(a) > 2
                                   and not (e["type"] == "PERSON" and len(a.split()) == 1)}
            if _surname(e) and not N.person_name(e["name"]).suffix:
                last = _surname(e)
                if len(persons_by_last[last]) == 1 and len(last) > 2:
                    forms.add(last)
                    self.surname_only.add(last)
            for form in forms:
                if len(form) > 2 and form[0].isupper() and not N.is_title(form):
                    owners[form].add(e["id"])
        self.unique = {form: ids.pop() for form, ids in owners.items() if len(ids) == 1}
        self.longest = max((len(f.split()) for f in self.unique), default=0)

    def rows(self) -> list[tuple]:
        """(form, entity id, surname only) of every form: what the store keeps between builds."""
        return sorted((form, eid, form in self.surname_only) for form, eid in self.unique.items())

    def changed_forms(self, before: list[tuple]) -> set:
        """The forms whose owner, or surname-only standing, differs from `before` (its `rows`)."""
        return {row[0] for row in set(before) ^ set(self.rows())}

    def find(self, text: str, body, taken: list) -> list[tuple]:
        """(start, end, entity id) of the forms written in `body` of `text` outside the `taken`
        spans (the document's recognised mentions), in text order."""
        found: list[tuple] = []
        if not self.unique:
            return found
        taken = list(taken)
        unique, longest = self.unique, self.longest
        for a, b in body:
            for run in _CAPITALISED_RUN.finditer(text, a, b):
                words = list(re.finditer(r"\S+", run.group()))
                i = 0
                while i < len(words):
                    for n in range(min(longest, len(words) - i), 0, -1):
                        s = run.start() + words[i].start()
                        e = run.start() + words[i + n - 1].end()
                        form = text[s:e].rstrip(".,'’")
                        e = s + len(form)
                        if form not in unique:
                            continue
                        if form in self.surname_only and (i > 0 or _opens_sentence(text, s)):
                            continue
                        if any(x < e and s < y for x, y in taken):
                            continue
                        found.append((s, e, unique[form]))
                        taken.append((s, e))
                        i += n - 1
                        break
                    i += 1
        return found


def _surname(e: dict) -> str:
    """The surname as written ("Trump" of "Donald Trump Jr."), "" for no person's full name."""
    parts = N.person_name(e["name"])
    if e["type"] != "PERSON" or not parts.full:
        return ""
    return next((w for w in reversed(e["name"].split()) if N.fold(w) == parts.last.split()[-1]), "")


def _opens_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos].rstrip(" \t\"“‘'")
    return not before or before[-1] in ".!?:\n"


class _LongOrganisations:
    """The corpus's organisations of several words, looked up by their first and last word: a short
    form is made of the first or the last words of the name it is short for (`names.is_short_form`)."""

    def __init__(self):
        self.by_word: dict[str, list] = defaultdict(list)

    def add(self, name: str, root: int) -> None:
        words = N.org_key(name).split()
        for word in {words[0], words[-1]}:
            self.by_word[word].append((name, root))

    def candidates(self, short: str) -> list:
        words = N.org_key(short).split()
        if not words:
            return []
        return self.by_word.get(words[0], []) + self.by_word.get(words[-1], [])


def _join_short_organisation(i: int, name: str, org_names: _LongOrganisations, find, union,
                             places=frozenset()) -> None:
    """A short form of an organisation (`names.is_short_form`) joins the one longer organisation
    of the corpus it is a short form of."""
    fits = {find(j) for long, j in org_names.candidates(name) if N.is_short_form(name, long, places)}
    if len(fits) == 1:
        union(i, fits.pop())


def _entity_name(group: list, label: str) -> str:
    """The canonical name of a cluster: a country's usual name; else the fullest name its
    documents give, the one most mentions carry among those."""
    weight = Counter()
    for de in group:
        weight[de.canonical] += de.mentions
    if label in ("GPE", "LOC"):
        for name in weight:
            if N.country_name(name):
                return N.country_name(name)
    if label == "PERSON":  # a person's full name before the surname alone
        return max(weight, key=lambda n: (N.person_name(n).full, weight[n], len(n), n))
    return max(weight, key=lambda n: (weight[n], len(n), n))


def _majority(labels: Counter) -> str:
    return max(labels, key=lambda t: (labels[t], -_TYPE_ORDER.index(t) if t in _TYPE_ORDER else -99))
