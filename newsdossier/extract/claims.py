"""Claims in one document: checkable statements, normalised so that two outlets can be compared.

Three kinds, all cheap (regular expressions over the text plus the parse and stages already run):

- **quantities**: a number with its scale, unit and approximation ("some 20% of global GDP",
  "$200 billion or more", "2mn barrels a day", "more than 50,000 troops", "about half of our
  planet's population"). `number` is the full value, `unit` the currency (ISO code), "%", "share"
  (a fraction word) or the counted noun's lemma ("barrel/day"); `as_of` the time the value refers
  to (the sentence's own date expression, resolved like event dates; else the document's date).
- **one-off dated facts**: who joined what when, what was founded when. They come from the
  asserted JOIN / ESTABLISH event mentions that carry their own date (extract/events.py), from
  passive "were added" clauses naming states, and from markdown tables whose header says what the
  year column means ("| Member State | Year Joined |"). The value is the date; `as_of` is None.
- `basis` tells what kind of evidence the claim rests on: a `statement` in running text or a
  `table` row.

`source` is the speaker when the claim lies inside a quote (with the quote's id), else None (the
outlet, filled in by fusion).
"""
from __future__ import annotations

import re
from typing import Optional

from ..ids import span_id
from ..records import ClaimMention
from ..records import mentions_within as _mentions_in
from . import dates as D
from .approximations import APPROX_AFTER, APPROX_BEFORE

# ---- generic lexicons ---------------------------------------------------------------------------
SCALES = {"trillion": 1e12, "tn": 1e12, "trn": 1e12, "billion": 1e9, "bn": 1e9, "bln": 1e9, "million": 1e6,
          "mn": 1e6, "mln": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "hundred": 1e2}
CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
              "¥": "CNY", "yuan": "CNY", "rmb": "CNY", "₽": "RUB", "rubles": "RUB", "roubles": "RUB", "₹": "INR",
              "rupees": "INR", "euros": "EUR", "dollars": "USD", "pounds": "GBP"}
