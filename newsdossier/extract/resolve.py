"""Who is who in one document: the one mention resolver every extractor uses.

Two parts:

- `resolve_names` gives each named mention the document's own full name for it (its
  "canonical"): "Mr. Trump" → the Trump the document introduces with a man's first name,
  "President Trump" → the one it calls president, "Trump" → the only Trump it names in full,
  "AMD" → "Advanced Micro Devices" when the document has both. A short name that fits two
  people of the document and nothing decides between them stays **ambiguous**: a wrong name is
  worse than none. Two different full names are never one person.
- `Resolver` answers for a word of the parse: a name (its mention), a pronoun (the nearest
  compatible antecedent: person or organisation, number, gender), a role description ("the
  Russian leader", "the first lady", "his Chinese counterpart": through the titles and
  appositions the document states, "French President Emmanuel Macron"), or a description the
  text gives no name for ("officials"). Quote speakers, event participants and claim subjects
  all go through it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional

from .. import names as N
from ._quote_lexicon import (
    DETERMINERS,
    INSTITUTION_NOUNS,
    LEADER_ROLES,
    PRONOUNS_FIRST,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_THING,
    REPORT_NOUNS,
    ROLE_NOUNS,
)
from .parsed import doc_text, ents_within, tokens_by_char

Span = tuple[int, int]
# "DENVER —", "Denver (AP) –", "SAN DIEGO, Calif. (Reuters) --", "CLEVELAND, July 19 (UPI) —":
# where the story was filed, in front of its first sentence; the parser often takes it for that
# sentence's subject.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}(?:,[ \t]*(?:[A-Z][\w.'’-]*|\d{1,4})(?:[ \t]+(?:[A-Z][\w.'’-]*|\d{1,4})){0,2})*)"
    r"[ \t]*(?:\([^()\n]{1,30}\)[ \t]*)?(?:[—–]|--?)[ \t]"
)
DATELINE_PARAGRAPHS = 3  # a dateline opens the article: its headline and byline lines may come first
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
GOOD_LABELS = ("PERSON", "ORG", "GPE", "NORP")


# =========================================================================== names

@dataclass
class RawName:
    """A named mention before resolution: where it is, the name in it, the recogniser's label and
    the title words written with it ("mr", "president")."""

    start: int
    end: int
    name: str
    label: str
    titles: tuple = ()
    found_again: bool = False  # found by searching the document for a name tagged elsewhere
    place: Optional[str] = None  # the place an organisation's name starts with ("San Diego" of "San Diego Chargers")
    canonical: Optional[str] = None
    ambiguous: bool = False


@dataclass
class _Person:
    canonical: str
    parts: N.PersonName
    first_at: int
    forms: Counter = field(default_factory=Counter)
    titles: set = field(default_factory=set)
    gender: Optional[str] = None
    positions: list = field(default_factory=list)


def resolve_names(raw: list[RawName], sdoc=None) -> list[RawName]:
    """Fill `canonical` (and `ambiguous`) of every mention, from this document's evidence only."""
    raw = sorted(raw, key=lambda r: (r.start, r.end))
    for r in raw:  # "ATI", "AMD" tagged a person: an organisation's acronym
        if r.label == "PERSON" and N.is_acronym(r.name) and len(r.name.replace(".", "")) <= 4:
            r.label = "ORG"
    persons = _full_persons(raw, sdoc)
    for r in raw:
        if r.canonical is None and r.label in _MAY_BE_A_SURNAME and len(r.name.split()) <= 2:
            _resolve_short_person(r, persons, sdoc)
    _resolve_to_dominant_bearer(raw, persons, sdoc)
    _resolve_organisations(raw, doc_text(sdoc) if sdoc is not None else "")
    for r in raw:
        if r.canonical is None:
            r.canonical = r.label == "GPE" and N.country_name(r.name) or r.name
    if sdoc is not None:
        raw = sorted(raw + _descriptions(raw, persons, sdoc), key=lambda r: (r.start, r.end))
    return raw


# Labels the small English model gives surnames now and then ("Klitschko" NORP, "Jackman" GPE,
# a surname taken for a product or a work).
_MAY_BE_A_SURNAME = ("PERSON", "ORG", "GPE", "LOC", "NORP", "OTHER")


def _full_persons(raw: list[RawName], sdoc=None) -> list[_Person]:
    """The document's people named in full, one per person: "Donald J. Trump" and "Donald Trump"
    together, "Melania Trump" apart, "Donald Trump Jr." apart."""
    groups: dict[str, _Person] = {}
    keys: dict[int, str] = {}
    for r in raw:
        if r.label != "PERSON":
            continue
        parts = N.person_name(r.name)
        if not parts.full or N.is_description(r.name):  # "Brooklyn Teen" names no one
            continue
        key = N.person_key(r.name)
        if key not in groups:  # "Fred LaRue" after "Frederick LaRue": one person
            key = next((k for k, p in groups.items() if _nickname_of(parts, p.parts)), key)
        person = groups.get(key)
        if person is None:
            person = groups[key] = _Person(r.name, parts, r.start)
        keys[r.start] = key
        person.forms[r.name] += 1
        person.titles.update(r.titles)
        person.positions.append(r.start)
        person.gender = person.gender or N.honorific_gender(r.titles)
    for person in groups.values():
        # the form the document uses most, the longer of two equally used
        person.canonical = max(person.forms, key=lambda f: (person.forms[f], len(f), -len(person.forms)))
        # gender: an honorific, else the pronouns the document uses of them, else the first name
        person.gender = person.gender or _pronoun_gender(person, raw, sdoc) or N.first_name_gender(person.parts.first)
    for r in raw:
        if r.start in keys:
            r.canonical = groups[keys[r.start]].canonical
    return list(groups.values())


