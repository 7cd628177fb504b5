"""The article-body metric of the ScrapingHub benchmark, as its README in ../shared describes it.

Tokens are ``\\w+`` matches; shingles are 4-token n-grams counted as a multiset. Per page,
TP/FP/FN are the overlap, excess and deficit of predicted against gold shingles, normalised
to sum to 1; precision and recall are macro-averaged over pages and F1 is the harmonic mean
of the two means. A page with both sides empty scores P = R = 1.
"""
from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def page_precision_recall(predicted: str, gold: str) -> tuple[float, float]:
    pred, true = shingles(predicted), shingles(gold)
    if not pred and not true:
        return 1.0, 1.0
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def corpus_scores(pairs) -> dict:
    """pairs: iterable of (predicted, gold). Returns macro P, R, their harmonic F1 and the page count."""
    ps, rs = [], []
    for predicted, gold in pairs:
        p, r = page_precision_recall(predicted, gold)
        ps.append(p)
        rs.append(r)
    if not ps:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "pages": 0}
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "pages": len(ps)}
