"""Events across documents: one record per real-world event, every report of it as evidence.

1. Each document's mentions are dated against its reference date (publication date, else the start
   of its published range). A document with neither borrows one from the dated document that covers
   the same story — most statements quoted in both (quote groups), else a meeting of the same people
   at a compatible place — and its date expressions are resolved again against it.
2. Mentions fuse when type, participants (one set inside the other; for one day's gathering, one
   shared), place (shared when both have one), date (overlapping at their precision: two reports
   dated to different days, months or years are never one event, except the start and the end of
   one event told close together in one document, "kicked off ...", "ended on September 7") and
   event word (the same stem, but for CONSULT, JOIN, ESTABLISH) are compatible. Dated mentions are placed first, finest precision first; an undated mention then joins the
   event of its own document, or one with shared participants within a year of its document's date.
   A noun phrase naming an existing thing (`reference`) only joins an event of its word, else is dropped.
3. Each event keeps every evidence span with its own modality and `claimed_by`, its outlets, a
   summary built from its fields (or quoting its evidence when no one is named) and `timeline`
   (a resolved participant or a stated date); it is `asserted` once any source reports it as done.
   Ids come from the members.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Optional

from ..extract import dates as D
from ..extract.events import resolve_dates
from ..ids import members_id, state_digest
from ..records import EventMention
from .entities import name_key

MODALITY_ORDER = ("asserted", "expected", "hypothetical", "denied")
STATED_DATES = ("own", "story")  # a date expression of the clause, or the story's meeting (see fuse_events)
# Thresholds. Each was first set by reading SCO reports; the figures beside them are from the ECB+
# test topics (benchmarks/event_fusion_settings.py: B3 P/R of the covered gold event mentions, one value
# changed at a time; BENCHMARKS.md), the evidence that the value earns its place.
# "close together": within this many characters of a member of the event in the same document
SAME_DOC_CHARS = 2500  # ECB+ P/R 0.955/0.552 at 800 and 1500, 0.955/0.553 at 2500 and 5000
# a mention's score for an event: a report in the same document counts this many shared participants,
# a dated mention this many more
SAME_DOC_WEIGHT = 2.0  # ranks compatible events only: ECB+ 0.955/0.553 and SCO alike from 0.5 to 4
DATED_BONUS = 0.5  # a tie-breaker only: below one shared participant or place
ONE_OFF_TYPES = ("ESTABLISH", "JOIN")
# types whose reports fuse whatever their event word: a visit, the talks and the meeting of one trip;
# a founding or an accession, fused by what it names. Other types fuse only on the same event word
# (or a noun phrase naming it): ECB+ keeps "killed" and "the attack" apart (benchmarks/ecbplus_events.py)
ANY_WORD_TYPES = ("CONSULT",) + ONE_OFF_TYPES
# an undated mention sharing no participant joins an event of its document this close
CLOSE_CHARS = 800  # ECB+ P/R 0.941/0.569 at 0, 0.955/0.547 at 400, 0.955/0.553 at 800, 0.941/0.568 at 1600
# an undated mention joins a dated event of another document sharing a participant when its document
# is dated within this many days of the event (a year: news recalls last year's events)
UNDATED_WINDOW_DAYS = 366  # ECB+ R 0.543 at 30, 0.553 at 366 and 3660 (P 0.955); SCO precision 39/42 at 3660
# summary verbs: (as done, as expected)
VERBS = {
    "AGREE": ("agreed with", "agree with"),
    "CONSULT": ("met", "meet"),
    "SUPPORT": ("expressed support for", "express support for"),
    "CONCEDE": ("made a concession to", "make a concession to"),
    "COOPERATE": ("cooperated with", "cooperate with"),
    "AID": ("gave aid to", "give aid to"),
    "RETREAT": ("withdrew from", "withdraw from"),
    "REQUEST": ("made a request to", "make a request to"),
    "ACCUSE": ("accused", "accuse"),
    "REJECT": ("rejected", "reject"),
    "THREATEN": ("threatened", "threaten"),
    "PROTEST": ("protested against", "protest against"),
    "MOBILIZE": ("mobilised forces", "mobilise forces"),
    "COERCE": ("coerced", "coerce"),
    "ASSAULT": ("attacked", "attack"),
    "SANCTION": ("sanctioned", "sanction"),
    "JOIN": ("joined", "join"),
    "ESTABLISH": ("was founded", "be founded"),
}


def _mention(row: dict) -> EventMention:
    m = EventMention(**{k: v for k, v in row.items() if k in EventMention.__dataclass_fields__})
    m.span = tuple(m.span)
    m.trigger = tuple(m.trigger)
    m.sentence = tuple(m.sentence) if m.sentence else None
    m.date_span = tuple(m.date_span) if m.date_span else None
    return m


def _entity_of(lookup, doc: str, name: str, countries: Optional[dict] = None) -> Optional[str]:
    """The entity a participant's name means in its document; a nationality ("Russian", for "Russian
    forces") is its country's entity when the corpus has one (`entities[].country`). None when the name
    is no entity or one its document (or the corpus) leaves ambiguous: then it is no participant, since
    a wrong name is worse than none."""
    eid = lookup.of(doc, name) if hasattr(lookup, "of") else lookup.get(name_key(name))
    return (countries or {}).get(eid, eid)


def _entities_of(lookup, doc: str, names: list[str], countries: Optional[dict]) -> list[tuple[str, str]]:
    """(entity id, name) of each participant name that is an entity, once each."""
    out, seen = [], set()
    for n in names:
        eid = _entity_of(lookup, doc, n, countries)
        if eid is not None and eid not in seen:
            seen.add(eid)
            out.append((eid, n))
    return out


class _Mention:
    """A mention with what fusion needs: entity ids, places, date value, document reference."""

    def __init__(self, m: EventMention, ref: Optional[D.DateValue], lookup: dict, outlet: str,
                 countries: Optional[dict] = None):
        self.m = m
        self.ref = ref
        self.outlet = outlet
        actors = _entities_of(lookup, m.doc, m.actors, countries)
        recipients = [(i, n) for i, n in _entities_of(lookup, m.doc, m.recipients, countries)
                      if i not in {a for a, _ in actors}]
        self.actors = [i for i, _ in actors]
        self.recipients = [i for i, _ in recipients]
        self.names = dict(actors + recipients)  # entity id → the name the document gives it
        self.participants = set(self.actors) | set(self.recipients)
        self.resolved = bool(self.participants)
        self.places = {name_key(p) for p in m.places}
        self.date = D.from_record(m.date)


class _Event:
    """An event being fused, with what scoring a new mention needs kept up to date as members join
    (participants, places, dated members, members by document), so one score costs little however
    many reports the event already has."""

    def __init__(self, first: _Mention, index: int):
        self.index = index  # creation order: ties go to the older event, as in a plain scan
        self.type = first.m.type
        self.members: list[_Mention] = []
        self.participants: set = set()
        self.places: set = set()
        self.stems: set = set()
        self._dated: list[_Mention] = []
        self.by_doc: dict[str, list[_Mention]] = defaultdict(list)
        self.latest_start = self.earliest_end = None  # of the dated members: x overlaps all iff inside
        self._date: Optional[D.DateValue] = None
        self.add(first)

    def add(self, x: _Mention) -> None:
        self.members.append(x)
        self.participants |= x.participants
        self.places |= x.places
        if x.m.stem and not x.m.reference:
            self.stems.add(x.m.stem)
        self.by_doc[x.m.doc].append(x)
        if x.date is not None:
            self._dated.append(x)
            self.latest_start = max(self.latest_start or x.date.start, x.date.start)
            self.earliest_end = min(self.earliest_end or x.date.end, x.date.end)
            self._date = None

    def dated(self) -> list[_Mention]:
        return self._dated

    def date(self) -> Optional[D.DateValue]:
        if self._date is None and self._dated:
            best = min(D.PRECISIONS.index(x.date.precision) for x in self._dated)
            finest = [x.date for x in self._dated if D.PRECISIONS.index(x.date.precision) == best]
            value = finest[0]
            for other in finest[1:]:
                value = D.span(value, other)
            self._date = value
        return self._date

    def near(self, x: _Mention, chars: int = 0) -> bool:
        """Whether a member of x's document lies within `chars` characters of it (SAME_DOC_CHARS by default)."""
        limit = chars or SAME_DOC_CHARS
        return any(abs(x.m.span[0] - y.m.span[0]) <= limit for y in self.by_doc.get(x.m.doc, ()))


