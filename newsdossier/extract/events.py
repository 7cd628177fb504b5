"""Event mentions in one document: who did what to whom, where and when, with the clause as evidence.

A clause is a candidate when it holds a trigger word (a generic lexicon of event verbs and nouns,
below), or, for the lead sentence only, its main verb: the lead is the first sentence that reports
something among the article's first two, and its main verb is an event of its own unless an event
word of the sentence is that verb, is carried or governed by it, or heads a coordinated main clause
(its evidence is then the main clause with its adverbial clauses). It is an occurrence when the text reports
something happening, planned, denied or hypothesised: headings, questions, words in scare quotes,
what another event asks or promises ("urged X to reject Y"), a "how" clause, an infinitive under a
wh-word ("who to blame"), a stance in the simple
present with nobody named and an unrealised event with no participant, place or date are left out;
a noun with no time, place or participant of its own and no verb carrying it ("sanctions", "the
agreement") is kept as a `reference`, which fusion joins to the event it names or drops.
Its PLOVER type comes from the event-type model (`event_types.py`, trained offline by
`newsdossier.train_events`) over the sentence — the lead sentence read after the headline — together
with the trigger's own types; JOIN and ESTABLISH (not in PLOVER) come from the words. Actors and
recipients are the trigger's subject and object phrases as the document's mention resolver reads them
(`_party`: names, pronouns, roles, short names; a group acting for a state or an organisation stands
for it, a maker or owner for the organisation it names; what the resolver leaves undecided, and a
plain description, is no participant; a list stays one event); a naming report that gives only a
description ("the victims have been named") names the people the next sentence gives, and a lead's
own report whose main clause names no one is about the party of its "after" clause. The place is a
GPE/LOC/FAC in a locative phrase of the event, the date is the sentence's own date expression
governing the trigger (`dates.resolve` against the document's reference date), the modality comes
from modal verbs, negation, expectation verbs and to-infinitives, and a mention inside a quote is
`claimed_by` the quote's speaker.

The date of a mention keeps how it was found (`date_basis`): `own` (an expression in the clause),
`present` (a present-tense report: the reference date), `context` (a definite reference to a
gathering — "the meeting, which saw ...", "during the summit" — dated like the gathering). A
document without a publication date gets its reference from fusion, which re-resolves with
`resolve_dates`.
"""
from __future__ import annotations

import re
from typing import Optional


from ..records import EventMention
from ..records import mentions_within as _mentions_in
from . import dates as D
from .event_types import model_text, type_probabilities
from ._quote_lexicon import INSTITUTION_NOUNS
from .parsed import doc_text
from .resolve import conjuncts, resolve_single, resolver_for

# ---- lexicon: generic English event words -------------------------------------------------------
# lemma -> (type, mode). Verbs and nouns are looked up separately.
VERB_TRIGGERS = {
    # CONSULT
    "meet": ("CONSULT", "MEET"), "visit": ("CONSULT", "VISIT"), "host": ("CONSULT", "VISIT"),
    "discuss": ("CONSULT", None), "consult": ("CONSULT", None), "negotiate": ("CONSULT", None),
    "confer": ("CONSULT", None),
    # AGREE
    "agree": ("AGREE", None), "sign": ("AGREE", None), "ratify": ("AGREE", None), "pledge": ("AGREE", None),
    # SUPPORT
    "support": ("SUPPORT", None), "praise": ("SUPPORT", None), "endorse": ("SUPPORT", None),
    "hail": ("SUPPORT", None), "commend": ("SUPPORT", None), "applaud": ("SUPPORT", None),
    "back": ("SUPPORT", None), "congratulate": ("SUPPORT", None),
    # CONCEDE
    "concede": ("CONCEDE", None), "ease": ("CONCEDE", None), "lift": ("CONCEDE", None), "release": ("CONCEDE", "RELEASE"),
    "apologize": ("CONCEDE", None), "compromise": ("CONCEDE", None),
    # COOPERATE
    "cooperate": ("COOPERATE", None), "collaborate": ("COOPERATE", None), "partner": ("COOPERATE", None),
    # AID
    "aid": ("AID", None), "assist": ("AID", None), "donate": ("AID", None), "supply": ("AID", None),
    # RETREAT
    "withdraw": ("RETREAT", "WITHDRAW"), "retreat": ("RETREAT", None), "evacuate": ("RETREAT", None),
    # REQUEST
    "request": ("REQUEST", None), "urge": ("REQUEST", None), "demand": ("REQUEST", None), "appeal": ("REQUEST", None),
    "ask": ("REQUEST", None),
    # ACCUSE
    "accuse": ("ACCUSE", None), "blame": ("ACCUSE", None), "allege": ("ACCUSE", "ALLEGE"),
    "condemn": ("ACCUSE", "DISAPPROVE"), "criticize": ("ACCUSE", "DISAPPROVE"), "criticise": ("ACCUSE", "DISAPPROVE"),
    "denounce": ("ACCUSE", "DISAPPROVE"),
    # REJECT
    "reject": ("REJECT", None), "refuse": ("REJECT", None), "veto": ("REJECT", None), "dismiss": ("REJECT", None),
    "rebuff": ("REJECT", None),
    # THREATEN
    "threaten": ("THREATEN", None), "warn": ("THREATEN", None),
    # PROTEST
    "protest": ("PROTEST", None), "rally": ("PROTEST", "DEMO"),
    # MOBILIZE
    "mobilize": ("MOBILIZE", None), "mobilise": ("MOBILIZE", None), "deploy": ("MOBILIZE", None),
    "patrol": ("MOBILIZE", None),
    # COERCE
    "arrest": ("COERCE", "ARREST"), "detain": ("COERCE", "ARREST"), "ban": ("COERCE", "BAN"),
    "expel": ("COERCE", "EXPEL"), "seize": ("COERCE", None), "censor": ("COERCE", "CENSOR"),
    # ASSAULT
    "attack": ("ASSAULT", None), "invade": ("ASSAULT", None), "bomb": ("ASSAULT", "AERIAL"),
    "shell": ("ASSAULT", None), "kill": ("ASSAULT", None), "strike": ("ASSAULT", None),
    # SANCTION
    "sanction": ("SANCTION", None), "embargo": ("SANCTION", None), "boycott": ("SANCTION", "BOYCOTT"),
    # extra types (not PLOVER)
    "join": ("JOIN", None), "induct": ("JOIN", None), "admit": ("JOIN", None), "accede": ("JOIN", None),
    "found": ("ESTABLISH", None), "establish": ("ESTABLISH", None), "create": ("ESTABLISH", None),
    "form": ("ESTABLISH", None), "set": ("ESTABLISH", None),  # "set up" only (see _trigger)
}
NOUN_TRIGGERS = {
    "meeting": ("CONSULT", "MEET"), "talk": ("CONSULT", None), "visit": ("CONSULT", "VISIT"),
    "encounter": ("CONSULT", "MEET"), "summit": ("CONSULT", None),
    "agreement": ("AGREE", None), "deal": ("AGREE", None), "treaty": ("AGREE", None), "memorandum": ("AGREE", None),
    "pact": ("AGREE", None), "accord": ("AGREE", None),
    "exercise": ("MOBILIZE", None), "drill": ("MOBILIZE", None), "maneuver": ("MOBILIZE", None),
    "manoeuvre": ("MOBILIZE", None), "parade": ("MOBILIZE", None), "patrol": ("MOBILIZE", None),
    "deployment": ("MOBILIZE", None),
    "invasion": ("ASSAULT", None), "attack": ("ASSAULT", None), "offensive": ("ASSAULT", None),
    "bombing": ("ASSAULT", "AERIAL"), "airstrike": ("ASSAULT", "AERIAL"), "operation": ("ASSAULT", None),
    "sanction": ("SANCTION", None), "embargo": ("SANCTION", None),
    "protest": ("PROTEST", None), "strike": ("PROTEST", "STRIKE"),
    "arrest": ("COERCE", "ARREST"),
    "membership": ("JOIN", None), "accession": ("JOIN", None), "admission": ("JOIN", None),
    "creation": ("ESTABLISH", None), "founding": ("ESTABLISH", None), "establishment": ("ESTABLISH", None),
}
# nouns that are events only with a military modifier ("military exercises", "the special military operation")
MILITARY_ONLY = {"exercise", "operation", "parade", "patrol", "drill", "maneuver", "manoeuvre"}
MILITARY_WORDS = {"military", "naval", "army", "war", "joint", "air", "combat", "armed", "defense", "defence",
                  "nuclear", "missile"}