FRACTIONS = {"half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "two thirds": 2 / 3,
             "two-thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75,
             "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2}
COUNT_WORDS = {"a dozen": 12, "dozens": None, "a hundred": 100, "a thousand": 1000}
RATES = {"a day": "day", "per day": "day", "each day": "day", "daily": "day", "a year": "year", "per year": "year",
         "annually": "year", "a month": "month", "per month": "month", "a week": "week", "per week": "week"}
# attribute lemmas for one-off facts
JOINED = "joined"
FOUNDED = "founded"
TABLE_ATTRIBUTES = {"join": JOINED, "joined": JOINED, "accession": JOINED, "member since": JOINED,
                    "admitted": JOINED, "founded": FOUNDED, "established": FOUNDED, "created": FOUNDED}

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
    for sent in sdoc.sents:
        if sent.start_char <= start < sent.end_char:
            return sent
    return None


def _token_at(sdoc, char: int):
    span = sdoc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _as_of(sdoc, sent, start: int, end: int, ref: Optional[D.DateValue]) -> tuple[Optional[D.DateValue], str]:
    """The time a quantity refers to: the nearest date expression of its sentence, else the reference."""
    best = None
    if sent is not None:
        for ent in sent.ents:
            if ent.label_ != "DATE" or ent.start_char < start - 120 or ent.start_char > end + 120:
                continue
            value = D.resolve(ent.text, ref) or _resolve_inside(ent.text, ref)
            if value is None:
                continue
            distance = abs(ent.start_char - end) if ent.start_char >= end else abs(start - ent.end_char)
            if best is None or distance < best[0]:
                best = (distance, value)
    if best is not None:
        return best[1], "own"
    return ref, "document"


_RE_RELATIVE = re.compile(r"\b(?:this|last|next) (?:year|month|week)\b|\b(?:1[89]|20)\d\d\b", re.I)


def _resolve_inside(text: str, ref) -> Optional[D.DateValue]:
    """'the first seven months of this year' → this year: the coarse part a resolver knows."""
    m = _RE_RELATIVE.search(text)
    return D.resolve(m.group(0), ref) if m else None


def _attribute_and_subject(sdoc, start: int, end: int, mentions) -> tuple[Optional[str], Optional[str], int]:
    """What the number measures and of whom: the 'of X' noun after it, else the counted noun, else the
    subject of its clause; the subject is the first named entity in the clause's subject. Returns
    (attribute, subject, end of the 'of X' phrase)."""
    tokens = [t for t in sdoc if start <= t.idx < end]
    if not tokens:
        return None, None, end
    last = tokens[-1]
    attribute, phrase_end = None, end
    nxt = last.nbor(1) if last.i + 1 < len(sdoc) else None
    if nxt is not None and nxt.lower_ == "of":
        objs = [c for c in nxt.children if c.dep_ == "pobj"]
        if objs:
            attribute = objs[0].lemma_.lower()
            phrase_end = max(t.idx + len(t) for t in objs[0].subtree)
    head = last
    while head.dep_ in ("nummod", "quantmod", "compound", "nmod", "amod") and head.head.i != head.i:
        head = head.head
    verb = head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    first = tokens[0]
    if attribute is None and first.i >= 2 and sdoc[first.i - 1].lower_ == "of" and sdoc[first.i - 2].pos_ == "NOUN":
        attribute = sdoc[first.i - 2].lemma_.lower()  # "a rate of 25%"
    if attribute is None:
        if head.pos_ == "NOUN" and head.i > last.i:
            attribute = head.lemma_.lower()
        elif subj and subj[0].pos_ == "NOUN":
            attribute = subj[0].lemma_.lower()
        elif verb.pos_ == "VERB":
            attribute = verb.lemma_.lower()
    subject = None
    if subj:
        lo = min(t.idx for t in subj[0].subtree)
        hi = max(t.idx + len(t) for t in subj[0].subtree)
        found = _mentions_in(mentions, lo, hi)
        if found:
            subject = found[0].canonical
    return attribute, subject, phrase_end


def _unit_after(sdoc, end: int) -> tuple[Optional[str], int]:
    """The counted noun right after a number ("50,000 troops" → troop) and a rate ("a day")."""
    tok = _token_at(sdoc, end + 1) if end < len(sdoc.text) and sdoc.text[end:end + 1] == " " else None
    if tok is None or tok.pos_ not in ("NOUN", "PROPN") or tok.idx != end + 1:
        return None, end
    unit, stop = tok.lemma_.lower(), tok.idx + len(tok)
    rest = sdoc.text[stop:stop + 12].lower()
    for phrase, period in RATES.items():
        if rest.startswith(" " + phrase):
            return f"{unit}/{period}", stop + 1 + len(phrase)
    return unit, stop


def _quantities(doc_id, text, sdoc, mentions, quotes, body, ref) -> list[ClaimMention]:
    found = []
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
                continue
            if not scale and (_RE_YEAR.match(m.group("num")) or num < 10 and "," not in m.group("num")):
                continue  # a year, or a small count ("two leaders"): not a checkable quantity here
        if not (cur or pct or scale) and any(a <= m.start("num") < b for a, b in date_spans):
            continue
        number = num * SCALES[scale.lower()] if scale else num
        approx = _norm_approx(m.group("approx")) or _norm_approx(m.group("after"))
        found.append(_quantity(doc_id, text, sdoc, mentions, quotes, ref, start, max(end, unit_end),
                               text[start:max(end, unit_end)].strip(), number, unit, approx))
    for m in _RE_WORDS.finditer(text):
        start, end = m.start(), m.end()
        word = m.group("word").lower()
        if not _in_body(body, start, end):
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
        found.append(_quantity(doc_id, text, sdoc, mentions, quotes, ref, start, max(end, stop), value, number,
                               unit, approx))
    return [c for c in found if c is not None]


def _quantity(doc_id, text, sdoc, mentions, quotes, ref, start, end, value, number, unit, approx):
    sent = _sentence(sdoc, start)
    attribute, subject, phrase_end = _attribute_and_subject(sdoc, start, end, mentions)
    end = max(end, phrase_end) if phrase_end - end < 80 else end
    as_of, basis = _as_of(sdoc, sent, start, end, ref)
    claim = ClaimMention(doc=doc_id, span=(start, end), subject=subject, attribute=attribute, value=value,
                         number=number, unit=unit, approx=approx,
                         as_of=as_of.iso()["start"] if as_of else None, as_of_basis=basis, kind="quantity",
                         basis="statement")
    _attach_quote(claim, quotes)
    return claim


def _attach_quote(claim: ClaimMention, quotes) -> None:
    q = _quote_at(quotes, claim.doc, *claim.span)
    if q is not None and q.speaker_name:
        claim.source = q.speaker_name
        claim.quote = span_id("q", q.doc, *q.content)


# ---- one-off dated facts --------------------------------------------------------------------------
def _possessor(sdoc, mentions, e) -> Optional[str]:
    """'the organisation X …, despite its recent establishment (founded in 2001)': the subject of a
    subject-less founding is the organisation named before a possessive 'its' in the same sentence."""
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


_RE_ADDED_DATE = re.compile(r"\b(?:in|as of|since|from|by)\s+((?:1[89]|20)\d\d)\b", re.I)


def _added(doc_id, text, sdoc, mentions, quotes, body) -> list[ClaimMention]:
    """Passive 'X, Y and Z were added / admitted (as members) in <year>' naming states: joined."""
    found = []
    for tok in sdoc:
        if tok.lemma_.lower() not in ("add", "admit") or tok.pos_ != "VERB":
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
        sent = tok.sent
        clause = text[sent.start_char:tok.idx + len(tok) + 40]
        dates = _RE_ADDED_DATE.findall(clause)
        if len(set(dates)) != 1:
            continue
        m = _RE_ADDED_DATE.search(text, sent.start_char, tok.idx + len(tok) + 40)
        start = min(lo, m.start()) if m else lo
        end = max(tok.idx + len(tok), m.end() if m else 0)
        if not _in_body(body, start, end):
            continue
        for name in dict.fromkeys(s.canonical for s in states):
            claim = ClaimMention(doc=doc_id, span=(start, end), subject=name, attribute=JOINED, value=dates[0],
                                 kind="one-off", basis="statement", date_text=dates[0])
            _attach_quote(claim, quotes)
            found.append(claim)
    return found


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
        attr_col = None
        for k, col in enumerate(cols):
            if k == 0:
                continue
            attribute = next((a for w, a in TABLE_ATTRIBUTES.items() if re.search(rf"\b{re.escape(w)}\b", col)), None)
            if attribute and ("year" in col or "date" in col or col in TABLE_ATTRIBUTES):
                attr_col = (k, attribute)
                break
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


LIST_VERBS = {"comprise": None, "consist": "of"}  # exhaustive membership: "X comprises A, B and C"
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
    claims += _added(doc_id, text, sdoc, mentions, quotes, body)
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