def _nickname_of(a: N.PersonName, b: N.PersonName) -> bool:
    return a.last == b.last and a.suffix == b.suffix and a.first != b.first and N.first_names_match(a.first, b.first)


def _resolve_short_person(r: RawName, persons: list[_Person], sdoc=None) -> None:
    """A name of one or two words without a first name ("Trump", "Mr. Trump", "de Gaulle",
    "Melania"): the full name of this document it fits, or ambiguous, or itself."""
    key = N.fold(r.name)
    if not key:
        return
    by_surname = [p for p in persons if p.parts.last == key or p.parts.last.split()[-1:] == [key]]
    # a surname of one person and the first name of another ("Hunter"): both are candidates
    by_first = [p for p in persons if p.parts.first == key and p not in by_surname]
    candidates = by_surname + by_first if r.label == "PERSON" else by_surname
    if r.label != "PERSON":  # a surname the recogniser took for an organisation, place or nationality
        if not by_surname or N.country_name(r.name) or N.demonym_country(r.name) or len(r.name.split()) > 1:
            return
        r.label = "PERSON"
        if len(by_surname) > 1:
            r.canonical, r.ambiguous = r.name, True
            return
    if not candidates:
        return
    gender = N.honorific_gender(r.titles)
    if gender:
        candidates = [p for p in candidates if p.gender in (None, gender)]
    titles = {t for t in r.titles if t not in N.HONORIFIC_GENDER}
    if titles and len(candidates) > 1:
        titled = [p for p in candidates if titles & p.titles]
        candidates = titled or candidates
    if len(candidates) == 1 and candidates[0].parts.suffix and not N.person_name(r.name).suffix \
            and not titles & candidates[0].titles:
        # "Mr. Trump" where the document names only "Donald Trump Jr.": the son, or a father it
        # calls by title alone ("President Trump")? Papers do both; the document cannot tell. The
        # title the document gave him settles it: "Chief Justice Roberts" after "Chief Justice
        # John G. Roberts Jr."
        r.canonical, r.ambiguous = r.name, True
        return
    if len(candidates) == 1:
        if _gender_clash(r, candidates[0], sdoc):
            r.canonical, r.ambiguous = r.name, True  # "Peterson … his wife" when the document names only her
        else:
            r.canonical = candidates[0].canonical
        return
    if candidates and (gender or titles):
        # cues narrowed it down but not to one: the nearest fitting person named before it
        before = [(max(x for x in p.positions if x < r.start), p) for p in candidates if any(x < r.start for x in p.positions)]
        if before:
            r.canonical = max(before, key=lambda x: x[0])[1].canonical
            return
    r.canonical, r.ambiguous = r.name, True


def _resolve_to_dominant_bearer(raw: list[RawName], persons: list[_Person], sdoc=None) -> None:
    """A bare surname two people of the document bear ("Trump" in a story naming "Donald Trump"
    and, once, "Melania Trump"): the one the document is about, when it names that one at least
    three times as often as every other bearer (full names and the short names already decided)
    and the words after the surname in its sentence do not speak of the other gender. Papers call
    only the main bearer by the bare surname; two bearers named alike stay undecided."""
    counts = Counter(r.canonical for r in raw if r.label == "PERSON" and not r.ambiguous and r.canonical)
    for r in raw:
        if not r.ambiguous or r.label != "PERSON" or r.titles or len(r.name.split()) != 1:
            continue
        key = N.fold(r.name)
        bearers = [p for p in persons if p.parts.last == key]
        if len(bearers) < 2:
            continue
        ranked = sorted(bearers, key=lambda p: -counts[p.canonical])
        top, second = ranked[0], counts[ranked[1].canonical]
        if counts[top.canonical] >= max(3, 3 * second) and not top.parts.suffix and top.gender \
                and not _gender_clash(r, top, sdoc):
            r.canonical, r.ambiguous = top.canonical, False


def _pronoun_gender(person: _Person, raw: list[RawName], sdoc) -> Optional[str]:
    """The gender of the pronouns that follow a person's full name in sentences naming no one else."""
    if sdoc is None:
        return None
    votes = Counter()
    for start in person.positions:
        span = sdoc.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        if sum(e.label_ == "PERSON" for e in ents_within(sent)) > 1:
            continue
        votes.update(PRONOUN_GENDER[t.lower_] for t in sent if t.i > span.start and t.lower_ in PRONOUN_GENDER)
    if len(votes) == 1 or votes and votes.most_common(1)[0][1] >= 3 * min(votes.values()):
        return votes.most_common(1)[0][0]
    return None


def _gender_clash(r: RawName, person: _Person, sdoc) -> bool:
    """Whether the sentence of a short name speaks of it with pronouns of the other gender than
    the one person it would resolve to, and names no other person who could own them: then the
    short name is someone the document never names in full."""
    if sdoc is None or person.gender is None:
        return False
    span = sdoc.char_span(r.start, r.end, alignment_mode="expand")
    if span is None:
        return False
    sent = span.sent
    others = [e for e in ents_within(sent) if e.label_ == "PERSON" and not (e.start_char <= r.start < e.end_char)]
    if others:
        return False
    genders = {PRONOUN_GENDER[t.lower_] for t in sent if t.i >= span.end and t.lower_ in PRONOUN_GENDER}
    return genders == {"m" if person.gender == "f" else "f"}


