"""Fuse: cross-document work over everything in the store — entities, quote speakers and groups,
duplicates. Pure functions of the per-document records, so the result never depends on the order
in which documents were added."""
from __future__ import annotations

from dataclasses import dataclass, field

from .claims import fuse_claims
from .duplicates import find_duplicates
from .entities import fuse_entities
from .events import fuse_events
from .quote_groups import group_quotes
from .quotes import fuse_quotes


@dataclass
class Fused:
    entities: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    quote_groups: list = field(default_factory=list)
    duplicate_of: dict = field(default_factory=dict)
    events: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    disagreements: list = field(default_factory=list)


def fuse(mentions, quote_mentions, body_texts, event_mentions=None, doc_dates=None, outlets=None,
         claim_mentions=None, embed=None, signature_cache=None, on_stage=None) -> Fused:
    """body_texts: (id, text, body, date, source) of every document; event_mentions: store rows;
    doc_dates: id → (published, published_from, published_to); outlets: id → outlet name;
    claim_mentions: store rows (ClaimMention fields); embed: texts → unit vectors (default: the model,
    uncached); signature_cache: (get, put) of documents' MinHash signatures (default: none);
    on_stage: called with the name of each stage as it starts (progress on a large corpus).

    Each input may also be a function that returns it (such as the store's reader): it is then read
    when its stage starts and let go when the stage ends, so a large corpus is never in memory all
    at once."""
    stage = on_stage or (lambda name: None)
    stage("entities")
    documents = _read(body_texts)
    entities, lookup = fuse_entities(_read(mentions), documents)
    names = {e["id"]: e["name"] for e in entities}
    stage("speakers")
    quotes = fuse_quotes(_read(quote_mentions), lookup, names)
    stage("reprints")
    duplicate_of = find_duplicates(documents, cache=signature_cache)
    texts = {doc_id: text for doc_id, text, _, _, _ in documents}
    dates = {doc_id: published for doc_id, _, _, published, _ in documents}
    del documents
    stage("quote groups")
    groups = group_quotes(quotes, texts, dates, embed=embed)
    del texts, dates
    outlets = _read(outlets) or {}
    stage("claims")  # before events: it still embeds (measured things), events do not
    claims, disagreements = fuse_claims(_read(claim_mentions) or [], lookup, names, outlets, embed=embed)
    stage("events")
    events = fuse_events(_read(event_mentions) or [], lookup, _read(doc_dates) or {}, outlets, groups, quotes,
                         entities=entities)
    return Fused(entities=entities, quotes=quotes, quote_groups=groups, duplicate_of=duplicate_of,
                 events=events, claims=claims, disagreements=disagreements)


def _read(value):
    return value() if callable(value) else value
