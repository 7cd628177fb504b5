"""Claims on BASIL stories (three outlets telling one event): the gold of six stories, and a false-alarm
check on all 100.

    .venv/bin/python -m benchmarks.basil_claims --gold                 # the gold's stories (GATE, issue 18)
    .venv/bin/python -m benchmarks.basil_claims --gold --verbose       # … with every gold claim's verdict
    .venv/bin/python -m benchmarks.basil_claims --gold FILE            # another gold file (the held-out stories)
    .venv/bin/python -m benchmarks.basil_claims                        # all 100 events: disagreements raised
    .venv/bin/python -m benchmarks.basil_claims --events 20
    .venv/bin/python -m benchmarks.basil_claims --cost                 # claim extraction time against the parse

Each story's three articles are built into one store with `pipeline.build` (one JSONL file an
article, outlet and date given) and exported, as a user builds a story. The gold
(`benchmarks/basil_claims_gold.json`, rules in `benchmarks/BASIL_CLAIMS_RULES.md`) is scored with
this module's own matching: a gold claim is found by a predicted claim of the same article whose
span overlaps it and whose number equals the gold's within 1% (a range: either bound), one-to-one,
greedy by overlap. Over all gold claims (not found = wrong, and a group of its own): grouping B³
precision and recall (predicted cluster: the gold claims of the story matched to claims of the same
`group`; gold cluster: the `fact`), measured thing right (a word of `attribute` is one of the gold's
`heads`, case and an ending of up to three letters ignored), time right (`as_of` equal to the gold's
at the gold's precision, both ends of a span), and the disagreements that rest on no gold conflict.
RECORD: the share of quantity claims with a subject and with a measured thing.
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks._shared import EVAL, REPO

GOLD = REPO / "benchmarks" / "basil_claims_gold.json"
GATE = {"precision": 0.95, "recall": 0.85, "thing": 0.85, "time": 0.85}


def basil_rows() -> list[dict]:
    return [json.loads(line) for line in (EVAL / "basil" / "basil.jsonl").read_text(encoding="utf-8").splitlines()]


def build_story(rows: list[dict], workdir: Path) -> dict:
    """The story's articles (one JSONL file each, named by outlet code) built and exported."""
    from newsdossier.export import dossier
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    paths = []
    for r in rows:
        path = workdir / f"{r['outlet_code']}.jsonl"
        path.write_text(json.dumps({"text": r["text"], "outlet": r["outlet"], "published": r["date"],
                                    "title": r["title"]}) + "\n", encoding="utf-8")
        paths.append(str(path))
    db = workdir / "story.duckdb"
    with Store(db) as store:
        build(paths, store)
        export = dossier(store)
    db.unlink()
    return export


# ---- the scorer's own reading of values, words and dates -----------------------------------------------
def same_number(gold, predicted) -> bool:
    if predicted is None:
        return False
    values = gold if isinstance(gold, list) else [gold]
    return any(abs(predicted - v) <= 0.01 * abs(v) for v in values)


def _words(text: str | None) -> list[str]:
    return re.findall(r"[a-z]+", (text or "").lower())


def thing_right(attribute: str | None, heads: list[str]) -> bool:
    for word in _words(attribute):
        for head in heads:
            if word == head or (word.startswith(head) and len(word) - len(head) <= 3) or \
                    (head.startswith(word) and len(head) - len(word) <= 3 and len(word) >= 4):
                return True
    return False