class _EventIndex:
    """Where to look for the events a mention may join: by type and month of the dated members, by
    type and document, and by type and participant. Every event `_score` could accept is found here
    (a dated mention must overlap a dated member, or be in its document; an undated one needs a
    member of its own document or a shared participant), so blocking changes no result."""

    def __init__(self):
        self.events: list[_Event] = []
        self.by_month: dict[tuple, list[_Event]] = defaultdict(list)
        self.by_doc: dict[tuple, list[_Event]] = defaultdict(list)
        self.by_participant: dict[tuple, list[_Event]] = defaultdict(list)

    def new(self, x: _Mention) -> None:
        event = _Event(x, len(self.events))
        self.events.append(event)
        self._register(event, x, first=True)

    def add(self, event: _Event, x: _Mention) -> None:
        new_doc = x.m.doc not in event.by_doc
        new_participants = x.participants - event.participants
        event.add(x)
        self._register(event, x, first=False, new_doc=new_doc, new_participants=new_participants)

    def _register(self, event, x, first, new_doc=True, new_participants=None):
        if x.date is not None:
            for key in _months(x.date.start, x.date.end):
                bucket = self.by_month[(event.type, key)]
                if not bucket or bucket[-1] is not event:
                    bucket.append(event)
        if first or new_doc:
            self.by_doc[(event.type, x.m.doc)].append(event)
        for p in (x.participants if first else new_participants):
            self.by_participant[(event.type, p)].append(event)

    def candidates(self, x: _Mention, dated_pass: bool) -> list[_Event]:
        found = {}
        if dated_pass:
            for key in _months(x.date.start, x.date.end):
                for event in self.by_month.get((x.m.type, key), ()):
                    found[event.index] = event
            for event in self.by_doc.get((x.m.type, x.m.doc), ()):  # a start and an end of one event
                found[event.index] = event
        else:
            for event in self.by_doc.get((x.m.type, x.m.doc), ()):
                found[event.index] = event
            for p in x.participants:
                for event in self.by_participant.get((x.m.type, p), ()):
                    found[event.index] = event
        return [found[i] for i in sorted(found)]