# nouns that take an event only as the object of a signing/holding ("a summit" alone is a gathering, not an act)
WEAK_NOUNS = {"summit", "deal", "accord", "operation"}
# verbs and nouns that carry an event noun without being an event themselves
LIGHT_VERBS = {"hold", "have", "conduct", "take", "launch", "begin", "start", "end", "conclude", "kick", "carry",
               "stage", "engage", "hold", "continue", "resume", "complete", "finish", "open", "close", "grant",
               "seek", "win", "give", "make", "run", "sign", "announce", "get", "receive", "be", "impose",
               "reach", "broker", "seal", "mount", "introduce"}
LIGHT_NOUNS = {"launch", "start", "beginning", "end", "conclusion", "round", "series", "part", "start", "kick-off"}
# A verb whose complement is a member or membership is a JOIN whatever the verb ("became a member",
# "was welcomed as a member", "granted membership to X"), unless it takes membership away.
MEMBER_NOUNS = {"member", "membership"}
LOSS_VERBS = {"lose", "suspend", "revoke", "strip", "end", "cancel", "freeze", "terminate", "renounce", "quit"}
# JOIN verbs whose subject is the joiner ("X joined the bloc"); every other JOIN verb with an object
# takes the joiner as its object ("the bloc admitted X", "granted membership to X")
JOIN_BY_SUBJECT = {"join", "rejoin", "accede", "become", "enter", "apply"}
NOT_EVENTS_VERB = {"say", "tell", "state", "note", "add", "stress", "emphasize", "report"}
# what is published rather than set free: "released a statement", "a poll released yesterday"
PUBLICATIONS = {"poll", "report", "statement", "video", "data", "detail", "figure", "result", "survey", "study",
                "document", "transcript", "footage", "photo", "image", "record", "letter", "memo", "book",
                "album", "film", "song", "list", "version", "update", "plan", "budget", "findings", "analysis"}

EXPECT_VERBS = {"expect", "set", "schedule", "plan", "poise", "due", "aim", "intend", "seek", "hope",
                "want", "look", "going", "propose", "consider", "slate", "pledge", "promise", "vow", "await",
                "anticipate", "wish", "desire", "aspire"}
HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "must", "can"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
DENY_VERBS = {"deny", "reject", "dismiss", "refute"}
# verbs whose complement did not happen ("failed to reach", "refrained from joining")
NOT_DONE_VERBS = {"fail", "refrain", "decline", "avoid", "refuse"}
# verbs whose infinitive complement did happen ("began to withdraw", "managed to reach"); any other
# verb or noun before a to-infinitive leaves it unrealised ("is preparing to take", "plans to visit")
DONE_VERBS = {"begin", "start", "continue", "resume", "manage", "keep", "proceed", "go", "come", "get", "use"}
EXPECT_NOUNS = {"desire", "aspiration", "bid", "plan", "plans", "intention", "hope", "proposal", "prospect",
                "process", "application", "path", "road", "way", "possibility", "chance"}
EXPECT_ADJ = {"upcoming", "planned", "next", "forthcoming", "future", "proposed", "scheduled", "expected"}

GATHERING = re.compile(r"\b(?:the|this|that|during\s+the)\s+(?!next\b|upcoming\b|coming\b|future\b)(?:\w+\s+){0,2}?"
                       r"(?:meeting|summit|talks|session|visit|conference|gathering|forum|trip)\b", re.I)
_RELATIVE_DATE = re.compile(
    r"\b(?:(?:earlier|later|early|late)\s+)?(?:this|last|next)\s+(?:week|month|year)\b|\btoday\b|\byesterday\b"
    r"|\btomorrow\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:days|weeks|months|years)\s+ago\b",
    re.I)
_KNOWN_VERBS = frozenset(VERB_TRIGGERS) | LIGHT_VERBS | EXPECT_VERBS
ONE_OFF_TYPES = ("JOIN", "ESTABLISH")  # not PLOVER's: the trigger decides
ROLES_ACTOR = {"nsubj", "nsubjpass", "agent", "csubj"}
ROLES_RECIPIENT = {"dobj", "dative", "iobj", "attr", "oprd"}
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


# ---- triggers ------------------------------------------------------------------------------------------
def _lemma(token) -> str:
    """The token's lemma, and a past form the lemmatizer cut one letter short ("staged" → "stag")
    given its "e" back when that makes one of the verbs above."""
    lemma = token.lemma_.lower()
    if token.tag_ in ("VBD", "VBN") and token.lower_ == lemma + "ed" and lemma + "e" in _KNOWN_VERBS:
        return lemma + "e"
    return lemma


def _trigger(token) -> Optional[tuple[str, Optional[str]]]:
    lemma = _lemma(token)
    if token.dep_ in ("amod", "compound", "nmod") and token.pos_ != "PROPN":
        return None  # "founding members", "Frequently Asked Questions"
    if token.pos_ in ("VERB",):
        if lemma in NOT_EVENTS_VERB:
            return None
        if lemma == "set" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in token.children):
            return None
        if lemma == "form" and not any(c.dep_ in ("dobj", "nsubjpass") for c in token.children):
            return None
        if lemma == "join" and any(c.dep_ == "dobj" and c.lemma_.lower() in ("force", "hand") for c in token.children):
            return None  # "joins forces", "join hands": an idiom, not a membership
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and token.tag_ in ("VBN", "VBD"):
            return None  # "a counterweight to established alliances": an adjective the parser took for a verb
        if lemma not in LOSS_VERBS and _member_complement(token):
            return ("JOIN", None)
        if lemma == "join" and any(c.dep_ == "dobj" and _event_noun(c) for c in token.children):
            return None  # "joining Western sanctions", "joined the talks": taking part, not a membership
        if lemma == "ask" and not _asks_for_something(token):
            return None  # "when asked about it", "was asked in an interview": a question, not a request
        if lemma == "release" and any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in PUBLICATIONS
                                      for c in token.children):
            return None  # "a poll released yesterday", "released a statement": a publication
        if token.dep_ == "acl" and lemma == "release" and token.head.lemma_.lower() in PUBLICATIONS:
            return None
        if lemma == "found" and token.text.lower() in ("found",) and token.tag_ == "VBD":
            return None  # "found" as the past of "find"
        hit = VERB_TRIGGERS.get(lemma)
        if hit and lemma == "back" and not any(c.dep_ == "dobj" for c in token.children):
            return None
        return hit
    if token.pos_ in ("NOUN", "PROPN"):
        lemma = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
        if lemma == "talks":
            lemma = "talk"
        hit = NOUN_TRIGGERS.get(lemma)
        if hit is None:
            return None
        if lemma == "talk" and token.tag_ != "NNS":
            return None
        if lemma in MILITARY_ONLY and not _military(token):
            return None
        if lemma in WEAK_NOUNS and not (token.head.lemma_ in LIGHT_VERBS and token.dep_ in ("dobj", "nsubjpass")):
            if lemma != "operation":
                return None
        if token.pos_ == "PROPN":
            return None  # a name ("Winter Games", "Operation X") is not the report of an event
        return hit
    return None


