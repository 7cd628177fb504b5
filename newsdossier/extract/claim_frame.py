"""What a number in a sentence is about — the frame of a claim, read from the dependency parse.

Pure functions over a spaCy parse. Given the tokens of a number expression ("$3.6 billion", "800,000",
"35 days"), they find:

- **the measured thing**: the noun the number counts or measures, with its restricting modifiers
  (compound nouns, classifying adjectives, a non-named possessor, and the objects of "of / on / for /
  from / in / at" phrases): "800,000 federal employees" → employee · federal; "56 percent of the
  vote" → vote; "a $600 airline ticket" → ticket · airline; "tariffs of 25 percent on steel
  imports" → tariff · steel · import. Measure nouns say nothing of what is measured ("the tune of",
  "a total of", "a peak of", "worth of"): the thing is looked for above them. A number that is the
  object of a verb names its thing by the verb and the verb's source or target ("cut $716 billion
  from Medicare" → cut · Medicare; "divert $3.6 billion from military construction projects" →
  divert · project · construction · military); a verb that states an amount of its subject ("be",
  "total", "top", "come to", "fall to") measures its subject ("expenses at nightclubs topped
  $60,000" → expense · nightclub).
- **the subject**: the word that says whose quantity it is (`owner`): the possessor, else the
  subject of the number's own clause; extract/claims.py asks the document's mention resolver who
  that word stands for.
- **the time** (`time`): a time expression restricting the measured noun ("arrests that happened in
  2000"), else the nearest adverbial time going up from the number through the clauses that govern
  it (its own clause, a reporting clause, the clause a relative clause hangs from), else the
  document's date. A date without a year takes the document's year unless the clause is in the past
  tense (then it is the latest such date at or before the document's date).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from . import dates as D
from .parsed import doc_text

# nouns that measure without saying what is measured: the thing is looked for above them
MEASURE_NOUNS = {"tune", "total", "sum", "amount", "figure", "worth", "level", "peak", "value", "maximum",
                 "minimum", "tally", "estimate", "range", "high", "low", "record", "number", "count"}
# verbs that state an amount of their subject ("expenses topped $60,000", "the total comes to $8 billion")
MEASURE_VERBS = {"be", "total", "top", "reach", "come", "amount", "exceed", "hit", "rise", "fall", "drop",
                 "climb", "grow", "increase", "decrease", "decline", "double", "triple", "stand", "equal",
                 "cost", "number", "surpass", "near", "approach", "include", "represent", "account", "average",
                 "remain", "jump", "soar", "plunge", "sink", "shrink", "swell", "balloon"}
# prepositions whose object restricts what is measured ("of the vote", "on steel", "from the Treasury")
RESTRICTING_PREPOSITIONS = {"of", "on", "for", "from", "in", "at", "to", "into", "out", "toward", "towards",
                            "against", "over", "under", "per"}
# classifying adjectives ("military", "federal", "presidential", "economic", "Iranian") restrict a
# noun; gradable ones ("significant", "good", "massive") do not. Relational adjectives end so.
_CLASSIFYING = re.compile(r"(?:al|ary|ic|ical|ian|ese|ish|ern)$")
_PAST_TAGS = {"VBD", "VBN"}
# bounds on walking the parse: a noun keeps its three nearest restricting words (more is noise of a long
# phrase); a number climbs over at most four measure nouns and six clauses for its subject (nesting
# deeper than that in news sentences is a misparse); a time adverbial is at most twelve tokens ("From
# Dec. 22 through Jan. 25" is seven, a clause with a date inside is longer)
MODIFIERS_EACH = 3
MEASURE_CLIMB = 4
CLAUSE_CLIMB = 6
TREE_CLIMB = 20
ADVERBIAL_TOKENS = 12
_FISCAL = re.compile(r"\b(?:fiscal|financial|calendar|budget)\s+(?=year\b)", re.I)


@dataclass
class Thing:
    """The measured thing: the head word (a noun, else the verb) and the words restricting it, each
    with its role: "" for a compound or an adjective, else the preposition that attaches it."""
    head: Optional[object] = None  # spaCy token
    modifiers: list = field(default_factory=list)  # (spaCy token, role)
    verb: bool = False  # the head is a verb: weaker evidence of what is measured

    def words(self) -> list[str]:
        """Head first, then the restricting words with their roles ("on steel", "adj federal", "obj
        money"), common words before names."""
        words = [_lemma(self.head)] if self.head is not None else []
        for token, role in sorted(self.modifiers, key=lambda m: m[0].pos_ == "PROPN"):
            word = f"{role} {_lemma(token)}".strip()
            if _lemma(token) and word not in words and _lemma(token) != words[:1]:
                words.append(word)
        return words

    def text(self) -> str:
        tokens = [self.head] if self.head is not None else []
        tokens += [t for t, _ in self.modifiers]
        return " ".join(t.text for t in sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i))