def _months(start, end) -> list[tuple[int, int]]:
    months, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _participants_ok(a: set, b: set) -> bool:
    return not a or not b or a <= b or b <= a


def _same_day_gathering(x: _Mention, event: _Event) -> bool:
    """A visit, its talks and its meetings on one day, sharing a participant: one gathering whose
    reports each name some of those present ("visited Washington", "talks with Mr. Trump")."""
    if x.m.type != "CONSULT" or x.date is None or x.date.precision != "day" or not event.dated():
        return False
    value = event.date()
    return value.precision == "day" and value.start == x.date.start == value.end == x.date.end \
        and bool(x.participants & event.participants)


def _places_ok(a: set, b: set) -> bool:
    return not a or not b or bool(a & b)


def _near(x: _Mention, y: _Mention) -> bool:
    return x.m.doc == y.m.doc and abs(x.m.span[0] - y.m.span[0]) <= SAME_DOC_CHARS


def _dates_ok(x: _Mention, event: _Event) -> bool:
    if x.date.start <= event.earliest_end and event.latest_start <= x.date.end:
        return True  # overlaps every dated member
    for y in event.dated():
        if x.date.overlaps(y.date):
            continue
        if _near(x, y) and (x.m.phase or y.m.phase):
            continue  # its start and its end told close together: "began on September 1 … ended on September 7"
        return False
    return True


