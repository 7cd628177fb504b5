"""Train the event-type classifier offline, reproducibly, from the synthetic PLOVER stories.

    .venv/bin/python -m newsdossier.train_events            # or: make train-events

Reads ../shared/eval/plover-synthetic/*.csv.zip (or $NEWSDOSSIER_SHARED/eval/plover-synthetic),
embeds each story's first sentence and its title with the packaged all-MiniLM-L6-v2
(`newsdossier.embed`), fits a multinomial logistic regression in numpy (full-batch gradient
descent, L2, balanced class weights, fixed iteration count: deterministic), and writes
`newsdossier/models/event_types.npz` (a few tens of kB). A fifth of the stories — every story of
a fifth of the titles, chosen by a hash of the title — is held back: the shipped model never saw
them, and their accuracy and confusion table are printed (the RECORD figure of BENCHMARKS.md).
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import sys
import zipfile
from pathlib import Path

import numpy as np

from .embed import embed

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT", "SANCTION")
ARTEFACT = Path(__file__).resolve().parent / "models" / "event_types.npz"
_PLACEHOLDER = re.compile(r"\{(country_\d|city)\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSDOSSIER_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def load_stories() -> list[dict]:
    folder = shared_dir() / "eval" / "plover-synthetic"
    archive = sorted(folder.glob("*.csv.zip"))[0]
    with zipfile.ZipFile(archive) as z:
        name = [n for n in z.namelist() if n.endswith(".csv")][0]
        with z.open(name) as handle:
            return list(csv.DictReader(io.TextIOWrapper(handle, "utf-8")))


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0][:400]


def held_out(title: str) -> bool:
    """A fifth of the titles (each title has a dozen stories), by a stable hash."""
    return int(hashlib.sha256(title.encode("utf-8")).hexdigest(), 16) % 5 == 0


def examples(stories: list[dict]):
    texts, labels, test, sentence = [], [], [], []
    for s in stories:
        if s["label"] not in TYPES:
            continue
        title = _PLACEHOLDER.sub(lambda m: "the city" if m.group(1) == "city" else "the country", s["title"]).strip()
        is_test = held_out(s["title"])
        for is_sentence, text in ((True, first_sentence(s["text"])), (False, title)):
            if text:
                texts.append(text)
                labels.append(TYPES.index(s["label"]))
                test.append(is_test)
                sentence.append(is_sentence)
    return texts, np.array(labels), np.array(test), np.array(sentence)


def fit(x: np.ndarray, y: np.ndarray, iterations: int = 600, rate: float = 2.0, l2: float = 1e-4):
    n, k = len(y), len(TYPES)
    counts = np.bincount(y, minlength=k).astype(float)
    weights = (n / (k * np.maximum(counts, 1)))[y]
    onehot = np.eye(k)[y]
    w = np.zeros((x.shape[1], k))
    b = np.zeros(k)
    for _ in range(iterations):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * weights[:, None] / weights.sum()
        w -= rate * (x.T @ g + l2 * w)
        b -= rate * g.sum(axis=0)
    return w.astype(np.float32), b.astype(np.float32)


def confusion_table(y_true, y_pred) -> str:
    k = len(TYPES)
    m = np.zeros((k, k), dtype=int)
    for t, p in zip(y_true, y_pred):
        m[t, p] += 1
    short = [t[:4] for t in TYPES]
    lines = ["gold\\pred " + " ".join(f"{s:>4}" for s in short) + "   n  acc"]
    for i, t in enumerate(TYPES):
        n = m[i].sum()
        lines.append(f"{t[:9]:<9} " + " ".join(f"{v:>4}" for v in m[i]) + f" {n:>3} {m[i, i] / n if n else 0:.0%}")
    return "\n".join(lines)


def main() -> int:
    stories = load_stories()
    texts, y, test, sentence = examples(stories)
    x = embed(texts).astype(np.float64)
    w, b = fit(x[~test], y[~test])
    pred = (x[test] @ w + b).argmax(axis=1)
    # accuracy per story: the first sentence (the text the extractor sees is a sentence, not a title)
    first = sentence[test]
    acc_sentence = float((pred[first] == y[test][first]).mean())
    acc_all = float((pred == y[test]).mean())
    ARTEFACT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(ARTEFACT, w=w, b=b, types=np.array(TYPES))
    print("command: .venv/bin/python -m newsdossier.train_events")
    print(f"stories {len(stories)}; training examples {int((~test).sum())}, held-out examples {int(test.sum())}"
          f" ({int(first.sum())} held-out stories)")
    print(f"held-out accuracy, first sentence of each story: {acc_sentence:.1%}; sentences and titles: {acc_all:.1%}")
    print(confusion_table(y[test][first], pred[first]))
    print(f"wrote {ARTEFACT.relative_to(Path.cwd()) if ARTEFACT.is_relative_to(Path.cwd()) else ARTEFACT}"
          f" ({ARTEFACT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
