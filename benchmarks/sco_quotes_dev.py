"""Quotes on the SCO dev gold (documents 000, 001, 002).

Body spans come from the gold `body_lines` (each listed line, trimmed), so this measures
quote extraction on its own. A predicted quote matches a gold quote when it covers at
least half of the gold span and is at most four times as long; each predicted quote
matches at most one gold quote (gold quotes taken in order, best-overlap prediction
first). The speaker is right when `speaker_name` equals the gold speaker or one of its
aliases (case-insensitive, typographic apostrophes folded).

Run from the repository root: .venv/bin/python -m benchmarks.sco_quotes_dev
"""
from __future__ import annotations

import json
import sys

from benchmarks._shared import SCO
from newsdossier.extract.entities import find_mentions
from newsdossier.extract.quotes import find_quotes
from newsdossier.nlp import parse_body


def body_from_lines(text: str, lines: list[int]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    wanted = set(lines)
    for number, line in enumerate(text.split("\n"), start=1):
        a, b = pos, pos + len(line)
        pos = b + 1
        if number not in wanted:
            continue
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


def _norm(name) -> str:
    return " ".join((name or "").replace("’", "'").lower().split())


def matches(pred: tuple[int, int], gold: tuple[int, int]) -> bool:
    ps, pe = pred
    gs, ge = gold
    overlap = max(0, min(pe, ge) - max(ps, gs))
    return overlap * 2 >= (ge - gs) and (pe - ps) <= 4 * (ge - gs)


def evaluate(verbose: bool = True) -> dict:
    gold = json.loads((SCO / "gold.dev.json").read_text(encoding="utf-8"))
    docs = {d["doc"]: d for d in gold["documents"]}
    by_doc: dict[str, list] = {}
    for i, q in enumerate(gold["quotes"]):
        by_doc.setdefault(q["doc"], []).append((i, q))
    found = right = kind_ok = 0
    misses, unmatched, predicted_total = [], [], 0
    for doc_id in sorted(docs):
        text = (SCO / f"{doc_id}.txt").read_text(encoding="utf-8")
        body = body_from_lines(text, docs[doc_id]["body_lines"])
        sdoc = parse_body(text, body)
        mentions = find_mentions(doc_id, sdoc)
        preds = find_quotes(doc_id, text, sdoc, mentions, body)
        predicted_total += len(preds)
        used = set()
        for i, g in by_doc.get(doc_id, []):
            span = (g["start"], g["end"])
            cands = [
                (min(p.content[1], span[1]) - max(p.content[0], span[0]), j)
                for j, p in enumerate(preds)
                if j not in used and matches(p.content, span)
            ]
            if not cands:
                misses.append((i, g, None))
                continue
            _, j = max(cands)
            used.add(j)
            p = preds[j]
            found += 1
            names = {_norm(g["speaker"])} | {_norm(a) for a in g.get("aliases", [])}
            ok = _norm(p.speaker_name) in names
            right += ok
            kind_ok += p.kind == g["kind"]
            if not ok or p.kind != g["kind"]:
                misses.append((i, g, p))
        for j, p in enumerate(preds):
            if j not in used:
                unmatched.append((doc_id, text, p))
    n = sum(len(v) for v in by_doc.values())
    result = {
        "gold": n,
        "found": found,
        "right_speaker": right,
        "kind_right": kind_ok,
        "predicted": predicted_total,
        "unmatched_predictions": len(unmatched),
    }
    if verbose:
        print(f"SCO dev quotes: gold {n}")
        print(f"  found (span match)        {found}/{n} = {found / n:.3f}")
        print(f"  found with right speaker  {right}/{n} = {right / n:.3f}   (gate: >= 23/28)")
        print(f"  kind right (of found)     {kind_ok}/{found}")
        print(f"  predicted {predicted_total}, matching no gold quote {len(unmatched)}"
              f" (precision {(predicted_total - len(unmatched)) / max(1, predicted_total):.3f})")
        if misses:
            print("\nMisses / wrong speaker or kind:")
            for i, g, p in misses:
                if p is None:
                    print(f"  #{i} {g['doc'][:3]} MISSED {g['kind']} [{g['speaker']}] {g['text'][:70]!r}")
                else:
                    print(f"  #{i} {g['doc'][:3]} got {p.kind}/{p.speaker_name!r}, gold {g['kind']}/{g['speaker']!r}"
                          f" {g['text'][:50]!r}")
        if unmatched:
            print("\nPredicted quotes matching no gold quote:")
            for doc_id, text, p in unmatched:
                s, e = p.content
                print(f"  {doc_id[:3]} {p.kind:8s} [{p.speaker_name}] {text[s:e][:80]!r}")
    return result


if __name__ == "__main__":
    res = evaluate()
    sys.exit(0 if res["right_speaker"] >= 23 else 1)
