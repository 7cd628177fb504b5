"""Issue 13 record: every event of BASIL stories, listed for judgement by hand.

    .venv/bin/python -m benchmarks.basil_events_by_hand [EVENT_ID ...]

Each BASIL event (one story, three outlets) is built on its own as a user would (one JSONL input,
the three articles with outlet, title and date) and exported; every fused event is printed with
its type, modality, date, timeline flag and summary, and each evidence span with its outlet and
words. Without ids: the first two BASIL events in id order. BENCHMARKS.md holds the judgement.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._shared import EVAL


def main(argv: list[str]) -> int:
    rows = [json.loads(line) for line in (EVAL / "basil" / "basil.jsonl").read_text(encoding="utf-8").splitlines()]
    ids = argv or sorted({r["event_id"] for r in rows})[:2]
    exe = Path(sys.executable).with_name("newsdossier")
    print(f"command: .venv/bin/python -m benchmarks.basil_events_by_hand {' '.join(argv)}".rstrip())
    for event_id in ids:
        articles = [r for r in rows if r["event_id"] == event_id]
        with tempfile.TemporaryDirectory() as tmp:
            src, db, out = Path(tmp) / "story.jsonl", Path(tmp) / "s.duckdb", Path(tmp) / "s.json"
            src.write_text("".join(json.dumps({"text": r["text"], "title": r["title"], "outlet": r["outlet"],
                                               "published": r["date"], "url": r["url"]}) + "\n" for r in articles),
                           encoding="utf-8")
            subprocess.run([str(exe), "build", str(src), "--db", str(db), "--quiet"], check=True)
            subprocess.run([str(exe), "export", "--db", str(db), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
            data = json.loads(out.read_text(encoding="utf-8"))
        docs = {d["id"]: d for d in data["documents"]}
        print(f"\n## {articles[0]['event_name']} ({event_id}; {', '.join(r['outlet'] for r in articles)})")
        for n, e in enumerate(data["events"], 1):
            date = e["date"] and (e["date"]["start"] if e["date"]["start"] == e["date"]["end"]
                                  else f"{e['date']['start']}/{e['date']['end']}")
            print(f"{n}. {e['type']} {e['modality']} {date or '-'} timeline={e['timeline']}: {e['summary']}")
            for ev in e["evidence"]:
                d = docs[ev["doc"]]
                claimed = f" [claimed by {ev['claimed_by']}]" if ev.get("claimed_by") else ""
                print(f"   - {d['outlet']}: “{d['text'][ev['start']:ev['end']]}”{claimed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
