"""Train the event-type model offline, reproducibly, from the synthetic PLOVER stories.

    .venv/bin/python -m newsdossier.train_events            # or: make train-events

Reads ../shared/eval/plover-synthetic/*.csv.zip (or $NEWSDOSSIER_SHARED/eval/plover-synthetic).
Each story gives two examples with its label: its headline and first sentence together, and the
first sentence alone (what the extractor sees for a sentence deeper in an article). The packaged
all-MiniLM-L6-v2 (`newsdossier.embed`) is fine-tuned through low-rank adapters on five matrices
of each of its top two layers (rank RANK; the lower layers run once and are kept), under a softmax output layer first fitted on the frozen vectors; seeded,
fixed epochs, batches in a seeded order. The artefact `newsdossier/models/event_types.npz` holds the
adapters in float16 and the output layer (about 0.2 MB; `extract/event_types.py` loads it). A fifth
of the stories, every story of a fifth of the headlines chosen by a hash of the headline, is held
back: the model never sees them, and their accuracy and confusion table are printed.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

from .embed import load_embedder
from .extract.event_types import ADAPTED, TUNED_LAYERS, adapted_names, adapted_weights, model_text

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT", "SANCTION")
ARTEFACT = Path(__file__).resolve().parent / "models" / "event_types.npz"
_PLACEHOLDER = re.compile(r"\{(country_\d|city)\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")

SEED = 13
RANK = 8
ALPHA = 16  # the deltas are scaled by ALPHA / RANK, as LoRA does
EPOCHS = 3
BATCH = 16
LEARNING_RATE = 1e-3
MAX_TOKENS = 64  # a headline and a lead sentence mostly fit; longer inputs are cut


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


def clean_title(title: str) -> str:
    """The headline with the data set's placeholders ("{country_1}", "{city}") as plain words."""
    return _PLACEHOLDER.sub(lambda m: "the city" if m.group(1) == "city" else "the country", title).strip()


def held_out(title: str) -> bool:
    """A fifth of the titles (each title has a dozen stories), by a stable hash."""
    return int(hashlib.sha256(title.encode("utf-8")).hexdigest(), 16) % 5 == 0


def examples(stories: list[dict]):
    """(texts, labels, held out, with headline) — two examples a story, one after the other."""
    texts, labels, test, titled = [], [], [], []
    for s in stories:
        if s["label"] not in TYPES:
            continue
        sentence, title = first_sentence(s["text"]), clean_title(s["title"])
        if not sentence:
            continue
        for with_title in (True, False):
            texts.append(model_text(sentence, title if with_title else None))
            labels.append(TYPES.index(s["label"]))
            test.append(held_out(s["title"]))
            titled.append(with_title)
    return texts, np.array(labels), np.array(test), np.array(titled)


def fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray, iterations: int = 600, rate: float = 2.0,
        l2: float = 1e-4):
    """Softmax regression by full-batch gradient descent (deterministic): the frozen-vector start."""
    k = len(TYPES)
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


def class_weights(y: np.ndarray) -> np.ndarray:
    """1/sqrt(frequency), mean 1: rare types count more without flattening the stories' own mix."""
    counts = np.bincount(y, minlength=len(TYPES)).astype(float)
    per_class = 1.0 / np.sqrt(np.maximum(counts, 1))
    w = per_class[y]
    return w / w.mean()


def _padded(encodings: list[list[int]], chunk) -> tuple:
    import torch

    longest = max(len(encodings[i]) for i in chunk)
    ids = torch.zeros((len(chunk), longest), dtype=torch.long)  # the pad token is id 0
    mask = torch.zeros((len(chunk), longest), dtype=torch.long)
    for row, i in enumerate(chunk):
        ids[row, :len(encodings[i])] = torch.tensor(encodings[i])
        mask[row, :len(encodings[i])] = 1
    return ids, mask


def lower_states(texts: list[str]):
    """Token ids, the token states after the frozen lower layers (float16, one tensor a text), and
    the packaged model's sentence vectors: the lower layers run once for all epochs."""
    import torch

    model = load_embedder()
    encodings = [e.ids[:MAX_TOKENS] for e in model.tokenizer.encode_batch(texts)]
    lower = model.layers - TUNED_LAYERS
    states, vectors = [None] * len(texts), np.zeros((len(texts), 384), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i]))
    with torch.no_grad():
        for start in range(0, len(order), 64):
            chunk = order[start:start + 64]
            ids, mask = _padded(encodings, chunk)
            x = model._forward(ids, mask, stop=lower)
            vectors[chunk] = model._forward(ids, mask, start=lower, x=x).numpy()
            for row, i in enumerate(chunk):
                states[i] = x[row, :len(encodings[i])].to(torch.float16)
    return encodings, states, vectors


