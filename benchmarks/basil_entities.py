"""Entities per BASIL story (three outlets each), for comparing two versions of the entity stage.

    .venv/bin/python -m benchmarks.basil_entities snapshot OUT.json [--code DIR]
    .venv/bin/python -m benchmarks.basil_entities compare BEFORE.json AFTER.json [--top 10]

`snapshot` builds each of BASIL's 100 stories as its own dossier (the three articles as JSONL,
through `pipeline.build`, models loaded once) and writes every story's entities: name, type and
mentions as (article, start, end). `--code DIR` imports `newsdossier` from DIR instead, e.g. a
checkout of an older commit, so both versions run on the same data. `compare` prints entities
per story before and after, and the largest changes: an entity of one version whose mentions
the other spreads over several entities (a merge one way, a split the other), by the number of
mentions moved.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks._shared import EVAL

BASIL = EVAL / "basil" / "basil.jsonl"


def stories() -> dict[str, list[dict]]:
    by_event = defaultdict(list)
    with open(BASIL, encoding="utf-8") as f:
        for article in map(json.loads, f):
            by_event[article["event_id"]].append(article)
    return dict(sorted(by_event.items()))


def snapshot(out: Path) -> None:
    from newsdossier import export, pipeline
    from newsdossier.store import Store

    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n, (event, articles) in enumerate(stories().items()):
            folder = Path(tmp) / event
            folder.mkdir()
            with open(folder / "story.jsonl", "w", encoding="utf-8") as f:
                for a in articles:
                    f.write(json.dumps({"text": a["text"], "title": a["title"], "outlet": a["outlet"],
                                        "published": a["date"], "url": a["url"]}) + "\n")
            with Store(folder / "story.duckdb") as store:
                pipeline.build([str(folder / "story.jsonl")], store)
                dossier = export.dossier(store)
            urls = {d["id"]: d["url"] for d in dossier["documents"]}
            result[event] = {
                "name": articles[0]["event_name"],
                "entities": [{"name": e["name"], "type": e["type"],
                              "mentions": sorted([urls[m["doc"]], m["start"], m["end"]] for m in e["mentions"])}
                             for e in dossier["entities"]],
            }
            print(f"{n + 1}/100 {articles[0]['event_name'][:60]}: {len(result[event]['entities'])} entities",
                  file=sys.stderr)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=0), encoding="utf-8")


def compare(before_path: Path, after_path: Path, top: int) -> None:
    before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (before_path, after_path))
    counts = [(len(before[k]["entities"]), len(after[k]["entities"])) for k in before]
    print(f"entities per story: before {sum(b for b, _ in counts) / len(counts):.1f}, "
          f"after {sum(a for _, a in counts) / len(counts):.1f} (100 stories)")
    changes = []
    for key in before:
        for old, new, verb in ((before[key], after[key], "split"), (after[key], before[key], "merged")):
            owner = {tuple(m): e["name"] for e in new["entities"] for m in e["mentions"]}
            for e in old["entities"]:
                parts = Counter(owner.get(tuple(m), "(no entity)") for m in e["mentions"])
                if len(parts) > 1:
                    moved = sum(parts.values()) - parts.most_common(1)[0][1]
                    changes.append((moved, verb, before[key]["name"], e["name"], dict(parts.most_common())))
    changes.sort(key=lambda c: -c[0])
    print(f"\nlargest changes (mentions moved): {len(changes)} in all")
    for moved, verb, story, name, parts in changes[:top]:
        side = "after" if verb == "merged" else "before"
        print(f"  {moved:3}  [{story[:50]}] {side}: {name!r} ({'now' if side == 'before' else 'was'} {parts})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("out", type=Path)
    snap.add_argument("--code", type=Path, help="import newsdossier from this checkout")
    comp = sub.add_parser("compare")
    comp.add_argument("before", type=Path)
    comp.add_argument("after", type=Path)
    comp.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    if args.command == "snapshot":
        if args.code:
            sys.path.insert(0, str(args.code.resolve()))
        snapshot(args.out)
    else:
        compare(args.before, args.after, args.top)


if __name__ == "__main__":
    main()