def _score(x: _Mention, event: _Event) -> Optional[float]:
    """How well a mention fits an event (None: incompatible)."""
    if x.m.type != event.type:
        return None
    if (x.m.type not in ANY_WORD_TYPES and x.m.stem and event.stems
            and x.m.stem not in event.stems):
        return None  # "killed" and "the attack", "struck" and "the earthquake": told as two happenings
    if not _places_ok(x.places, event.places):
        return None
    if not _participants_ok(x.participants, event.participants) and not _same_day_gathering(x, event):
        return None
    shared = len(x.participants & event.participants)
    same_doc = event.near(x) and (shared or x.date is not None or event.near(x, CLOSE_CHARS))
    if x.date is not None:
        if event.dated() and not _dates_ok(x, event):
            return None
        if not event.dated():
            return None  # dated mentions are placed first: an all-undated event came later
    else:
        event_date = event.date()
        if not shared and x.m.type in ONE_OFF_TYPES:
            return None  # a founding or an accession is joined by what it names, not by nearness
        if not same_doc:
            if not shared:
                return None
            if event_date is not None and x.m.type != "ESTABLISH":
                if x.ref is None or not _within(event_date, x.ref, UNDATED_WINDOW_DAYS):
                    return None
    return SAME_DOC_WEIGHT * same_doc + shared + len(x.places & event.places) + (DATED_BONUS if x.date is not None else 0.0)


def _within(a: D.DateValue, b: D.DateValue, days: int) -> bool:
    return _shift(a.start, -days) <= b.end and _shift(b.start, -days) <= a.end


def _shift(day: date, days: int) -> date:
    """`day` moved by `days`, held inside the calendar: an event dated at its edge ("December 31,
    9999", a document published 0001-01-01) raised OverflowError and took the whole fusion down."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _story_meeting(mentions: list[EventMention]) -> Optional[EventMention]:
    """A document's first meeting of two or more named participants: the story it reports."""
    for m in mentions:
        if m.type == "CONSULT" and len(m.actors) + len(m.recipients) >= 2:
            return m
    return None


def _anchor_documents(by_doc: dict, refs: dict, quote_docs: list[set], lookup: dict,
                      countries: Optional[dict] = None) -> dict:
    """For each document without a reference date: the date of the story it covers, borrowed from
    the dated document sharing most quoted statements, or a meeting of the same people at a place
    they share (the first such meeting of the undated document)."""
    # for each undated document, the dated documents of each quote group it is in
    groups_of: dict[str, list[list]] = defaultdict(list)
    for docs in quote_docs:
        dated = [d for d in docs if refs.get(d) is not None]
        if dated:
            for doc in docs:
                if refs.get(doc) is None:
                    groups_of[doc].append(dated)
    # the day-dated meetings of dated documents, in document order, found by any participant
    meetings: list[tuple] = []
    by_participant: dict[str, list[int]] = defaultdict(list)
    for other, others in by_doc.items():
        if refs.get(other) is None:
            continue
        for o in others:
            value = D.from_record(o.date)
            if o.type != "CONSULT" or value is None or value.precision != "day":
                continue
            theirs = {i for i, _ in _entities_of(lookup, o.doc, o.actors + o.recipients, countries)}
            for p in theirs:
                by_participant[p].append(len(meetings))
            meetings.append((other, value, theirs, {name_key(p) for p in o.places}))

    anchors = {}
    for doc, mentions in by_doc.items():
        if refs.get(doc) is not None:
            continue
        scores: Counter = Counter()
        for dated in groups_of.get(doc, ()):
            for other in dated:
                scores[other] += 2
        meeting_dates: dict[str, D.DateValue] = {}
        story = _story_meeting(mentions)
        for m in [story] if story else []:
            mine = {i for i, _ in _entities_of(lookup, m.doc, m.actors + m.recipients, countries)}
            places = {name_key(p) for p in m.places}
            # two shared participants are needed, so every match is listed under one of mine
            for i in sorted({i for p in mine for i in by_participant.get(p, ())}):
                other, value, theirs, oplaces = meetings[i]
                if not (mine <= theirs or theirs <= mine) or len(mine & theirs) < 2:
                    continue
                if places and oplaces and not places & oplaces:
                    continue
                scores[other] += 3 if places & oplaces else 1
                meeting_dates.setdefault(other, value)
        if not scores:
            continue
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        anchors[doc] = meeting_dates.get(best) or refs[best]
    return anchors


