"""The event-type model: the packaged MiniLM with low-rank adapters, and a softmax over event types.

Trained offline by `newsdossier.train_events` (`make train-events`) on the synthetic PLOVER stories;
the artefact `models/event_types.npz` holds only what training changed: for a few weight matrices
of each layer a low-rank delta (A, B, in float16, W' = W + scale · B·A) and the output layer. The
base weights are the embedder's own (`newsdossier.embed`), shared, never modified: quote grouping
keeps its vectors. Input: a sentence, or a headline and the lead sentence (`model_text`).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Optional

import numpy as np

ARTEFACT = "models/event_types.npz"
# the matrices that get a delta, per layer (names as in the packaged model's weights)
ADAPTED = ("attention.self.query", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")
TUNED_LAYERS = 2  # the top layers get deltas; the lower ones stay as packaged (and train once, cached)
MAX_CHARS = 400  # a sentence longer than this is cut: the type is in its first words


def model_text(sentence: str, title: Optional[str] = None) -> str:
    """What the model reads: the sentence, after the headline when there is one."""
    sentence = " ".join(sentence.split())[:MAX_CHARS]
    title = " ".join((title or "").split()).rstrip(".:")
    return f"{title}. {sentence}" if title else sentence


def adapted_names(layers: int) -> list[str]:
    return [f"encoder.layer.{i}.{m}.weight" for i in range(layers - TUNED_LAYERS, layers) for m in ADAPTED]


def adapted_weights(base: dict, deltas: dict, scale: float) -> dict:
    """The base weights with each delta added (torch tensors; differentiable when the deltas are)."""
    out = dict(base)
    for name, (a, b) in deltas.items():
        out[name] = base[name] + scale * (b @ a)
    return out


@lru_cache(maxsize=1)
def load_model():
    """(weights, head w, head b, type names) of the shipped model; None when it was never trained."""
    path = resources.files(__package__.rsplit(".", 1)[0]).joinpath(ARTEFACT)
    try:
        with path.open("rb") as handle:
            data = dict(np.load(handle))
    except FileNotFoundError:
        return None
    import torch

    from ..embed import load_embedder

    base = load_embedder().weights
    deltas = {}
    for key in data:
        if key.endswith("|A"):
            name = key[:-2]
            deltas[name] = (torch.from_numpy(data[key].astype(np.float32)),
                            torch.from_numpy(data[name + "|B"].astype(np.float32)))
    with torch.inference_mode():
        weights = adapted_weights(base, deltas, float(data["scale"]))
    return weights, data["head_w"].astype(np.float32), data["head_b"].astype(np.float32), \
        [str(t) for t in data["types"]]


def type_probabilities(texts: list[str]) -> list[dict[str, float]]:
    """Event-type probabilities for each text (`model_text`); empty dicts when no model is installed."""
    model = load_model()
    if model is None or not texts:
        return [{} for _ in texts]
    from ..embed import load_embedder

    weights, w, b, types = model
    vectors = load_embedder().encode(list(texts), weights)
    logits = vectors @ w + b
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    return [dict(zip(types, row.tolist())) for row in p]
