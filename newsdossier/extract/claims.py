"""Claims in one document: checkable statements, normalised so that two outlets can be compared.

Three kinds, all cheap (regular expressions over the text plus the parse and stages already run):

- **quantities**: a number with its scale, unit and approximation ("some 20% of global GDP",
  "$200 billion or more", "2mn barrels a day", "more than 50,000 troops", "about half of our
  planet's population", "for 35 days", "a 48-page indictment", "Mr. Cantor, 51"). `number` is the
  full value (`number_high` a range's top), `unit` the currency (ISO code), "%", "share" (a
  fraction word), a unit of time or the counted noun's lemma ("barrel/day"). Each carries its frame
  from the parse (extract/claim_frame.py): the measured thing (`attribute`, "tariff · on steel"),
  the subject (`claim_subject`, one function) and `as_of`, the time the value refers to (the
  clause's own time expression, else the document's date).
- **one-off dated facts**: who joined what when, what was founded when. They come from the
  asserted JOIN / ESTABLISH event mentions that carry their own date (extract/events.py), from
  passive "were added / admitted" clauses naming states, and from markdown tables with a column of
  years whose header says what happened then ("| Member State | Year Joined |"). The value is the
  date; `as_of` is None.
- **whole member lists**: "X comprises A, B and C".
- `basis` tells what kind of evidence the claim rests on: a `statement` in running text, a
  `table` row or a `list`.

`source` is the speaker when the claim lies inside a quote (with the quote's id), else None (the
outlet, filled in by fusion).
"""
from __future__ import annotations

import re
from typing import Optional

from ..ids import span_id
from ..records import ClaimMention
from ..records import mentions_within as _mentions_in
from . import claim_frame as F
from . import dates as D
from . import quantities as Q
from .approximations import APPROX_AFTER, APPROX_BEFORE
from .parsed import doc_text
from .resolve import resolve_np, resolver_for

# ---- generic lexicons ---------------------------------------------------------------------------
SCALES = {"trillion": 1e12, "tn": 1e12, "trn": 1e12, "billion": 1e9, "bn": 1e9, "bln": 1e9, "million": 1e6,
          "mn": 1e6, "mln": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "hundred": 1e2}
CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
              "¥": "CNY", "yuan": "CNY", "rmb": "CNY", "₽": "RUB", "rubles": "RUB", "roubles": "RUB", "₹": "INR",
              "rupees": "INR", "euros": "EUR", "dollars": "USD", "pounds": "GBP"}
