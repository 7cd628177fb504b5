"""Quotes across the corpus: speakers linked to fused entities, ids fixed, groups attached."""
from __future__ import annotations

from .entities import EntityIndex


def fuse_quotes(quote_mentions: list[dict], entities: EntityIndex, entity_names: dict[str, str]) -> list[dict]:
    """Quote mentions (store rows) → quotes in export shape (group filled later).

    A speaker's names are the ones its document resolved; each is linked to its entity as that
    document means it, so two people who share a surname in the corpus never swap quotes. The
    speaker's `kind`: named (every speaker an entity), description (no name: "officials") or
    unresolved (a pronoun, role or short name nobody could be sure of: no name at all)."""
    quotes = []
    for q in quote_mentions:
        doc = q["doc"]
        quotes.append(
            {
                "id": q["id"],
                "doc": doc,
                "content": [q["content_start"], q["content_end"]],
                "pieces": [list(p) for p in q.get("pieces") or []],
                "kind": q["kind"],
                "act": q.get("act") or "say",
                "speaker": {
                    **link_speaker(q, entities, entity_names),
                    "span": [q["speaker_start"], q["speaker_end"]] if q["speaker_start"] is not None else None,
                },
                "cue": [q["cue_start"], q["cue_end"]] if q["cue_start"] is not None else None,
                "group": None,
            }
        )
    return quotes


def link_speaker(q: dict, entities: EntityIndex, entity_names: dict[str, str]) -> dict:
    """A quote mention's speaker linked to the corpus's entities: {name, entity, entities, kind}.
    Reads only the mention's `doc`, `speaker_name`, `speaker_names` and `speaker_kind`."""
    doc = q["doc"]
    names = q["speaker_names"] or ([q["speaker_name"]] if q["speaker_name"] else [])
    kind = q.get("speaker_kind") or ("named" if names else "unresolved")
    if kind == "unresolved" or any(entities.ambiguous(doc, n) for n in names):
        kind, names = "unresolved", []
    ids = [entities.of(doc, n) for n in names]
    linked = [i for i in ids if i]
    if kind == "named" and len(linked) < len(names):
        kind = "description"  # a name the entity stage does not know stays as written
    # a speaker the entity stage knows gets its corpus-wide name ("Merkel" → "Angela Merkel")
    resolved = [entity_names.get(i, n) if i else n for n, i in zip(names, ids)]
    return {"name": " and ".join(resolved) if resolved else None, "entity": linked[0] if linked else None,
            "entities": linked, "kind": kind}