def _military(token) -> bool:
    words = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "nmod")}
    words |= {w.lower() for c in token.children if c.dep_ == "compound" for w in re.split(r"[-\s]", c.text)}
    if words & MILITARY_WORDS:
        return True
    # "Vostok-2022 exercises": a named exercise (a compound with a number) is military enough
    return any(c.dep_ == "compound" and re.search(r"\d", c.text) for c in token.children)


def _asks_for_something(verb) -> bool:
    """A request asks someone to do something or for something ("asked X to leave", "asked for aid",
    "asked that ..."); a bare or passive "asked (about)" is a question put to someone."""
    for c in verb.children:
        if c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for"):
            return True
        if c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return True
    return False


def _member_complement(verb) -> bool:
    """Whether the verb's complement is a member or a membership ("became a member", "welcomed as the
    newest member", "upgraded to a full member state", "granted membership to")."""
    for c in verb.children:
        if c.dep_ in ("dobj", "dative"):  # "granted membership"; "urged members" is no accession
            if c.lemma_.lower() == "membership":
                return True
            continue
        if c.dep_ in ("attr", "oprd", "acomp"):
            heads = [c]
        elif c.dep_ == "prep" and c.lower_ in ("as", "to", "into"):
            heads = [p for p in c.children if p.dep_ == "pobj"]
        else:
            continue
        for h in heads:
            lemma = h.lemma_.lower()
            if lemma in MEMBER_NOUNS or (lemma in ("state", "country", "nation") and any(
                    x.lemma_.lower() == "member" for x in h.children if x.dep_ in ("compound", "amod", "nmod"))):
                return True
    return False


def _joiner_is_object(trigger) -> bool:
    """Whether a JOIN's object (or recipient) is the joiner: "the bloc admitted X", "membership to X"."""
    if trigger.pos_ != "VERB":
        return trigger.lemma_.lower() == "membership"
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children):
        return False
    return trigger.lemma_.lower() not in JOIN_BY_SUBJECT


def _event_noun(token) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (lemma in NOUN_TRIGGERS or lemma.removesuffix("s") in NOUN_TRIGGERS)


def _anchors(trigger) -> list:
    """The trigger and the light words above it ("held a meeting", "the launch of the operation")."""
    chain = [trigger]
    tok = trigger
    while tok.head.i != tok.i:
        head = tok.head
        lemma = _lemma(head)
        if head.pos_ == "ADP" and head.lower_ == "of":
            chain.append(head)
        elif head.pos_ == "NOUN" and lemma in LIGHT_NOUNS:
            chain.append(head)
        elif head.pos_ in ("VERB", "AUX") and lemma in LIGHT_VERBS and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
            chain.append(head)
        elif head.pos_ == "ADP" and tok.dep_ == "pobj" and head.head.pos_ == "VERB" and _lemma(head.head) in LIGHT_VERBS:
            chain.append(head)
        elif head.dep_ == "dobj" and head.pos_ == "NOUN" and head.lemma_.lower() in LIGHT_NOUNS:
            chain.append(head)
        else:
            break
        tok = head
    return chain


_CUT_DEPS = {"conj", "cc", "relcl", "advcl", "parataxis", "ccomp", "appos", "preconj"}
_WHOLE_CUT_DEPS = {"relcl", "parataxis", "appos", "preconj"}


def _evidence(top, sent, anchors=(), others=frozenset(), whole=False) -> tuple[int, int]:
    """The clause of the top anchor: its subtree without coordinated or subordinate clauses, without
    relative clauses on the event words, and without any clause that holds another event. `whole`
    (a lead sentence's main verb, which has no event word to stand for it): the main clause with its
    adverbial clauses, complements and the verbs that share its subject ("received a boost ... as the
    FBI announced that ...", "shed the curse and ended a 108-year wait") and the phrases that name
    the event it is part of ("died in a suicide attack"), still without a clause that holds another
    event, a clause with a subject of its own joined to it, a relative clause or an aside."""
    keep = {top.i}
    anchor_ids = {a.i for a in anchors}
    stack = [c for c in top.children]
    own_clause = {c.i for c in top.children if c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass", "expl")
                                                                         for g in c.children)}
    while stack:
        tok = stack.pop()
        if whole and tok.head.i == top.i:
            if (tok.dep_ in _WHOLE_CUT_DEPS or tok.i in own_clause or (tok.dep_ == "cc" and own_clause)
                    or (tok.dep_ not in ("nsubj", "nsubjpass") and any(
                        t.i in others and (t.pos_ in ("VERB", "AUX") or t is tok) for t in tok.subtree))):
                continue
            if tok.dep_ in ("nsubj", "nsubjpass"):
                keep.update(t.i for t in tok.subtree)  # its subject whole ("the three people killed have been named")
                continue
            keep.add(tok.i)
            stack.extend(tok.children)
            continue
        if tok.head.i == top.i and (tok.dep_ in _CUT_DEPS or (tok.dep_ == "prep" and _has_verb(tok))
                                     or (tok.dep_ == "punct" and tok.text in ",;—–-")):
            continue
        if tok.dep_ == "relcl" and tok.head.dep_ == "pobj" and tok.head.head.head.i == top.i:
            continue  # "met with X at the White House where the pair shared ...": the place, not what it saw
        if tok.dep_ in ("relcl", "advcl", "parataxis", "ccomp", "conj", "acl") and (
                (tok.head.i in anchor_ids and tok.dep_ != "acl") or any(t.i in others for t in tok.subtree)):
            continue
        keep.add(tok.i)
        stack.extend(tok.children)
    lo, hi = min(keep), max(keep)
    # a contiguous span: stop at the first cut gap on either side of the trigger
    seed = anchors[0].i if anchors else top.i
    start_i = seed
    while start_i - 1 >= lo and (start_i - 1) in keep:
        start_i -= 1
    end_i = seed
    while end_i + 1 <= hi and (end_i + 1) in keep:
        end_i += 1
    doc = top.doc
    while start_i < end_i and (doc[start_i].is_punct or doc[start_i].is_space or doc[start_i].dep_ in ("cc", "mark")):
        start_i += 1
    while end_i > start_i and (doc[end_i].is_punct or doc[end_i].is_space) and doc[end_i].text not in ")”\"":
        end_i -= 1
    if doc[end_i].text in ")”\"" and not any(t.text in "(“\"" for t in doc[start_i:end_i]):
        end_i -= 1
    start_i, end_i = max(start_i, sent.start), min(end_i, sent.end - 1)
    return doc[start_i].idx, doc[end_i].idx + len(doc[end_i].text)


