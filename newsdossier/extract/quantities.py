"""Numbers that count, measure a length of time or give an age, found in the parse.

Amounts of money, percentages and numbers with a scale word ("$5.7 billion", "56 percent", "1.6
million") are found by extract/claims.py's regular expression; this module finds the rest, each as
a `Spotted` number with the tokens it is written with (the claim's frame is read from them):

- counts: a number modifying a noun ("800,000 federal employees", "three Texas landowners", "the
  half-dozen Republican senators") or taking one with "of" ("31 of those prior emergencies");
- hyphenated measures ("a 48-page indictment", "a five-term congressman", "a two-year investigation");
- lengths of time that are themselves reported ("for 35 days", "up to five years in prison", "about
  50 minutes"), not those that place something in time ("two years prior", "in two weeks", "his
  first two years");
- ranges ("46 to 57 months"): one number with an upper bound;
- ages ("Mr. Cantor, 51, …", "the 49-year-old", "at the age of 30"), with the person when named.

"one" is left out: it is an article or a pronoun far more often than a count ("one of the most",
"at one point", "one way or the other").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
         "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12}
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
MAX_AGE = 120  # a larger number after a name ("Room 101") is not an age
NOUN_AFTER = 3  # a counted noun at most three tokens after its number: "800,000 federal employees"
PLACING_WINDOW = 30  # characters before a length searched for a word placing it in time ("in the first two …")
# words around a length of time that make it a place in time, not a reported length
_PLACING_BEFORE = re.compile(r"(?:\b(?:in|within|after|before|first|last|past|next|previous|coming|recent|"
                             r"later|earlier|every|each|those|these|the)\s+)$", re.I)
_PLACING_AFTER = re.compile(r"^\s*(?:ago|later|earlier|after|before|from\s+now|prior|old|since|"
                            r"into|of\s+(?:his|her|their|its|the))\b", re.I)
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_WORD = "|".join(sorted(WORDS, key=len, reverse=True))
_RE_HYPHENATED = re.compile(rf"\b(?P<n>{_NUMBER}|{_WORD}|half)-(?P<unit>[a-z]+)(?P<old>-old)?\b", re.I)
_RE_RANGE = re.compile(rf"\b(?P<a>{_NUMBER}|{_WORD})\s+(?:to|-|–)\s+(?P<b>{_NUMBER}|{_WORD})\s+(?P<unit>[a-z]+)\b", re.I)
_RE_AGE_OF = re.compile(r"\bat\s+the\s+age\s+of\s+(?P<n>\d{1,3})\b", re.I)
_RE_YEARLIKE = re.compile(r"^(?:1[5-9]|20)\d\d$")


@dataclass
class Spotted:
    start: int  # the number as written, with its unit for a length or an age ("35 days", "48-page")
    end: int
    number: float
    unit: str  # the counted noun's lemma, a unit of time, "page", "year" (age) …
    tokens: list  # the number's tokens, for its frame
    high: Optional[float] = None  # upper bound of a range
    thing: list = field(default_factory=list)  # lemmas of the measured thing when the form says it
    subject: Optional[str] = None  # the person an age is of, when the form names them
    kind: str = "count"  # count, length, age, measure (hyphenated)


def value(text: str) -> Optional[float]:
    """'800,000' → 800000; 'five' → 5; 'five dozen' → 60; 'half-dozen' → 6; other words → None."""
    words = text.lower().replace("-", " ").split()
    if not words:
        return None
    if len(words) == 1:
        w = words[0]
        if re.fullmatch(_NUMBER, w):
            return float(w.replace(",", ""))
        return float(WORDS[w]) if w in WORDS else None
    if words[-1] == "dozen" and len(words) == 2:
        first = 0.5 if words[0] == "half" else value(words[0])
        return first * 12 if first else None
    return None


def spot(text: str, sdoc, mentions, taken: list[tuple[int, int]]) -> list[Spotted]:
    """Counts, hyphenated measures, lengths of time, ranges and ages not inside `taken` spans."""
    found: list[Spotted] = []
    busy = list(taken)

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in busy)

    def add(s: Spotted) -> None:
        if free(s.start, s.end):
            found.append(s)
            busy.append((s.start, s.end))

    for s in _ages(text, sdoc, mentions):
        add(s)
    for s in _ranges(text, sdoc):
        add(s)
    for s in _hyphenated(text, sdoc):
        add(s)
    for s in _lengths(text, sdoc):
        add(s)
    for s in _counts(sdoc):
        add(s)
    return sorted(found, key=lambda s: s.start)


def span_tokens(sdoc, start: int, end: int) -> list:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _ages(text, sdoc, mentions) -> list[Spotted]:
    found = []
    for m in mentions:  # "Mr. Cantor, 51, who …"
        if m.label != "PERSON":
            continue
        hit = re.match(r", (\d{1,3}),", text[m.end:m.end + 6])
        if hit and 0 < int(hit.group(1)) <= MAX_AGE:
            start = m.end + 2
            found.append(Spotted(start, start + len(hit.group(1)), float(hit.group(1)), "year",
                                 span_tokens(sdoc, start, start + len(hit.group(1))), thing=["age"],
                                 subject=m.canonical, kind="age"))
    for hit in _RE_AGE_OF.finditer(text):
        if 0 < int(hit.group("n")) <= MAX_AGE:
            found.append(Spotted(hit.start("n"), hit.end("n"), float(hit.group("n")), "year",
                                 span_tokens(sdoc, hit.start("n"), hit.end("n")), thing=["age"], kind="age"))
    return found


def _ranges(text, sdoc) -> list[Spotted]:
    found = []
    for hit in _RE_RANGE.finditer(text):
        a, b = value(hit.group("a")), value(hit.group("b"))
        if a is None or b is None or not a < b or _RE_YEARLIKE.match(hit.group("a")):
            continue
        if text[max(0, hit.start() - 1):hit.start()] in ("$", "€", "£"):
            continue
        unit_tokens = span_tokens(sdoc, hit.start("unit"), hit.end("unit"))
        if not unit_tokens or unit_tokens[0].pos_ != "NOUN":
            continue
        unit = unit_tokens[0].lemma_.lower()
        found.append(Spotted(hit.start(), hit.end(), a, unit, span_tokens(sdoc, hit.start("b"), hit.end("unit")), high=b,
                             kind="length" if unit in TIME_UNITS else "count"))
    return found


def _hyphenated(text, sdoc) -> list[Spotted]:
    found = []
    for hit in _RE_HYPHENATED.finditer(text):
        n_text, unit = hit.group("n"), hit.group("unit").lower()
        if unit == "dozen":  # "the half-dozen Republican senators": a count of the noun
            number = value(f"{n_text} dozen")
            tokens = span_tokens(sdoc, hit.start(), hit.end())
            noun = tokens[-1].head if tokens else None
            if number and noun is not None and noun.pos_ == "NOUN":
                found.append(Spotted(hit.start(), hit.end(), number, noun.lemma_.lower(), tokens))
            continue
        number = value(n_text)
        if number is None or n_text.lower() == "half" or unit in ("thirds", "third", "half", "quarter", "quarters"):
            continue
        tokens = span_tokens(sdoc, hit.start(), hit.end())
        unit_token = next((t for t in tokens if t.lower_ == unit), None)
        if unit_token is None or unit_token.pos_ not in ("NOUN", "PROPN") and not hit.group("old"):
            continue
        if hit.group("old"):
            if unit != "year" or number > MAX_AGE:
                continue
            modified = tokens[-1].head if tokens[-1].head.i not in {t.i for t in tokens} else None
            thing = ["age"]
            if modified is not None and modified.pos_ == "NOUN":
                thing.append(modified.lemma_.lower())  # "an 11-year-old daughter": the daughter's age
            found.append(Spotted(hit.start(), hit.end(), number, "year", tokens, thing=thing, kind="age"))
            continue
        modified = unit_token.head if unit_token.head.i != unit_token.i else None
        thing = [unit_token.lemma_.lower()]
        if modified is not None and modified.pos_ == "NOUN" and modified.i > unit_token.i:
            thing.append(modified.lemma_.lower())  # "48-page indictment" → page · indictment
        found.append(Spotted(hit.start(), hit.end(), number, unit_token.lemma_.lower(), tokens, thing=thing,
                             kind="measure"))
    return found


def _lengths(text, sdoc) -> list[Spotted]:
    """'for 35 days', 'up to five years in prison', 'about 50 minutes': a number of time units the
    sentence reports as a length, not as a place in time."""
    found = []
    for tok in sdoc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in TIME_UNITS:
            continue
        nums = [c for c in tok.children if c.dep_ == "nummod" and c.i < tok.i]
        if not nums:
            continue
        num = nums[-1]
        number = value(num.text)
        if number is None or num.lower_ == "one":
            continue
        start, end = num.idx, tok.idx + len(tok)
        before = text[max(0, start - PLACING_WINDOW):start]
        if _PLACING_BEFORE.search(before) or _PLACING_AFTER.match(text[end:end + 20]):
            continue
        found.append(Spotted(start, end, number, tok.lemma_.lower(), [num, tok], kind="length"))
    return found


def _measured_subject(verb):
    """The plural subject of a verb stating an amount of it ("arrests fell to 400,000")."""
    from .claim_frame import MEASURE_VERBS

    if verb.pos_ != "VERB" or verb.lemma_.lower() not in MEASURE_VERBS:
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN" and c.tag_ == "NNS"]
    return subjects[0] if subjects else None


def _counts(sdoc) -> list[Spotted]:
    found = []
    for tok in sdoc:
        if not tok.like_num or tok.lower_ in ("one", "zero") or tok.ent_type_ in ("DATE", "TIME", "ORDINAL", "MONEY",
                                                                                   "PERCENT"):
            continue
        if _RE_YEARLIKE.match(tok.text) or not tok.text[:1].isalnum():
            continue
        number = value(tok.text)
        if number is None:
            continue
        noun = None
        if tok.dep_ == "nummod" and tok.head.i > tok.i and (tok.head.pos_ == "NOUN" or tok.head.tag_ == "NNPS"):
            noun = tok.head  # "800,000 federal employees"
        elif tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"):
            of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
            objs = [o for p in of for o in p.children if o.dep_ == "pobj" and o.pos_ == "NOUN" and o.tag_ == "NNS"]
            noun = objs[0] if objs else None  # "31 of those prior emergencies"
            if noun is None and tok.dep_ == "pobj" and tok.head.lower_ in ("to", "from", "at", "by"):
                noun = _measured_subject(tok.head.head)  # "apprehensions have fallen … to 400,000"
        if noun is None or noun.lemma_.lower() in TIME_UNITS:
            continue
        # "five dozen times": the scale word is part of the number
        tokens = [tok] + [c for c in tok.children if c.lower_ == "dozen"]
        if any(c.lower_ == "dozen" for c in tokens[1:]):
            number *= 12
        end = max(t.idx + len(t) for t in tokens)
        if 0 < noun.i - tok.i <= NOUN_AFTER:  # the counted noun right after, with its modifiers: "50,000 troops"
            end = max(end, noun.idx + len(noun))
        found.append(Spotted(tok.idx, end, number, noun.lemma_.lower(), tokens))
    return found
