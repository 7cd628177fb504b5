"""Near-duplicate documents (syndication, reprints) by MinHash over the article body.

A reprint is rarely the same text: the reprinting outlet gives it a new headline, trims the
ending and adds its own boilerplate. So MinHash LSH only proposes candidates at a low Jaccard
similarity, and a candidate is a reprint when most of the shorter text's word 5-grams appear in
the longer one (containment), counted exactly. Settings chosen on half of the labelled set of
benchmarks/syndication.py.
"""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
CANDIDATE = 0.3  # LSH Jaccard threshold for candidates (a reprint trimmed to half still passes)
CONTAINMENT = 0.8  # share of the shorter body's 5-grams found in the other
MIN_WORDS = 30  # shorter bodies are too small to tell a reprint from a shared formula
_WORD = re.compile(r"\w+")


def _shingles(words: list[str]) -> list[str]:
    return list({" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))})


def _signature(shingles: list[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch(s.encode("utf-8") for s in shingles)
    return m


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller set (sorted unique hashes) found in the other."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def find_duplicates(docs) -> dict[str, str]:
    """docs: (id, text, body, published, source). Returns {duplicate id: id of the document it reprints}.

    The earliest published (then smallest id) of a cluster is the original, so the answer does not
    depend on the order documents were added.
    """
    ordered = sorted(docs, key=lambda d: (d[3] or "9999", d[0]))
    position = {}
    lsh = MinHashLSH(threshold=CANDIDATE, num_perm=NUM_PERM)
    hashes: dict[str, np.ndarray] = {}
    duplicate_of = {}
    for doc_id, text, body, _, _ in ordered:
        if doc_id in position:
            continue
        position[doc_id] = len(position)
        words = _WORD.findall(" ".join(text[s:e] for s, e in body).lower())
        if len(words) < MIN_WORDS:
            continue
        shingles = _shingles(words)
        # hash() is stable within one process, which is all the exact comparison needs
        hashes[doc_id] = np.unique(np.fromiter((hash(s) for s in shingles), dtype=np.int64, count=len(shingles)))
        sig = _signature(shingles)
        hits = [h for h in lsh.query(sig) if containment(hashes[doc_id], hashes[h]) >= CONTAINMENT]
        if hits:
            # point at the original of the cluster, not at another copy
            first = min(hits, key=position.__getitem__)
            duplicate_of[doc_id] = duplicate_of.get(first, first)
        lsh.insert(doc_id, sig)
    return duplicate_of