def _has_verb(tok) -> bool:
    """A verb in the phrase other than in a relative clause on its noun (which is cut on its own)."""
    relative = {t.i for c in tok.subtree if c.dep_ == "relcl" and c.head.dep_ == "pobj" and c.head.head.i == tok.i
                for t in c.subtree}
    return any(t.pos_ == "VERB" and t.i not in relative for t in tok.subtree)


# ---- modality ------------------------------------------------------------------------------------------
def _modality(trigger, anchors) -> str:
    chain = list(anchors)
    tok = anchors[-1]
    # climb through infinitive / complement links: "is expected to induct", "is preparing to take ... by granting"
    for _ in range(6):
        if tok.dep_ in ("xcomp", "pcomp", "pobj", "prep", "dobj", "acl", "advcl", "relcl", "attr") and tok.head.i != tok.i:
            tok = tok.head
            chain.append(tok)
        else:
            break
    for t in chain:
        lemma = t.lemma_.lower()
        children = list(t.children)
        if any(c.dep_ == "neg" for c in children) and t.pos_ in ("VERB", "AUX"):
            return "denied"
        auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
        if auxes & FUTURE_AUX:
            return "expected"
        if auxes & HYPOTHETICAL_AUX:
            return "hypothetical"
        if t is not trigger and (lemma in DENY_VERBS or lemma in NOT_DONE_VERBS):
            return "denied"
        if (t.dep_ in ("xcomp", "advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
                and t.head.lemma_.lower() not in DONE_VERBS | NOT_DONE_VERBS and t.head.i != t.i):
            return "expected"  # a to-infinitive under anything but an implicative verb is not yet done
        if t is not trigger and (lemma in EXPECT_VERBS or (t.pos_ == "NOUN" and lemma in EXPECT_NOUNS)):
            return "expected"
        if any(c.dep_ == "amod" and c.lower_ in EXPECT_ADJ for c in children):
            return "expected"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children):
            return "hypothetical"
        if t is not trigger and t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
            return "expected"
    if trigger.dep_ in ("advcl", "xcomp", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        return "expected"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and trigger.dep_ in ("advcl", "acl", "xcomp"):
        return "expected"
    return "asserted"


def _present(anchors) -> bool:
    """A report in the present tense ("are meeting", "meets", "is holding"): dated by the document."""
    for t in anchors:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        auxes = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
        if t.tag_ == "VBG" and any(a.lower_ in ("is", "are", "'s", "'re") for a in auxes):
            return True
        if t.tag_ in ("VBZ", "VBP") and not auxes:
            return True
        return False
    return False


# ---- participants and place -------------------------------------------------------------------------------
# A phrase that names no one but a group acting for a state or an organisation: its nationality, country
# or organisation is the party ("Russian forces", "Chinese officials", "the leaders of X and Y", "the
# head of the FBI"). Any other description ("a Chinese boy", "fans of the band", "officials") names
# no participant.
GROUP_NOUNS = INSTITUTION_NOUNS | frozenset("""
    force troop soldier army military navy militia official authority regime diplomat delegation negotiator
    envoy leader leadership head chief president minister lawmaker legislator parliament police militant fighter
    """.split())


def _names(ctx, found: list) -> list[str]:
    """The names of mentions found inside a phrase, a nationality only when nothing else is named;
    a mention its document leaves ambiguous names no one."""
    strong = [m for m in found if m.label != "NORP"]
    out = []
    for m in strong or found:
        for n in ctx.named(m, m.start).names:
            if n not in out:
                out.append(n)
    return out


def _party(ctx, token) -> list[str]:
    """Who a participant phrase headed by `token` stands for, through the document's mention resolver
    (extract/resolve.py): a name, a pronoun's antecedent, the person a role description is given to, a
    short name's full name; for a group acting for a state or an organisation, that state or
    organisation. A pronoun, role or short name the resolver leaves undecided is no participant."""
    if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
        noun = token.head.head
        found = _party(ctx, noun) if noun.i != token.i else []
        if not found and noun.dep_ == "attr":
            subj = [c for c in noun.head.children if c.dep_ == "nsubj"]
            if subj:
                return _party(ctx, subj[0])
        return found
    out: list[str] = []
    for head in conjuncts(token):
        found = resolve_single(ctx, head, head.idx)
        if found is None:
            m = ctx.mention_of_token(head)  # "Russia's invasion": the possessive country is the party
            names = ctx.named(m, head.idx).names if m is not None and m.label in ACTOR_LABELS else []
        elif found.kind == "named" and found.label in ACTOR_LABELS | {None}:
            names = found.names
        elif found.kind == "description":
            names = _group_party(ctx, head)
        else:
            names = []
        out += [n for n in names if n not in out]
    return out


# Who makes or runs a thing named as an organisation ("the makers of Toblerone", "the app's
# developer"): that organisation. Only an organisation: "US carmakers" are not the United States.
MAKER_NOUNS = frozenset("maker manufacturer producer owner operator developer publisher".split())


def _group_party(ctx, head) -> list[str]:
    """The state or organisation a group noun acts for: its nationality, country or organisation
    modifier ("Russian forces", "US troops", "China's government"), else the organisations and
    countries its "of"/"from" phrase names ("officials from X", "the leaders of X and Y"); the
    organisation a maker or owner noun names ("The makers of X have widened the gaps")."""
    lemma = head.lemma_.lower()
    maker = lemma in MAKER_NOUNS
    if not maker and lemma not in GROUP_NOUNS and head.lower_ not in GROUP_NOUNS:
        return []
    labels = ("ORG",) if maker else ("NORP", "GPE", "ORG")
    modifiers = [c for c in head.children if c.i < head.i and c.dep_ in ("amod", "compound", "nmod", "poss")]
    objects = [p for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
               for p in c.children if p.dep_ == "pobj"]
    return _bodies(ctx, modifiers, labels) or _bodies(ctx, objects, labels)


def _bodies(ctx, tokens, labels=("NORP", "GPE", "ORG")) -> list[str]:
    """The nationalities, countries and organisations named by `tokens` (and the words joined to them)."""
    out: list[str] = []
    for t in (t for tok in tokens for t in conjuncts(tok)):
        m = ctx.mention_of_token(t)
        if m is not None and m.label in labels:
            out += [n for n in ctx.named(m, t.idx).names if n not in out]
    return out


def _participants(ctx, trigger, anchors, mentions) -> tuple[list[str], list[str]]:
    actors, recipients = [], []
    verbs = [t for t in anchors if t.pos_ in ("VERB", "AUX")]
    top = anchors[-1]
    # the subject: of the first verb in the chain, else inherited through xcomp / conj / advcl
    probe = verbs[0] if verbs else top
    climb = ("xcomp", "conj", "advcl", "acl", "pcomp", "prep", "pobj", "dobj")
    if not verbs:
        climb = ("conj",)  # an event noun takes no subject from the verb that merely mentions it
    if probe.dep_ == "acl" and probe.tag_ == "VBN":
        # "its establishment (founded in 2001)", "the forum created in 1996": the thing is the noun
        noun = probe.head
        lo, hi = noun.left_edge.idx, min(probe.left_edge.idx, noun.right_edge.idx + len(noun.right_edge.text))
        return _names(ctx, _mentions_in(mentions, lo, hi, ACTOR_LABELS)), []
    for _ in range(5):
        subj = [c for c in probe.children if c.dep_ in ROLES_ACTOR and c.dep_ != "agent"]
        if subj:
            # two subjects are a misparse of something run into the clause ("KUNDUZ, Afghanistan --
            # Taliban insurgents struck"): the one nearest the verb is its subject
            before = [c for c in subj if c.i < probe.i]
            subject = before[-1] if before else subj[0]
            actors = _party(ctx, subject)
            if actors or subject.pos_ != "PRON":
                break
        if probe.dep_ in climb and probe.head.i != probe.i:
            probe = probe.head
            continue
        break
    for t in [trigger] + verbs:
        # "by X" is the actor of a passive verb only; beside an active verb's subject it is a misparse
        passive = t.pos_ != "VERB" or t.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in t.children)
        for c in t.children:
            if c.dep_ in ROLES_RECIPIENT and c.i != trigger.i and c not in anchors:
                recipients += [n for n in _party(ctx, c) if n not in recipients]
            elif c.dep_ == "prep" and c.lower_ in ("with", "to", "against", "toward", "towards") or c.dep_ == "dative":
                for p in c.children:
                    if p.dep_ == "pobj":
                        recipients += [n for n in _party(ctx, p) if n not in recipients]
            elif c.dep_ == "agent" and passive:
                for p in c.children:
                    if p.dep_ == "pobj":
                        actors = _party(ctx, p) or actors
            elif c.dep_ == "prep" and c.lower_ == "as" and any(x.dep_ in ("dobj", "nsubjpass") for x in t.children):
                # "named the three victims as A, B and C", "the victims were named as A, B and C": who they are
                for p in c.children:
                    if p.dep_ == "pobj":
                        recipients += [n for n in _party(ctx, p) if n not in recipients]
    if trigger.pos_ == "NOUN":
        for c in trigger.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.i < trigger.i:
                # "US sanctions", "the Russian invasion": a name before the noun is its party
                named = _names(ctx, _mentions_in(mentions, c.left_edge.idx, c.idx + len(c.text), ACTOR_LABELS))
                actors += [n for n in named if n not in actors]
        for c in trigger.children:
            if c.dep_ == "poss":
                actors = actors or _party(ctx, c)
            elif c.dep_ == "prep" and c.lower_ in ("between", "of", "by", "with", "against", "to"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        names = _party(ctx, p)
                        if c.lower_ in ("between", "by") or (c.lower_ == "of" and not actors and _trigger(trigger)[0] in ("CONSULT", "ESTABLISH")):
                            actors += [n for n in names if n not in actors]
                        else:
                            recipients += [n for n in names if n not in recipients]
    if not recipients and _lemma(trigger) in NAMING_VERBS:
        recipients = _named_next(ctx, trigger)
    # places are not participants
    return actors, [r for r in recipients if r not in actors]


# conjunctions of an adverbial clause that tells what brought the main clause's report about
CAUSE_MARKS = {"after", "because", "since", "when", "following"}


def _cause_party(ctx, verb, start: int, end: int) -> list[str]:
    """The party of a lead's own report whose main clause names no one, from the adverbial clause
    its evidence keeps ("A chaotic Grand Prix was suspended on lap 20 after X crashed out",
    "Chocolate fans have vented their fury after X increased the gaps"): the report is about X."""
    out: list[str] = []
    for clause in verb.children:
        if clause.dep_ != "advcl" or not (start <= clause.idx < end):
            continue
        if not any(c.dep_ == "mark" and c.lower_ in CAUSE_MARKS for c in clause.children):
            continue
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            out += [n for n in _party(ctx, subject) if n not in out]
    return out


# verbs that make public who someone is ("the victims have been named", "police identified him")
NAMING_VERBS = {"name", "identify"}


def _named_next(ctx, verb) -> list[str]:
    """Who a naming report names when its own clause gives only a description ("THE three remaining
    victims … have been named by police."): the people the next sentence names as its subject or
    complement ("They are A, 62, and B, 52, and C." / "A, B and C died in the accident"), as many as
    the description is (one for a singular noun, several for a plural); nobody when that sentence
    reports someone's words ("Inspector X said …")."""
    if verb.pos_ != "VERB":
        return []
    named = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
    if len(named) != 1 or named[0].pos_ != "NOUN":
        return []
    following = next((t for t in verb.doc[verb.sent.end:] if not t.is_space), None)
    if following is None:
        return []
    root = following.sent.root
    if root.lemma_.lower() in REPORTING_VERBS:
        return []
    out: list[str] = []
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass", "attr"):  # the phrase whole: a list is often parsed as appositions
            lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
            out += [n for n in _names(ctx, _mentions_in(ctx.mentions, lo, hi, ("PERSON",))) if n not in out]
    plural = named[0].tag_ == "NNS"
    return out if (len(out) > 1) == plural and out else []


LOCATIVE = ("in", "at", "near", "outside", "inside", "across")


def _places(sent, mentions, taken: set, top=None, text: str = "", anchors=()) -> list[str]:
    """Places of the event: in the phrase of its top anchor (relative clauses included: "the session,
    which runs ... in the capital"), or a dateline at the start of the sentence."""
    out, later = [], []
    ranges = [(sent.start_char, sent.end_char)]
    if top is not None:
        ranges = [(top.left_edge.idx, top.right_edge.idx + len(top.right_edge.text))]
        if top.pos_ in ("NOUN", "PROPN") and top.head.pos_ == "VERB" and top.dep_ in ("dobj", "nsubj", "nsubjpass"):
            # "precedes a parade in Beijing": the place phrase may hang on the verb
            ranges += [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for c in top.head.children
                       if c.dep_ == "prep" and c.lower_ in ("in", "at", "near")]
    for m in _mentions_in(mentions, sent.start_char, sent.end_char, PLACE_LABELS):
        dateline = m.start - sent.start_char <= 2 and bool(
            re.match(r"[^.\n]{0,40}?\s[–—-]\s", text[m.start:m.start + 60]))  # "Lyon, France – ..."
        if not any(lo <= m.start and m.end <= hi for lo, hi in ranges) and not dateline:
            continue
        if m.canonical in taken or m.canonical in out or m.canonical in later:
            continue
        tok = sent.doc.char_span(m.start, m.end, alignment_mode="expand")
        if tok is None:
            continue
        root = tok.root
        # a place is where something happens: inside an "in/at/near" phrase, or a dateline
        path = [root] + list(root.ancestors)[:4]
        adp = next((t for t in path if t.pos_ == "ADP" and t.lower_ in LOCATIVE), None)
        if adp is not None and not dateline and adp.head.pos_ in ("NOUN", "PROPN") and adp.head.dep_ in (
                "dobj", "pobj", "attr") and adp.head.i not in {a.i for a in anchors}:
            continue  # "discussed the situation in Ukraine": where the topic is, not the event
        if adp is not None or dateline:
            (later if root.dep_ == "poss" else out).append(m.canonical)  # "France's Lyon": Lyon first
    return out + [p for p in later if p not in out]


# ---- dates ------------------------------------------------------------------------------------------------
def _date_expressions(sent, date_ents=None, text: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, text) of the date expressions of a sentence: spaCy's DATE entities (adjacent ones
    joined by "through", "to", "until", "and", "-") and relative expressions spaCy misses."""
    if date_ents is None:
        date_ents = [e for e in sent.ents if e.label_ == "DATE"]
    if text is None:
        text = doc_text(sent.doc)
    ents = [e for e in date_ents if sent.start_char <= e.start_char and e.end_char <= sent.end_char]
    out: list[list] = []
    for e in ents:
        if out:
            gap = text[out[-1][1]:e.start_char]
            if re.fullmatch(r"\s*(?:through|thru|to|until|till|and|–|—|-)\s*", gap):
                out[-1][1] = e.end_char
                continue
        out.append([e.start_char, e.end_char])
    sentence = text[sent.start_char:sent.end_char]
    for m in _RELATIVE_DATE.finditer(sentence):
        s, e = sent.start_char + m.start(), sent.start_char + m.end()
        if not any(a < e and s < b for a, b in out):
            out.append([s, e])
    return sorted((a, b, text[a:b]) for a, b in out)


def _date_owner(expr_start: int, sent, owners: dict) -> Optional[int]:
    """Which mention (index) a date expression belongs to: the first anchor above it in the tree,
    never through a relative clause on some other noun."""
    span = sent.doc.char_span(expr_start, expr_start + 1, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    for _ in range(12):
        if tok.i in owners:
            return owners[tok.i]
        if tok.dep_ == "relcl" or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


_PROBE = D.day(__import__("datetime").date(2001, 6, 15))  # tells a date expression from "as many months"


# ---- the extractor ----------------------------------------------------------------------------------------
def find_events(doc_id: str, text: str, sdoc, mentions, published: Optional[str] = None,
                published_range=None, quotes=(), title: Optional[str] = None, body=None) -> list[EventMention]:
    """Event mentions of one parsed document (see the module docstring). `quotes`: the document's
    quotes (a mention inside one is claimed by its speaker); `title`: the headline, read with the lead
    sentence when the type is decided; `body`: the article's spans (the mention resolver's paragraphs)."""
    candidates, lemmas, leads = [], [], []
    ctx = resolver_for(text, sdoc, mentions, body or [(0, len(text))])
    date_ents = [e for e in sdoc.ents if e.label_ == "DATE"]
    quoted = [(q.content[0], q.content[1], q.speaker_name) for q in quotes or ()]
    lead = first = None
    seen = 0
    for sent in sdoc.sents:
        if sent.end - sent.start < 4 or not any(t.pos_ == "VERB" or t.pos_ == "AUX" for t in sent):
            continue
        if _heading_or_question(sent, text) or _imperative(sent) or _cut_short(sent, text, body):
            continue
        seen += 1
        is_lead = lead is None and seen <= LEAD_SENTENCES
        titled = first is None  # the headline is read with the article's first sentence only
        first = first or sent
        found = [(tok, hit) for tok in sent if (hit := _trigger(tok)) and not _scare_quoted(tok, sent, text)]
        found = _dedupe(found)
        ids = {tok.i for tok, _ in found}
        found = [(tok, hit) for tok, hit in found if not _content_of(tok, ids)]
        if is_lead:
            own = _lead_predicate(sent)
            if own and (not found or _beside(own[0][0], found)):
                found = own + found
        if not found:
            continue
        owners = {}
        items = []
        for n, (tok, hit) in enumerate(found):
            anchors = _anchors(tok)
            for a in anchors:
                owners.setdefault(a.i, n)
            items.append((tok, hit, anchors))
        exprs = [e for e in _date_expressions(sent, date_ents, text) if D.resolve(e[2], _PROBE) is not None]
        assigned: dict[int, tuple] = {}
        for a, b, words in exprs:
            owner = _date_owner(a, sent, owners)
            if owner is None and len(items) == 1:
                # a date at the root of a sentence with a single event ("the meeting was on February 4")
                span = sent.doc.char_span(a, a + 1, alignment_mode="expand")
                if span is not None and not any(t.dep_ == "relcl" for t in [span.root] + list(span.root.ancestors)):
                    owner = 0
            if owner is not None and owner not in assigned:
                assigned[owner] = (a, b, words)
        found_here = []
        for n, (tok, (etype, mode), anchors) in enumerate(items):
            others = frozenset(t.i for t, _, _ in items if t.i != tok.i)
            start, end = _evidence(anchors[-1], sent, anchors, others, whole=etype is None)
            actors, recipients = _participants(ctx, tok, anchors, mentions)
            if etype is None and not (actors or recipients):
                recipients = _cause_party(ctx, anchors[-1], start, end)
            if etype == "JOIN" and recipients and _joiner_is_object(tok):
                actors, recipients = recipients, actors
            places = _places(sent, mentions, set(actors) | set(recipients), anchors[-1], text, anchors)
            modality = _modality(tok, anchors)
            expr = assigned.get(n)
            quote = next((q for q in quoted if q[0] <= tok.idx < q[1]), None)
            if quote is not None and modality == "hypothetical":
                continue  # a conditional inside a quote is the speaker's "what if", not an event
            nominal = tok.pos_ in ("NOUN", "PROPN")
            if _manner_clause(anchors[-1]):
                continue  # "a demonstration of how X learned to cooperate": how it is done, not that it was
            if _open_question(tok):
                continue  # "figured out who to blame", "whether to attack": a question, not an occurrence
            if not nominal and not expr and not (actors or recipients) and _generic_present(anchors):
                continue  # "we do not create blocs", "member states collaborate": a stance, not an occurrence
            if modality != "asserted" and not (expr or actors or recipients or places) and not is_lead:
                continue  # "attempts to create a unipolar world": nobody, nowhere, never — a notion
            reference = nominal and not (expr or actors or recipients or places or _carried(anchors))
            basis = "own" if expr else None
            if basis is None and modality == "asserted" and _present(anchors):
                basis = "present"
            if basis is None and GATHERING.search(text[sent.start_char:sent.end_char]) and not (etype == "CONSULT" and tok.pos_ == "NOUN"
                                                                         and tok.lower_ not in ("meeting",)):
                basis = "context"
            lemmas.append(tok.lemma_.lower() if tok.pos_ == "VERB" else tok.lemma_.lower().removesuffix("s"))
            leads.append(titled)
            found_here.append(EventMention(
                doc=doc_id, span=(start, end), trigger=(tok.idx, tok.idx + len(tok.text)), type=etype, mode=mode,
                modality=modality, actors=actors, recipients=recipients, places=places,
                date_text=expr[2] if expr else None, date_span=(expr[0], expr[1]) if expr else None,
                date_basis=basis, sentence=(sent.start_char, sent.end_char),
                reference=reference, nominal=nominal, claimed_by=quote[2] if quote else None,
                words=_shorten(text[start:end]), stem=stem(tok.lemma_), phase=_phase(anchors),
            ))
        if is_lead and all(m.reference for m in found_here):
            for m in found_here:
                m.reference = False  # the lead sentence reports the story's event, whatever its words
        if found_here:
            lead = lead or sent  # a first sentence that reports nothing (a caption, a state) passes it on
        candidates += found_here
    if not candidates:
        return []
    _type_with_classifier(text, candidates, lemmas, leads, title)
    candidates = [m for m in candidates if m.type is not None]
    resolve_dates(candidates, D.reference(published, published_range))
    return candidates


# the verbs that report speech or writing: the event of "X told reporters that Y happened" is Y
REPORTING_VERBS = NOT_EVENTS_VERB | {"announce", "claim", "confirm", "reveal", "write", "declare", "explain"}


_SUFFIXES = ("ments", "ment", "ings", "ing", "ions", "ion", "s")


def stem(lemma: str) -> str:
    """The event word without its nominal suffix: "meeting" and "meet", "agreement" and "agree",
    "sanctions" and "sanction" compare equal; different words ("attack", "kill") do not."""
    word = lemma.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _shorten(words: str, limit: int = 90) -> str:
    words = " ".join(words.split())
    return words if len(words) <= limit else words[:limit].rsplit(" ", 1)[0] + "…"


# the lead is the first sentence that reports something, among the article's first two
LEAD_SENTENCES = 2
# an event word under one of these relations to the lead's main verb is what that verb reports or
# carries ("vowed to attack", "the death toll from the bombing rose"), or a main clause of its own
# ("X lost, and now Y has blamed Z")
ARGUMENT_DEPS = {"dobj", "nsubj", "nsubjpass", "attr", "oprd", "xcomp", "ccomp", "csubj", "acomp", "conj", "dative"}


def _beside(root, found) -> bool:
    """Whether the lead's main verb is an event of its own beside the event words of its sentence:
    each of them sits in a subordinate clause or an adjunct phrase of that verb ("rammed a truck into
    X, killing six", "has opened the wounds incurred ... by blaming"); none is the verb, carries it
    ("held talks"), is its argument ("vowed to attack", "the toll from the bombing rose") or a
    coordinated main clause."""
    for tok, _ in found:
        if tok.i == root.i or root.i in {a.i for a in _anchors(tok)}:
            return False
        path = [tok] + [t for t in tok.ancestors]
        if root not in path:
            return False
        path = path[:path.index(root)]
        below = path[-1]
        if below.dep_ == "conj" or (below.dep_ in ARGUMENT_DEPS and not any(t.dep_ in CLAUSE_DEPS for t in path[:-1])):
            return False
    return True


# a clause inside a phrase of the main verb ("the battle wounds incurred ... by blaming")
CLAUSE_DEPS = {"acl", "relcl", "advcl"}


def _lead_predicate(sent) -> list:
    """The lead sentence's own event when no event word marks it: its main verb (below a verb of
    saying, the reported verb); typed by the model alone."""
    root = sent.root
    for _ in range(2):
        if root.lemma_.lower() not in REPORTING_VERBS:
            break
        reported = [c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX")]
        if not reported:
            return []
        root = reported[0]
    if root.pos_ != "VERB" and not (root.pos_ == "AUX" and any(c.dep_ in ("acomp", "prep", "attr") for c in root.children)):
        return []
    if root.pos_ == "VERB" and _generic_present([root]):
        return []  # "Both countries see the summit as a sign of unity": a view, not a happening
    return [(root, (None, None))]


def _cut_short(sent, text: str, body) -> bool:
    """The last words of a block that page furniture cut off from the rest of its line, without closing
    punctuation: a headline, standfirst or caption above a share bar or a photo ("The other three
    people killed have now been named as … [share bar] THE three remaining victims …"), not a report."""
    if not body:
        return False
    end = max((t.idx + len(t.text) for t in sent if not t.is_space), default=sent.start_char)
    for (_, span_end), (next_start, _) in zip(body, body[1:]):
        if span_end == end:
            return "\n" not in text[span_end:next_start] and text[end - 1] not in ".!?\"'”’)…:;"
    return False


def _imperative(sent) -> bool:
    """A sentence whose main verb is a bare command with no subject ("Talk about a November surprise.",
    "Take a deep breath."): an aside to the reader, not a report."""
    root = sent.root
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    return (root.tag_ == "VB" and first is not None and first.i == root.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") for c in root.children))


def _heading_or_question(sent, text: str) -> bool:
    """A question, or a line of its own without closing punctuation ("Frequently Asked Questions")."""
    end = max((t.idx + len(t.text) for t in sent if not t.is_space), default=sent.start_char)
    words = text[sent.start_char:end].strip()
    if not words or words.rstrip("\"'”’)»").endswith("?"):
        return True
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    whole_line = not text[line_start:sent.start_char].strip() and not text[end:line_end].strip()
    return whole_line and words[-1] not in ".!?\"'”’)…:;" and len(words.split()) <= 15


def _scare_quoted(tok, sent, text: str) -> bool:
    """The event word stands in quotation marks of at most three words: a label ("the “deal”"), not a report."""
    before, after = text[sent.start_char:tok.idx], text[tok.idx + len(tok.text):sent.end_char]
    for left, right in (("“", "”"), ('"', '"'), ("‘", "’")):
        if left == right:
            if before.count(left) % 2 == 0:
                continue
        elif before.rfind(left) <= before.rfind(right):
            continue
        if right not in after:
            continue
        inside = before[before.rfind(left) + 1:] + tok.text + after[:after.index(right)]
        if len(inside.split()) <= 3:
            return True
    return False


def _content_of(tok, trigger_ids: set) -> bool:
    """The event is what another event word asks, promises or threatens ("urged members to reject",
    "agreed to cooperate", "threatened to strike"): part of that event, not one of its own."""
    t = tok
    if (t.dep_ == "conj" and t.tag_ == "VB" and t.head.tag_ in ("VBD", "VBZ", "VBP", "VBN")
            and not any(c.dep_ in ("aux", "nsubj") for c in t.children)
            and any(c.dep_ == "xcomp" for c in t.head.children)):
        # "urged members to embrace X and reject Y", parsed with "reject" beside "urged": a bare verb
        # cannot be coordinated with a past tense; it continues the infinitive
        return t.head.i in trigger_ids
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    infinitive = t.dep_ == "xcomp" or (t.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children))
    return infinitive and t.head.i in trigger_ids and t.head.i != tok.i and t.head.pos_ == "VERB"


def _manner_clause(top) -> bool:
    """Whether the event sits in a "how" clause (its verb, or a verb above it within three steps)."""
    tok = top
    for _ in range(3):
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "advmod" and c.lower_ == "how" for c in tok.children):
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _open_question(tok) -> bool:
    """An infinitive under a wh-word ("who to blame", "what to do", "whether to attack")."""
    if tok.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    return any(c.tag_ in ("WP", "WDT", "WRB") or (c.dep_ == "mark" and c.lower_ in ("whether", "if"))
               for c in tok.children)