_NAME_AFTER = re.compile(r"[ \t]*(?:of[ \t]+\d+[ \t]*)?,?[ \t]*\Z")  # "a Brooklyn mother of 12, Jane Doe"
_NAME_BEFORE = re.compile(r"[ \t]*,[ \t]*(?:(?:the|a|an)[ \t]+)?\Z", re.IGNORECASE)
_DESCRIBING_LABELS = ("GPE", "LOC", "NORP", "ORG")


def _descriptions(raw: list[RawName], persons: list[_Person], sdoc) -> list[RawName]:
    """Descriptions of one of the document's people, as mentions of that person: a person noun
    qualified by a place, nationality or organisation ("the Oklahoma man", "a Brooklyn mother",
    "Mafia boss"), standing capitalised in a headline ("Teen shot dead"), or a recogniser's
    "person" that is one ("Brooklyn Teen"). Each goes to the person the document ties it to
    (`_described_person`); when unsure, to no one: a description is not a name."""
    if not persons:
        return []
    text = doc_text(sdoc)
    mentions = sorted(raw, key=lambda r: r.start)
    cast = None  # built at the first description: most documents have none
    out = []
    for tok in sdoc:
        end = tok.idx + len(tok.text)
        is_noun, gender = N.person_noun(tok.text)
        if not is_noun or tok.tag_ in ("NNS", "NNPS") or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        inside = [r for r in mentions if r.start < end and tok.idx < r.end]
        if any(r.label != "PERSON" or not N.is_description(r.name) for r in inside):
            continue  # part of a name ("Boss Hogg"), or of an organisation's ("Man Group")
        start, places, qualified = tok.idx, set(), False
        for left in reversed(list(sdoc[max(tok.sent.start, tok.i - 4):tok.i])):
            owners = [r for r in mentions if r.start <= left.idx < r.end and r.label in _DESCRIBING_LABELS]
            if not left.text[:1].isupper() or left.lower_ in DETERMINERS or left.pos_ in ("ADP", "VERB", "AUX") \
                    or not (owners or _place_word(left)):
                break
            start, qualified = left.idx, True
            if all(r.label in ("GPE", "LOC") for r in owners):  # a place, not "Mafia", "Catholic"
                places.update(N.fold(r.name) for r in owners)
                places.add(N.fold(left.text))
        if inside:
            start = min([start] + [r.start for r in inside])
        elif not qualified and not (tok.text[:1].isupper() and _headline_word(tok)):
            continue
        cast = cast or _cast(persons, mentions, sdoc)
        person = _described_person(text, start, end, tok.lower_, gender, places, cast)
        if person is None:
            continue
        for r in inside:  # the recogniser's description: now a mention of the person
            r.canonical, r.ambiguous = person, False
        if not inside:
            out.append(RawName(start, end, text[start:end], "PERSON", canonical=person))
    return out


def _cast(persons: list[_Person], mentions: list[RawName], sdoc) -> "_Cast":
    # people the recogniser made of a place ("Bayou La Batre, Alabama") or of a headline's
    # run-on words ("Driver Charged") are no candidates
    persons = [p for p in persons if not _a_place(p.canonical, sdoc)
               and not all(_in_headline(doc_text(sdoc), pos) for pos in p.positions)]
    names = {p.canonical for p in persons}
    named = [r for r in mentions if r.label == "PERSON" and r.canonical in names and not r.ambiguous
             and not N.is_description(r.name)]
    beside = defaultdict(list)  # what the document says right beside each mention of each person
    for r in named:
        beside[r.canonical].append(_words_beside(r, sdoc))
    return _Cast(persons, named, beside, Counter(r.canonical for r in named))


@dataclass
class _Cast:
    """The people a description may stand for: each person, their named mentions, what the
    document says beside each (`_words_beside`), and how often it names them."""

    persons: list
    named: list
    beside: dict
    counts: Counter


def _place_word(tok) -> bool:
    """A capitalised word the document also uses as a place: "Spiro" of "Spiro man" where it
    writes "of Spiro" or "in Spiro"."""
    if tok.pos_ != "PROPN":
        return False
    return re.search(r"\b(?:in|of|from|near|at)\s+" + re.escape(tok.text) + r"\b", doc_text(tok.doc)) is not None


def _headline_word(tok) -> bool:
    """A word opening its line, or in a line with no lower-case word (a headline's "Teen")."""
    sent = tok.sent
    line_start = doc_text(tok.doc).rfind("\n", 0, tok.idx) + 1
    first = next((t for t in sent if t.idx >= line_start and not t.is_punct and not t.is_space), None)
    line_end = doc_text(tok.doc).find("\n", tok.idx)
    line = doc_text(tok.doc)[line_start:line_end if line_end >= 0 else None]
    return first is tok or not any(w[:1].islower() for w in line.split())


