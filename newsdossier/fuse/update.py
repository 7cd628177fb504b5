"""Fusing a store again after documents were added: only what the new documents can change is
computed again, and only the rows that change are written, in one transaction.

The result is the one a fresh fusion of all the documents gives (`tests/test_incremental.py`
builds both and compares the exports, ids included); the first fusion of a store is this same
code with every document new. Stage by stage, what a new document can change:

- **entities**: clustering runs over the corpus's distinct canonical names (`store.name_summaries`,
  summed in SQL: one item per name, not per mention), so a new name may join or split clusters
  anywhere; it is cheap, and what follows depends only on what changed. A canonical name whose
  entity changed has its recognised mentions rewritten; a document is searched again for names the
  recogniser missed (`FoundForms`) when it is new or when a form written in it changed owner (what
  the search finds depends on nothing else: every recognised span is left alone). An entity id that disappears because its names now belong to
  one other entity (a merge, or a cluster renamed by a fuller name) is recorded in
  `entity_redirects` (`merged_into`), so old links still lead somewhere.
- **quotes**: every quote's speaker is linked again through the entity index (cheap); the quotes
  whose speaker changed, and the new ones, are the changed quotes.
- **quote groups**: quotes are only grouped with quotes of the same speaker, so the speakers of the
  changed quotes (before and after) are grouped again, every other group stays (read as its
  members only: its wording differences are most of its row).
- **reprints**: a document's original is found among the documents sharing an LSH band of its
  MinHash signature (`body_bands`) and published before it; a new document is compared with those,
  and the later documents sharing a band with a document whose answer changed are decided again.
- **claims**: a claim's record is made again from its mention (cheap); new and changed quantity
  claims are compared with their candidates, and only the groups they reach are grown again, link
  by link from the last grouping's history (`claim_groups.Grouping`, `claim_groups._merge`); all of
  them when which pairs are compared changes (`claim_groups.pairing`). Only the stored links of
  the claims those groups hold are read (`Store.claim_links_touching`).
- **events**: every mention is dated and linked again (cheap), and the corpus is cut into parts
  that share no blocking key (type with document, participant or month: mentions of two parts never
  meet). A part is clustered again when it holds a new mention, a mention whose fingerprint (all
  that clustering and the record read of it) changed, or a mention whose last event reached outside
  it; every other part keeps its events (`events.EventsAgain`, `fusion_event_mentions`).
Only the records that differ are written.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable, Optional

from . import duplicates as dup
from .claim_groups import Grouping
from .claims import fuse_claims
from .entities import _TYPE_ORDER, EntityIndex, FoundForms, cluster_names, name_key
from .events import EventsAgain, prepare_mentions
from .quote_groups import group_quotes, speaker_key
from .quotes import fuse_quotes, link_speaker

QUOTES_A_SHARE = 20_000  # quotes grouped at once (with their documents' texts in memory)
MANY_FORMS = 2000  # more changed forms than this: search every document (one pass) rather than look them up


@dataclass
class Change:
    """What a fusion run writes: changed and new rows, and the ids of rows to remove."""

    documents: list = field(default_factory=list)  # the documents fused in for the first time
    full: bool = False  # the first fusion of this store: every fused table is written whole
    entities: list = field(default_factory=list)
    entities_removed: set = field(default_factory=set)
    names: dict = field(default_factory=dict)  # canonical → entity id (None), for the changed names
    forms: list = field(default_factory=list)
    forms_removed: set = field(default_factory=set)
    found: dict = field(default_factory=dict)  # doc → [(start, end, entity)] for every document searched
    redirects: dict = field(default_factory=dict)
    redirects_removed: set = field(default_factory=set)
    duplicate_of: dict = field(default_factory=dict)  # doc → original (None: no longer a reprint)
    quotes: list = field(default_factory=list)  # a quote's id is its mention's: none is ever removed
    groups: list = field(default_factory=list)
    groups_removed: set = field(default_factory=set)
    events: tuple = (set(), [])
    event_history: tuple = (True, [])  # (every row replaced, (mention key, fingerprint, event id) rows)
    event_counts: tuple = (0, 0)  # (mentions clustered again, all mentions)
    claims: tuple = (set(), [])
    disagreements: tuple = (set(), [])
    claim_grouping: tuple = (set(), [], None, set(), [])  # claims removed, rows changed, pair shape, claims
    # whose links went (None: all), links added


def refuse(store, embed: Optional[Callable] = None, signature_cache=None,
           on_stage: Optional[Callable[[str], None]] = None) -> Change:
    """Bring the fused tables of `store` up to date with its documents; returns what was written."""
    stage = on_stage or (lambda name: None)
    change = Change(documents=store.unfused_document_ids())
    change.full = len(change.documents) == store.document_count()
    stage("entities")
    index, entities = _entities(store, change)
    names = {e["id"]: e["name"] for e in entities}
    stage("speakers")
    quotes, changed_quotes, keys_before = _quotes(store, index, names, change)
    stage("reprints")
    _reprints(store, change, signature_cache)
    stage("quote groups")
    groups = _quote_groups(store, quotes, changed_quotes, keys_before, change, embed, index, names)
    outlets = store.document_outlets()
    stage("claims")
    grouping = Grouping() if change.full else store.claim_grouping()
    before = set(grouping.rows())
    stored_claims = _stored(store, "claims", change)
    claims, disagreements = fuse_claims(store.claim_mentions(), index, names, outlets, embed=embed, grouping=grouping,
                                        previous={c["id"]: c for c in stored_claims})
    change.claim_grouping = grouping_change(before, grouping)
    del before, grouping  # its links are in the change as far as they are new
    change.claims = _diff(stored_claims, claims)
    del stored_claims
    change.disagreements = _diff(_stored(store, "disagreements", change), disagreements)
    del claims, disagreements
    stage("events")
    _events(store, index, entities, outlets, groups, quotes, change)
    del index, entities, names, quotes, groups  # only the change is written: a first fusion's peak is here
    stage("writing")
    store.write_fusion(change)
    return change


def grouping_change(before: set, grouping: Grouping) -> tuple:
    """What to write of a quantity grouping brought up to date (`Change.claim_grouping`), from its
    rows before."""
    after = grouping.rows()
    return ({r[0] for r in before} - {r[0] for r in after}, [r for r in after if r not in before],
            grouping.shape, grouping.stale_links, grouping.new_links)


def _stored(store, table: str, change: Change) -> list[dict]:
    return [] if change.full else store.records(table)


def _diff(before: list[dict], after: list[dict]) -> tuple[set, list]:
    """(ids to remove, records to write) that turn `before` into `after`."""
    old = {r["id"]: r for r in before}
    new_ids = {r["id"] for r in after}
    return set(old) - new_ids, [r for r in after if old.get(r["id"]) != r]


# ---- events -------------------------------------------------------------------------------------
def _events(store, index: EntityIndex, entities: list, outlets: dict, groups: list, quotes: list, change: Change) -> None:
    """Cluster again only the parts of the corpus where an event can have changed (`EventsAgain`)."""
    items, entity_names = prepare_mentions(store.event_mentions(), index, store.document_dates(), outlets, groups,
                                           quotes, entities)
    history = {} if change.full else store.event_history()
    again = EventsAgain(items, entity_names, history)
    del items
    if history or change.full:
        before = store.records("events", sorted(again.old_events))
    else:  # a store fused before fusion kept each mention's event: compare with every event
        before = store.records("events")
    change.events = _diff(before, again.records)
    change.event_history = (not history, again.rows)
    change.event_counts = (again.clustered, again.total)


# ---- entities ---------------------------------------------------------------------------------
def _entities(store, change: Change) -> tuple[EntityIndex, list[dict]]:
    clusters = cluster_names(store.name_summaries(_TYPE_ORDER))
    before = {} if change.full else store.fusion_names()
    changed_names = {c for c, e in clusters.entity_of.items() if c not in before or before[c] != e}
    change.names = {c: clusters.entity_of[c] for c in changed_names}

    # documents to search again for missed names
    forms = FoundForms(clusters.entities)
    old_forms = [] if change.full else store.fusion_forms()
    changed_forms = forms.changed_forms(old_forms)
    change.forms = [r for r in forms.rows() if r[0] in changed_forms]
    change.forms_removed = changed_forms - {r[0] for r in change.forms}
    if change.full or len(changed_forms) > MANY_FORMS:
        searched = store.analysed_document_ids()
    else:
        searched = set(change.documents) | store.documents_containing(changed_forms)
    for doc, text, body, spans in store.documents_for_search(sorted(searched)):
        change.found[doc] = forms.find(text, body, spans)

    # entity rows, and where the ids that went away now point
    stored = {} if change.full else store.fused_entity_rows()
    change.entities = [e for e in clusters.entities
                       if stored.get(e["id"]) != (e["name"], e["type"], e["aliases"], e["country"])]
    change.entities_removed = set(stored) - {e["id"] for e in clusters.entities}
    _redirects(store, change, before, clusters)

    per_document = {}
    keys: dict[str, str] = {}
    for doc, canonical, ambiguous in store.document_names():
        key = keys.get(canonical) or keys.setdefault(canonical, name_key(canonical))
        if ambiguous:
            per_document.setdefault((doc, key), None)
        else:
            per_document[(doc, key)] = clusters.entity_of[canonical]
    return clusters.index(per_document), clusters.entities


def _redirects(store, change: Change, before: dict, clusters) -> None:
    """An entity id that disappeared points at the one entity its names went to (none when they
    went to several, or to no one); redirects to it follow it there."""
    live = {e["id"] for e in clusters.entities}
    old = {} if change.full else store.entity_redirects()
    targets: dict[str, set] = {}
    for canonical, eid in before.items():
        if eid in change.entities_removed:
            targets.setdefault(eid, set()).add(clusters.entity_of.get(canonical))
    moved = {eid: next(iter(t)) for eid, t in targets.items() if len(t) == 1 and None not in t}
    redirects = {}
    for source, target in old.items():
        target = moved.get(target, target)
        if source not in live and target in live:
            redirects[source] = target
    for source, target in moved.items():
        redirects[source] = target
    change.redirects = {s: t for s, t in redirects.items() if old.get(s) != t}
    change.redirects_removed = set(old) - set(redirects)


# ---- quotes and their groups ---------------------------------------------------------------------
def _quotes(store, index: EntityIndex, names: dict, change: Change):
    """Every quote's speaker linked again from the few columns that decide it (the rest of a quote
    mention never changes: documents are only ever added); the quotes whose speaker changed, and the
    new ones, are the changed quotes. Returns (every quote as {id, doc, speaker}, the changed ids,
    the speaker key before of each changed quote that was fused before)."""
    stored = {} if change.full else store.stored_speakers()
    quotes, changed, keys_before = [], set(), {}
    linked: dict[tuple, dict] = {}  # a document quotes its speakers many times: each is linked once
    for qid, doc, name, names_json, kind in store.quote_speakers():
        speaker = linked.get((doc, name, names_json, kind))
        if speaker is None:
            mention = {"doc": doc, "speaker_name": name, "speaker_kind": kind,
                       "speaker_names": json.loads(names_json) if names_json and names_json != "[]" else []}
            speaker = linked[(doc, name, names_json, kind)] = link_speaker(mention, index, names)
        quotes.append({"id": qid, "doc": doc, "speaker": speaker})
        old = stored.get(qid)
        if old is None:
            changed.add(qid)
        elif (old[0], old[1], old[2]) != (speaker["name"], speaker["entities"], speaker["kind"]):
            changed.add(qid)
            keys_before[qid] = tuple(sorted(old[1])) or ((old[0],) if old[0] else ())
    return quotes, changed, keys_before


def _quote_groups(store, quotes: list, changed: set, keys_before: dict, change: Change, embed,
                  index: EntityIndex, names: dict) -> list[dict]:
    """Group again the quotes of every speaker a changed quote has or had; other groups stay.
    Fills `change.quotes` with the quotes to write: the changed ones, and those whose group moved."""
    stored_groups = [] if change.full else store.quote_group_members()
    speakers = {speaker_key(q) for q in quotes if q["id"] in changed} | set(keys_before.values())
    speakers.discard(())
    in_block = {q["id"] for q in quotes if speaker_key(q) in speakers}
    # whole records only for the quotes grouped again and the changed ones
    wanted = sorted(in_block | changed)
    full = fuse_quotes(store.quote_mentions(wanted), index, names)
    block = [q for q in full if q["id"] in in_block]
    dates = store.document_reference_dates()
    groups = []
    # speakers a share at a time (a quote is only ever grouped with its own speaker's), so only
    # the texts of one share's documents are in memory at once
    by_speaker: dict[tuple, list] = {}
    for q in block:
        by_speaker.setdefault(speaker_key(q), []).append(q)
    share: list = []
    for i, who in enumerate(sorted(by_speaker)):
        share += by_speaker[who]
        if len(share) >= QUOTES_A_SHARE or i == len(by_speaker) - 1:
            texts = store.texts({q["doc"] for q in share})
            groups += group_quotes(share, texts, dates, embed=embed)
            share = []
    del by_speaker
    # the groups kept only as their members (events read no more of them); whole records only to
    # compare with the groups made again
    kept = [{"id": i, "members": m} for i, m in stored_groups if in_block.isdisjoint(m)]
    change.groups_removed = {i for i, _ in stored_groups} - {g["id"] for g in kept}
    old_groups = {g["id"]: g for g in store.quote_groups(sorted(change.groups_removed & {g["id"] for g in groups}))}
    change.groups = [g for g in groups if old_groups.get(g["id"]) != g]
    change.groups_removed -= {g["id"] for g in groups}
    del stored_groups
    before = {} if change.full else store.stored_quotes(wanted)
    change.quotes = [q for q in full if q["id"] not in before or before[q["id"]] != q]
    return sorted(kept + groups, key=lambda g: g["id"])


# ---- reprints -----------------------------------------------------------------------------------
def _bands(values: bytes) -> list[int]:
    """The LSH band keys of a MinHash signature, as datasketch's MinHashLSH at the candidate
    threshold cuts it (one 64-bit hash of each band's values)."""
    import numpy as np

    lsh = _lsh_shape()
    hashvalues = np.frombuffer(values, dtype=dup._TEMPLATE.hashvalues.dtype)
    keys = []
    for i, (start, end) in enumerate(lsh):
        h = hashlib.blake2b(i.to_bytes(2, "little") + hashvalues[start:end].tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(h, "little", signed=True))
    return keys


_LSH_RANGES: list = []


def _lsh_shape() -> list:
    if not _LSH_RANGES:
        from datasketch import MinHashLSH

        _LSH_RANGES.extend(MinHashLSH(threshold=dup.CANDIDATE, num_perm=dup.NUM_PERM).hashranges)
    return _LSH_RANGES


def _reprints(store, change: Change, signature_cache) -> None:
    """Decide again the documents whose original may have changed (see the module's docstring)."""
    import heapq

    get, put = signature_cache or (lambda keys: {}, lambda values: None)
    dates = store.document_reference_dates()
    order = {d: (dates[d] or "9999", d) for d in dates}
    new = sorted(set(change.documents) - store.banded_document_ids())
    # signatures (cached, else computed) and bands of the new documents
    stored = get([dup.signature_key(d) for d in new])
    fresh, bands = {}, []
    for doc, text, body, _, _ in _chunked_bodies(store, new):
        key = dup.signature_key(doc)
        values = stored.get(key)
        if values is None:
            words = dup._words(text, body)
            values = dup._signature(dup._shingles(words)).tobytes() if len(words) >= dup.MIN_WORDS else b""
            fresh[key] = values
        bands += [(doc, b) for b in (_bands(values) if values else [])]
    if fresh:
        put(fresh)
    if bands:
        store.add_bands(bands)

    before = {} if change.full else store.duplicate_links()
    result = dict(before)
    neighbours: dict[str, set] = {}

    def sharing(docs) -> None:
        todo = [d for d in docs if d not in neighbours]
        for d in todo:
            neighbours[d] = set()
        for a, b in store.band_sharing(todo) if todo else []:
            neighbours[a].add(b)

    hashes: dict[str, object] = {}

    def shingle_hashes(docs) -> None:
        import numpy as np

        missing = [d for d in docs if d not in hashes]
        for doc, text, body, _, _ in _chunked_bodies(store, missing):
            shingles = dup._shingles(dup._words(text, body))
            hashes[doc] = np.unique(np.fromiter((hash(s) for s in shingles), dtype=np.int64, count=len(shingles)))

    # documents to decide, earliest first; each decided document may put later ones back in line
    queue = [(order[d], d) for d in change.documents]
    heapq.heapify(queue)
    queued = set(change.documents)
    new_set = set(change.documents)
    sharing(change.documents)
    while queue:
        _, doc = heapq.heappop(queue)
        queued.discard(doc)
        earlier = sorted((d for d in neighbours[doc] if order[d] < order[doc]), key=order.__getitem__)
        shingle_hashes([doc, *earlier])
        hits = [h for h in earlier if dup.containment(hashes[doc], hashes[h]) >= dup.CONTAINMENT]
        answer = None
        if hits:
            first = hits[0]
            answer = result.get(first, first)
        if answer != result.get(doc) or doc in new_set:
            if answer is None:
                result.pop(doc, None)
            else:
                result[doc] = answer
            # later documents that share a band with this one may now answer otherwise
            sharing([doc])
            later = [d for d in neighbours[doc] if order[d] > order[doc]]
            sharing(later)
            for d in later:
                if d not in queued:
                    queued.add(d)
                    heapq.heappush(queue, (order[d], d))
    change.duplicate_of = {d: result.get(d) for d in set(result) | set(before) if result.get(d) != before.get(d)}


def _chunked_bodies(store, ids: list, chunk: int = 256):
    for i in range(0, len(ids), chunk):
        yield from store.bodies(ids[i : i + chunk])
