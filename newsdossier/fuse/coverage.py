"""Coverage: which fused events each outlet reports, and which it leaves out that others report.

An outlet omits an event when it reports it in none of its documents while at least two other
outlets report it independently. A reprint (a document with `duplicate_of`) is the original's
report, not a new one: the same wire story in three outlets is one report, so its silence
elsewhere is not an omission; the reprinting outlet still covers what it printed.
"""
from __future__ import annotations

from collections import defaultdict

MIN_OTHERS = 2


def outlet_name(doc: dict) -> str:
    """A document's outlet; an unnamed outlet is its own (`(unknown: source)`), as the spec says."""
    return doc.get("outlet") or f"(unknown: {doc.get('source')})"


def _roots(documents: list[dict]) -> dict[str, str]:
    """doc id → the original it reprints (following chains), or itself."""
    dup = {d["id"]: d.get("duplicate_of") for d in documents}
    roots = {}
    for doc_id in dup:
        seen, cur = {doc_id}, doc_id
        while dup.get(cur) and dup[cur] not in seen:
            cur = dup[cur]
            seen.add(cur)
        roots[doc_id] = cur
    return roots


def coverage(documents: list[dict], items: list[dict], docs_of=None, min_others: int = MIN_OTHERS):
    """documents: {id, outlet, source, duplicate_of?}; items: fused records with an `id` (events by
    default: the documents of their evidence). Returns {outlet: (covered ids, omitted ids)}, each
    sorted, for every outlet with a document."""
    docs_of = docs_of or (lambda e: {ev["doc"] for ev in e.get("evidence") or []})
    outlet_of = {d["id"]: outlet_name(d) for d in documents}
    roots = _roots(documents)
    covered_by = defaultdict(set)  # item id → outlets printing it (reprints included)
    reported_by = defaultdict(set)  # item id → outlets reporting it independently (reprints → original)
    for item in items:
        for doc in docs_of(item):
            if doc not in outlet_of:
                continue
            covered_by[item["id"]].add(outlet_of[doc])
            reported_by[item["id"]].add(outlet_of.get(roots.get(doc, doc), outlet_of[doc]))
    result = {}
    for name in sorted(set(outlet_of.values())):
        covers = sorted(i for i, outlets in covered_by.items() if name in outlets)
        omits = sorted(i for i, outlets in reported_by.items()
                       if name not in covered_by[i] and len(outlets - {name}) >= min_others)
        result[name] = (covers, omits)
    return result