def _generic_present(anchors) -> bool:
    """A verb in the simple present ("collaborate", "do not create"): a habit or a stance."""
    verbs = [t for t in anchors if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return False
    verb = verbs[0]
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    while verb.tag_ == "VB" and not auxes and verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head  # "deepen ties and collaborate": the tense of the first verb
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ in ("VBZ", "VBP") and not auxes:
        return True
    return verb.tag_ == "VB" and bool(auxes) and all(a.lower_ in ("do", "does") for a in auxes)


START_WORDS = {"begin", "start", "launch", "open", "kick", "commence", "beginning", "kick-off"}
END_WORDS = {"end", "conclude", "close", "finish", "complete", "wrap", "conclusion"}


def _phase(anchors) -> Optional[str]:
    """"start" or "end" when a word above the event word tells its beginning or its end."""
    for a in anchors[1:]:
        lemma = a.lemma_.lower()
        if lemma in START_WORDS:
            return "start"
        if lemma in END_WORDS:
            return "end"
    return None


def _carried(anchors) -> bool:
    """An event noun carried by a verb ("held talks", "imposed sanctions"): the report of an occurrence."""
    return any(a.pos_ in ("VERB", "AUX") for a in anchors[1:])


def _dedupe(found):
    """One mention per event word: a trigger inside another trigger's light chain is the same event
    ("signed an agreement"); the same type twice in one phrase ("establishment (founded in 2001)") keeps
    the verb."""
    out = []
    for tok, hit in found:
        chain = _anchors(tok)
        out.append((tok, hit, {t.i for t in chain}))
    keep = []
    for i, (tok, hit, chain) in enumerate(out):
        dropped = False
        for j, (other, ohit, ochain) in enumerate(out):
            if i == j:
                continue
            if tok.i in ochain and other.i != tok.i and len(ochain) > 1 and tok.pos_ == "VERB" and other.pos_ == "NOUN":
                dropped = True  # "sign" above "memorandum": the noun carries the event
            if hit[0] == ohit[0] and tok.pos_ == "NOUN" and other.pos_ == "VERB" and other.head.i == tok.i:
                dropped = True  # "establishment (founded in 2001)"
            if (hit[0] == ohit[0] and other.i != tok.i and tok.pos_ in ("NOUN", "PROPN")
                    and other.pos_ in ("NOUN", "PROPN") and other in list(tok.ancestors)[:3]):
                dropped = True  # "joint patrols and military exercises": one event, the head noun
            if (tok.dep_ in ("advcl", "xcomp") and other.i == tok.head.i
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)):
                dropped = True  # a purpose: "sign a memorandum to become a member" is the signing
        if not dropped:
            keep.append((tok, hit))
    return keep


