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
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1
SHINGLE = 5  # words a shingle
CANDIDATE = 0.3  # LSH Jaccard threshold for candidates (a reprint trimmed to half still passes)
CONTAINMENT = 0.8  # share of the shorter body's 5-grams found in the other
MIN_WORDS = 30  # shorter bodies are too small to tell a reprint from a shared formula
_WORD = re.compile(r"\w+")


def _shingles(words: list[str]) -> list[str]:
    return list({" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))})


def _signature(shingles: list[str]) -> np.ndarray:
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch(s.encode("utf-8") for s in shingles)
    return m.hashvalues


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)  # the hashing scheme and value type of this datasketch


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller set (sorted unique hashes) found in the other."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def signature_key(doc_id: str) -> str:
    """The key of a document's signature in a cache: its id and the settings that made it."""
    return f"minhash/{_TEMPLATE.scheme}/{NUM_PERM}/{SEED}/{SHINGLE}/{MIN_WORDS}:{doc_id}"


def find_duplicates(docs, cache=None) -> dict[str, str]:
    """docs: (id, text, body, published, source). Returns {duplicate id: id of the document it reprints}.

    The earliest published (then smallest id) of a cluster is the original, so the answer does not
    depend on the order documents were added.

    cache: (get, put) — get(keys) → {key: bytes}, put({key: bytes}) — keeps each document's
    signature, so fusing again computes only the new documents' (a body's words, its signature
    and its id never change together without a new id)."""
    ordered = sorted(docs, key=lambda d: (d[3] or "9999", d[0]))
    get, put = cache or (lambda keys: {}, lambda values: None)
    stored = get([signature_key(d[0]) for d in ordered])
    fresh: dict[str, bytes] = {}
    document_of = {d[0]: d for d in ordered}
    hashes: dict[str, np.ndarray] = {}

    def shingle_hashes(doc_id: str) -> np.ndarray:  # for the exact comparison, computed for candidates only
        if doc_id not in hashes:
            _, text, body, _, _ = document_of[doc_id]
            shingles = _shingles(_words(text, body))
            # hash() is stable within one process, which is all the exact comparison needs
            hashes[doc_id] = np.unique(np.fromiter((hash(s) for s in shingles), dtype=np.int64, count=len(shingles)))
        return hashes[doc_id]

    position = {}
    lsh = MinHashLSH(threshold=CANDIDATE, num_perm=NUM_PERM)
    duplicate_of = {}
    for doc_id, text, body, _, _ in ordered:
        if doc_id in position:
            continue
        position[doc_id] = len(position)
        key = signature_key(doc_id)
        if key in stored:
            values = stored[key]
        else:
            words = _words(text, body)
            values = _signature(_shingles(words)).tobytes() if len(words) >= MIN_WORDS else b""  # b"": too short
            fresh[key] = values
        if not values:
            continue
        sig = LeanMinHash(seed=SEED, hashvalues=np.frombuffer(values, dtype=_TEMPLATE.hashvalues.dtype),
                          scheme=_TEMPLATE.scheme)
        hits = [h for h in lsh.query(sig) if containment(shingle_hashes(doc_id), shingle_hashes(h)) >= CONTAINMENT]
        if hits:
            # point at the original of the cluster, not at another copy
            first = min(hits, key=position.__getitem__)
            duplicate_of[doc_id] = duplicate_of.get(first, first)
        lsh.insert(doc_id, sig)
    if fresh:
        put(fresh)
    return duplicate_of


def _words(text: str, body) -> list[str]:
    return _WORD.findall(" ".join(text[s:e] for s, e in body).lower())
