"""Quotes across the corpus: speakers linked to fused entities, ids fixed, groups attached."""
from __future__ import annotations

from .entities import name_key


def fuse_quotes(quote_mentions: list[dict], entity_lookup: dict[str, str], entity_names: dict[str, str]) -> list[dict]:
    """Quote mentions (store rows) → quotes in export shape (group filled later)."""
    quotes = []
    for q in quote_mentions:
        names = q["speaker_names"] or ([q["speaker_name"]] if q["speaker_name"] else [])
        ids = [entity_lookup.get(name_key(n)) for n in names]
        linked = [i for i in ids if i]
        # a speaker the entity stage knows gets its corpus-wide name ("Merkel" → "Angela Merkel")
        resolved = [entity_names.get(i, n) if i else n for n, i in zip(names, ids)]
        name = " and ".join(resolved) if resolved else None
        quotes.append(
            {
                "id": q["id"],
                "doc": q["doc"],
                "content": [q["content_start"], q["content_end"]],
                "pieces": [list(p) for p in q.get("pieces") or []],
                "kind": q["kind"],
                "act": q.get("act") or "say",
                "speaker": {
                    "name": name,
                    "entity": linked[0] if linked else None,
                    "entities": linked,
                    "span": [q["speaker_start"], q["speaker_end"]] if q["speaker_start"] is not None else None,
                    # named: resolved to an entity; description: "officials", "two diplomats"; unresolved: nobody
                    "kind": "named" if linked else "description" if name else "unresolved",
                },
                "cue": [q["cue_start"], q["cue_end"]] if q["cue_start"] is not None else None,
                "group": None,
            }
        )
    return quotes
