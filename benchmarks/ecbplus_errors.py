"""Where the dossier's entities part from ECB+'s chains: splits, merges and missed mentions.

    .venv/bin/python -m benchmarks.ecbplus_errors EXPORT.json [--split dev] [--limit 40]

Reads the gold and aligns mentions with the shared scorer's own functions (so "covered" means
what the scorer means), then lists, largest first: gold chains whose covered mentions fall into
several predicted entities (splits, with each entity's name and mention texts), predicted
entities holding several gold chains (merges), and named gold mentions no prediction covers.
For tuning on train and dev; the test split is for reporting only.
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import json

from benchmarks._shared import SHARED
from benchmarks.ecbplus_entities import ECBPLUS


def scorer():
    spec = importlib.util.spec_from_file_location("score_coref", SHARED / "scorers" / "score_coref.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("export")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    sc = scorer()
    opts = argparse.Namespace(split=args.split, topic=None, named=True, no_speakers=False, what="entities")
    export = json.load(open(args.export, encoding="utf-8"))
    golds, pred, ents, _ = sc.load(export, sc.read_gold(ECBPLUS, "ecbplus", "entities"), opts)
    texts = {d["id"]: d["text"] for d in export["documents"]}
    covered = sc.align(golds, pred, "entities")

    def show(i):
        g = golds[i]
        return texts[g["doc"]][g["s"]:g["e"]]

    by_chain, by_entity = collections.defaultdict(list), collections.defaultdict(list)
    for i, eid in covered.items():
        by_chain[golds[i]["chain"]].append((eid, i))
        by_entity[eid].append((golds[i]["chain"], i))
    splits = sorted(((c, m) for c, m in by_chain.items() if len({e for e, _ in m}) > 1), key=lambda x: -len(x[1]))
    print(f"splits: {len(splits)} gold chains over several entities")
    for chain, members in splits[: args.limit]:
        parts = collections.defaultdict(list)
        for eid, i in members:
            parts[eid].append(show(i))
        print(f"  {chain} ({golds[members[0][1]]['cat']}):")
        for eid, words in sorted(parts.items(), key=lambda x: -len(x[1])):
            name = ents[eid]["name"] if eid in ents else eid
            print(f"      {name!r:40} {len(words):3}  {sorted(set(words))[:6]}")
    merges = sorted(((e, m) for e, m in by_entity.items() if len({c for c, _ in m}) > 1), key=lambda x: -len(x[1]))
    print(f"\nmerges: {len(merges)} entities over several gold chains")
    for eid, members in merges[: args.limit]:
        parts = collections.defaultdict(list)
        for chain, i in members:
            parts[chain].append(show(i))
        name = ents[eid]["name"] if eid in ents else eid
        print(f"  {name!r}: " + "; ".join(f"{c[-12:]} {len(w)} {sorted(set(w))[:4]}" for c, w in parts.items()))
    missed = collections.Counter(show(i) for i in range(len(golds)) if i not in covered)
    print(f"\nnot covered: {sum(missed.values())} named gold mentions")
    print("  " + ", ".join(f"{w!r} {n}" for w, n in missed.most_common(args.limit * 2)))


if __name__ == "__main__":
    main()
