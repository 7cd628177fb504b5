"""RECORD: each article's main event against the Giveme5W1H gold (who / what / when / where), and how
many of the gold's real-world events come out as one fused event across their articles.

    .venv/bin/python -m benchmarks.giveme5w1h_events [FOLDER]   # FOLDER keeps (and reuses) the build

The 96 articles are written as one JSONL input (text, outlet, title, url, published) and built with
the CLI. An article's main event is the event whose evidence starts earliest in it. A field is a hit
when the prediction and a gold phrase share a content word; `when` compares dates: a hit when the
gold phrase's parsed date lies inside the predicted date. Fusion: a gold event (several articles)
counts as fused when one predicted event has evidence in at least half of its articles. A control for
`what` is printed beside it: the same number of words as each main event's evidence, taken from the
start of the cleaned body (a longer evidence span shares a word with a gold phrase more easily).
Giveme5W1H's published 0.82 on who/what/when/where was judged by people: a reference, not this measure.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from benchmarks._shared import EVAL
from benchmarks._dates import interval

GOLD = EVAL / "giveme5w1h-gold" / "giveme5w1h_gold.jsonl"
STOP = {"the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as", "is", "was",
        "were", "are", "be", "been", "has", "have", "had", "it", "its", "that", "this", "after", "their", "his", "her"}


def words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in STOP and len(w) > 2}


def load() -> list[dict]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in rows:
        a = r["annotations"]
        r["gold"] = (json.loads(a) if isinstance(a, str) else a)["5w1h_gold"]
    return rows


def build(rows: list[dict], workdir: Path) -> dict:
    src = workdir / "articles.jsonl"
    with src.open("w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps({"text": r["text"], "outlet": r["outlet"], "title": r["title"], "url": r["url"],
                                  "published": r["date"]}) + "\n")
    exe = Path(sys.executable).with_name("newsdossier")
    db, export = workdir / "g.duckdb", workdir / "g.json"
    subprocess.run([str(exe), "build", str(src), "--db", str(db), "--quiet"], check=True)
    subprocess.run([str(exe), "export", "--db", str(db), "--out", str(export)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(export.read_text(encoding="utf-8"))


def main() -> int:
    rows = load()
    if len(sys.argv) > 1:  # a folder to keep the built database and export in (reused when present)
        work = Path(sys.argv[1])
        work.mkdir(parents=True, exist_ok=True)
        export = json.loads((work / "g.json").read_text(encoding="utf-8")) if (work / "g.json").exists() \
            else build(rows, work)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            export = build(rows, Path(tmp))
    names = {e["id"]: e["name"] for e in export["entities"]}
    docs = export["documents"]
    by_text = {r["text"]: r for r in rows}
    row_of = {d["id"]: by_text[d["text"]] for d in docs if d["text"] in by_text}
    first: dict[str, tuple[int, dict, dict]] = {}
    for e in export["events"]:
        for ev in e["evidence"]:
            if ev["doc"] in row_of and (ev["doc"] not in first or ev["start"] < first[ev["doc"]][0]):
                first[ev["doc"]] = (ev["start"], e, ev)
    hits = defaultdict(int)
    text_of = {d["id"]: d["text"] for d in docs}
    body_of = {d["id"]: d["body"] for d in docs}
    for doc, row in row_of.items():
        if doc not in first:
            continue
        _, e, ev = first[doc]
        gold = row["gold"]
        who = words(" ".join(names.get(i, "") for i in e["actors"] + e["recipients"]))
        hits["who"] += any(who & words(g["text"]) for g in gold.get("who", []))
        hits["what"] += any(words(text_of[doc][ev["start"]:ev["end"]]) & words(g["text"]) for g in gold.get("what", []))
        hits["where"] += any(words(e["place"]) & words(g["text"]) for g in gold.get("where", []))
        date = e["date"]
        when_ok = False
        if date:
            start, end = interval(date["start"]), interval(date["end"])
            for g in gold.get("when", []):
                parsed = interval(g.get("parsed"))
                if parsed and start and end and start.start <= parsed.start <= end.end:
                    when_ok = True
        hits["when"] += when_ok
        # control for `what`: as many words as the evidence, from the start of the cleaned body
        body_words = " ".join(text_of[doc][s:e] for s, e in body_of[doc]).split()
        control = " ".join(body_words[:len(text_of[doc][ev["start"]:ev["end"]].split())])
        hits["what_control"] += any(words(control) & words(g["text"]) for g in gold.get("what", []))
    n = len(row_of)
    print("command: .venv/bin/python -m benchmarks.giveme5w1h_events")
    print(f"articles {len(rows)}, built {n}, with an event {len(first)}")
    for field in ("who", "what", "when", "where"):
        print(f"  {field:<6} {hits[field]}/{n} ({hits[field] / n:.0%})")
    print(f"  control for what: the same number of words from the start of the body: {hits['what_control']}/{n}"
          f" ({hits['what_control'] / n:.0%})")
    print(f"  all four {sum(hits[f] for f in ('who', 'what', 'when', 'where')) / (4 * n):.0%} (Giveme5W1H, judged by"
          f" people: 0.82 — a reference, not this measure)")
    articles = defaultdict(set)
    for doc, row in row_of.items():
        articles[row["event_id"]].add(doc)
    fused = 0
    for event_id, members in sorted(articles.items(), key=lambda kv: str(kv[0])):
        best = max((len({ev["doc"] for ev in e["evidence"]} & members) for e in export["events"]), default=0)
        ok = len(members) >= 2 and best * 2 >= len(members)
        fused += ok
        print(f"  {str(event_id):<28} {len(members):>2} articles; best single event covers {best}{'  fused' if ok else ''}")
    print(f"gold events fused across their articles (one event in at least half of them): {fused}/{len(articles)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
