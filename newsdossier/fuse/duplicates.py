"""Near-duplicate documents (syndication, reprints) by MinHash over the article body."""
from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
THRESHOLD = 0.8
_WORD = re.compile(r"\w+")


def _signature(words: list[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    shingles = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
    m.update_batch(s.encode("utf-8") for s in shingles)
    return m


def find_duplicates(docs) -> dict[str, str]:
    """docs: (id, text, body, published, source). Returns {duplicate id: id of the document it reprints}.

    The earliest published (then smallest id) of a cluster is the original, so the answer does not
    depend on the order documents were added.
    """
    ordered = sorted(docs, key=lambda d: (d[3] or "9999", d[0]))
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    duplicate_of = {}
    for doc_id, text, body, _, _ in ordered:
        words = _WORD.findall(" ".join(text[s:e] for s, e in body).lower())
        if len(words) < 30:
            continue
        sig = _signature(words)
        hits = lsh.query(sig)
        if hits:
            # point at the original of the cluster, not at another copy
            first = min(hits, key=lambda h: next(i for i, d in enumerate(ordered) if d[0] == h))
            duplicate_of[doc_id] = duplicate_of.get(first, first)
        lsh.insert(doc_id, sig)
    return duplicate_of