# trigger words whose PLOVER type depends on the sentence: the classifier chooses among these types
AMBIGUOUS = {
    "strike": ("ASSAULT", "PROTEST"),
    "release": ("CONCEDE", "COERCE", "AID"), "ease": ("CONCEDE", "COOPERATE"), "lift": ("CONCEDE", "SANCTION"),
    "back": ("SUPPORT", "AID"), "supply": ("AID", "COOPERATE"),
    "pledge": ("AGREE", "SUPPORT", "AID"), "warn": ("THREATEN", "ACCUSE"), "demand": ("REQUEST", "PROTEST", "ACCUSE"),
    "urge": ("REQUEST", "PROTEST"), "condemn": ("ACCUSE", "PROTEST", "REJECT"),
    "deploy": ("MOBILIZE", "ASSAULT"), "seize": ("COERCE", "ASSAULT"),
    "withdraw": ("RETREAT", "REJECT"), "dismiss": ("REJECT", "COERCE"), "patrol": ("MOBILIZE", "COOPERATE"),
}


# In a lead sentence read after its headline the model decides: the trigger word's own types only
# count double (the story's first event, BENCHMARKS.md "Event types"; headline + first sentence
# 79% on the held-out stories, the sentence alone 50%). Elsewhere the model chooses
# among the trigger word's types only (AMBIGUOUS): on the synthetic stories' unseen second sentences
# the model alone does better than the words (`benchmarks/event_type_prior.py`: 42% against 26%),
# but on real reports it labels a sentence, not the event in it ("The military exercises ended on
# September 7, and took place at seven ranges" → COOPERATE), so a word with one type keeps it.
TRIGGER_PRIOR_LEAD = 2.0