def fuse_events(rows: list[dict], lookup: dict, doc_dates: dict, outlets: dict,
                quote_groups: list[dict] | None = None, quotes: list[dict] | None = None,
                entities: list[dict] | None = None) -> list[dict]:
    """Event mention rows (store) → events in the export shape.

    lookup: the entity index (`fuse.entities.EntityIndex`, or name_key → entity id); doc_dates: doc →
    (published, published_from, published_to); outlets: doc → outlet name; quote groups and quotes tie
    undated documents to dated ones; entities (export shape): their names for summaries, and the
    country of each nationality, which stands for it as a participant."""
    items, entity_names = prepare_mentions(rows, lookup, doc_dates, outlets, quote_groups, quotes, entities)
    return sorted((_record(e, entity_names) for e in _cluster(items)),
                  key=lambda r: ((r["date"] or {}).get("start") or "9999", r["id"]))


def prepare_mentions(rows: list[dict], lookup: dict, doc_dates: dict, outlets: dict,
                     quote_groups: list[dict] | None = None, quotes: list[dict] | None = None,
                     entities: list[dict] | None = None) -> tuple[list[_Mention], dict]:
    """(every mention dated and linked to entities, entity id → name): what clustering reads."""
    countries = {e["id"]: e["country"] for e in entities or () if e.get("country")}
    entity_names = {e["id"]: e["name"] for e in entities or ()}
    by_doc: dict[str, list[EventMention]] = defaultdict(list)
    for row in rows:
        by_doc[row["doc"]].append(_mention(row))
    for mentions in by_doc.values():
        mentions.sort(key=lambda m: (m.span[0], m.span[1], m.type))
    refs = {}
    for doc in by_doc:
        published, start, end = doc_dates.get(doc, (None, None, None))
        refs[doc] = D.reference(published, [start, end] if start else None)
        resolve_dates(by_doc[doc], refs[doc])
    doc_of_quote = {q["id"]: q["doc"] for q in quotes or []}
    quote_docs = [{doc_of_quote[m] for m in g["members"] if m in doc_of_quote} for g in quote_groups or []]
    for doc, anchor in _anchor_documents(by_doc, refs, quote_docs, lookup, countries).items():
        refs[doc] = anchor
        resolve_dates(by_doc[doc], anchor)
        story = _story_meeting(by_doc[doc])
        if story is not None and story.date is None:
            story.date, story.date_basis = anchor.iso(), "story"  # the meeting the anchor was learnt from
    items = [_Mention(m, refs[doc], lookup, outlets.get(doc, doc), countries) for doc, ms in by_doc.items() for m in ms]
    return items, entity_names