def _lemma(token) -> str:
    if token.pos_ == "PROPN":
        return token.text.lower().strip(".")
    return token.lemma_.lower().strip(".")


def anchor(tokens) -> Optional[object]:
    """The syntactic head of a number expression: its token whose head lies outside it."""
    inside = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return outside[-1] if outside else (tokens[-1] if tokens else None)


def _content(token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and not token.like_num and token.ent_type_ not in ("DATE", "TIME",
                                                                                             "CARDINAL", "MONEY",
                                                                                             "PERCENT", "QUANTITY")


def _noun_modifiers(noun, role: str = "", depth: int = 0) -> list:
    """(token, role) of the compound nouns, classifying adjectives, non-named possessor and
    restricting phrases of a noun."""
    found = []
    for child in noun.children:
        if child.dep_ == "compound" and _content(child):
            found.append((child, role))
            found += [(c, role) for c in child.children if c.dep_ == "compound" and _content(c)]
        elif child.dep_ in ("amod", "nmod") and not child.like_num and child.ent_type_ not in ("DATE", "CARDINAL"):
            hyphenated = child.i + 1 < len(child.doc) and child.doc[child.i + 1].text == "-" or \
                child.i > 0 and child.doc[child.i - 1].text == "-"
            if child.ent_type_ == "NORP" or _content(child) or hyphenated or \
                    (child.pos_ == "ADJ" and _CLASSIFYING.search(child.lower_)):
                found.append((child, role or ("adj" if child.pos_ in ("ADJ", "VERB") else "")))
        elif child.dep_ == "poss" and _content(child) and not child.ent_type_:
            found.append((child, role))
        elif child.dep_ == "prep" and child.lower_ in RESTRICTING_PREPOSITIONS and depth < 2:
            found += _phrase_objects(child, role or child.lower_, depth + 1)
    return found


def _phrase_objects(prep, role: str, depth: int = 1) -> list:
    """The object of a restricting phrase with its own modifiers, all in the phrase's role."""
    found = []
    inner = [c for c in prep.children if c.dep_ == "prep" and c.lower_ == "of"]  # "out of Medicare"
    objects = [o for o in list(prep.children) + [o for p in inner for o in p.children] if o.dep_ == "pobj"]
    objects += [c for o in objects for c in o.children if c.dep_ == "conj"]  # "at nightclubs and lounges"
    for obj in objects:
        if _content(obj):
            found.append((obj, role))
            found += _noun_modifiers(obj, role, depth)[:MODIFIERS_EACH]
    return found


def _noun_thing(noun) -> Thing:
    return Thing(head=noun, modifiers=_noun_modifiers(noun))


def _own_phrases(token) -> list:
    """Restricting phrases hanging from the number itself ("$250,000 in campaign funds")."""
    found = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in RESTRICTING_PREPOSITIONS:
            found += _phrase_objects(child, child.lower_)
    return found


def governing_verb(token):
    """The nearest verb above a token (itself when it is one)."""
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and seen < 12:
        token, seen = token.head, seen + 1
    return token if token.pos_ in ("VERB", "AUX") else None


def measured_thing(number) -> Thing:
    """What the number (its anchor token) counts or measures."""
    token = number
    for _ in range(MEASURE_CLIMB):  # climbing over measure nouns ("the tune of", "a peak of")
        head = token.head
        # "800,000 federal employees", "a $600 airline ticket", "a 22 percent cut in benefits"
        if token.dep_ in ("nummod", "compound", "nmod", "amod", "npadvmod", "quantmod", "appos") and \
                head.i != token.i and head.pos_ in ("NOUN", "PROPN") and not head.like_num and \
                not (token.dep_ == "appos" and head.pos_ == "PROPN"):
            if head.lemma_.lower() in MEASURE_NOUNS:
                token = head
                continue
            return _noun_thing(head)
        # "56 percent of the vote", "$250,000 in campaign funds", "$9,587.64 worth of furniture"
        holders = [token] + [c for c in token.children if c.lemma_.lower() in MEASURE_NOUNS or
                             c.dep_ in ("quantmod", "nummod", "compound") and (c.like_num or c.pos_ == "NOUN")]
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                    objs = [o for o in child.children if o.dep_ == "pobj" and _content(o)]
                    if objs:
                        return _noun_thing(objs[0])
        # "the $5.7 billion he demanded": a relative clause says what the number is
        clauses = [c for c in token.children if c.dep_ == "relcl" and c.pos_ == "VERB"]
        if clauses:
            return _clause_thing(clauses[0], token)
        # "the total comes to about $8 billion": the subject of a verb stating an amount
        measured = _measure_verb_subject(token)
        if measured is not None:
            return measured
        # "$1.375 billion authorized for fencing", "$7,000 paid to the taxidermist"
        clauses = [c for c in token.children if c.dep_ == "acl" and c.pos_ == "VERB"]
        if clauses:
            return _clause_thing(clauses[0], token)
        # "a figure of $5.7 billion", "a fine of up to $250,000", "the tune of $3.5 billion"
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PRON"):
            noun = head.head
            if noun.lemma_.lower() not in MEASURE_NOUNS and noun.pos_ == "NOUN":
                thing = _noun_thing(noun)
                thing.modifiers += _own_phrases(token)  # "duties of 25 percent on steel"
                return thing
            token = noun  # "none of the $5.7 billion": above the quantifier
            continue
        break
    return _verb_thing(token)


def _clause_thing(verb, number) -> Thing:
    """The verb of a clause hanging from the number, and that verb's source and target phrases."""
    return Thing(head=verb, modifiers=_verb_phrases(verb, number), verb=True)


def _measure_verb_subject(token) -> Optional[Thing]:
    verb = governing_verb(token)
    if verb is None or verb.lemma_.lower() not in MEASURE_VERBS or token.dep_ in ("nsubj", "nsubjpass") or \
            verb.is_ancestor(token) is False:
        return None
    subject = _subject_noun(verb)
    if subject is None or not _content(subject) or subject.i == token.i:
        return None
    thing = _noun_thing(subject)
    thing.modifiers += _own_phrases(token)
    if token.head.i == verb.i and token.dep_ in ("dobj", "attr", "pobj"):  # the verb's phrases are the number's
        thing.modifiers += [m for m in _verb_phrases(verb, token) if m[1] != "obj"]
    return thing


def _verb_phrases(verb, token) -> list:
    """Restricting phrases and the object of a verb, other than the number's own branch."""
    found = []
    for child in verb.children:  # "cut $716 billion from Medicare", "spent $5,150 on fur capes"
        if child.i == token.i or child.is_ancestor(token):
            continue
        if child.dep_ == "prep" and child.lower_ in RESTRICTING_PREPOSITIONS:
            found += _phrase_objects(child, child.lower_)
        elif child.dep_ in ("dobj", "nsubjpass") and child.pos_ == "NOUN" and _content(child):
            # "unlock money … to the tune of $3.5 billion"; "aluminum imports will be taxed at 10 percent"
            found.append((child, "obj"))
            found += _noun_modifiers(child, "obj", 1)[:MODIFIERS_EACH]
    return found


def _verb_thing(token) -> Thing:
    verb = governing_verb(token)
    if verb is None:
        return Thing(modifiers=_own_phrases(token))
    measured = _measure_verb_subject(token)
    if measured is not None:
        return measured
    if verb.lemma_.lower() in MEASURE_VERBS:
        return Thing(modifiers=_own_phrases(token) + [m for m in _verb_phrases(verb, token) if m[1] != "obj"])
    return Thing(head=verb, modifiers=_own_phrases(token) + _verb_phrases(verb, token), verb=True)


def _subject_noun(verb):
    """The subject of a verb, through relative pronouns ("the bill, which grants …") and control
    ("the administration plans to move …")."""
    for _ in range(CLAUSE_CLIMB):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if subjects:
            subject = subjects[0]
            if subject.dep_ == "expl":  # "there were 520,000 arrests": the attribute is the thing
                attrs = [c for c in verb.children if c.dep_ == "attr"]
                return attrs[0] if attrs else None
            if subject.tag_ == "WDT" or subject.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acl") and verb.head.i != verb.i:
            if verb.dep_ in ("relcl", "acl"):
                return verb.head
            verb = verb.head
            continue
        return None
    return None


# ---- subject ------------------------------------------------------------------------------------------
def owner(number, thing: Thing):
    """The word that says whose quantity it is: the possessor of the measured noun or of the number
    ("Obama's $716 billion raid", "his $5 trillion tax cuts", "Trump's proposed figure of $5.7
    billion"), else the subject of the number's own clause ("the Trump administration plans to move
    …"); None when the clause has none. Who that word stands for is the resolver's answer
    (extract/claims.py `claim_subject`)."""
    for noun in [thing.head if thing.head is not None and not thing.verb else None, number, number.head]:
        if noun is None:
            continue
        for child in noun.children:
            if child.dep_ == "poss":
                return child
    verb = governing_verb(number)
    noun = _owner(verb) if verb is not None else None
    if noun is None or noun.i == number.i or number.is_ancestor(noun) and noun.i != number.head.i:
        return None
    return noun


def _owner(verb):
    """The subject of the number's own clause: its subject, the antecedent of a relative pronoun,
    or, for a clause without one, the subject it shares ("plans to move …", "signed … and left …")."""
    for _ in range(CLAUSE_CLIMB):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            subject = subjects[0]
            if subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i or \
                verb.dep_ == "advcl" and verb.tag_ in ("VBN", "VBG") and verb.head.i != verb.i:
            verb = verb.head  # a participle without a subject of its own takes the main clause's
            continue
        return None
    return None


# ---- time ---------------------------------------------------------------------------------------------
def time(number, thing: Thing, ref: Optional[D.DateValue]) -> tuple[Optional[D.DateValue], str]:
    """The time the value refers to and where it came from: (date, 'own') or (document date, 'document')."""
    if thing.head is not None and not thing.verb:
        for child in thing.head.children:  # "the 1.6 million arrests that happened in 2000"
            if child.dep_ in ("relcl", "acl", "prep", "npadvmod") and child.i != number.i and \
                    not child.is_ancestor(number):
                found = _adverbial_time(child, ref) if child.dep_ != "relcl" else _clause_time(child, ref)
                if found:
                    return found, "own"
    token, previous, steps = number, None, 0
    while steps < TREE_CLIMB:
        for child in token.children:
            if previous is not None and (child.i == previous.i):
                continue
            if child.is_ancestor(number) or child.i == number.i:
                continue
            if token.pos_ in ("VERB", "AUX") or child.dep_ in ("npadvmod", "prep"):
                found = _adverbial_time(child, ref)
                if found:
                    return found, "own"
        if token.head.i == token.i or token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"):
            break  # the top, or a coordinated clause: the other clause's time is not this one's
        previous, token, steps = token, token.head, steps + 1
    return ref, "document"


def clause_date(verb, ref: Optional[D.DateValue]):
    """The date a clause's own time adverbial names and the adverbial's span: ("in 2017" → 2017,
    (start, end)), or None."""
    for child in verb.children:
        found = _adverbial_time(child, ref)
        if found:
            tokens = list(child.subtree)
            return found, (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    return None


def _clause_time(verb, ref):
    for child in verb.children:
        found = _adverbial_time(child, ref)
        if found:
            return found
    return None


def _adverbial_time(child, ref) -> Optional[D.DateValue]:
    """The date an adverbial names ("in 2008", "last year", "Friday", "From Dec. 22 through Jan. 25")."""
    if child.dep_ not in ("prep", "npadvmod", "tmod", "advmod", "obl", "pobj"):
        return None
    tokens = list(child.subtree)
    if len(tokens) > ADVERBIAL_TOKENS or not _names_time(child):
        return None
    past = _past(child.head)
    if child.dep_ == "prep" and child.lower_ == "from":  # "From X through Y", the second half a sibling
        later = [c for c in child.head.children if c.dep_ == "prep" and c.i > child.i and
                 c.lower_ in ("through", "to", "until", "till", "thru") and _names_time(c)]
        if later:
            tokens = tokens + list(later[0].subtree)
    text = doc_text(child.doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]
    value = _resolve(text, ref, past)
    if value is None:  # the DATE entity alone, without the words around it
        dates = [t for t in tokens if t.ent_type_ == "DATE"]  # none when a word alone names the time
        ent = next((e for e in child.doc.ents if e.label_ == "DATE" and dates and e.start <= dates[0].i < e.end), None)
        if ent is not None:
            value = _resolve(ent.text, ref, past)
    if value is None or _is_duration(tokens):
        return None
    return value


def _names_time(child) -> bool:
    """Whether an adverbial is itself a time ("Friday", "last year", "in 2008", "from 2013 to 2022"),
    not a phrase with a date somewhere inside ("for expenses dating back to 2015")."""
    if child.ent_type_ in ("DATE", "TIME"):
        return True
    if child.dep_ == "prep":  # "in 2008"; "as of 2001" (a preposition inside a preposition)
        objects = [o for o in child.children if o.dep_ == "pobj"]
        objects += [o for p in child.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
        return any(o.ent_type_ in ("DATE", "TIME") for o in objects)
    return False


_DURATION = re.compile(r"^(?:for|over|during)?\s*(?:about|nearly|almost|some|more than|at least|the past|the last)?\s*"
                       r"(?:\d+|" + "|".join(D.NUMBERS) + r")\s+"
                       r"(?:days?|weeks?|months?|years?|decades?|hours?|minutes?)$", re.I)


def _is_duration(tokens) -> bool:
    text = " ".join(t.text for t in tokens)
    return bool(_DURATION.match(text))


def _resolve(text: str, ref, past: bool) -> Optional[D.DateValue]:
    text = _FISCAL.sub("", text)
    text = re.sub(r"\bthe\s+((?:1[89]|20)\d\d)\s+year\b", r"\1", text, flags=re.I)
    text = re.sub(r"^(?:in|on|at|by|during|since|from|of)\s+the\s+(last|past|previous|current|this|next)\s+year$",
                  r"\1 year", text.strip(), flags=re.I)
    text = re.sub(r"^the\s+(last|past|previous|current|next)\s+year$", r"\1 year", text, flags=re.I)
    return D.resolve(text, ref, future=not past)


def _past(token) -> bool:
    """Whether the clause of a token speaks of the past (a past-tense verb or auxiliary)."""
    verb = governing_verb(token) if token.pos_ not in ("VERB", "AUX") else token
    if verb is None:
        return True
    if verb.tag_ == "VBD":
        return True
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "'ll", "shall") or a.lower_ == "going" for a in aux):
        return False
    if any(a.tag_ == "VBD" or a.lower_ in ("had", "was", "were", "did") for a in aux):
        return True
    return verb.tag_ == "VBN" and not aux
