"""Claims across documents: group the same fact, compare the values, keep only real contradictions.

A group is (subject entity, attribute) for one-off facts and (subject entity, attribute, unit) for
quantities; a claim whose clause names no subject stays alone. Each group is compared:

- `agree`: every value fits every other within its stated approximation ("some 20%" ±15%,
  "more than 50,000" ≥ 50,000, a year against a finer date in that year);
- `contradict`: two values that cannot both be true — a one-off fact (joined, founded) with
  different dates, or a quantity with values out of each other's reach at the same `as_of`;
- `changed`: a quantity whose values differ at different `as_of` (a change over time, not a
  contradiction);
- `single`: one document only.

Only contradictions become disagreements, and only on firm ground (a false alarm costs more than a
miss): a one-off date must be written as a year in both sides' text (not "last year" resolved
against a guessed publication date), a quantity's `as_of` must come from the sentence's own date
expression on both sides, and a contradiction needs two different documents. Disagreements that
rest on the same evidence (one sentence naming two states that a second sentence dates otherwise)
are merged into one. Each side says what it rests on (`basis`: statements and/or table rows;
`evidence_kind`: stated, or only left out of a list, which is weaker).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Optional

from ..ids import digest, members_id, span_id
from .entities import name_key

TIGHT = 0.01  # an exact number agrees within 1%
LOOSE = 0.15  # "about", "some", "nearly": within 15%
AT_LEAST = ("more than", "over", "at least", "or more", "upwards of", "just over", "well over", "above",
            "in excess of", "plus", "as many as", "as much as")
AT_MOST = ("less than", "fewer than", "up to", "at most", "under", "below", "just under", "or less")


def _interval(number: float, approx: Optional[str]) -> tuple[float, float]:
    """The values a stated number allows."""
    if approx in AT_LEAST:
        return number * (1 - TIGHT), float("inf")
    if approx in AT_MOST:
        return float("-inf"), number * (1 + TIGHT)
    slack = LOOSE if approx else TIGHT
    return number * (1 - slack), number * (1 + slack)


def numbers_agree(a: float, approx_a: Optional[str], b: float, approx_b: Optional[str]) -> bool:
    lo_a, hi_a = _interval(a, approx_a)
    lo_b, hi_b = _interval(b, approx_b)
    return lo_a <= hi_b and lo_b <= hi_a


def dates_agree(a: str, b: str) -> bool:
    """ISO dates as precise as known: '2017' agrees with '2017-06'; '2001' does not with '2017'."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _explicit_year(claim: dict) -> bool:
    text = claim.get("date_text") or ""
    return any(text[i:i + 4].isdigit() and text[i:i + 4] == claim["value"][:4] for i in range(len(text) - 3))


def _record(m: dict, subject: Optional[str], source: str) -> dict:
    start, end = m["span"]
    return {
        "id": span_id("c", m["doc"], start, end, m.get("subject"), m.get("attribute"), m.get("value")),
        "doc": m["doc"], "span": [start, end], "subject": subject, "attribute": m.get("attribute"),
        "value": m["value"], "number": m.get("number"), "unit": m.get("unit"), "approx": m.get("approx"),
        "as_of": m.get("as_of") if m.get("kind") != "one-off" else None,
        "source": m.get("source") or source, "quote": m.get("quote"), "group": None,
        "kind": m.get("kind"), "basis": m.get("basis"), "comparison": "single",
        **({"items": m["items"]} if m.get("items") else {}),
    }


def fuse_claims(rows: list[dict], lookup: dict, names: dict, outlets: dict) -> tuple[list[dict], list[dict]]:
    """rows: ClaimMention fields per claim; lookup: name_key → entity id; names: entity id → name;
    outlets: doc → outlet name. Returns (claims, disagreements) in the export's shape."""
    claims, mentions, groups = [], {}, defaultdict(list)
    for m in rows:
        subject_id = _entity_of(lookup, m["doc"], m["subject"]) if m.get("subject") else None
        subject = names.get(subject_id, m.get("subject")) if m.get("subject") else None
        record = _record(m, subject, outlets.get(m["doc"], m["doc"]))
        claims.append(record)
        mentions[record["id"]] = m
        if subject and m.get("attribute"):
            key = (subject_id or name_key(subject), m["attribute"]) + ((m.get("unit"),) if m.get("kind") == "quantity" else ())
            groups[key].append(record)
    disagreements = []
    for key, members in groups.items():
        gid = "k" + digest(*key)
        for r in members:
            r["group"] = gid
        if len({r["doc"] for r in members}) < 2:
            continue
        kind = members[0]["kind"]
        if not _one_question(members, mentions, lookup):
            for r in members:
                r["comparison"] = "unclear"
            continue
        if kind == "list":  # whole member lists: compared, never a disagreement on their own
            sets = {frozenset(lookup.get(name_key(n), name_key(n)) for n in mentions[r["id"]].get("items") or [])
                    for r in members}
            for r in members:
                r["comparison"] = "agree" if len(sets) == 1 else "unclear"
            continue
        status, sides = (_compare_one_off if kind == "one-off" else _compare_quantity)(members, mentions)
        for r in members:
            r["comparison"] = status
        if status == "contradict" and sides:
            disagreements.append({"key": key, "sides": sides})
    claims.sort(key=lambda r: (r["doc"], r["span"][0], r["span"][1], r["id"]))
    return claims, _merge(disagreements, outlets)


