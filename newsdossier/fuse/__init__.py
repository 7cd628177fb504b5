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
         claim_mentions=None, embed=None) -> Fused:
    """body_texts: (id, text, body, date, source) of every document; event_mentions: store rows;
    doc_dates: id → (published, published_from, published_to); outlets: id → outlet name;
    claim_mentions: store rows (ClaimMention fields); embed: texts → unit vectors (default: the model,
    uncached)."""
    entities, lookup = fuse_entities(mentions)
    names = {e["id"]: e["name"] for e in entities}
    quotes = fuse_quotes(quote_mentions, lookup, names)
    texts = {doc_id: text for doc_id, text, _, _, _ in body_texts}
    dates = {doc_id: published for doc_id, _, _, published, _ in body_texts}
    groups = group_quotes(quotes, texts, dates, embed=embed)
    events = fuse_events(event_mentions or [], lookup, doc_dates or {}, outlets or {}, groups, quotes)
    claims, disagreements = fuse_claims(claim_mentions or [], lookup, names, outlets or {})
    return Fused(entities=entities, quotes=quotes, quote_groups=groups, duplicate_of=find_duplicates(body_texts),
                 events=events, claims=claims, disagreements=disagreements)
