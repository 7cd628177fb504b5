"""Loaded wording and one-outlet facts against BASIL's bias spans (100 events x 3 outlets).

    .venv/bin/python -m benchmarks.basil_loaded              # all 100 events (analyses 300 articles)
    .venv/bin/python -m benchmarks.basil_loaded --events 10  # a quick slice

Split by event: the events at even positions of the sorted event ids are the "learn" half (where
the thresholds and word-list trims of extract/loaded.py were set), the odd ones are held out.

Loaded wording (lexical bias). Each article goes through the real pipeline (`analyse_documents`);
its loaded terms are scored against BASIL's `lexical` spans by overlap (at least one character):
- precision: predicted terms overlapping any lexical span / predicted terms;
- recall: lexical spans outside quotes (BASIL `quote: no`) overlapped by a term / those spans
  (quoted words are the speaker's, which loaded wording leaves out by design); recall over every
  lexical span is printed beside it.
Baseline in the same run: a VADER tagger (every body word whose VADER valence reaches a threshold;
adjacent words join), its threshold picked on the learn half for its best F1; and the same tagger
with our quote skipping.

One-outlet facts (informational bias). Each event's three articles are built into one store and
fused, as a user would build the story. A fused event whose evidence comes from one outlet only
is a fact that outlet carries and the other two omit; we count how often its evidence overlaps a
BASIL `informational` span of that article, beside the same rate for events reported by two or
three outlets (their evidence in each article), and likewise for quotes (a quote that has no
rendering in another outlet's article, by quote groups, against quotes that have one).
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict

from benchmarks._shared import EVAL
from newsdossier.export import dossier
from newsdossier.extract.loaded import quoted_spans, valence_lexicon
from newsdossier.pipeline import analyse_documents, refuse
from newsdossier.records import DocumentAnalysis, RawDocument
from newsdossier.store import Store

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
VADER_THRESHOLDS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)


def load(limit: int | None = None):
    rows = [json.loads(line) for line in (EVAL / "basil" / "basil.jsonl").read_text(encoding="utf-8").splitlines()]
    by_event = defaultdict(list)
    for r in rows:
        by_event[r["event_id"]].append(r)
    events = sorted(by_event)
    learn = {e for i, e in enumerate(events) if i % 2 == 0}
    chosen = events[:limit] if limit else events
    return [(e, e in learn, by_event[e]) for e in chosen]


def overlaps(a: tuple, spans) -> bool:
    return any(s < a[1] and a[0] < e for s, e in spans)


def vader_tagger(text: str, body, threshold: float, skip=()) -> list[tuple[int, int]]:
    lexicon = valence_lexicon()
    out: list[tuple[int, int]] = []
    for start, end in body:
        for m in _WORD.finditer(text, start, end):
            word = m.group().lower().replace("’", "'")
            if abs(lexicon.get(word, lexicon.get(word.rstrip("s"), 0.0))) < threshold:
                continue
            if skip and any(a <= m.start() and m.end() <= b for a, b in skip):
                continue
            if out and not text[out[-1][1]:m.start()].strip():
                out[-1] = (out[-1][0], m.end())
            else:
                out.append((m.start(), m.end()))
    return out


class Tally:
    def __init__(self):
        self.pred = self.pred_hit = self.gold = self.gold_hit = self.gold_all = self.gold_all_hit = 0

    def add(self, pred, lexical, lexical_unquoted):
        self.pred += len(pred)
        self.pred_hit += sum(overlaps(p, lexical) for p in pred)
        self.gold += len(lexical_unquoted)
        self.gold_hit += sum(overlaps(g, pred) for g in lexical_unquoted)
        self.gold_all += len(lexical)
        self.gold_all_hit += sum(overlaps(g, pred) for g in lexical)

    def prf(self):
        p = self.pred_hit / self.pred if self.pred else 0.0
        r = self.gold_hit / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, (self.gold_all_hit / self.gold_all if self.gold_all else 0.0)


def gold_spans(row: dict):
    spans = [s for s in row["annotations"]["bias_spans"] if not s["in_title"]]
    lexical = [(s["char_start"], s["char_end"]) for s in spans if s["bias_type"] == "lexical"]
    unquoted = [(s["char_start"], s["char_end"]) for s in spans if s["bias_type"] == "lexical" and s["quote"] == "no"]
    informational = [(s["char_start"], s["char_end"]) for s in spans if s["bias_type"] == "informational"]
    return lexical, unquoted, informational


def run(limit: int | None = None, informational: bool = True) -> dict:
    """Every figure of the module docstring; keys: ours/vader/vader_skip → {half: (P, R, F, R all)},
    vader_threshold, one_outlet → counts."""
    items = load(limit)
    ours = {h: Tally() for h in ("learn", "held-out", "all")}
    vader = {t: {h: Tally() for h in ("learn", "held-out", "all")} for t in VADER_THRESHOLDS}
    vader_skip = {t: {h: Tally() for h in ("learn", "held-out", "all")} for t in VADER_THRESHOLDS}
    facts = defaultdict(lambda: [0, 0])  # (kind, one outlet or several) → [evidence in an informational span, all]
    for event_id, is_learn, rows in items:
        half = "learn" if is_learn else "held-out"
        raws = [RawDocument(source=f"basil/{r['id']}.txt", data=r["text"].encode("utf-8"), kind="text",
                            hints={"outlet": r["outlet"], "published": r["date"], "title": r["title"]})
                for r in rows]
        analyses = analyse_documents(raws)
        gold = {}
        for r, a in zip(rows, analyses):
            if not isinstance(a, DocumentAnalysis) or a.error:
                continue
            lexical, unquoted, info = gold_spans(r)
            gold[a.document.id] = info
            d = a.document
            pred = [t.span for t in a.loaded]
            skip = quoted_spans(d.text, d.body, a.quotes)
            for h in (half, "all"):
                ours[h].add(pred, lexical, unquoted)
                for t in VADER_THRESHOLDS:
                    vader[t][h].add(vader_tagger(d.text, d.body, t), lexical, unquoted)
                    vader_skip[t][h].add(vader_tagger(d.text, d.body, t, skip), lexical, unquoted)
        if informational:
            one_outlet_facts([a for a in analyses if isinstance(a, DocumentAnalysis)], gold, facts)
    best = max(VADER_THRESHOLDS, key=lambda t: vader[t]["learn"].prf()[2])
    best_skip = max(VADER_THRESHOLDS, key=lambda t: vader_skip[t]["learn"].prf()[2])
    return {
        "events": len(items),
        "ours": {h: t.prf() for h, t in ours.items()}, "ours_counts": {h: t.pred for h, t in ours.items()},
        "vader": {h: t.prf() for h, t in vader[best].items()}, "vader_threshold": best,
        "vader_skip": {h: t.prf() for h, t in vader_skip[best_skip].items()}, "vader_skip_threshold": best_skip,
        "facts": dict(facts),
    }


def one_outlet_facts(analyses: list[DocumentAnalysis], gold: dict, facts: dict) -> None:
    """Fuse one BASIL event's articles in a store of their own and tally evidence against
    `informational` spans (see the module docstring)."""
    with Store(":memory:") as store:
        store.add_analyses(analyses)
        refuse(store)
        data = dossier(store)
    outlet_of = {d["id"]: d["outlet"] for d in data["documents"]}
    for e in data["events"]:
        spans = defaultdict(list)
        for ev in e["evidence"]:
            spans[ev["doc"]].append((ev["start"], ev["end"]))
        n_outlets = len({outlet_of[d] for d in spans})
        key = ("event", "one outlet" if n_outlets == 1 else "several outlets")
        for doc, doc_spans in spans.items():
            if doc in gold:
                facts[key][0] += any(overlaps(s, gold[doc]) for s in doc_spans)
                facts[key][1] += 1
    group_outlets = defaultdict(set)
    for q in data["quotes"]:
        if q["group"]:
            group_outlets[q["group"]].add(outlet_of[q["doc"]])
    for q in data["quotes"]:
        if q["doc"] not in gold:
            continue
        shared = q["group"] and len(group_outlets[q["group"]]) > 1
        key = ("quote", "several outlets" if shared else "one outlet")
        facts[key][0] += overlaps(tuple(q["content"]), gold[q["doc"]])
        facts[key][1] += 1
    for d in data["documents"]:
        if d["id"] in gold:  # chance level: the share of body characters inside an informational span
            covered = sum(max(0, min(e, b) - max(s, a)) for s, e in gold[d["id"]] for a, b in d["body"])
            facts[("body characters", "")][0] += covered
            facts[("body characters", "")][1] += sum(b - a for a, b in d["body"])


def main(argv: list[str]) -> int:
    limit = int(argv[argv.index("--events") + 1]) if "--events" in argv else None
    t0 = time.perf_counter()
    res = run(limit)
    print(f"BASIL, {res['events']} events (learn: even positions of the sorted event ids; held-out: odd)")
    print("Loaded wording against `lexical` spans: P, R (unquoted spans), F1, R (all lexical spans)")
    rows = [("newsdossier extract/loaded.py", res["ours"]),
            (f"VADER tagger, |valence| >= {res['vader_threshold']}", res["vader"]),
            (f"VADER tagger, quotes skipped, >= {res['vader_skip_threshold']}", res["vader_skip"])]
    for name, figures in rows:
        for half in ("learn", "held-out", "all"):
            p, r, f, r_all = figures[half]
            print(f"  {name:<44} {half:<9} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  R(all) {r_all:.3f}")
    print(f"  terms predicted: {res['ours_counts']['all']}")
    print("Evidence inside an `informational` span:")
    for (kind, who), (hit, n) in sorted(res["facts"].items()):
        print(f"  {kind:<16} {who:<16} {hit}/{n} = {hit / n if n else 0:.3f}")
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