FRACTIONS = {"half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "two thirds": 2 / 3,
             "two-thirds": 2 / 3, "one-third": 1 / 3, "one-half": 0.5, "one-quarter": 0.25, "one-fifth": 0.2, "a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75,
             "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2}
COUNT_WORDS = {"a dozen": 12, "dozens": None, "a hundred": 100, "a thousand": 1000}
RATES = {"a day": "day", "per day": "day", "each day": "day", "daily": "day", "a year": "year", "per year": "year",
         "annually": "year", "a month": "month", "per month": "month", "a week": "week", "per week": "week"}
# attribute lemmas for one-off facts
JOINED = "joined"
FOUNDED = "founded"
# a table column of dates says what happened then: "Year Joined" → joined. Words that name the facts
# statements give (JOIN and ESTABLISH events) map onto their attributes so a row and a sentence compare;
# any other header keeps its own words ("| Company | Year Listed |" → "listed")
TABLE_ATTRIBUTES = {"join": JOINED, "joined": JOINED, "accession": JOINED, "member since": JOINED,
                    "admitted": JOINED, "admission": JOINED, "founded": FOUNDED, "established": FOUNDED,
                    "created": FOUNDED, "founding": FOUNDED, "foundation": FOUNDED}
_DATE_HEADER = re.compile(r"\b(?:year|date|since|when)\b", re.I)

_ALT = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CUR_SYM = r"US\$|\$|€|£|¥|₽|₹|USD\s?|EUR\s?|GBP\s?"
_RE_QUANTITY = re.compile(
    rf"(?:(?P<approx>\b(?:{_ALT(APPROX_BEFORE)}))\s+)?"
    rf"(?P<cur>{_CUR_SYM})?(?P<num>{_NUM})"
    rf"(?:[\s-]?(?P<scale>{_ALT(SCALES)})\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per\s+cent\b))?"
    rf"(?P<after>\s+(?:{_ALT(APPROX_AFTER)})\b)?",
    re.I,
)
_RE_WORDS = re.compile(
    rf"(?:(?P<approx>\b(?:{_ALT(APPROX_BEFORE)}))\s+)?\b(?P<word>{_ALT(list(FRACTIONS) + list(COUNT_WORDS))})\b"
    r"(?P<of>\s+of\b)?",
    re.I,
)
_RE_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_RE_TABLE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_RE_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _norm_approx(word: Optional[str]) -> Optional[str]:
    return " ".join(word.lower().split()) if word else None


def _in_body(body, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in body) if body else True


def _quote_at(quotes, doc_id: str, start: int, end: int):
    for q in quotes or []:
        if q.content[0] <= start and end <= q.content[1]:
            return q
    return None


def _sentence(sdoc, start: int):
    token = _token_at(sdoc, start)
    return token.sent if token is not None else None


def _token_at(sdoc, char: int):
    span = sdoc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None




def _unit_after(sdoc, end: int) -> tuple[Optional[str], int]:
    """The counted noun right after a number ("50,000 troops" → troop) and a rate ("a day")."""
    tok = _token_at(sdoc, end + 1) if end < len(doc_text(sdoc)) and doc_text(sdoc)[end:end + 1] == " " else None
    if tok is None or tok.pos_ not in ("NOUN", "PROPN") or tok.idx != end + 1:
        return None, end
    unit, stop = tok.lemma_.lower(), tok.idx + len(tok)
    rest = doc_text(sdoc)[stop:stop + 12].lower()
    for phrase, period in RATES.items():
        if rest.startswith(" " + phrase):
            return f"{unit}/{period}", stop + 1 + len(phrase)
    return unit, stop


APPROX_WINDOW = 25  # characters before a number searched for its approximation ("an estimated", "as many as")
_RE_APPROX_BEFORE = re.compile(rf"\b(?P<approx>{_ALT(APPROX_BEFORE)}|almost|nearly)\s+(?:a\s+|an\s+)?$", re.I)


def _quantities(doc_id, text, sdoc, mentions, quotes, body, ref) -> list[ClaimMention]:
    """Amounts, percentages and scaled numbers by the regular expression; counts, lengths of time,
    ranges and ages from the parse (extract/quantities.py)."""
    found, taken = [], []
    resolver = resolver_for(text, sdoc, mentions, body or [(0, len(text))])
    date_spans = [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ in ("DATE", "TIME", "ORDINAL")]
    for m in _RE_QUANTITY.finditer(text):
        start, end = m.start(), m.end()
        if not _in_body(body, start, end):
            continue
        before = text[max(0, m.start("num") - 2):m.start("num")]
        after = text[m.end():m.end() + 2]
        if re.search(r"[\d.,]$|[\dA-Za-z][-–]$|[A-Za-z]$", before) or re.match(r"[-–/:]\d|\d", after):
            continue  # part of a range, a code, a time or a word
        num = float(m.group("num").replace(",", ""))
        cur, scale, pct = m.group("cur"), m.group("scale"), m.group("pct")
        if not (cur or pct or scale):
            continue  # a bare number: a count, found from the parse
        if scale and scale.lower() == "m" and not cur:
            continue  # "5 m" is metres as often as millions
        unit, unit_end = None, end
        if cur:
            unit = CURRENCIES[cur.strip().lower()]
        elif pct:
            unit = "%"
        else:
            unit, unit_end = _unit_after(sdoc, end)
            if unit is None:
                unit = "count"
        if not (cur or pct or scale) and any(a <= m.start("num") < b for a, b in date_spans):
            continue
        number = num * SCALES[scale.lower()] if scale else num
        approx = _norm_approx(m.group("approx")) or _norm_approx(m.group("after"))
        value_end = max(end, unit_end)
        number_end = m.end("pct") if pct else m.end("scale") if scale else m.end("num")
        tokens = Q.span_tokens(sdoc, m.start("cur") if cur else m.start("num"), number_end)
        taken.append((start, value_end))
        found.append(_quantity(doc_id, text, resolver, quotes, ref, start, value_end, text[start:value_end].strip(),
                               number, unit, approx, tokens))
    for m in _RE_WORDS.finditer(text):
        start, end = m.start(), m.end()
        word = m.group("word").lower()
        if not _in_body(body, start, end) or any(a < end and start < b for a, b in taken):
            continue
        if word in FRACTIONS:
            if not m.group("of"):
                continue
            number, unit, stop = FRACTIONS[word], "share", end
        else:
            number = COUNT_WORDS[word]
            if number is None:
                continue
            unit, stop = _unit_after(sdoc, end)
            if unit is None:
                continue
        approx = _norm_approx(m.group("approx"))
        value = text[start:m.end("word")]
        taken.append((start, max(end, stop)))
        found.append(_quantity(doc_id, text, resolver, quotes, ref, start, max(end, stop), value, number, unit, approx,
                               Q.span_tokens(sdoc, m.start("word"), m.end("word"))))
    for s in Q.spot(text, sdoc, mentions, taken):
        if not _in_body(body, s.start, s.end):
            continue
        hit = _RE_APPROX_BEFORE.search(text, max(0, s.start - APPROX_WINDOW), s.start)
        approx = _norm_approx(hit.group("approx")) if hit else None
        start = hit.start() if hit else s.start
        found.append(_quantity(doc_id, text, resolver, quotes, ref, start, s.end, text[start:s.end], s.number, s.unit,
                               approx, s.tokens, spotted=s))
    return [c for c in found if c is not None]


_RE_DEFINITE = re.compile(r"\bthe\s+$", re.I)  # "repay the $84,000": the amount stated before


def _quantity(doc_id, text, resolver, quotes, ref, start, end, value, number, unit, approx, tokens, spotted=None):
    """One quantity claim with its frame: what it measures, whose it is, when (extract/claim_frame.py)."""
    number_token = F.anchor(tokens)
    if number_token is None:
        return None
    thing = F.measured_thing(number_token)
    lemmas = thing.words()
    if spotted is not None and (spotted.kind == "length" or spotted.high is not None):
        # a length of time: the unit is what is measured, the clause's verb says of what
        lemmas = [spotted.unit] + [("verb " + w if k == 0 and thing.verb else w)
                                   for k, w in enumerate(lemmas) if w != spotted.unit]
    if spotted is not None and spotted.thing:
        lemmas = spotted.thing + [w for w in lemmas if w not in spotted.thing] if spotted.kind != "age" else spotted.thing
    subject = spotted.subject if spotted is not None and spotted.subject else \
        claim_subject(number_token, thing, resolver)
    as_of, basis = F.time(number_token, thing, ref)
    claim = ClaimMention(doc=doc_id, span=(start, end), subject=subject,
                         attribute=display(lemmas[:5]) if lemmas else None, value=value,
                         number=number, unit=unit, approx=approx, as_of=_iso(as_of), as_of_basis=basis,
                         kind="quantity", basis="statement", number_high=spotted.high if spotted else None,
                         measured=lemmas[:6], measured_text=" ".join(lemmas[:5]) if spotted is not None and spotted.thing
                         or not (thing.head is not None or thing.modifiers) else thing.text(),
                         measured_verb=thing.verb and not (spotted is not None and spotted.thing),
                         definite=bool(_RE_DEFINITE.search(text, max(0, start - len("the ") - 1), start)))
    _attach_quote(claim, quotes)
    return claim


def display(words: list[str]) -> str:
    """The measured thing as shown: "tariff · on steel", the parse's own roles (adj, obj, verb) left out."""
    return " · ".join(re.sub(r"^(?:adj|obj|verb) ", "", w) for w in words)


def claim_subject(number_token, thing, resolver) -> Optional[str]:
    """Whose quantity a number is: the word the frame points at (extract/claim_frame.py `owner`) as
    the document's mention resolver reads it (extract/resolve.py: a name, a pronoun, a role) — one
    person, organisation or place; a group ("Republicans"), two owners or no answer give None."""
    token = F.owner(number_token, thing)
    if token is None:
        return None
    found = resolve_np(resolver, token, token.idx)
    if found is None or found.kind != "named" or len(found.names) != 1 or found.label == "NORP":
        return None
    return found.names[0]


def _iso(value: Optional[D.DateValue]) -> Optional[str]:
    """'2019-02-15', '2008' or a span '2018-12-22/2019-01-25' (ISO 8601 interval)."""
    if value is None:
        return None
    iso = value.iso()
    return iso["start"] if iso["start"] == iso["end"] else f"{iso['start']}/{iso['end']}"


def _attach_quote(claim: ClaimMention, quotes) -> None:
    q = _quote_at(quotes, claim.doc, *claim.span)
    if q is not None and q.speaker_name:
        claim.source = q.speaker_name
        claim.quote = span_id("q", q.doc, *q.content)


# ---- one-off dated facts --------------------------------------------------------------------------
def _possessor(sdoc, mentions, e) -> Optional[str]:
    """'the organisation X …, despite its recent establishment (founded in 2001)': the subject of a
    subject-less founding is the organisation named last before a possessive 'its' in the same
    sentence. On ECB+ this reading of "its" is right 19 times in 28 (0.68; `.venv/bin/python -m
    benchmarks.its_antecedent`), so the claim is marked `subject_basis` "context" and is never firm
    ground for a disagreement."""
    sent = _sentence(sdoc, e.trigger[0])
    if sent is None:
        return None
    its = [t for t in sent if t.lower_ == "its" and t.idx < e.trigger[0]]
    if not its:
        return None
    before = [m for m in mentions if sent.start_char <= m.start and m.end <= its[-1].idx and m.label == "ORG"]
    return before[-1].canonical if before else None


def _from_events(doc_id, sdoc, mentions, events, quotes) -> list[ClaimMention]:
    found = []
    for e in events or []:
        if e.type not in ("JOIN", "ESTABLISH") or e.modality != "asserted" or not e.date:
            continue
        if e.date_basis not in (None, "own") or not e.date_span:
            continue
        subjects = e.actors if e.type == "JOIN" else (e.actors or e.recipients)
        attribute = JOINED if e.type == "JOIN" else FOUNDED
        subject_basis = "clause"
        if not subjects and e.type == "ESTABLISH":
            subjects = [s for s in [_possessor(sdoc, mentions, e)] if s]
            subject_basis = "context"
        for subject in subjects:
            claim = ClaimMention(doc=doc_id, span=tuple(e.span), subject=subject, attribute=attribute,
                                 value=e.date["start"], kind="one-off", basis="statement", date_text=e.date_text,
                                 subject_basis=subject_basis,
                                 object=(e.recipients[0] if e.type == "JOIN" and e.recipients else None))
            _attach_quote(claim, quotes)
            found.append(claim)
    return found


MEMBERSHIP_VERBS = ("add", "admit")  # passive "X, Y and Z were added / admitted (as members)"


def _added(doc_id, text, sdoc, mentions, quotes, body, ref) -> list[ClaimMention]:
    """Passive 'X, Y and Z were added / admitted (as members) in <year>' naming states: joined, dated
    by the clause's own time adverbial (extract/claim_frame.py) when it states a year."""
    found = []
    for tok in sdoc:
        if tok.lemma_.lower() not in MEMBERSHIP_VERBS or tok.pos_ != "VERB":
            continue
        if not any(c.dep_ == "auxpass" for c in tok.children):
            continue
        subj = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if not subj:
            continue
        lo = min(t.idx for t in subj[0].subtree)
        hi = max(t.idx + len(t) for t in subj[0].subtree)
        states = [m for m in _mentions_in(mentions, lo, hi, ("GPE",))]
        if not states:
            continue
        when = F.clause_date(tok, ref)
        if when is None:
            continue
        date, (date_start, date_end) = when
        year = re.search(r"\b(?:1[89]|20)\d\d\b", text[date_start:date_end])
        if year is None or date.precision != "year":
            continue  # a stated year only: the firm ground one-off facts are compared on
        start, end = min(lo, date_start), max(tok.idx + len(tok), date_end)
        if not _in_body(body, start, end):
            continue
        for name in dict.fromkeys(s.canonical for s in states):
            claim = ClaimMention(doc=doc_id, span=(start, end), subject=name, attribute=JOINED, value=year.group(0),
                                 kind="one-off", basis="statement", date_text=text[date_start:date_end])
            _attach_quote(claim, quotes)
            found.append(claim)
    return found


def _table_attribute(header: str) -> Optional[str]:
    """What a table column of years records, from its header: "Year Joined" → joined, "Member
    since" → joined, "Year listed" → listed; None for a column that is not about dates."""
    known = next((a for w, a in TABLE_ATTRIBUTES.items() if re.search(rf"\b{re.escape(w)}\b", header)), None)
    if known:
        return known if (_DATE_HEADER.search(header) or header in TABLE_ATTRIBUTES) else None
    if not _DATE_HEADER.search(header):
        return None
    words = _DATE_HEADER.sub(" ", header).replace("(", " ").replace(")", " ").split()
    return " ".join(words) or None


def _tables(doc_id, text, mentions, body) -> list[ClaimMention]:
    """Markdown tables with a name column and a year column whose header names the fact."""
    found = []
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    i = 0
    while i < len(lines) - 2:
        start, header = lines[i]
        if not (_RE_TABLE_ROW.match(header) and _RE_TABLE_RULE.match(lines[i + 1][1])):
            i += 1
            continue
        cols = [c.strip().lower() for c in header.strip().strip("|").split("|")]
        attr_col = next(((k, _table_attribute(col)) for k, col in enumerate(cols) if k and _table_attribute(col)), None)
        j = i + 2
        while j < len(lines) and _RE_TABLE_ROW.match(lines[j][1]):
            row_start, row = lines[j]
            j += 1
            if attr_col is None:
                continue
            cells = row.strip().strip("|").split("|")
            if len(cells) != len(cols):
                continue
            year = cells[attr_col[0]].strip()
            if not _RE_YEAR.match(year):
                continue
            lead = len(row) - len(row.lstrip())
            span = (row_start + lead, row_start + len(row.rstrip()))
            if not _in_body(body, *span):
                continue
            name_start = row_start + row.index(cells[0])
            name_end = name_start + len(cells[0])
            named = _mentions_in(mentions, name_start, name_end)
            subject = named[0].canonical if named else cells[0].strip()
            if not subject:
                continue
            found.append(ClaimMention(doc=doc_id, span=span, subject=subject, attribute=attr_col[1], value=year,
                                      kind="one-off", basis="table", date_text=year))
        i = j
    return found


# verbs of exhaustive composition ("X comprises A, B and C", "consists of", "is made up of", "is composed
# of"); "includes" is not one: a list it gives may be partial
LIST_VERBS = {"comprise": None, "consist": "of", "make": "of", "compose": "of"}
_NOT_WHOLE = re.compile(r"\b(?:among others|and others|such as|including|etc)\b", re.I)


def _member_lists(doc_id, text, sdoc, mentions, quotes, body, ref=None) -> list[ClaimMention]:
    """'X (now) comprises A, B, …, and C' / 'X consists of A, B and C': who X is made of, as a whole
    list (a list with 'among others' / 'such as' is not whole and is left out). One claim: subject X,
    attribute 'members', value the names; never a one-off fact, so never a disagreement by itself."""
    found = []
    for tok in sdoc:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in LIST_VERBS:
            continue
        if lemma == "make" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
            continue  # "made up of" only
        if lemma in ("make", "compose") and not any(c.dep_ == "auxpass" for c in tok.children):
            continue  # passive: "is made up of", "is composed of"
        if LIST_VERBS[lemma]:
            preps = [c for c in tok.children if c.lower_ == LIST_VERBS[lemma]]
            heads = [c for p in preps for c in p.children if c.dep_ == "pobj"]
        else:
            heads = [c for c in tok.children if c.dep_ == "dobj"]
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not heads or not subj:
            continue
        items = [heads[0]] + [t for t in heads[0].subtree if t.dep_ in ("conj", "appos") and t.pos_ == "PROPN"]
        if len(items) < 3 or any(t.pos_ != "PROPN" for t in items):
            continue
        lo_s = min(t.idx for t in subj[0].subtree)
        hi_s = max(t.idx + len(t) for t in subj[0].subtree)
        owners = _mentions_in(mentions, lo_s, hi_s, ("ORG", "GPE", "NORP"))
        if not owners:
            continue
        start = min(lo_s, tok.idx)
        end = max(t.idx + len(t) for t in heads[0].subtree)
        if _NOT_WHOLE.search(text, tok.idx, min(len(text), end + 20)) or not _in_body(body, start, end):
            continue
        names = []
        for t in items:
            named = _mentions_in(mentions, t.idx, t.idx + len(t), ("GPE", "ORG", "NORP", "LOC"))
            names.append(named[0].canonical if named else t.text)
        claim = ClaimMention(doc=doc_id, span=(start, end), subject=owners[0].canonical, attribute="members",
                             value=", ".join(names), kind="list", basis="list", items=names,
                             as_of=ref.iso()["start"] if ref else None, as_of_basis="document")
        _attach_quote(claim, quotes)
        found.append(claim)
    return found


def find_claims(doc_id: str, text: str, sdoc, mentions, quotes=None, events=None, body=None,
                published: Optional[str] = None, published_range=None) -> list[ClaimMention]:
    """Every claim of one document, in text order, one per (span, subject, attribute)."""
    ref = D.reference(published, published_range)
    claims = _quantities(doc_id, text, sdoc, mentions, quotes, body, ref)
    claims += _from_events(doc_id, sdoc, mentions, events, quotes)
    claims += _added(doc_id, text, sdoc, mentions, quotes, body, ref)
    claims += _tables(doc_id, text, mentions, body)
    claims += _member_lists(doc_id, text, sdoc, mentions, quotes, body, ref)
    seen, out = set(), []
    for c in sorted(claims, key=lambda c: (c.span[0], c.span[1], c.subject or "", c.attribute or "")):
        key = (c.span, c.subject, c.attribute, c.value)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out