def choose_type(p: dict, own: set, prior: float) -> str:
    """The type with the highest probability, the trigger word's own types weighted by `prior`."""
    return max(sorted(p), key=lambda k: p[k] * (prior if k in own else 1.0))


def _type_with_classifier(text: str, mentions: list[EventMention], lemmas: list[str], leads: list[bool],
                          title: Optional[str] = None) -> None:
    """The PLOVER type of each mention from the event-type model over its sentence (the lead sentence
    read after the headline), with the trigger word's types (see TRIGGER_PRIOR_LEAD).
    JOIN and ESTABLISH, which PLOVER lacks, stay with the trigger. A mention without a trigger type
    (a lead sentence's verb) takes the model's type, or is dropped when no model is installed. Each
    text is embedded once."""
    # the model is run only where it can decide: a lead sentence with its headline, a trigger word
    # with several types, a lead sentence's verb without one
    todo = [(m, lemma, lead) for m, lemma, lead in zip(mentions, lemmas, leads) if m.type not in ONE_OFF_TYPES
            and ((lead and title) or m.type is None or lemma in AMBIGUOUS)]
    inputs = {id(m): model_text(text[m.sentence[0]:m.sentence[1]], title if lead else None) for m, _, lead in todo}
    unique = sorted(set(inputs.values()))
    probs = dict(zip(unique, type_probabilities(unique)))
    for m, lemma, lead in todo:
        p = probs.get(inputs[id(m)])
        if not p:
            continue
        own = {m.type, *AMBIGUOUS.get(lemma, ())} if m.type else set()
        m.type_scores = {k: round(v, 3) for k, v in sorted(p.items(), key=lambda kv: -kv[1])[:3]}
        if (lead and title) or not own:
            best = choose_type(p, own, TRIGGER_PRIOR_LEAD)
        else:
            best = choose_type({k: p[k] for k in own if k in p} or p, own, 1.0)
        if best != m.type:
            m.type, m.mode = best, None


def resolve_dates(mentions: list[EventMention], ref: Optional[D.DateValue]) -> None:
    """Fill each mention's `date` from its basis and the document's reference date (in place).

    Mentions must be one document's, in text order. A date after the reference makes an asserted
    mention expected ("precedes a parade on September 3rd")."""
    last_gathering: Optional[D.DateValue] = None
    for m in mentions:
        value = None
        if m.date_basis == "own" and m.date_text:
            value = D.resolve(m.date_text, ref, future=m.modality != "asserted")
        elif m.date_basis == "present" and ref is not None and ref.precision == "day":
            value = ref
        elif m.date_basis == "context":
            value = last_gathering or (ref if ref is not None and ref.precision == "day" else None)
        m.date = value.iso() if value else None
        if value is not None and ref is not None and m.modality == "asserted" and value.start > ref.end:
            m.modality = "expected"
        if m.type == "CONSULT" and value is not None and value.precision == "day" and m.date_basis in ("own", "present"):
            last_gathering = value
