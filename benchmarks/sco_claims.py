"""Score the claims and disagreements of a newsdossier export against the SCO dev gold (issue 5).

    .venv/bin/python -m benchmarks.sco_claims               # builds the corpus in a temp dir, then scores
    .venv/bin/python -m benchmarks.sco_claims demo/sco.json # scores an existing export

GATE (issue 5): every gold `claims` entry found with the right value — a predicted claim in the same
document whose span overlaps the gold span and whose number equals the gold value within 1% (for a
year-valued claim, the same year); the gold disagreement found — a predicted disagreement with, for
every gold side, a side of the same value holding a claim that overlaps that side's gold evidence;
and at most one other predicted disagreement on the whole corpus (each is printed). `claims_extra`
and `disagreements_extra` are scored the same way, on their own.
"""
from __future__ import annotations

import re
import sys

from benchmarks.sco_gold import _stem, load_gold, load_or_build_export

MAX_OTHER_DISAGREEMENTS = 1

# an independent reading of the gold's values (not the product's normaliser)
_SCALE = {"billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "trillion": 1e12, "thousand": 1e3}
_WORDS = {"half": 0.5, "dozen": 12, "third": 1 / 3, "quarter": 0.25}


def gold_number(value: str) -> tuple[str, float]:
    """('year', 2017) or ('number', full value) for a gold value as written."""
    v = value.strip().lower()
    if re.fullmatch(r"(?:1[89]|20)\d\d", v):
        return "year", float(v)
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(billion|bn|million|mn|trillion|thousand)?", v)
    if m:
        return "number", float(m.group(1).replace(",", "")) * _SCALE.get(m.group(2) or "", 1)
    for word, number in _WORDS.items():
        if re.search(rf"\b{word}\b", v):
            return "number", number
    raise ValueError(f"cannot read gold value {value!r}")


def value_ok(claim: dict, gold_value: str) -> bool:
    kind, number = gold_number(gold_value)
    if kind == "year":
        return str(claim.get("value") or "")[:4] == str(int(number))
    if claim.get("number") is None:
        return False
    return abs(claim["number"] - number) <= 0.01 * abs(number)


def _overlaps(claim: dict, stems: dict, doc: str, start: int, end: int) -> bool:
    return stems.get(claim["doc"]) == doc and min(claim["span"][1], end) > max(claim["span"][0], start)


def score_claims(export: dict, gold_claims: list[dict]) -> tuple[int, list[str]]:
    stems = {d["id"]: _stem(d["source"]) for d in export["documents"]}
    found, lines = 0, []
    for g in gold_claims:
        near = [c for c in export["claims"] if _overlaps(c, stems, g["doc"], g["start"], g["end"])]
        right = [c for c in near if value_ok(c, g["value"])]
        found += bool(right)
        got = "; ".join(f"{c['value']!r} number={c['number']} unit={c['unit']} approx={c['approx']} "
                        f"as_of={c['as_of']} source={c['source']}" for c in (right or near)[:2])
        lines.append(f"  {'OK  ' if right else 'MISS'} {g['about']} — gold {g['value']!r}: {got or 'no claim there'}")
    return found, lines


def disagreement_matches(pred: dict, gold: dict, claims: dict, stems: dict) -> bool:
    for side in gold["sides"]:
        ok = False
        for p in pred["sides"]:
            if str(p["value"])[:4] != str(side["value"])[:4] and p["value"] != side["value"]:
                continue
            for cid in p["claims"]:
                c = claims.get(cid)
                if c and any(_overlaps(c, stems, e["doc"], e["start"], e["end"]) for e in side["evidence"]):
                    ok = True
        if not ok:
            return False
    return True


def score_disagreements(export: dict, gold: list[dict]) -> tuple[int, set, list[str]]:
    stems = {d["id"]: _stem(d["source"]) for d in export["documents"]}
    claims = {c["id"]: c for c in export["claims"]}
    found, used, lines = 0, set(), []
    for g in gold:
        hits = [p["id"] for p in export["disagreements"] if disagreement_matches(p, g, claims, stems)]
        found += bool(hits)
        used.update(hits)
        lines.append(f"  {'OK  ' if hits else 'MISS'} {g['id']}: {g['question']}")
    return found, used, lines


def describe(pred: dict, export: dict) -> str:
    stems = {d["id"]: _stem(d["source"]) for d in export["documents"]}
    texts = {d["id"]: d["text"] for d in export["documents"]}
    claims = {c["id"]: c for c in export["claims"]}
    out = [f"  {pred['id']} {pred['about']}"]
    for side in pred["sides"]:
        out.append(f"    {side['value']} ({', '.join(side.get('basis', []))}) — {', '.join(side['outlets'])}")
        for cid in side["claims"]:
            c = claims[cid]
            words = (texts.get(c["doc"]) or "")[c["span"][0]:c["span"][1]] if texts.get(c["doc"]) else ""
            out.append(f"      {stems[c['doc']][:3]} {c['span']} {c['subject']}: {words!r}")
    return "\n".join(out)


def score(export: dict, gold: dict) -> dict:
    claims, claim_lines = score_claims(export, gold["claims"])
    extra, extra_lines = score_claims(export, gold.get("claims_extra", []))
    dis, used, dis_lines = score_disagreements(export, gold["disagreements"])
    dis_extra, used_extra, dis_extra_lines = score_disagreements(export, gold.get("disagreements_extra", []))
    others = [p for p in export["disagreements"] if p["id"] not in used and p["id"] not in used_extra]
    return {
        "claims_found": claims, "claims_total": len(gold["claims"]),
        "claims_extra_found": extra, "claims_extra_total": len(gold.get("claims_extra", [])),
        "disagreements_found": dis, "disagreements_total": len(gold["disagreements"]),
        "disagreements_extra_found": dis_extra, "disagreements_extra_total": len(gold.get("disagreements_extra", [])),
        "other_disagreements": len(others), "predicted_disagreements": len(export["disagreements"]),
        "claims_predicted": len(export["claims"]),
        "_lines": (claim_lines, extra_lines, dis_lines, dis_extra_lines, others),
    }


def main(argv: list[str]) -> int:
    gold = load_gold()
    export = load_or_build_export(argv)
    s = score(export, gold)
    claim_lines, extra_lines, dis_lines, dis_extra_lines, others = s["_lines"]
    print(f"claims: {s['claims_found']}/{s['claims_total']} found with the right value "
          f"({s['claims_predicted']} claims predicted on the corpus)")
    print("\n".join(claim_lines))
    print(f"claims_extra: {s['claims_extra_found']}/{s['claims_extra_total']}")
    print("\n".join(extra_lines))
    print(f"disagreements: {s['disagreements_found']}/{s['disagreements_total']} found")
    print("\n".join(dis_lines))
    print(f"disagreements_extra: {s['disagreements_extra_found']}/{s['disagreements_extra_total']}")
    print("\n".join(dis_extra_lines))
    print(f"other disagreements: {s['other_disagreements']} (gate: at most {MAX_OTHER_DISAGREEMENTS})")
    print(f"every predicted disagreement ({s['predicted_disagreements']}):")
    for p in export["disagreements"]:
        print(describe(p, export))
    gate = (s["claims_found"] == s["claims_total"] and s["disagreements_found"] == s["disagreements_total"]
            and s["other_disagreements"] <= MAX_OTHER_DISAGREEMENTS)
    print(f"GATE {'PASS' if gate else 'FAIL'}")
    return 0 if gate else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