def _entity_of(lookup, doc: str, name: str):
    """The entity a name means in its document (through the entity index), or None."""
    return lookup.of(doc, name) if hasattr(lookup, "of") else lookup.get(name_key(name))


def _one_question(members: list[dict], mentions: dict, lookup: dict) -> bool:
    """Whether a group asks one question: no two different objects named ("joined A in 2004" and
    "joined B in 2007" are two facts), and no document giving two different values itself (then
    the group mixes several facts that share a subject and an attribute)."""
    objects = {lookup.get(name_key(o), name_key(o)) for o in (mentions[r["id"]].get("object") for r in members) if o}
    if len(objects) > 1:
        return False
    by_doc: dict[str, list] = defaultdict(list)
    for r in members:
        by_doc[r["doc"]].append(r)
    for rs in by_doc.values():
        for i, a in enumerate(rs):
            for b in rs[i + 1:]:
                if a["kind"] == "one-off" and not dates_agree(a["value"], b["value"]):
                    return False
                if a["kind"] == "quantity" and not numbers_agree(a["number"], a["approx"], b["number"], b["approx"]):
                    return False
    return True


def _compare_one_off(members: list[dict], mentions: dict) -> tuple[str, list]:
    values: dict[str, list] = defaultdict(list)
    for r in members:
        values[r["value"][:4]].append(r)  # one-off facts compare by year: the coarsest date anyone states
    if len(values) == 1:
        return "agree", []
    firm = {v: [r for r in rs if _explicit_year(mentions[r["id"]])
                and mentions[r["id"]].get("subject_basis", "clause") == "clause"] for v, rs in values.items()}
    firm = {v: rs for v, rs in firm.items() if rs}
    docs = {r["doc"] for rs in firm.values() for r in rs}
    if len(firm) < 2 or len(docs) < 2:
        return "unclear", []
    return "contradict", [{"value": v, "claims": rs} for v, rs in sorted(firm.items())]


def _compare_quantity(members: list[dict], mentions: dict) -> tuple[str, list]:
    status = "agree"
    by_time: dict[str, list] = defaultdict(list)
    for r in members:
        by_time[r["as_of"] or ""].append(r)
    clash = None
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if numbers_agree(a["number"], a["approx"], b["number"], b["approx"]):
                continue
            same_time = a["as_of"] and b["as_of"] and a["as_of"] == b["as_of"]
            firm = all(mentions[r["id"]].get("as_of_basis") == "own" for r in (a, b)) and a["doc"] != b["doc"]
            if same_time and firm:
                clash = clash or (a, b)
            elif status == "agree":
                status = "changed" if a["as_of"] != b["as_of"] else "unclear"
    if clash is None:
        return status, []
    a, b = clash
    return "contradict", [{"value": a["value"], "claims": [a]}, {"value": b["value"], "claims": [b]}]


def _merge(found: list[dict], outlets: dict) -> list[dict]:
    """One disagreement per question: contradictions on the same attribute with the same values that
    share evidence on every side (one sentence naming two states) are merged."""
    merged: list[dict] = []
    for d in found:
        values = [s["value"] for s in d["sides"]]
        spans = [{(r["doc"], tuple(r["span"])) for r in s["claims"]} for s in d["sides"]]
        for other in merged:
            if other["attribute"] == d["key"][1] and other["values"] == values and all(
                    a & b for a, b in zip(other["spans"], spans)):
                other["subjects"].append(d["sides"][0]["claims"][0]["subject"])
                for side, new, s in zip(other["sides"], d["sides"], spans):
                    side["claims"] += new["claims"]
                other["spans"] = [a | b for a, b in zip(other["spans"], spans)]
                break
        else:
            merged.append({"attribute": d["key"][1], "values": values, "spans": spans, "sides": d["sides"],
                           "subjects": [d["sides"][0]["claims"][0]["subject"]]})
    out = []
    for m in merged:
        sides = []
        for side in m["sides"]:
            bases = sorted({r["basis"] for r in side["claims"]})
            sides.append({
                "value": side["value"],
                "claims": sorted(r["id"] for r in side["claims"]),
                "outlets": sorted({outlets.get(r["doc"], r["doc"]) for r in side["claims"]}),
                "basis": bases,
                "evidence_kind": evidence_kind(bases),
                "evidence": list({(r["doc"], *r["span"]): {"doc": r["doc"], "start": r["span"][0], "end": r["span"][1],
                                                            "basis": r["basis"]}
                                  for r in sorted(side["claims"], key=lambda r: (r["doc"], r["span"][0]))}.values()),
            })
        subjects = " and ".join(dict.fromkeys(s for s in m["subjects"] if s))
        about = f"{subjects}: {m['attribute']} — " + " vs ".join(
            f"{s['value']} ({', '.join(_basis_words(s['basis']))})" for s in sides)
        ids = [c for s in sides for c in s["claims"]]
        out.append({"id": members_id("x", ids), "about": about, "sides": sides})
    return sorted(out, key=lambda d: d["id"])


def evidence_kind(bases: list[str]) -> str:
    """What a side rests on: `stated` (a sentence or a table row says it) or `left out of a list`
    (only a list that does not name it: weaker evidence, a list may be partial or out of date)."""
    return "stated" if set(bases) & {"statement", "table"} else "left out of a list"


def _basis_words(bases: list[str]) -> list[str]:
    return [{"statement": "stated in text", "table": "a table row",
             "list": "left out of a list (weaker)"}.get(b, b) for b in bases]
