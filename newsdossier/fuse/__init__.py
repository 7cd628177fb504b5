"""Fuse: cross-document work over everything in the store — entities, quote speakers and groups,
duplicates. Pure functions of the per-document records, so the result never depends on the order
in which documents were added."""
from __future__ import annotations

from dataclasses import dataclass, field

from .duplicates import find_duplicates
from .entities import fuse_entities
from .quotes import fuse_quotes


@dataclass
class Fused:
    entities: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    quote_groups: list = field(default_factory=list)
    duplicate_of: dict = field(default_factory=dict)


def fuse(mentions, quote_mentions, body_texts) -> Fused:
    entities, lookup = fuse_entities(mentions)
    names = {e["id"]: e["name"] for e in entities}
    quotes = fuse_quotes(quote_mentions, lookup, names)
    return Fused(entities=entities, quotes=quotes, quote_groups=[], duplicate_of=find_duplicates(body_texts))