def fine_tune(encodings, states, y: np.ndarray, head_w: np.ndarray, head_b: np.ndarray, log=print):
    """Adapters of the top layers and the output layer trained together; returns (deltas as numpy,
    head w, head b)."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(SEED)
    model = load_embedder()
    base = dict(model.weights)
    lower = model.layers - TUNED_LAYERS
    deltas = {}
    for name in adapted_names(model.layers):
        out_dim, in_dim = base[name].shape
        a = (torch.randn(RANK, in_dim) / in_dim ** 0.5).requires_grad_()
        b = torch.zeros(out_dim, RANK, requires_grad=True)
        deltas[name] = (a, b)
    w = torch.tensor(head_w, requires_grad=True)
    bias = torch.tensor(head_b, requires_grad=True)
    params = [p for ab in deltas.values() for p in ab] + [w, bias]
    optimiser = torch.optim.AdamW(params, lr=LEARNING_RATE, weight_decay=0.0)
    weights = torch.tensor(class_weights(y), dtype=torch.float32)
    labels = torch.tensor(y)
    rng = np.random.RandomState(SEED)
    # each epoch sees every story once, in one of its two forms (headline + sentence, or the sentence),
    # drawn at random: half the work of showing both
    stories = len(y) // 2
    steps = EPOCHS * ((stories + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: max(0.0, 1.0 - s / steps))
    scale = ALPHA / RANK
    started = time.time()
    for epoch in range(EPOCHS):
        order = 2 * rng.permutation(stories) + rng.randint(0, 2, stories)
        total = 0.0
        for n, start in enumerate(range(0, len(order), BATCH)):
            chunk = order[start:start + BATCH]
            ids, mask = _padded(encodings, chunk)
            x = torch.zeros((len(chunk), ids.shape[1], 384))
            for row, i in enumerate(chunk):
                x[row, :len(states[i])] = states[i].float()
            vectors = model._forward(ids, mask, adapted_weights(base, deltas, scale), start=lower, x=x)
            logits = vectors @ w + bias
            loss = (F.cross_entropy(logits, labels[chunk], reduction="none") * weights[chunk]).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
            if n % 100 == 0:
                log(f"  epoch {epoch + 1}/{EPOCHS} batch {n} loss {total / (n + 1):.3f} ({time.time() - started:.0f} s)")
    out = {name: (a.detach().numpy(), b.detach().numpy()) for name, (a, b) in deltas.items()}
    return out, w.detach().numpy(), bias.detach().numpy()


def predict(texts: list[str], deltas: dict, head_w: np.ndarray, head_b: np.ndarray) -> np.ndarray:
    import torch

    model = load_embedder()
    tensors = {n: (torch.from_numpy(a.astype(np.float32)), torch.from_numpy(b.astype(np.float32)))
               for n, (a, b) in deltas.items()}
    with torch.inference_mode():
        weights = adapted_weights(model.weights, tensors, ALPHA / RANK)
    return (model.encode(texts, weights) @ head_w + head_b).argmax(axis=1)


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
    started = time.time()
    stories = load_stories()
    texts, y, test, titled = examples(stories)
    train = ~test
    limit = int(os.environ.get("NEWSDOSSIER_TRAIN_LIMIT", "0"))  # a quick trial on the first N examples
    train_idx = np.flatnonzero(train)[:limit or None]
    print(f"stories {len(stories)}; training examples {len(train_idx)}, held-out stories {int((test & titled).sum())}")
    import torch

    load_embedder()
    torch.set_num_threads(int(os.environ.get("NEWSDOSSIER_TRAIN_THREADS", "1")))
    encodings, states, x = lower_states([texts[i] for i in train_idx])
    head_w, head_b = fit(x.astype(np.float64), y[train_idx], class_weights(y[train_idx]))
    print(f"frozen vectors + softmax regression fitted ({time.time() - started:.0f} s)")
    deltas, head_w, head_b = fine_tune(encodings, states, y[train_idx], head_w, head_b)
    print(f"fine-tuned ({time.time() - started:.0f} s)")
    ARTEFACT.parent.mkdir(parents=True, exist_ok=True)
    arrays = {"head_w": head_w.astype(np.float32), "head_b": head_b.astype(np.float32), "types": np.array(TYPES),
              "scale": np.float32(ALPHA / RANK), "adapted": np.array(ADAPTED)}
    for name, (a, b) in deltas.items():
        arrays[name + "|A"], arrays[name + "|B"] = a.astype(np.float16), b.astype(np.float16)
    np.savez_compressed(ARTEFACT, **arrays)
    stored = {n: (arrays[n + "|A"], arrays[n + "|B"]) for n in deltas}  # judge what ships (float16)
    test_idx = np.flatnonzero(test)
    pred = predict([texts[i] for i in test_idx], stored, head_w, head_b)
    gold = y[test_idx]
    with_title = titled[test_idx]
    print("command: .venv/bin/python -m newsdossier.train_events")
    print(f"held-out accuracy, headline + first sentence: {(pred[with_title] == gold[with_title]).mean():.1%}; "
          f"first sentence alone: {(pred[~with_title] == gold[~with_title]).mean():.1%} "
          f"({int(with_title.sum())} stories)")
    print("headline + first sentence:")
    print(confusion_table(gold[with_title], pred[with_title]))
    print(f"wrote {ARTEFACT.name} ({ARTEFACT.stat().st_size} bytes) in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