def _ends(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = value.split("/")
    return parts[0], parts[-1]


def time_right(as_of: str | None, gold: str) -> bool:
    p, g = _ends(as_of), _ends(gold)
    if p is None:
        return False
    return p[0][:len(g[0])] == g[0] and p[1][:len(g[1])] == g[1]


def match(gold_claims: list[dict], predicted: list[dict], doc_of: dict) -> dict:
    """gold claim id → predicted claim, one-to-one, greedy by overlap."""
    pairs = []
    for g in gold_claims:
        for k, c in enumerate(predicted):
            if doc_of.get(c["doc"]) != g["outlet"]:
                continue
            overlap = min(c["span"][1], g["end"]) - max(c["span"][0], g["start"])
            if overlap > 0 and same_number(g["number"], c.get("number")):
                pairs.append((-overlap, g["id"], k))
    found, used = {}, set()
    for _, gid, k in sorted(pairs):
        if gid not in found and k not in used:
            found[gid] = predicted[k]
            used.add(k)
    return found


def b_cubed(gold_claims: list[dict], found: dict) -> tuple[float, float]:
    pred_cluster = {}
    for g in gold_claims:
        c = found.get(g["id"])
        pred_cluster[g["id"]] = ("group", c["group"]) if c and c.get("group") else ("alone", g["id"])
    precision = recall = 0.0
    for g in gold_claims:
        mine = {h["id"] for h in gold_claims if pred_cluster[h["id"]] == pred_cluster[g["id"]]}
        truth = {h["id"] for h in gold_claims if h["fact"] == g["fact"]}
        precision += len(mine & truth) / len(mine)
        recall += len(mine & truth) / len(truth)
    return precision, recall


def unlisted_disagreements(story: dict, export: dict, found: dict) -> list[dict]:
    """Predicted disagreements whose claims do not all match gold claims of one listed conflict."""
    fact_of_claim = {}
    by_id = {g["id"]: g for g in story["claims"]}
    for gid, c in found.items():
        fact_of_claim[c["id"]] = by_id[gid]["fact"]
    listed = {cf["fact"] for cf in story["conflicts"]}
    bad = []
    for d in export["disagreements"]:
        facts = {fact_of_claim.get(cid) for side in d["sides"] for cid in side["claims"]}
        if len(facts) != 1 or None in facts or facts.pop() not in listed:
            bad.append(d)
    return bad


def score_story(story: dict, export: dict, verbose: bool = False) -> dict:
    doc_of = {d["id"]: Path(d["source"]).stem for d in export["documents"]}
    found = match(story["claims"], export["claims"], doc_of)
    precision, recall = b_cubed(story["claims"], found)
    thing = sum(thing_right(found[g["id"]].get("attribute"), g["heads"]) for g in story["claims"] if g["id"] in found)
    when = sum(time_right(found[g["id"]].get("as_of"), g["as_of"]) for g in story["claims"] if g["id"] in found)
    bad = unlisted_disagreements(story, export, found)
    by_claim = {c["id"]: c for c in export["claims"]}
    conflicts_found = sum(any(_rests_on(d, cf["fact"], story, found) for d in export["disagreements"])
                          for cf in story["conflicts"])
    quantities = [c for c in export["claims"] if c.get("kind") == "quantity"]
    if verbose:
        texts = {d["id"]: d["text"] for d in export["documents"]}
        print(f"== {story['key']}: {story['event_name']}")
        groups = defaultdict(list)
        for g in story["claims"]:
            c = found.get(g["id"])
            groups[c["group"] if c and c.get("group") else g["id"]].append(g["id"])
        group_no = {gid: k for k, gid in enumerate(groups)}
        for g in story["claims"]:
            c = found.get(g["id"])
            if c is None:
                print(f"  MISS {g['id']:22} {g['text']!r:18} {g['fact']}")
                continue
            marks = ("T" if thing_right(c.get("attribute"), g["heads"]) else "t") + \
                    ("W" if time_right(c.get("as_of"), g["as_of"]) else "w")
            print(f"  {marks}  {g['id']:22} {g['text']!r:18} {g['fact']:34} grp={group_no[c['group'] if c.get('group') else g['id']]:<3}"
                  f" attr={c.get('attribute')!r} subj={c.get('subject')!r} as_of={c.get('as_of')} (gold {g['as_of']})"
                  f" cmp={c.get('comparison')}")
        for d in export["disagreements"]:
            flag = "UNLISTED " if d in bad else ""
            print(f"  {flag}disagreement: {d['about']}")
            for side in d["sides"]:
                for cid in side["claims"]:
                    c = by_claim[cid]
                    print(f"      {side['value']}: {doc_of[c['doc']]} {texts[c['doc']][c['span'][0]:c['span'][1]]!r}")
    return {"claims": len(story["claims"]), "found": len(found), "precision": precision, "recall": recall,
            "thing": thing, "time": when, "unlisted": len(bad), "conflicts": len(story["conflicts"]),
            "conflicts_found": conflicts_found, "quantities": len(quantities),
            "with_subject": sum(1 for c in quantities if c.get("subject")),
            "with_thing": sum(1 for c in quantities if c.get("attribute"))}


def _rests_on(d: dict, fact: str, story: dict, found: dict) -> bool:
    ids = {c["id"] for gid, c in found.items() if next(g for g in story["claims"] if g["id"] == gid)["fact"] == fact}
    return all(cid in ids for side in d["sides"] for cid in side["claims"])


def score_gold(path: Path = GOLD, verbose: bool = False, quiet: bool = False) -> dict:
    """Build every story of a gold file and score it; the figures over all its claims."""
    say = (lambda *a: None) if quiet else print
    gold = json.loads(path.read_text(encoding="utf-8"))
    rows = basil_rows()
    totals = defaultdict(float)
    t0 = time.perf_counter()
    for story in gold["stories"]:
        story_rows = [r for r in rows if r["event_id"] == story["event_id"]]
        with tempfile.TemporaryDirectory() as tmp:
            export = build_story(story_rows, Path(tmp))
        texts = {Path(d["source"]).stem: d["text"] for d in export["documents"]}
        for r in story_rows:
            assert texts[r["outlet_code"]] == r["text"], "the built text must be BASIL's text (offsets)"
        s = score_story(story, export, verbose)
        n = s["claims"]
        say(f"{story['key']:12} claims {n:3}  found {s['found'] / n:.2f}  B3 P {s['precision'] / n:.3f} "
            f"R {s['recall'] / n:.3f}  thing {s['thing'] / n:.2f}  time {s['time'] / n:.2f}  "
            f"unlisted disagreements {s['unlisted']}  conflicts found {s['conflicts_found']}/{s['conflicts']}")
        for k, v in s.items():
            totals[k] += v
    n = totals["claims"]
    q = totals["quantities"] or 1
    figures = {"claims": int(n), "found": totals["found"] / n, "precision": totals["precision"] / n,
               "recall": totals["recall"] / n, "thing": totals["thing"] / n, "time": totals["time"] / n,
               "unlisted": int(totals["unlisted"]), "conflicts": int(totals["conflicts"]),
               "conflicts_found": int(totals["conflicts_found"]), "quantities": int(totals["quantities"]),
               "with_subject": totals["with_subject"] / q, "with_thing": totals["with_thing"] / q}
    say(f"ALL          claims {figures['claims']}  found {figures['found']:.3f}  B3 precision "
        f"{figures['precision']:.3f} recall {figures['recall']:.3f}  measured thing right {figures['thing']:.3f}  "
        f"time right {figures['time']:.3f}")
    say(f"disagreements outside the gold's conflicts: {figures['unlisted']}; "
        f"gold conflicts raised as disagreements: {figures['conflicts_found']}/{figures['conflicts']}")
    say(f"quantity claims predicted: {figures['quantities']}, with a subject {figures['with_subject']:.2f}, "
        f"with a measured thing {figures['with_thing']:.2f} ({time.perf_counter() - t0:.0f} s)")
    return figures


def gate(figures: dict) -> bool:
    return all(figures[k] >= v for k, v in GATE.items()) and figures["unlisted"] == 0


def false_alarms(limit: int | None) -> int:
    """All (or the first `limit`) BASIL events, each built on its own: every disagreement printed."""
    by_event = defaultdict(list)
    for r in basil_rows():
        by_event[r["event_id"]].append(r)
    events = sorted(by_event)[:limit] if limit else sorted(by_event)
    t0 = time.perf_counter()
    n_claims = n_dis = n_multi = n_q = n_subject = n_thing = 0
    for eid in events:
        with tempfile.TemporaryDirectory() as tmp:
            export = build_story(by_event[eid], Path(tmp))
        texts = {d["id"]: d["text"] for d in export["documents"]}
        outlets = {d["id"]: d["outlet"] for d in export["documents"]}
        claims = export["claims"]
        by_id = {c["id"]: c for c in claims}
        quantities = [c for c in claims if c.get("kind") == "quantity"]
        n_claims += len(claims)
        n_q += len(quantities)
        n_subject += sum(1 for c in quantities if c.get("subject"))
        n_thing += sum(1 for c in quantities if c.get("attribute"))
        n_multi += len({c["group"] for c in claims if c.get("group") and c.get("comparison") != "single"})
        n_dis += len(export["disagreements"])
        for d in export["disagreements"]:
            print(f"[{by_event[eid][0]['event_name']}] {d['about']}")
            for side in d["sides"]:
                for cid in side["claims"]:
                    c = by_id[cid]
                    print(f"    {side['value']:>12} {outlets[c['doc']]}: {texts[c['doc']][c['span'][0]:c['span'][1]]!r}")
    print(f"{len(events)} events, {n_claims} claims ({n_q} quantities: with a subject {n_subject / max(n_q, 1):.2f}, "
          f"with a measured thing {n_thing / max(n_q, 1):.2f}), {n_multi} groups compared across documents, "
          f"{n_dis} disagreements ({time.perf_counter() - t0:.0f} s)")
    return 0


def cost() -> int:
    """Claim extraction time per article against the spaCy parse of the same article (models warm)."""
    from newsdossier.clean import clean_document
    from newsdossier.extract.claims import find_claims
    from newsdossier.extract.entities import find_mentions
    from newsdossier.extract.events import find_events
    from newsdossier.extract.quotes import find_quotes
    from newsdossier.nlp import parse_body
    from newsdossier.records import RawDocument

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    wanted = {s["event_id"] for s in gold["stories"]}
    rows = [r for r in basil_rows() if r["event_id"] in wanted]
    docs = [clean_document(RawDocument(source=f"{r['event_id']}-{r['outlet_code']}.txt", data=r["text"].encode(),
                                       kind="text", hints={"published": r["date"], "outlet": r["outlet"]}))
            for r in rows]
    parse_body("Warm up.", [(0, 8)])
    parse_time = claim_time = 0.0
    rounds = 3
    for _ in range(rounds):
        for d in docs:
            t0 = time.perf_counter()
            sdoc = parse_body(d.text, d.body)
            parse_time += time.perf_counter() - t0
            mentions = find_mentions(d.id, sdoc)
            quotes = find_quotes(d.id, d.text, sdoc, mentions, d.body)
            events = find_events(d.id, d.text, sdoc, mentions, d.published, d.published_range)
            t0 = time.perf_counter()
            find_claims(d.id, d.text, sdoc, mentions, quotes, events, d.body, d.published, d.published_range)
            claim_time += time.perf_counter() - t0
    n = rounds * len(docs)
    print(f"cost per article ({len(docs)} BASIL articles of the gold's stories, {rounds} rounds, models warm): "
          f"spaCy parse {parse_time / n * 1000:.0f} ms, claim extraction {claim_time / n * 1000:.1f} ms "
          f"({claim_time / parse_time:.1%} of the parse)")
    return 0


def main(argv: list[str]) -> int:
    if "--cost" in argv:
        return cost()
    if "--gold" in argv:
        k = argv.index("--gold")
        path = Path(argv[k + 1]) if k + 1 < len(argv) and not argv[k + 1].startswith("--") else GOLD
        passed = gate(score_gold(path, "--verbose" in argv))
        print(f"GATE {'PASS' if passed else 'FAIL'} (B3 P >= {GATE['precision']}, R >= {GATE['recall']}, "
              f"thing and time >= {GATE['thing']}, no unlisted disagreement)")
        return 0 if passed else 1
    return false_alarms(int(argv[argv.index("--events") + 1]) if "--events" in argv else None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
