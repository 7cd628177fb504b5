"""Named-entity mentions of one document: found by spaCy, tidied to the name itself, and resolved
to the document's own full name by `extract.resolve` ("Mr. Trump" → the Trump the document
names with "Mr."; "AMD" → "Advanced Micro Devices" when the document spells it out).

Tidying matters as much as finding: headlines in title case make the recogniser run a name on
into the verbs around it ("Ellen DeGeneres Returns", "Obama To Nominate Regina Benjamin"), so a
mention inside a headline is cut to the longest part of it the document names elsewhere. Names
the recogniser tagged once are found again where it missed them (the same words, the same case, or
in capitals where a sentence opens: "FELIPE MASSA didn't …").
"""
from __future__ import annotations

import re
from collections import Counter

from .. import names as N
from ..names import clean_name, fold, is_title
from ..records import EntityMention
from ._quote_lexicon import INSTITUTION_NOUNS
from .parsed import doc_text
from .resolve import RawName, resolve_names

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
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
# A name propagated by string search must look like one: capitalised, or an acronym.
_CAPITALISED = re.compile(r"^[A-Z0-9]")


def find_mentions(doc_id: str, sdoc) -> list[EntityMention]:
    """Entity mentions of a parsed document, each with its document-level canonical name (or
    marked ambiguous when the document's cast leaves a short name undecided)."""
    text = doc_text(sdoc)
    raw = [r for r in (_from_entity(ent, text) for ent in sdoc.ents if ent.label_ in LABELS) if r]
    raw = _trim_headlines(raw, sdoc)
    raw = _split_joined_names(raw, text)
    raw = _split_run_on_organisations(raw, text)
    raw = [_grown_to_organisation(r, sdoc) for r in raw]
    raw += [_grown_to_organisation(r, sdoc) for r in _found_again(raw, sdoc)]
    raw = [_with_first_name(r, sdoc) for r in raw]
    raw.sort(key=lambda r: (r.start, r.end))
    return [
        EntityMention(doc=doc_id, start=r.start, end=r.end, surface=text[r.start:r.end], label=r.label,
                      canonical=r.canonical, ambiguous=r.ambiguous)
        for r in resolve_names(raw, sdoc)
    ]


def _from_entity(ent, text: str):
    label = LABELS[ent.label_]
    name = clean_name(ent.text, label)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    if name[0].isalpha() and not any(ch.isupper() for ch in name):
        return None  # "marijuana", "the attorney": a name is written with a capital ("eBay", "76ers" aside)
    start = text.find(name, ent.start_char, ent.end_char + 1)
    if start < 0:  # the name was rewritten (spacing): keep the recogniser's span
        start, end = ent.start_char, ent.end_char
    else:
        end = start + len(name)
    if label in ("PERSON", "ORG"):  # "star Matt Smith", "startup SeaMicro": a lower-case word starts no name
        while True:
            first = _NAME_WORD.match(text, start)
            if not first or first.group()[0].isupper() or first.end() >= end or _is_particle(first.group()):
                break
            start = _skip_space(text, first.end(), end)
        name = clean_name(text[start:end], label)
    titles = _titles_before(ent.doc, ent.start, text, ent.start_char, start)
    return RawName(start, end, name, label, titles=tuple(titles))


