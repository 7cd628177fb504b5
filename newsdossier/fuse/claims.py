"""Claims across documents: group the same fact, compare the values, keep only real contradictions.

Quantities are grouped by what they measure (fuse/claim_groups.py: the measured thing, compatible
subjects, the value as evidence); one-off facts by (subject entity, attribute) and whole member
lists by (subject, "members"); a claim with nothing to group by stays alone. Each group is
compared:

- `agree`: every value fits every other within its rounding and stated approximation ("$700
  billion" ±50 billion, "some 20%" ±15%, "more than 50,000" ≥ 50,000, a year against a finer date
  in that year);
- `contradict`: two values that cannot both be true — a one-off fact (joined, founded) with
  different dates, or a quantity with values out of each other's reach at the same time (or with
  no time of their own);
- `changed`: a quantity whose values differ at different stated times (a change over time, not a
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

from collections import Counter, defaultdict
from typing import Callable, Optional

from ..extract.approximations import AT_LEAST, AT_MOST
from ..extract.dates import parse_iso
from ..ids import digest, members_id, span_id
from .claim_groups import Grouping
from .claim_groups import group as group_quantities
from .claim_groups import half_unit, times_disjoint
from .entities import name_key

TIGHT = 0.01  # a bound ("more than 50,000") allows 1% of slack; a number known without its written form, 1%
LOOSE = 0.15  # "about", "some", "nearly": within 15%
EXACT = 1e-6  # a number as written is exact up to its rounding (float noise aside)


def _interval(number: float, approx: Optional[str], rounding: float = 0.0, high: Optional[float] = None) -> tuple[float, float]:
    """The values a stated number allows: its rounding (`rounding`: half its last written unit), its
    approximation word, a range's upper bound."""
    top = number if high is None else high
    if approx and approx.startswith(("just ", "slightly ")):  # "just over $200,000": near it, not any more
        return min(number * (1 - LOOSE), number - rounding), max(top * (1 + LOOSE), top + rounding)
    if approx in AT_LEAST:
        return number * (1 - TIGHT), float("inf")
    if approx in AT_MOST:
        return float("-inf"), top * (1 + TIGHT)
    if approx:
        return min(number * (1 - LOOSE), number - rounding), max(top * (1 + LOOSE), top + rounding)
    slack = max(rounding, abs(number) * EXACT)
    return number - slack, top + slack


def numbers_agree(a: float, approx_a: Optional[str], b: float, approx_b: Optional[str],
                  rounding_a: Optional[float] = None, rounding_b: Optional[float] = None,
                  high_a: Optional[float] = None, high_b: Optional[float] = None) -> bool:
    """Whether two stated numbers can both be true. Without the written form, a number is taken as
    exact within 1% (`TIGHT`)."""
    lo_a, hi_a = _interval(a, approx_a, abs(a) * TIGHT if rounding_a is None else rounding_a, high_a)
    lo_b, hi_b = _interval(b, approx_b, abs(b) * TIGHT if rounding_b is None else rounding_b, high_b)
    # strictly inside: "$3.5 billion" (3.45–3.55) and "$3.6 billion" (3.55–3.65) only touch
    margin = 1e-9 * max(abs(a), abs(b), 1.0)
    return lo_a < hi_b - margin and lo_b < hi_a - margin


def quantities_agree(a: dict, b: dict) -> bool:
    """Two quantity claims' values within rounding and approximation of each other."""
    if a.get("number") is None or b.get("number") is None:
        return False
    return numbers_agree(a["number"], a.get("approx"), b["number"], b.get("approx"),
                         half_unit(a.get("value"), a["number"]), half_unit(b.get("value"), b["number"]),
                         a.get("number_high"), b.get("number_high"))


def dates_agree(a: str, b: str) -> bool:
    """Dates as precise as known, compared as the date values events use: '2017' agrees with
    '2017-06' (one holds the other); '2001' does not with '2017'."""
    da, db = parse_iso(a), parse_iso(b)
    if da is None or db is None:
        return a == b
    return da.contains(db) or db.contains(da)


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
        **({"number_high": m["number_high"]} if m.get("number_high") is not None else {}),
    }