def _described_person(text, start, end, noun, gender, places, cast: _Cast) -> Optional[str]:
    """The canonical name of the person a description at [start, end) stands for, or None: the
    name beside it ("Oklahoma man John Smith", "John Smith, a Spiro man"); else the one named with
    its place ("John Smith, 35, of Spiro"); else, for a gendered noun, the next person of that
    gender named shortly after it; else the one the document calls so ("driver John Smith");
    else, for a gendered noun, the one person of that gender or by far the most mentioned. A
    neutral noun ("driver") may be anyone, named or not: it needs the document to say which."""
    fitting = {p.canonical: p for p in cast.persons if gender is None or p.gender in (gender, None)}
    named = [r for r in cast.named if r.canonical in fitting]
    for r in named:
        if 0 <= r.start - end <= 12 and _NAME_AFTER.match(text[end:r.start]) \
                or 0 <= start - r.end <= 8 and _NAME_BEFORE.match(text[r.end:start]):
            return r.canonical
    beside = {c: sides for c, sides in cast.beside.items() if c in fitting}
    with_place = [c for c, sides in beside.items() if any(places & near for _, near in sides)]
    if len(with_place) == 1:
        return with_place[0]
    after = [r for r in named if 0 <= r.start - end <= 600]
    if gender is not None and after:  # "a Brooklyn mother was killed … Zurana Horton, 34, …"
        return min(after, key=lambda r: r.start).canonical
    nouns = {noun, _NOUN_TITLES.get(noun, noun)}
    called = [c for c, sides in beside.items() if any(nouns & words for words, _ in sides)]
    if len(called) == 1:
        return called[0]
    if gender is None:
        # a lede's "A Mafia boss … found dead" then "John Smith, who …": the next person named
        # is the one the document is about, named at least twice and more often than anyone else
        if after:
            first = min(after, key=lambda r: r.start).canonical
            top = cast.counts.most_common(2)
            if top[0][0] == first and top[0][1] >= 2 and (len(top) == 1 or top[0][1] > top[1][1]):
                return first
        return None
    # no cue in the text: a first name usually of the other gender makes a pronoun-based gender
    # too weak to stand on
    alike = [p for p in fitting.values() if p.gender == gender and N.first_name_gender(p.parts.first) in (gender, None)]
    if len(alike) == 1:
        return alike[0].canonical
    counts = sorted(((cast.counts[p.canonical], p.canonical) for p in alike), reverse=True)
    if len(counts) > 1 and counts[0][0] >= 3 and counts[0][0] >= 2 * counts[1][0]:
        return counts[0][1]
    return None


_NOUN_TITLES = {"doctor": "dr"}


def _in_headline(text: str, pos: int) -> bool:
    """A title-case line ("Woman Killed In Queens, Driver Charged"): its names may be run-on words."""
    a, b = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    line = text[a:b if b >= 0 else None]
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words) and not line.rstrip().endswith(".")


def _a_place(name: str, sdoc) -> bool:
    """A "person" the document writes as a place: "in Bayou La Batre", "Bayou La Batre, Alabama"."""
    text = doc_text(sdoc)
    if re.search(r"\b(?:in|near|outside)\s+" + re.escape(name) + r"\b", text):
        return True
    for m in re.finditer(re.escape(name) + r",\s+(?=[A-Z])", text):
        following = sdoc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if following is not None and following[0].ent_type_ == "GPE":
            return True
    return False


def _words_beside(r: RawName, sdoc) -> tuple[set, set]:
    """What the document calls a person beside one mention: the words right before it ("driver
    John Smith", "defensive tackle John Smith") or opening an apposition after it ("Smith, the
    driver,"); and the folded words near it within its sentence, six tokens before or in the
    apposition after (", 35, of Spiro,"; "Spiro resident John Smith"), place names as one word."""
    span = sdoc.char_span(r.start, r.end, alignment_mode="expand")
    if span is None:
        return set(), set()
    before = sdoc[max(span.sent.start, span.start - 6):span.start]
    after = sdoc[span.end:min(span.sent.end, span.end + 7)]
    if len(after) and after[0].text == ",":
        cut = next((i for i, t in enumerate(after) if i > 0 and t.pos_ in ("VERB", "AUX")), len(after))
        after = after[:cut]
    else:
        after = after[:0]
    called = set()
    for t in reversed(before[-3:]):  # "driver John Smith", "Australian climber John Smith"
        if t.dep_ not in ("compound", "amod") and t.ent_type_ != "NORP":
            break
        called.add(t.lower_.rstrip("."))
    apposition = [t for t in after[1:4] if t.pos_ in ("NOUN", "PROPN")]
    if apposition and not (apposition[0].i + 1 < len(sdoc) and sdoc[apposition[0].i + 1].tag_ == "POS"):
        called.add(apposition[0].lower_)  # "Smith, the driver," (not "Smith, the driver's lawyer")
    near = set()
    for part in (before, after):
        folded = N.fold(part.text).split()
        near.update(folded)
        near.update(" ".join(folded[i:i + 2]) for i in range(len(folded) - 1))
    return called, near


_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&.]{1,9})\s*\)")


