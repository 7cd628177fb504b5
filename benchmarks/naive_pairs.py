"""Body cleaner on the naive plain-text pairs of the article-extraction benchmark.

Run from the repository root:

    .venv/bin/python -m benchmarks.naive_pairs            # summary
    .venv/bin/python -m benchmarks.naive_pairs --pages    # plus the worst pages
    .venv/bin/python -m benchmarks.naive_pairs --sco      # plus the SCO dev line gate

Each pair has ``naive_text`` (all rendered text of a page, one block per line) and ``gold_body``.
The prediction is the text under ``body_spans(naive_text)``, one span per line, scored against
the gold with the upstream shingle metric. "keep everything" (the naive text itself) is printed
beside it, and the figures are repeated on the even and odd halves of the page list (sorted by
id) so that threshold tuning on one half can be checked on the other.
"""
from __future__ import annotations

import argparse
import json
import time

from benchmarks.sco_gold import kept_lines
from benchmarks._shared import EVAL, SCO
from benchmarks.shingle_metric import corpus_scores, page_precision_recall
from newsdossier.clean.text import body_spans

PAIRS = EVAL / "article-extraction" / "naive_pairs.jsonl"


def load_pairs() -> list[dict]:
    with open(PAIRS, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return sorted(rows, key=lambda r: r["id"])


def predict(text: str) -> str:
    return "\n".join(text[s:e] for s, e in body_spans(text))


def _fmt(name: str, sc: dict) -> str:
    return f"{name:<26} F1 {sc['f1']:.3f}  P {sc['precision']:.3f}  R {sc['recall']:.3f}  pages {sc['pages']}"


def sco_lines() -> list[str]:
    """Per-document result of the SCO dev gate (body lines kept, junk lines removed)."""
    gold = json.loads((SCO / "gold.dev.json").read_text(encoding="utf-8"))
    out = []
    for doc in gold["documents"]:
        path = next(SCO.glob(doc["doc"] + "*.txt"))
        text = path.read_bytes().decode("utf-8")
        kept = kept_lines(text, body_spans(text))
        lost = [n for n in doc["body_lines"] if n not in kept]
        leaked = [n for n in doc["junk_lines"] if n in kept]
        out.append(
            f"SCO {doc['doc'][:3]}: body kept {len(doc['body_lines']) - len(lost)}/{len(doc['body_lines'])}"
            f"  junk removed {len(doc['junk_lines']) - len(leaked)}/{len(doc['junk_lines'])}"
            + (f"  lost {lost}" if lost else "")
            + (f"  leaked {leaked}" if leaked else "")
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, nargs="?", const=15, default=0, help="show the N worst pages")
    ap.add_argument("--sco", action="store_true", help="also print the SCO dev line gate")
    args = ap.parse_args()

    rows = load_pairs()
    t0 = time.perf_counter()
    preds = [predict(r["naive_text"]) for r in rows]
    elapsed = time.perf_counter() - t0

    print("command: .venv/bin/python -m benchmarks.naive_pairs")
    print(_fmt("keep everything", corpus_scores((r["naive_text"], r["gold_body"]) for r in rows)))
    print(_fmt("body_spans (all)", corpus_scores(zip(preds, (r["gold_body"] for r in rows)))))
    for half, name in ((0, "even"), (1, "odd")):
        sub = [(p, r["gold_body"]) for i, (p, r) in enumerate(zip(preds, rows)) if i % 2 == half]
        print(_fmt(f"body_spans ({name} pages)", corpus_scores(sub)))
    print(f"body_spans time over {len(rows)} pages: {elapsed:.3f} s")

    if args.pages:
        scored = []
        for i, (p, r) in enumerate(zip(preds, rows)):
            pr, rc = page_precision_recall(p, r["gold_body"])
            f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
            scored.append((f1, pr, rc, i, r["id"][:10], r["url"]))
        scored.sort()
        print(f"\nworst {args.pages} pages (F1 P R index id url):")
        for f1, pr, rc, i, pid, url in scored[: args.pages]:
            print(f"  {f1:.3f} {pr:.3f} {rc:.3f}  #{i:<3} {pid}  {url[:90]}")
    if args.sco:
        print()
        print("\n".join(sco_lines()))


if __name__ == "__main__":
    main()
