"""False-alarm check for claim disagreements on real triplets: BASIL, 100 events x 3 outlets.

    .venv/bin/python -m benchmarks.basil_claims            # all 100 events (analyses 300 articles)
    .venv/bin/python -m benchmarks.basil_claims --events 20

There is no gold for contradictions in BASIL, so this RECORDs how many disagreements the claims stage
raises on stories it has never seen (one fusion per event, as a user would build each story) and
prints every one of them with its evidence, for reading: on three outlets telling the same event, a
disagreement should be rare and each printed one should be a real conflict.
"""
from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from dataclasses import asdict

from benchmarks._shared import EVAL
from newsdossier.fuse.claims import fuse_claims
from newsdossier.fuse.entities import fuse_entities
from newsdossier.pipeline import analyse_documents
from newsdossier.records import DocumentAnalysis, RawDocument


def main(argv: list[str]) -> int:
    limit = int(argv[argv.index("--events") + 1]) if "--events" in argv else None
    rows = [json.loads(line) for line in (EVAL / "basil" / "basil.jsonl").read_text(encoding="utf-8").splitlines()]
    by_event = defaultdict(list)
    for r in rows:
        by_event[r["event_id"]].append(r)
    events = sorted(by_event)[:limit] if limit else sorted(by_event)
    t0 = time.perf_counter()
    n_claims = n_dis = n_groups_multi = 0
    for eid in events:
        raws = [RawDocument(source=f"basil/{r['id']}.txt", data=r["text"].encode("utf-8"), kind="text",
                            hints={"outlet": r["outlet"], "published": r["date"], "title": r["title"]})
                for r in by_event[eid]]
        analyses = [a for a in analyse_documents(raws) if isinstance(a, DocumentAnalysis) and a.error is None]
        mentions = [(m.doc, m.start, m.end, m.surface, m.label, m.canonical) for a in analyses for m in a.mentions]
        entities, lookup = fuse_entities(sorted(mentions))
        names = {e["id"]: e["name"] for e in entities}
        outlets = {a.document.id: a.document.outlet for a in analyses}
        texts = {a.document.id: a.document.text for a in analyses}
        claim_rows = [asdict(c) for a in analyses for c in a.claims]
        claims, disagreements = fuse_claims(claim_rows, lookup, names, outlets)
        n_claims += len(claims)
        n_groups_multi += len({c["group"] for c in claims if c["group"] and c["comparison"] != "single"})
        n_dis += len(disagreements)
        by_id = {c["id"]: c for c in claims}
        for d in disagreements:
            print(f"[{by_event[eid][0]['event_name']}] {d['about']}")
            for side in d["sides"]:
                for cid in side["claims"]:
                    c = by_id[cid]
                    print(f"    {side['value']:>12} {outlets[c['doc']]}: {texts[c['doc']][c['span'][0]:c['span'][1]]!r}")
    print(f"{len(events)} events, {n_claims} claims, {n_groups_multi} groups compared across documents, "
          f"{n_dis} disagreements ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