def _resolve_organisations(raw: list[RawName], text: str) -> None:
    """Organisations: legal forms and plurals aside ("Hewlett-Packard Co." = "Hewlett-Packard"),
    an acronym the document spells out or whose letters one of its names has ("AMD"), and a
    short form that begins or ends exactly one longer name ("Chargers", "Academy")."""
    orgs = [r for r in raw if r.label == "ORG" and r.canonical is None]
    if not orgs:
        return
    products = [r for r in raw if r.label == "OTHER" and r.canonical is None and len(r.name.split()) <= 2]
    forms: dict[str, Counter] = defaultdict(Counter)
    for r in orgs:
        forms[N.org_spelling_key(r.name)][r.name] += 1
    best = {k: max(c, key=lambda f: (c[f], len(f))) for k, c in forms.items()}
    acronyms: dict[str, str] = {}
    for r in orgs:
        m = _ACRONYM_AFTER.match(text, r.end) if text else None
        if m and N.initials(r.name).upper().startswith(m.group(1).replace(".", "").upper()[:2]):
            acronyms[m.group(1).replace(".", "")] = best[N.org_spelling_key(r.name)]
    long_keys = [k for k in best if len(N.org_key(best[k]).split()) > 1]
    places = {N.fold(r.place or r.name) for r in raw if r.label in ("GPE", "LOC") or r.place}
    for r in orgs:
        key = N.org_spelling_key(r.name)
        bare = r.name.replace(".", "")
        if N.is_acronym(r.name) and len(N.org_key(r.name).split()) == 1:
            spelled = acronyms.get(bare) or _only([best[k] for k in long_keys if N.initials(best[k]) == bare])
            if spelled:
                r.canonical = spelled
                continue
        if len(N.org_key(r.name).split()) < 3:  # "Chargers" of "San Diego Chargers", "Academy" of "Academy of …"
            longer = _only([k for k in long_keys if N.is_short_form(r.name, best[k], places)])
            if longer:
                r.canonical = best[longer]
                continue
        r.canonical = best[key]
    for r in products:  # a team or firm the recogniser took for a product ("the Chargers")
        longer = _only([k for k in long_keys if N.is_short_form(r.name, best[k], places)])
        if longer:
            r.label, r.canonical = "ORG", best[longer]


def _only(items: list):
    distinct = list(dict.fromkeys(items))
    return distinct[0] if len(distinct) == 1 else None


# =========================================================================== resolving words

@dataclass
class Resolution:
    """Who a word stands for: `names` (canonical names within the document; several for "X and
    Y"), the mention nearest the word that names them, the type, and the kind of answer:
    named, description (no name: "officials") or unresolved (a pronoun or role not decided)."""

    names: list[str]
    span: Optional[Span]
    label: Optional[str]
    pos: int = 0  # where it was resolved (pronoun look-back starts there)
    kind: str = "named"