def _cluster(items: list[_Mention]) -> list[_Event]:
    """The events of these mentions (see the module's docstring, step 2). Run on a part of the corpus
    that shares no `_interaction_keys` with the rest, it gives what it gives inside a run on all."""
    references = [x for x in items if x.m.reference]
    items = [x for x in items if not x.m.reference]
    items.sort(key=lambda x: (x.date is None, D.PRECISIONS.index(x.date.precision) if x.date else 3,
                              x.m.doc, x.m.span[0], x.m.span[1]))
    index = _EventIndex()
    undated = [x for x in items if x.date is None]
    # dated mentions first; then undated ones that belong to an event of their own document; then the rest
    passes = ([x for x in items if x.date is not None], undated, undated)
    placed = set()
    for n, batch in enumerate(passes):
        for x in batch:
            if id(x) in placed:
                continue
            best, best_score = None, None
            for event in index.candidates(x, dated_pass=n == 0):
                if n == 1 and not event.near(x):
                    continue
                score = _score(x, event)
                if score is not None and (best_score is None or score > best_score):
                    best, best_score = event, score
            if best is not None:
                index.add(best, x)
                placed.add(id(x))
            elif n != 1:
                index.new(x)
                placed.add(id(x))
    # a noun phrase naming an existing thing ("the agreement", "sanctions") is evidence of the event it
    # names, in its document or sharing a participant; else it is no event at all
    for x in references:
        x.m.modality = "asserted"
        best, best_score = None, None
        for event in index.candidates(x, dated_pass=False):
            score = _score(x, event)
            if score is not None and (best_score is None or score > best_score):
                best, best_score = event, score
        if best is not None:
            index.add(best, x)
    return index.events


# ---- fusing again after documents were added (fuse/update.py) --------------------------------------
def _interaction_keys(x: _Mention) -> list[tuple]:
    """Every key `_EventIndex` files x under or looks x's candidates up by. Two mentions that share
    no key, directly or through other mentions, never meet: their parts of the corpus cluster apart."""
    keys = [("doc", x.m.type, x.m.doc)] + [("participant", x.m.type, p) for p in x.participants]
    if x.date is not None:
        keys += [("month", x.m.type, month) for month in _months(x.date.start, x.date.end)]
    return keys


def _fingerprint(x: _Mention, entity_names: dict) -> str:
    """Everything of a mention that clustering and its event's record read."""
    ref = (x.ref.start, x.ref.end, x.ref.precision) if x.ref else None
    state = (x.m, ref, x.outlet, x.actors, x.recipients, sorted(x.names.items()), sorted(x.places),
             [entity_names.get(i) for i in sorted(x.participants)])
    return state_digest(state)


def mention_keys(items: list[_Mention]) -> list[str]:
    """A key per mention that stays the same across fusions: document, span, type and, for two
    mentions alike in those, their order."""
    keys, seen = [], Counter()
    for x in items:
        key = f"{x.m.doc}:{x.m.span[0]}:{x.m.span[1]}:{x.m.type}"
        keys.append(f"{key}:{seen[key]}")
        seen[key] += 1
    return keys


def _components(items: list[_Mention]) -> list[list[int]]:
    """The items, cut into parts that share no interaction key (item indices, in item order): the
    connected components of the graph joining each item to its keys."""
    if not items:
        return []
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    key_ids: dict[tuple, int] = {}
    rows, columns = [], []
    for i, x in enumerate(items):
        for key in _interaction_keys(x):
            rows.append(i)
            columns.append(len(items) + key_ids.setdefault(key, len(key_ids)))
    size = len(items) + len(key_ids)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, columns)), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    parts: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        parts[int(labels[i])].append(i)
    return list(parts.values())


class EventsAgain:
    """Events fused again where the corpus changed: the parts of the corpus (`_components`) that hold a
    new mention, a mention whose fingerprint changed, or a mention whose last event reached outside
    the part are clustered again; every other part has the events it had.

    history: mention key → (fingerprint, event id or None) as the last fusion left them. After the
    run: `records` (the events of the parts clustered again), `old_events` (the ids those parts'
    mentions had), `rows` ((key, fingerprint, event id) of every mention of those parts) and
    `clustered` / `total` (mentions clustered again, of all)."""

    def __init__(self, items: list[_Mention], entity_names: dict, history: dict):
        keys = mention_keys(items)
        prints = [_fingerprint(x, entity_names) for x in items]
        sizes = Counter(event for _, event in history.values() if event)
        self.records, self.old_events, self.rows = [], set(), []
        self.total, self.clustered = len(items), 0
        for part in _components(items):
            old = [history.get(keys[i]) for i in part]
            if all(o is not None and o[0] == prints[i] for o, i in zip(old, part)):
                inside = Counter(o[1] for o in old if o[1])
                if all(sizes[event] == n for event, n in inside.items()):
                    continue  # as it was: its events stand
            self.old_events |= {o[1] for o in old if o and o[1]}
            self.clustered += len(part)
            event_of = {}
            for event in _cluster([items[i] for i in part]):
                record = _record(event, entity_names)
                self.records.append(record)
                for x in event.members:
                    event_of[id(x)] = record["id"]
            self.rows += [(keys[i], prints[i], event_of.get(id(items[i]))) for i in part]


