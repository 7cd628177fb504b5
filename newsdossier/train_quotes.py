"""Train the attribution span classifier of the quote extractor offline, reproducibly, from PolNeAR train.

    .venv/bin/python -m newsdossier.train_quotes            # or: make train-quotes

Reads ../shared/eval/polnear/train (or $NEWSDOSSIER_SHARED/eval/polnear/train), the first
annotator's file of each text. Every text goes through the same cleaning, parse and quote rules
as `build`; every candidate left over (a verb that is not the cue of a statement the rules found,
with each content span it might attribute: `extract.quotes.attribution_candidates`) is labelled.
Of the candidates of one verb, the positive one is the span that best fits (largest overlap over
union) a gold attribution whose cue is that verb, provided it covers at least half of that gold
content (as the PolNeAR scorer asks); every other candidate is negative. So the model learns both
which verbs are cues and where their content starts and ends.

A logistic regression (scikit-learn's liblinear, deterministic) on the candidates' features is
written, with its vocabulary and decision threshold, to `newsdossier/models/quote_spans.npz`; at
run time only numpy reads it.

The first 150 texts (the slice `benchmarks.polnear_gate --split train --limit 150` scores) are
held back: the model never sees them. The threshold is tuned on PolNeAR dev (`THRESHOLD` below).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from .extract._quote_model import ARTEFACT

HELD_OUT = 150
# The decision threshold, tuned on PolNeAR dev with `benchmarks.polnear_gate --sweep` (all
# attributions F1 of the shared scorer; at lower thresholds precision falls faster than recall
# rises, and the SCO documents get statements their gold does not count).
THRESHOLD = 0.3
C = 0.5  # inverse regularisation of the logistic regression
MIN_COUNT = 2  # a feature seen in fewer training candidates is dropped


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSDOSSIER_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def _pieces(field: str) -> list[tuple[int, int]]:
    return [tuple(map(int, p.split())) for p in field.split(";")]


def gold_attributions(ann: str) -> list[dict]:
    """[{"cue": [(s, e)], "content": (s, e)}] of a brat file; a split content spans all its pieces."""
    spans, events = {}, []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, where = parts[1].partition(" ")
            try:
                spans[parts[0]] = _pieces(where)
            except ValueError:
                continue  # a span line broken over two lines in the source file
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for ev in events:
        content, cue = spans.get(ev.get("Content", "")), spans.get(ev.get("Cue", ""))
        if content and cue:
            out.append({"cue": cue, "content": (min(s for s, _ in content), max(e for _, e in content))})
    return out


def load_texts(limit: int | None = None, split: str = "train") -> list[tuple[str, str, list[dict]]]:
    part = shared_dir() / "eval" / "polnear" / split
    anns = sorted((part / "attributions").glob("*.ann"))
    out = []
    for path in sorted((part / "text").glob("*.txt"))[:limit]:
        first = next((a for a in anns if a.stem.rsplit("_", 1)[0] == path.stem), None)
        if first is None:
            continue
        out.append((path.name, path.read_text(encoding="utf-8"), gold_attributions(first.read_text(encoding="utf-8"))))
    return out


def labels_of(candidates: list[tuple], gold: list[dict]) -> list[int]:
    """1 for the best-fitting span of each verb that is a gold cue, 0 for every other candidate."""
    best: dict[int, tuple[float, int]] = {}
    for k, (verb, (s, e), _) in enumerate(candidates):
        for g in gold:
            if not any(a <= verb.idx < b for a, b in g["cue"]):
                continue
            gs, ge = g["content"]
            overlap = min(e, ge) - max(s, gs)
            if overlap <= 0 or 2 * overlap < ge - gs:
                continue
            fit = overlap / (max(e, ge) - min(s, gs))
            if verb.i not in best or fit > best[verb.i][0]:
                best[verb.i] = (fit, k)
    positive = {k for _, k in best.values()}
    return [int(k in positive) for k in range(len(candidates))]


def examples(documents) -> tuple[list[list[str]], list[int], list[int]]:
    """Features, labels and text index of every candidate; `documents` yields (text, gold, cleaned
    body, spaCy Doc, entity mentions)."""
    from .extract.quotes import attribution_candidates

    feats, labels, owner = [], [], []
    for k, (text, gold, body, sdoc, mentions) in enumerate(documents):
        candidates = list(attribution_candidates(text, sdoc, mentions, body))
        feats.extend(f for _, _, f in candidates)
        labels.extend(labels_of(candidates, gold))
        owner.extend([k] * len(candidates))
    return feats, labels, owner


def parse(texts: list[tuple[str, str, list[dict]]]):
    from .clean import clean_document
    from .extract.entities import find_mentions
    from .nlp import parse_many
    from .records import RawDocument

    docs = [clean_document(RawDocument(source=n, data=t.encode("utf-8"), kind="text")) for n, t, _ in texts]
    for (_, text, gold), d, sdoc in zip(texts, docs, parse_many([(d.text, d.body) for d in docs])):
        yield text, gold, d.body, sdoc, find_mentions(d.id, sdoc)


def fit(feats, labels, owner, min_count: int = MIN_COUNT, c: float = C):
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    y = np.array(labels)
    held = np.array(owner) < HELD_OUT
    counts: dict[str, int] = {}
    for f, h in zip(feats, held):
        if not h:
            for x in set(f):
                counts[x] = counts.get(x, 0) + 1
    vocab = sorted(x for x, n in counts.items() if n >= min_count and x != "bias")
    index = {x: i for i, x in enumerate(vocab)}
    rows, cols = [], []
    for r, f in enumerate(feats):
        for x in set(f):
            if x in index:
                rows.append(r)
                cols.append(index[x])
    m = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(feats), len(vocab)))
    model = LogisticRegression(C=c, solver="liblinear", max_iter=2000)
    model.fit(m[~held], y[~held])
    p = model.predict_proba(m[held])[:, 1]
    return vocab, model.coef_[0].astype(np.float32), float(model.intercept_[0]), (p, y[held])


def held_out_figures(p: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of the held-out candidates at threshold `t`."""
    tp = float(((p >= t) & (y == 1)).sum())
    prec = tp / max(1, int((p >= t).sum()))
    rec = tp / max(1, int(y.sum()))
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def save(vocab, w, b, threshold: float = THRESHOLD, path: Path = ARTEFACT) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, vocab=np.array(vocab), w=w, b=np.float32(b), threshold=np.float32(threshold))


def main() -> int:
    texts = load_texts()
    feats, labels, owner = examples(parse(texts))
    vocab, w, b, (p, y) = fit(feats, labels, owner)
    save(vocab, w, b)
    n_held = sum(1 for o in owner if o < HELD_OUT)
    print("command: .venv/bin/python -m newsdossier.train_quotes")
    print(f"texts {len(texts)} (first {HELD_OUT} held out); candidates {len(labels)} ({sum(labels)} positive),"
          f" held out {n_held}; features {len(vocab)}")
    prec, rec, f1 = held_out_figures(p, y, THRESHOLD)
    print(f"held-out candidates at the threshold {THRESHOLD:.2f}: P {prec:.3f} R {rec:.3f} F1 {f1:.3f}")
    print(f"wrote {ARTEFACT.name} ({ARTEFACT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