class Resolver:
    """The document's mentions and parse, with the lookups the resolution needs. Extractors share
    one per document (`resolver_for`)."""

    def __init__(self, text: str, sdoc, mentions, body):
        self.text = text
        self.sdoc = sdoc
        self.body = sorted((max(0, s), min(len(text), e)) for s, e in body if e > s)
        self.mentions = sorted((m for m in mentions if m.end > m.start), key=lambda m: m.start)
        self._mstarts = [m.start for m in self.mentions]
        self.paras = self._paragraphs()
        self._pstarts = [p[0] for p in self.paras]
        self.datelines = self._datelines()
        self.tok_at = tokens_by_char(sdoc) if sdoc is not None else {}
        self.history: list[Resolution] = []  # speakers an extractor has resolved, in text order
        self.gender = self._genders()
        self.roles = self._role_map()

    def _paragraphs(self) -> list[Span]:
        paras = []
        for s, e in self.body:
            pos = s
            for line in self.text[s:e].split("\n"):
                a, b = pos, pos + len(line)
                pos = b + 1
                while a < b and self.text[a].isspace():
                    a += 1
                while b > a and self.text[b - 1].isspace():
                    b -= 1
                if b > a:
                    paras.append((a, b))
        return paras

    def _datelines(self) -> list[Span]:
        """The place (with its state, date and agency) opening one of the first paragraphs before
        a dash: a place the recogniser tags GPE or LOC, or a word in capitals."""
        out = []
        for a, b in self.paras[:DATELINE_PARAGRAPHS]:
            m = _DATELINE.match(self.text, a, b)
            if m is None:
                continue
            place = m.group("place").split(",")[0]
            opening = self.mention_at(a)
            if place.isupper() or (opening is not None and opening.label in ("GPE", "LOC")):
                out.append((a, m.end()))
        return out

    def in_dateline(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.datelines)

    def para_of(self, pos: int) -> int:
        i = bisect_right(self._pstarts, pos) - 1
        return i if i >= 0 and pos <= self.paras[i][1] else -1

    def token(self, pos: int):
        return self.tok_at.get(pos)

    def tokens_in(self, a: int, b: int):
        if self.sdoc is None or b <= a:
            return []
        span = self.sdoc.char_span(a, b, alignment_mode="contract")
        if span is None:
            return []
        return [t for t in span if not t.is_space]

    def mention_at(self, pos: int):
        i = bisect_right(self._mstarts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.start <= pos < m.end:
                return m
            if pos - m.start > 200:
                break
            i -= 1
        return None

    def mention_of_token(self, tok):
        return self.mention_at(tok.idx) or self.mention_at(tok.idx + len(tok.text) - 1)

    def mentions_before(self, pos: int, labels=None, limit: int = 3000):
        i = bisect_right(self._mstarts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if pos - m.end > limit:
                break
            if m.end <= pos and (labels is None or m.label in labels):
                yield m
            i -= 1

    def named(self, m, pos: int, span: Optional[Span] = None, label: Optional[str] = None) -> Resolution:
        """The resolution a mention gives: its canonical name, or unresolved when ambiguous."""
        span = span or (m.start, m.end)
        if getattr(m, "ambiguous", False):
            return Resolution([], span, m.label, pos=pos, kind="unresolved")
        return Resolution([m.canonical], span, label or m.label, pos=pos)

    def _genders(self) -> dict[str, str]:
        """canonical → "m"/"f" for people whose gender the document shows (an honorific before
        one of their mentions, else a first name that is usually one or the other)."""
        out: dict[str, str] = {}
        for m in self.mentions:
            if m.label != "PERSON" or getattr(m, "ambiguous", False) or m.canonical in out:
                continue
            word_before = self.text[max(0, m.start - 6):m.start].split()[-1:] if m.start else []
            g = N.honorific_gender(word_before) or N.first_name_gender(N.person_name(m.canonical).first)
            if g:
                out[m.canonical] = g
        return out

    # ------------------------------------------------------------------ roles
    def _role_map(self):
        """(person canonical, nationality key, role words, mention) for "Russian President X",
        "first lady X", "X, the French president," and "the French president, X"."""
        roles = []
        if self.sdoc is None:
            return roles
        for m in self.mentions:
            if m.label != "PERSON" or getattr(m, "ambiguous", False):
                continue
            first, last = self.token(m.start), self.token(m.end - 1)
            if first is None or last is None:
                continue
            nat, role = _role_words(reversed(self.sdoc[max(0, first.i - 6):first.i]))
            if role:
                roles.append((m.canonical, nat, role, m))
            j = last.i + 1
            if j < len(self.sdoc) and self.sdoc[j].text == ",":  # "X, the Russian president,"
                nat2, role2 = _role_words(self.sdoc[j + 1:j + 7], forward=True)
                if role2:
                    roles.append((m.canonical, nat2, role2, m))
            i = first.i - 1
            if i > 0 and self.sdoc[i].text == ",":  # "the French president, X"
                nat3, role3 = _role_words(reversed(self.sdoc[max(0, i - 6):i]))
                if role3 and any(t.lower_ in ("the", "his", "her", "its", "their") or t.dep_ == "poss"
                                 for t in self.sdoc[max(0, i - 6):i]):
                    roles.append((m.canonical, nat3, role3, m))
        return roles


def _role_words(tokens, forward: bool = False):
    """(nationality key, role words) of a title phrase beside a name: "Russian President" →
    ("russia", ("president",)); "the first lady" → (None, ("first", "lady"))."""
    nat, words = None, []
    for t in tokens:
        low = t.lower_
        if low in ("’s", "'s", "the", "his", "her", "its", "their", "a", "an"):
            if forward or low not in ("the", "a", "an"):
                continue
            break
        if t.ent_type_ in ("NORP", "GPE") and t.text[:1].isupper() and N.nationality_key(t.text):
            nat = nat or N.nationality_key(t.text)
            continue
        if low in ROLE_NOUNS or N.is_title(low) or low in _ROLE_QUALIFIERS:
            words.append(low)
            continue
        break
    if not forward:
        words.reverse()
    while words and words[-1] in _ROLE_QUALIFIERS:  # "the former" is no role
        words.pop()
    return nat, tuple(words)


# Words inside a role that change whom it means: "vice president" is not "president".
_ROLE_QUALIFIERS = frozenset({"vice", "deputy", "first", "prime", "foreign", "former", "acting", "state",
                              "interim", "assistant", "defense", "defence", "finance", "chief", "general",
                              "attorney", "press", "national", "security"})


def resolver_for(text: str, sdoc, mentions, body) -> Resolver:
    """The document's resolver, built once and shared by the extractors of that document."""
    cache = sdoc.user_data if sdoc is not None else {}
    key = ("newsdossier.resolver", id(mentions), tuple(map(tuple, body)))
    resolver = cache.get(key)
    if resolver is None:
        resolver = cache[key] = Resolver(text, sdoc, mentions, body)
    return resolver


def conjuncts(tok) -> list:
    """The heads of a coordinated phrase: "X, Y and Z" → X, Y, Z."""
    heads = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and not _joins_the_object_before(tok, c):
            heads.append(c)
            heads.extend(cc for cc in c.children if cc.dep_ == "conj")
    return heads


def _joins_the_object_before(tok, conj) -> bool:
    """"Attorneys general in Utah and New Mexico": the parser joined the second place to the
    head; it goes with the name of its own kind before it, inside the head's phrase."""
    if not conj.ent_type_ or conj.ent_type_ == tok.ent_type_:
        return False
    return any(t.dep_ == "pobj" and t.ent_type_ == conj.ent_type_ and tok.i < t.i < conj.i for t in tok.subtree)


def resolve_np(ctx: Resolver, tok, anchor: int, depth: int = 0) -> Optional[Resolution]:
    """Who the noun phrase headed by `tok` stands for ("X and Y": both)."""
    heads = conjuncts(tok)
    results = [r for r in (resolve_single(ctx, h, anchor, depth) for h in heads) if r is not None]
    if not results:
        return None
    if len(results) == 1:
        return results[0]
    if any(r.kind == "unresolved" for r in results):
        return Resolution([], results[0].span, None, pos=tok.idx, kind="unresolved")
    names = list(dict.fromkeys(n for r in results for n in r.names))
    span = min((r.span for r in results if r.span), key=lambda s: abs(s[0] - anchor), default=None)
    labels = {r.label for r in results}
    kind = "named" if all(r.kind == "named" for r in results) else "description"
    return Resolution(names, span, labels.pop() if len(labels) == 1 else None, pos=tok.idx, kind=kind)


def resolve_single(ctx: Resolver, h, anchor: int, depth: int = 0) -> Optional[Resolution]:
    """Who one head word stands for: a mention, a pronoun, a role, an outlet's report, a name
    inside the phrase, an office's voice, a share of a group, or a plain description."""
    low = h.lower_
    if ctx.in_dateline(h.idx):
        return None  # where the story was filed: a place that says nothing
    if h.pos_ == "PRON" or low in PRONOUNS_PERSON | PRONOUNS_PLURAL | PRONOUNS_THING | PRONOUNS_FIRST:
        if depth > 1 or is_expletive(h):
            return None
        r = resolve_pronoun(ctx, h, depth)
        if r is None:
            if low in PRONOUNS_FIRST:
                return None
            return Resolution([], (h.idx, h.idx + len(h.text)), None, pos=h.idx, kind="unresolved")
        # the pronoun is the mention nearest the word; the name is the antecedent's
        return Resolution(list(r.names), (h.idx, h.idx + len(h.text)), r.label, pos=r.pos, kind=r.kind)
    m = ctx.mention_of_token(h)
    if m is not None and m.label in GOOD_LABELS + ("OTHER",):
        if m.label == "GPE" and any(c.dep_ == "case" for c in h.children) and h.dep_ == "poss":
            return None
        return ctx.named(m, h.idx)
    lemma = h.lemma_.lower()
    kids = list(h.children)
    # "the report noted …": the outlet just named
    if lemma in REPORT_NOUNS:
        for c in kids:
            if c.dep_ in ("compound", "nmod", "appos"):
                mc = ctx.mention_of_token(c)
                if mc is not None and mc.label in ("ORG", "PERSON", "OTHER"):
                    return ctx.named(mc, h.idx, label="ORG" if mc.label == "OTHER" else mc.label)
        if any(c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in kids):
            for w in reversed(ctx.history):
                if w.label == "ORG" and w.kind == "named" and 0 <= h.idx - w.pos < 2500:
                    return Resolution(list(w.names), phrase_span(h), w.label, pos=h.idx)
            for mb in ctx.mentions_before(h.idx, labels=("ORG",), limit=1500):
                return ctx.named(mb, h.idx, span=phrase_span(h), label="ORG")
    # "the Russian President", "Russia's leader", "his Chinese counterpart", "the first lady"
    if lemma in ROLE_NOUNS or low in ROLE_NOUNS or N.is_title(low):
        r = resolve_role(ctx, h)
        if r is not None:
            return r
    # a name inside the phrase: "the state-run X newspaper"
    for c in kids:
        if c.dep_ in ("compound", "appos", "nmod"):
            mc = ctx.mention_of_token(c)
            if mc is not None and mc.label in ("PERSON", "ORG"):
                return ctx.named(mc, h.idx)
    # "X's office said", "a spokesperson for X said"
    if lemma in INSTITUTION_NOUNS or low in INSTITUTION_NOUNS:
        for c in kids:
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at"):
                for o in c.children:
                    mo = ctx.mention_of_token(o) if o.dep_ == "pobj" else None
                    if mo is not None and mo.label in ("ORG", "GPE", "PERSON"):
                        return ctx.named(mo, h.idx, label="ORG" if mo.label == "GPE" else mo.label)
        for c in kids:
            if c.dep_ == "poss":
                mc = ctx.mention_of_token(c)
                if mc is not None and not getattr(mc, "ambiguous", False):
                    rest = ctx.text[c.idx + len(c.text) : h.idx + len(h.text)]
                    rest = re.sub(r"^\s*['’]s?\s*", "", rest)
                    return Resolution([f"{mc.canonical}'s {rest}"], (mc.start, mc.end), "ORG", pos=h.idx,
                                      kind="description")
    if h.pos_ == "NUM" or (h.pos_ == "ADJ" and low in _QUANTITY_HEADS):
        # a share of a group: "Nine in 10 voters say …", "Nearly half said …", "more than 4 in 10 said …"
        toks = [t for t in h.subtree if not t.is_space]
        if 2 <= len(toks) <= 12 and any(t.pos_ in ("NOUN", "PROPN") for t in toks):
            s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            return Resolution([" ".join(ctx.text[s:e].split())], (s, e), None, pos=h.idx, kind="description")
        return None
    if h.pos_ not in ("NOUN", "PROPN"):
        return None
    # a description: "Experts", "Russian officials", "a campaign source"
    left = [c for c in h.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "case", "advmod", "quantmod")]
    a = min([c.left_edge.idx for c in left] + [h.idx]) if left else h.idx
    # a title after its noun: "attorneys general" (not "sources close to …", "a person familiar with …")
    after = next((c for c in h.rights if c.i == h.i + 1 and c.dep_ == "amod" and N.is_title(c.text)), None)
    toks = ctx.tokens_in(a, (after or h).idx + len((after or h).text))
    while toks and toks[0].lower_ in DETERMINERS:
        toks = toks[1:]
    if not toks:
        return None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    phrase = " ".join(ctx.text[s:e].split()).replace("’", "'")
    if len(toks) <= 3 and all(t.pos_ == "PROPN" and t.is_title for t in toks):
        # a name the recogniser missed ("Hale said"): fusion links it, or leaves it unresolved
        return Resolution([N.clean_name(phrase, "PERSON")], (s, e), None, pos=h.idx, kind="named")
    return Resolution([phrase], (s, e), None, pos=h.idx, kind="description")


_QUANTITY_HEADS = frozenset({"half", "most", "many", "some", "few"})


def resolve_role(ctx: Resolver, h) -> Optional[Resolution]:
    """A role description ("the Russian President", "his Chinese counterpart", "the first lady")
    to the one person the document gives that role; None when it gives it to nobody or to two."""
    if h.tag_ in ("NNS", "NNPS"):
        return None  # "the leaders": a group, not one person
    head = h.lower_ if h.lower_ in ROLE_NOUNS else h.lemma_.lower()
    nat, qualifiers = None, []
    for c in h.children:
        if c.i > h.i or c.dep_ not in ("amod", "poss", "compound", "nmod"):
            continue
        if c.lower_ in _ROLE_QUALIFIERS:
            qualifiers.append(c.lower_)
        elif c.ent_type_ in ("NORP", "GPE") or c.text[:1].isupper():
            nat = N.nationality_key(c.text) or N.fold(c.text)
    role = tuple(sorted(qualifiers)) + (head,)
    scores: dict[str, float] = {}
    for canonical, rnat, rrole, m in ctx.roles:
        if nat is not None and rnat != nat:
            continue
        rkey = tuple(sorted(w for w in rrole[:-1] if w in _ROLE_QUALIFIERS)) + rrole[-1:]
        if rkey == role:
            score = 3.0
        elif not qualifiers and head in LEADER_ROLES and rrole[-1] in LEADER_ROLES and nat is not None \
                and not set(rrole[:-1]) & {"vice", "deputy", "former", "assistant"}:
            score = 2.0  # "the Russian leader" for "Russian President X"
        else:
            continue
        scores[canonical] = max(scores.get(canonical, 0.0), score)
    if not scores:
        return None
    top = max(scores.values())
    best = [c for c, s in scores.items() if s == top]
    if len(best) != 1:
        return Resolution([], phrase_span(h), "PERSON", pos=h.idx, kind="unresolved")
    # the description itself ("the Russian President") is the mention nearest the word
    return Resolution([best[0]], phrase_span(h), "PERSON", pos=h.idx)


def phrase_span(h) -> Span:
    """The noun phrase headed by `h`, up to the head: "the vice president", "the report"."""
    a = min([c.left_edge.idx for c in h.lefts] + [h.idx])
    return (a, h.idx + len(h.text))


# Verbs whose "it" subject may stand for nothing: "it seems unlikely that …", "it is clear that …".
_EXTRAPOSING = frozenset({"be", "seem", "appear", "remain", "become", "look", "sound"})


def is_expletive(tok) -> bool:
    """An "it" that stands for no one: the parser's expletive, or the subject of a copula or
    "seem" whose real subject is a that/whether clause after it ("it seems unlikely that …",
    "it is unclear whether …", "it is expected that …")."""
    if tok.lower_ != "it":
        return False
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or head.i < tok.i:
        return False
    holders = [head] + [c for c in head.children if c.dep_ in ("acomp", "oprd", "attr")]  # "unlikely", "unclear"
    clause = any(c.i > head.i and c.dep_ in ("ccomp", "csubj", "advcl")
                 and any(g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") for g in c.children)
                 for holder in holders for c in holder.children)
    if not clause:
        return False
    return tok.dep_ == "nsubjpass" or head.lemma_.lower() in _EXTRAPOSING


def resolve_pronoun(ctx: Resolver, tok, depth: int = 0) -> Optional[Resolution]:
    """A third-person pronoun to the nearest compatible antecedent: a person for he/she (of the
    pronoun's gender when the document shows one), an organisation or country for "it", a group
    or several names for "they"."""
    low = tok.lower_
    if low in PRONOUNS_FIRST:
        return None
    if low in PRONOUNS_PERSON or low in PRONOUN_GENDER:
        gender = PRONOUN_GENDER.get(low)

        def fits(w: Resolution) -> bool:
            return (w.label == "PERSON" and len(w.names) == 1 and w.kind == "named"
                    and ctx.gender.get(w.names[0], gender) == gender)
        labels = ("PERSON",)
    elif low in PRONOUNS_THING:
        def fits(w: Resolution) -> bool:
            return w.label in ("ORG", "GPE", "NORP") and len(w.names) == 1 and w.kind == "named"
        labels = ("ORG", "GPE")
    elif low in PRONOUNS_PLURAL:
        def fits(w: Resolution) -> bool:
            return w.kind != "unresolved" and (len(w.names) > 1 or w.label in ("ORG", "GPE", "NORP") or w.label is None)
        labels = None
    else:
        return None
    para = ctx.para_of(tok.idx)
    # 1. a subject earlier in the same sentence: "X had …, yet it has maintained that …"
    for t in reversed(list(tok.sent[: tok.i - tok.sent.start])):
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON":
            w = resolve_np(ctx, t, tok.idx, depth + 1)
            if w is not None and fits(w):
                return w
    # 2. the speaker of the last quote shortly before
    for w in reversed(ctx.history):
        if w.pos < tok.idx and tok.idx - w.pos < 600 and para - ctx.para_of(w.pos) <= 1:
            if fits(w):
                return Resolution(list(w.names), w.span, w.label, pos=tok.idx)
            break
    # 3. the subject of the previous sentence
    start = tok.sent.start
    if start > 0:
        prev = ctx.sdoc[start - 1].sent
        subjects = [t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON"]
        subjects.sort(key=lambda t: (t.head.dep_ != "ROOT", t.i))
        for t in subjects:
            w = resolve_np(ctx, t, tok.idx, depth + 1)
            if w is not None and fits(w):
                return w
    # 4. the nearest fitting name before
    if labels is not None:
        for m in ctx.mentions_before(tok.idx, labels=labels, limit=1500):
            if ctx.in_dateline(m.start):
                continue
            w = ctx.named(m, tok.idx)
            if fits(w):
                return w
            if w.kind == "unresolved":
                return None  # the nearest candidate is itself undecided: so is the pronoun
    return None