def fuse_claims(rows: list[dict], lookup: dict, names: dict, outlets: dict,
                embed: Optional[Callable] = None, grouping: Optional[Grouping] = None,
                previous: Optional[dict] = None) -> tuple[list[dict], list[dict]]:
    """rows: ClaimMention fields per claim; lookup: name_key → entity id; names: entity id → name;
    outlets: doc → outlet name; embed: texts → unit vectors, for paraphrases of measured things (the
    packaged model when not given); grouping: the quantity grouping of the last fusion
    (`claim_groups.Grouping`), brought up to date; previous: id → claim as the last fusion left it,
    so that a quantity group that is as it was keeps its comparison without being compared again.
    Returns (claims, disagreements) in the export's shape."""
    claims, mentions, groups, quantities = [], {}, defaultdict(list), []
    for m in rows:
        subject_id = _entity_of(lookup, m["doc"], m["subject"]) if m.get("subject") else None
        subject = names.get(subject_id, m.get("subject")) if m.get("subject") else None
        record = _record(m, subject, outlets.get(m["doc"], m["doc"]))
        claims.append(record)
        mentions[record["id"]] = m
        if m.get("kind") == "quantity":
            if m.get("number") is not None:
                quantities.append({**m, "id": record["id"], "subject_key": subject})
        elif subject and m.get("attribute"):
            groups[(subject_id or name_key(subject), m["attribute"])].append(record)
    by_id = {r["id"]: r for r in claims}
    clusters = defaultdict(list)
    if embed is None and len(quantities) > 1:
        from ..embed import embed
    for item, cluster in zip(quantities, group_quantities(quantities, embed, quantities_agree, grouping)):
        clusters[cluster].append(by_id[item["id"]])
    for members in clusters.values():
        if len(members) > 1:
            groups[("quantity", *sorted(r["id"] for r in members))] = members
    disagreements = []
    for key, members in groups.items():
        gid = "k" + digest(*key)
        for r in members:
            r["group"] = gid
        if len({r["doc"] for r in members}) < 2:
            continue
        kind = members[0]["kind"]
        if kind == "quantity":
            status = _compared_before(members, previous or {})
            sides = []
            if status in (None, "contradict"):  # a contradiction's sides are not kept: found again
                status, sides = _compare_quantity(members, mentions)
            for r in members:
                r["comparison"] = status
            if status == "contradict" and sides:
                disagreements.append({"key": (_common(members, "subject"), _common(members, "attribute")),
                                      "sides": sides})
            continue
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
        status, sides = _compare_one_off(members, mentions)
        for r in members:
            r["comparison"] = status
        if status == "contradict" and sides:
            disagreements.append({"key": key, "sides": sides})
    claims.sort(key=lambda r: (r["doc"], r["span"][0], r["span"][1], r["id"]))
    return claims, _merge(disagreements, outlets)


def _compared_before(members: list[dict], previous: dict) -> Optional[str]:
    """The comparison the last fusion gave this quantity group, if it had the same members with the
    same records (a group's id is made from its members' ids, and its comparison reads nothing else
    that can change); None when it has to be compared."""
    status = None
    for r in members:
        old = previous.get(r["id"])
        if old is None or old != {**r, "comparison": old["comparison"]}:
            return None
        status = old["comparison"]
    return status


def _common(members: list[dict], field: str) -> Optional[str]:
    """The value of a field most members share (ties: the first in text order)."""
    counts = Counter(r[field] for r in members if r.get(field))
    return counts.most_common(1)[0][0] if counts else None


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


# what `quantities_agree` and `times_disjoint` read of a claim mention
_VALUE_FIELDS = ("number", "approx", "value", "number_high", "as_of", "as_of_basis")
_BASIS = _VALUE_FIELDS.index("as_of_basis")