def _record(event: _Event, entity_names: dict) -> dict:
    members = sorted(event.members, key=lambda x: (x.m.doc, x.m.span[0], x.m.span[1]))
    value = event.date()
    modalities = {x.m.modality for x in members}
    modality = next(m for m in MODALITY_ORDER if m in modalities)
    actors, recipients = [], []
    for x in members:
        actors += [a for a in x.actors if a not in actors]
    for x in members:
        recipients += [r for r in x.recipients if r not in recipients and r not in actors]
    places = Counter(p for x in members for p in x.m.places[:1])
    place = sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if places else None
    modes = Counter(x.m.mode for x in members if x.m.mode)
    evidence = []
    seen = set()
    for x in members:
        key = (x.m.doc, x.m.span[0], x.m.span[1])
        if key not in seen:
            seen.add(key)
            evidence.append({"doc": x.m.doc, "start": x.m.span[0], "end": x.m.span[1], "modality": x.m.modality,
                             "claimed_by": x.m.claimed_by})
    names = dict(entity_names)
    for x in members:
        for i, n in x.names.items():
            names.setdefault(i, n)
    return {
        "id": members_id("v", [f"{e['doc']}:{e['start']}:{e['end']}" for e in evidence]),
        "type": event.type,
        "mode": modes.most_common(1)[0][0] if modes else None,
        "modality": modality,
        "actors": actors,
        "recipients": recipients,
        "place": place,
        "date": value.iso() if value else None,
        "evidence": evidence,
        "outlets": sorted({x.outlet for x in members}),
        "summary": summary(event.type, modality, [names[a] for a in actors], [names[r] for r in recipients],
                           place, value, words=next((x.m.words for x in members if x.m.words), None)),
        # on the timeline: a participant resolved to an entity, or a date the text states for the event
        "timeline": any(x.resolved or x.m.date_basis in STATED_DATES for x in members),
    }


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def summary(etype: str, modality: str, actors: list[str], recipients: list[str], place: Optional[str],
            value: Optional[D.DateValue], words: Optional[str] = None) -> str:
    """One short sentence from the fields: who did what to whom, where and when. With no actor, the
    evidence's own words stand in ("“the imposition of sanctions”"), never a placeholder subject."""
    done, planned = VERBS.get(etype, ("acted", "act"))
    who, whom = _join(actors[:4]), _join(recipients[:4])
    if etype == "ESTABLISH" and (who or whom):
        verb = {"asserted": "was founded", "expected": "is expected to be founded",
                "hypothetical": "could be founded", "denied": "was not founded"}[modality]
        text = f"{who or whom} {verb}"
    elif who:
        verb = {"asserted": done, "expected": "is expected to " + planned, "hypothetical": "could " + planned,
                "denied": "did not " + planned}[modality]
        if not whom:
            for prep in (" with", " for", " to", " from", " against"):
                if verb.endswith(prep):
                    verb = verb[: -len(prep)]
        if len(actors) > 1:
            verb = verb.replace("is expected", "are expected")
        text = f"{who} {verb}" + (f" {whom}" if whom else "")
    else:
        text = f"“{words}”" if words else etype.capitalize()
        if modality != "asserted":
            text = f"{modality.capitalize()}: {text}"
    if place:
        text += f" in {place}"
    if value is not None:
        iso = value.iso()
        text += f" on {iso['start']}" if iso["start"] == iso["end"] and value.precision == "day" else (
            f" in {iso['start']}" if iso["start"] == iso["end"] else f" from {iso['start']} to {iso['end']}")
    return text + f" ({etype})."