def _with_first_name(r, sdoc):
    """A surname the recogniser tagged without the capitalised word before it ("Eleanor Hale" at a
    line's start, tagged "Hale"): that word is its first name when it is usually one."""
    if r.label != "PERSON" or len(r.name.split()) != 1:
        return r
    span = sdoc.char_span(r.start, r.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return r
    prev = sdoc[span.start - 1]
    if prev.is_title and prev.pos_ == "PROPN" and not prev.is_stop and not is_title(prev.text) \
            and prev.ent_type_ in ("", "PERSON") and N.first_name_gender(prev.text):
        return RawName(prev.idx, r.end, f"{prev.text} {r.name}", "PERSON",
                       titles=_titles_before(sdoc, prev.i, doc_text(sdoc), prev.idx, prev.idx))
    return r


# A name's word that starts with digits and ends in letters ("76ers"), not an ordinal or a unit.
_DIGIT_LED_NAME = re.compile(r"[ \t]+(?=\d+[a-z]{2,}\b)(?!\d+(?:st|nd|rd|th|km|kg|mm|cm|mg|ml|mph|am|pm|ft|lb|lbs|yr|yrs|gb|mb|hz)\b)\d+[a-z]+\b")
_POLICE_AFTER = re.compile(r"[ \t]+[Pp]olice(?:[ \t]+(?:Department|Dept\.?|Force|Service))?\b")
# "the Bush administration": a person's name naming the body that person leads
_LED_BODIES = frozenset({"administration", "team", "campaign", "government", "cabinet", "camp"})
_ONE_ADMINISTRATION = frozenset({"administration", "team", "government"})


def _grown_to_organisation(r, sdoc):
    """A place or person that only qualifies the name of something else: "Indianapolis Colts",
    "New York Police", "the Bush administration" are organisations, not the city or the man."""
    if r.label not in ("GPE", "LOC", "NORP", "PERSON", "ORG"):
        return r
    police = _POLICE_AFTER.match(doc_text(sdoc), r.end) if r.label in ("GPE", "ORG") and not N.country_name(r.name) else None
    if police:  # "Staunton police said": the town's police force, as "Staunton Police Department"
        end = police.end()
        return RawName(r.start, end, clean_name(f"{r.name} {doc_text(sdoc)[r.end:end].strip().title()}", "ORG"), "ORG",
                       titles=r.titles, place=r.name)
    if r.label == "ORG":
        return r
    digit_led = _DIGIT_LED_NAME.match(doc_text(sdoc), r.end) if r.label in ("GPE", "LOC") else None
    if digit_led:  # "Philadelphia 76ers": the recogniser takes the word for a number and parses it anyhow
        end = digit_led.end()
        return RawName(r.start, end, clean_name(doc_text(sdoc)[r.start:end], "ORG"), "ORG", titles=r.titles, place=r.name)
    if r.found_again:
        return r
    span = sdoc.char_span(r.start, r.end, alignment_mode="expand")
    if span is None or span[-1].dep_ != "compound" or span[-1].head.i <= span[-1].i:
        return r
    head = span[-1].head
    between = sdoc[span[-1].i + 1:head.i]
    if any(t.dep_ != "compound" or not t.is_title for t in between) or head.ent_type_ == "PERSON":
        return r
    if r.label == "PERSON":
        if head.lower_ not in _LED_BODIES or between:
            return r
        # "the Obama team", "the Obama government": the administration that person heads
        body = "administration" if head.lower_ in _ONE_ADMINISTRATION else head.lower_
        return RawName(r.start, head.idx + len(head.text), f"{r.name} {head.lower_}", "ORG",
                       canonical=f"{r.name} {body}")
    named = head.is_title and head.pos_ == "PROPN" or head.text[:1].isdigit() and head.text[-1:].isalpha()  # "76ers"
    if not named or head.dep_ == "compound" and head.head.ent_type_ == "PERSON":
        return r  # "Brooklyn Councilman Jumaane Williams": a title before a name
    end = head.idx + len(head.text)
    return RawName(r.start, end, clean_name(doc_text(sdoc)[r.start:end], "ORG"), "ORG", titles=r.titles,
                   place=r.name if r.label in ("GPE", "LOC") else None)


# Lower-case words a name may hold inside ("Gulf of Aden", "Bank of America", "Charles de Gaulle").
_INNER_LOWER = frozenset({"of", "and", "for", "the", "on", "upon", "de", "du", "des", "la", "le", "les", "van",
                          "von", "der", "den", "da", "di", "del", "della", "y", "al", "el", "bin", "ibn", "&"})


def _split_joined_names(raw: list, text: str) -> list:
    """Two names the recogniser ran together: around a verb ("Dell resells SeaMicro": Dell and
    SeaMicro), or joined by a hyphen when the document names each part on its own
    ("AMD-SeaMicro": AMD and SeaMicro; "Hewlett-Packard" stays whole)."""
    known = {fold(r.name) for r in raw}
    out = []
    for r in raw:
        words = list(re.finditer(r"[^\s]+", text[r.start:r.end]))
        lower = [w for w in words[1:-1] if w.group()[0].islower() and w.group().lower() not in _INNER_LOWER]
        parts = []
        if r.label in ("ORG", "OTHER", "PERSON", "GPE", "LOC") and lower:
            cuts = [0] + [p for w in lower for p in (w.start(), w.end())] + [r.end - r.start]
            parts = [(r.start + a, r.start + b) for a, b in zip(cuts[::2], cuts[1::2])]
        elif r.label in ("ORG", "OTHER") and len(words) == 3 and words[1].group() in ("&", "and") \
                and words[0].group() != words[2].group() \
                and all(N.is_acronym(w.group()) or fold(w.group()) in known for w in (words[0], words[2])):
            parts = [(r.start + words[0].start(), r.start + words[0].end()),
                     (r.start + words[2].start(), r.start + words[2].end())]  # "FBI & DOJ"
        elif r.label in ("ORG", "OTHER") and len(words) == 1 and "-" in r.name:
            halves = r.name.split("-")
            if len(halves) == 2 and all(len(h) > 1 and fold(h) in known for h in halves):
                at = r.start + text[r.start:r.end].index("-")
                parts = [(r.start, at), (at + 1, r.end)]
        pieces = []
        for a, b in parts:
            while a < b and not text[a].isalnum():
                a += 1
            while b > a and not text[b - 1].isalnum():
                b -= 1
            name = clean_name(text[a:b], r.label)
            if name and name[0].isupper() and text.find(name, a, b + 1) >= 0:
                a = text.find(name, a, b + 1)
                pieces.append(RawName(a, a + len(name), name, r.label, titles=r.titles))
        out.extend(pieces or [r])
    return out


def _split_run_on_organisations(raw: list, text: str) -> list:
    """An organisation the recogniser ran on into a person ("Colts QB Andrew Luck", "Chiefs NT
    Jamal Williams"): the organisation up to the title, and the person after it. Cut where a
    title or a short abbreviation is followed by a first name and a surname, or where the start
    is a name the document uses on its own and a title or first name follows."""
    known = {N.fold(r.name) for r in raw}
    out = []
    for r in raw:
        words = list(_NAME_WORD.finditer(text, r.start, r.end)) if r.label in ("ORG", "OTHER") else []
        cut = None
        for k in range(len(words) - 1, 0, -1):
            head = text[words[0].start():words[k - 1].end()]
            rest = [w.group() for w in words[k:]]
            titled = is_title(rest[0]) or N.is_acronym(rest[0]) and len(rest[0]) <= 3
            titled = titled and rest[-1].lower() not in INSTITUTION_NOUNS  # "U.S. Justice Department" is one body
            person = titled and len(rest) >= 3 and N.first_name_gender(rest[1]) and rest[-1][:1].isupper()
            if person or N.fold(head) in known and (titled and len(rest) > 1 or N.first_name_gender(rest[0])):
                cut = (words[0].start(), words[k - 1].end(), head, words[k + 1] if person else None)
                break
        if cut is None:
            out.append(r)
            continue
        out.append(RawName(cut[0], cut[1], cut[2], r.label, titles=r.titles))
        if cut[3] is not None:
            name_start = cut[3].start()
            out.append(RawName(name_start, r.end, clean_name(text[name_start:r.end], "PERSON"), "PERSON",
                               titles=(N.fold(text[words[0].start():name_start].split()[-1]),)))
    return out


def _is_particle(word: str) -> bool:
    from nameparser.config import CONSTANTS

    return word.lower() in CONSTANTS.prefixes


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _titles_before(sdoc, token_index: int, text: str, ent_start: int, name_start: int) -> list[str]:
    """The title words of a mention: those inside the recogniser's span before the name ("Mrs."
    of "Mrs. Clinton") and up to three just before it ("President" of "President Trump")."""
    inside = [w for w in text[ent_start:name_start].split() if is_title(w)]
    before = []
    i = token_index - 1
    while i >= 0 and token_index - i <= 3:
        word = sdoc[i].text
        if not is_title(word):
            break
        before.insert(0, word)
        i -= 1
    return [fold(w) for w in before + inside]


# --------------------------------------------------------------------------- headlines

def _line_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _is_headline(line: str) -> bool:
    """A line in title case ("Obama To Nominate Regina Benjamin As Surgeon General")."""
    words = [w for w in _NAME_WORD.findall(line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words) and not line.rstrip().endswith(".")


def _trim_headlines(raw: list, sdoc) -> list:
    """Mentions inside a title-case line, cut to the longest run of their words that the document
    names outside headlines; when no part of them is named elsewhere, kept whole unless a verb
    or preposition shows the recogniser ran on into the headline ("Teen Arrested")."""
    text = doc_text(sdoc)
    in_headline = {}
    for r in raw:
        a, b = _line_of(text, r.start)
        in_headline[id(r)] = _is_headline(text[a:b])
    known = {fold(r.name) for r in raw if not in_headline[id(r)]}
    out = []
    for r in raw:
        if not in_headline[id(r)] or fold(r.name) in known:
            out.append(r)
            continue
        words = list(_NAME_WORD.finditer(text, r.start, r.end))
        best = None
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                s, e = words[i].start(), words[j - 1].end()
                piece = clean_name(text[s:e], r.label)
                if fold(piece) in known and (best is None or e - s > best[1] - best[0]):
                    best = (s, e, piece)
        if best:
            out.append(RawName(best[0], best[1], best[2], r.label, titles=r.titles))
        elif not _runs_into_a_clause(sdoc, r):
            out.append(r)
    return out


def _runs_into_a_clause(sdoc, r) -> bool:
    span = sdoc.char_span(r.start, r.end, alignment_mode="expand")
    return span is not None and len(span) > 1 and any(t.pos_ in ("VERB", "AUX", "ADP") for t in span[1:])


# --------------------------------------------------------------------------- found again

def _found_again(raw: list, sdoc) -> list:
    """The document's names where the recogniser missed them: the same words, same case (or in
    capitals where a sentence opens), at word boundaries, outside any mention, labelled as the name
    mostly is."""
    labels: dict[str, Counter] = {}
    for r in raw:
        if len(r.name) > 2 and _CAPITALISED.match(r.name):
            labels.setdefault(r.name, Counter())[r.label] += 1
    for r in raw:  # the surname of a person named in full ("Hale" after "Richard Hale")
        words = r.name.split()
        if r.label == "PERSON" and len(words) > 1 and len(words[-1]) > 2 and _CAPITALISED.match(words[-1]):
            labels.setdefault(words[-1], Counter())["PERSON"] += 1
    if not labels:
        return []
    taken = sorted((r.start, r.end) for r in raw)
    found = _search({n: n for n in labels}, labels, taken, sdoc, _in_sentence)
    # a name spelt in capitals where a sentence opens, the newspaper style of an article's first
    # words ("FELIPE MASSA didn't have …", "TOBLERONE have faced …"), which the recogniser does not
    # take for a name; acronyms are found above, case and all
    spelt = {n.upper(): n for n in labels if n.upper() != n}
    return found + _search(spelt, labels, taken, sdoc, _opens_sentence)


def _search(forms: dict, labels: dict, taken: list, sdoc, where) -> list:
    """Each of `forms` (the words as written → the name they spell) at word boundaries, outside the
    spans `taken` (extended with each find), where `where(sdoc, start)` holds; labelled as the name
    mostly is."""
    if not forms:
        return []
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(n) for n in sorted(forms, key=len, reverse=True))
                         + r")(?![\w-]|['’]\w\w)")
    found = []
    for match in pattern.finditer(doc_text(sdoc)):
        s, e = match.span()
        if any(a < e and s < b for a, b in taken) or not where(sdoc, s):
            continue
        name = forms[match.group()]
        first = sdoc.char_span(s, e, alignment_mode="expand")[0]
        found.append(RawName(s, e, name, labels[name].most_common(1)[0][0],
                             titles=tuple(_titles_before(sdoc, first.i, doc_text(sdoc), s, s)), found_again=True))
        taken.append((s, e))
    return found


_SPEAKER_LABEL = re.compile(r"[A-Z][A-Z'’. -]*:")


def _opens_sentence(sdoc, pos: int) -> bool:
    """The word at `pos` is the first word of its sentence (after an opening quote or bracket), and
    not a transcript's speaker label ("LOPEZ: Thank you …"), which the quote extractor reads."""
    span = sdoc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None or span[0].is_space or _SPEAKER_LABEL.match(doc_text(sdoc), pos):
        return False
    tok = span[0]
    return all(t.is_punct or t.is_space for t in tok.doc[tok.sent.start:tok.i])


def _in_sentence(sdoc, pos: int) -> bool:
    """Parsed text only (junk outside the article body is masked to spaces before parsing)."""
    span = sdoc.char_span(pos, pos + 1, alignment_mode="expand")
    return span is not None and not span[0].is_space