def _compare_quantity(members: list[dict], mentions: dict) -> tuple[str, list]:
    """agree / contradict / changed over a group's values; the sides of a contradiction on firm
    ground (two documents, each value dated by its own sentence, at the same time)."""
    clash = changed = False
    firm = None
    # a pair's verdict reads only these fields, and a large group repeats them (reprints): each pair
    # of distinct values is judged once
    values = [tuple(mentions[r["id"]].get(f) for f in _VALUE_FIELDS) for r in members]
    verdicts: dict[tuple, str] = {}
    for i, a in enumerate(members):
        for j in range(i + 1, len(members)):
            verdict = verdicts.get((values[i], values[j]))
            if verdict is None:
                ma, mb = mentions[a["id"]], mentions[members[j]["id"]]
                verdict = ("agree" if quantities_agree(ma, mb) else "changed" if times_disjoint(ma, mb) else "clash")
                verdicts[(values[i], values[j])] = verdict
            if verdict == "agree":
                continue
            if verdict == "changed":
                changed = True
                continue
            clash = True
            b = members[j]
            stated = values[i][_BASIS] == "own" and values[j][_BASIS] == "own"
            if stated and a["as_of"] and a["as_of"] == b["as_of"] and a["doc"] != b["doc"]:
                firm = (a, b)  # nothing later changes the answer
                break
        if firm is not None:
            break
    if not clash:
        return ("changed" if changed else "agree"), []
    if firm is None:
        return "contradict", []
    sides = []
    for anchor in firm:
        side = [r for r in members if r["as_of"] == anchor["as_of"] and mentions[r["id"]].get("as_of_basis") == "own"
                and quantities_agree(mentions[r["id"]], mentions[anchor["id"]])]
        sides.append({"value": anchor["value"], "claims": side or [anchor]})
    return "contradict", sides


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
        about = (f"{subjects}: " if subjects else "") + f"{m['attribute']} — " + " vs ".join(
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


def comparisons(claims: list[dict], outlet_of: Callable[[dict], str]) -> tuple[list[dict], list[dict]]:
    """What outlets agree on and where they differ, from exported claims: one entry per group that
    two or more outlets state, most outlets first. Each: `outlets` (names), `value` (the value most
    of them write, for an agreement), `values` (per distinct value: its claims, outlets and times),
    `thing` (the measured thing), `subject`, `comparison`, `headline` ("5 outlets: 25% — tariff · on
    steel"). outlet_of: claim → outlet name (its document's)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        if c.get("group"):
            groups[c["group"]].append(c)
    agree, differ = [], []
    for gid, members in groups.items():
        outlets = sorted({outlet_of(c) for c in members})
        if len(outlets) < 2:
            continue
        values: dict[str, dict] = {}
        for c in sorted(members, key=lambda c: (str(c.get("as_of") or ""), c["doc"], c["span"][0])):
            entry = values.setdefault(_value_key(c), {"value": _shown(c), "claims": [], "outlets": [], "as_of": []})
            if len(_shown(c)) < len(entry["value"]):
                entry["value"] = _shown(c)  # "$3.6 billion" rather than "about $3.6 billion"
            entry["claims"].append(c)
            for x, key in ((outlet_of(c), "outlets"), (c.get("as_of"), "as_of")):
                if x and x not in entry[key]:
                    entry[key].append(x)
        comparison = members[0].get("comparison") or "single"
        thing = _common(members, "attribute")
        subject = _common(members, "subject")
        value = max(values.values(), key=lambda v: (len(v["outlets"]), len(v["claims"])))["value"]
        what = " — ".join(x for x in (subject, thing) if x)
        if comparison == "agree":
            headline = f"{len(outlets)} outlets: {value}" + (f" — {what}" if what else "")
        else:
            headline = f"{len(outlets)} outlets differ: " + " vs ".join(
                f"{v['value']} ({', '.join(v['outlets'])})" for v in values.values()) + (f" — {what}" if what else "")
        entry = {"group": gid, "comparison": comparison, "outlets": outlets, "value": value,
                 "values": list(values.values()), "thing": thing, "subject": subject, "headline": headline,
                 "claims": members}
        (agree if comparison == "agree" else differ).append(entry)
    order = lambda e: (-len(e["outlets"]), -len(e["claims"]), e["headline"])  # noqa: E731
    return sorted(agree, key=order), sorted(differ, key=order)


def _value_key(claim: dict):
    """One key per stated value: the number (and a range's top) when there is one, else the text."""
    if claim.get("number") is not None:
        return (round(claim["number"], 6), claim.get("number_high"))
    return str(claim.get("value"))


def _shown(claim: dict) -> str:
    """A claim's value as a reader compares it: as written, one-off dates as dates."""
    return str(claim.get("value"))
