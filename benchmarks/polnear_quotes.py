"""DIAGNOSTICS ONLY, not the gate: per-kind figures for quote extraction on PolNeAR dev
(attributions in US election news), body = whole text, with a looser matching rule (30%
overlap) than the gate. The gate figures come from `benchmarks.polnear_gate` (the shared scorer,
through build + export); use this file to see where by kind the errors lie.

Gold: for each text, the first annotator's .ann file (first in the `annotators` column of
metadata.tsv, else the alphabetically first file). Every `E` line is one gold attribution
with its Content, Cue and Source spans (discontinuous spans are kept as their pieces).

Matching: a predicted quote and a gold attribution match when the characters their
content spans share are at least 30% of the longer of the two (overlap / max(len_pred,
len_gold) >= 0.3). Pairs are taken greedily by that ratio, one to one.
- precision = matched predictions / predictions; recall = matched gold / gold; F1.
- A gold content in several pieces (a quote split around its cue) also matches a
  prediction covering one piece (same 30% rule against that piece); the attribution is
  recalled once, and further predictions on its other pieces count as correct, not as
  false positives.
- speaker accuracy (matched pairs whose gold has a Source): right when the predicted
  speaker_span overlaps the gold Source span, or one of the predicted speaker names (or
  its last word) occurs in the Source text, case-insensitive ("strict"). PolNeAR marks a
  pronoun as the source where we resolve it to a name, so a second figure also counts a
  pronoun source right when a predicted name (last word) occurs in the 800 characters
  before it (a proxy: the corpus has no coreference gold).
- cue accuracy (matched pairs with a gold Cue): the predicted cue span overlaps the gold Cue.
By kind: precision per predicted kind; recall per gold kind, derived from the gold content
(quotation marks around the whole content: direct; marks inside: mixed; none: indirect).

Run from the repository root: .venv/bin/python -m benchmarks.polnear_quotes [--limit N]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

from benchmarks._shared import EVAL
from newsdossier.extract.entities import find_mentions
from newsdossier.extract.quotes import find_quotes
from newsdossier.nlp import parse_many

POLNEAR = EVAL / "polnear"
THRESHOLD = 0.3
_MARKS = "“”\"«»"


def first_annotations(part: str = "dev") -> list[tuple[str, Path, Path]]:
    """(name, text path, first annotator's .ann path) for every text of a part."""
    order = {}
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] == part:
                order[row["filename"]] = row["annotators"].split("|")
    out = []
    for text_path in sorted((POLNEAR / part / "text").glob("*.txt")):
        name = text_path.stem
        anns = sorted((POLNEAR / part / "attributions").glob(f"{name}_*.ann"))
        if not anns:
            continue
        chosen = anns[0]
        for annotator in order.get(name, []):
            cand = POLNEAR / part / "attributions" / f"{name}_{annotator}.ann"
            if cand.exists():
                chosen = cand
                break
        out.append((name, text_path, chosen))
    return out


def _pieces(spec: str) -> list[tuple[int, int]]:
    return [tuple(int(x) for x in part.split()) for part in spec.split(";")]


def read_ann(path: Path) -> list[dict]:
    spans, attributions = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not parts or not parts[0]:
            continue
        if parts[0].startswith("T") and len(parts) >= 2:
            label, _, spec = parts[1].partition(" ")
            spans[parts[0]] = (label, _pieces(spec))
        elif parts[0].startswith("E") and len(parts) >= 2:
            roles = dict(item.split(":", 1) for item in parts[1].split() if ":" in item)
            attributions.append(roles)
    gold = []
    for roles in attributions:
        def get(role):
            tid = roles.get(role)
            return spans[tid][1] if tid in spans else None

        content = get("Content")
        if not content:
            continue
        gold.append({"content": content, "cue": get("Cue"), "source": get("Source")})
    return gold


def _length(pieces) -> int:
    return sum(e - s for s, e in pieces)


def _overlap(a, b) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def gold_kind(text: str, pieces) -> str:
    chunk = " ".join(text[s:e] for s, e in pieces).strip(" .,;:")
    if not any(ch in chunk for ch in _MARKS):
        return "indirect"
    inner = chunk.strip()
    if inner[:1] in _MARKS and inner.rstrip(" .,")[-1:] in _MARKS and inner.count("“") <= 1:
        return "direct"
    return "mixed"


def evaluate(limit: int | None = None, verbose: bool = True) -> dict:
    items = first_annotations("dev")
    if limit:
        items = items[:limit]
    texts = [p.read_text(encoding="utf-8") for _, p, _ in items]
    kinds = ("direct", "mixed", "indirect")
    n_pred = n_gold = n_match = 0
    spk_ok = spk_ok_pron = spk_n = cue_ok = cue_n = n_piece = 0
    pred_k = {k: 0 for k in kinds}
    pred_k_ok = {k: 0 for k in kinds}
    gold_k = {k: 0 for k in kinds}
    gold_k_ok = {k: 0 for k in kinds}
    for (name, _, ann), text, sdoc in zip(items, texts, parse_many([(t, [(0, len(t))]) for t in texts])):
        gold = read_ann(ann)
        preds = find_quotes(name, text, sdoc, find_mentions(name, sdoc), [(0, len(text))])
        n_pred += len(preds)
        n_gold += len(gold)
        for p in preds:
            pred_k[p.kind] = pred_k.get(p.kind, 0) + 1
        gkinds = [gold_kind(text, g["content"]) for g in gold]
        for k in gkinds:
            gold_k[k] += 1
        pairs = []
        for i, p in enumerate(preds):
            for j, g in enumerate(gold):
                r = _ratio(p.content, g["content"])
                if r >= THRESHOLD:
                    pairs.append((r, i, j))
        used_p, used_g = set(), set()
        for _, i, j in sorted(pairs, reverse=True):
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            n_match += 1
            p, g = preds[i], gold[j]
            pred_k_ok[p.kind] += 1
            gold_k_ok[gkinds[j]] += 1
            if g["source"]:
                spk_n += 1
                strict = _speaker_right(text, p, g["source"])
                spk_ok += strict
                spk_ok_pron += strict or _pronoun_right(text, p, g["source"])
            if g["cue"]:
                cue_n += 1
                cue_ok += bool(p.cue) and _overlap([p.cue], g["cue"]) > 0
        # the other half of a split quote (“…,” X said, “…”) that gold keeps as one discontinuous
        # content: a correct prediction, though the attribution is recalled once
        for _, i, j in sorted(pairs, reverse=True):
            if i not in used_p and j in used_g and len(gold[j]["content"]) > 1:
                used_p.add(i)
                n_piece += 1
                pred_k_ok[preds[i].kind] += 1
    prec = (n_match + n_piece) / n_pred if n_pred else 0.0
    rec = n_match / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    res = {
        "texts": len(items), "predicted": n_pred, "gold": n_gold, "matched": n_match,
        "precision": prec, "recall": rec, "f1": f1,
        "speaker_accuracy": spk_ok / spk_n if spk_n else 0.0,
        "speaker_accuracy_pronoun_proxy": spk_ok_pron / spk_n if spk_n else 0.0,
        "cue_accuracy": cue_ok / cue_n if cue_n else 0.0,
    }
    if verbose:
        print(f"PolNeAR dev: {len(items)} texts, gold attributions {n_gold}, predicted {n_pred}, matched {n_match}")
        print(f"  content (overlap >= {THRESHOLD} of the longer)  P {prec:.3f}  R {rec:.3f}  F1 {f1:.3f}")
        print(f"  (+{n_piece} predictions matching another piece of an already matched split quote, counted correct)")
        print(f"  speaker accuracy on matched pairs  {res['speaker_accuracy']:.3f}  ({spk_ok}/{spk_n})  strict")
        print(f"    with pronoun sources checked by proxy  {res['speaker_accuracy_pronoun_proxy']:.3f}  ({spk_ok_pron}/{spk_n})")
        print(f"  cue accuracy on matched pairs      {res['cue_accuracy']:.3f}  ({cue_ok}/{cue_n})")
        print("  by kind (P over our kind, R over the gold kind read from the quotation marks):")
        for k in kinds:
            p_ = pred_k_ok[k] / pred_k[k] if pred_k[k] else 0.0
            r_ = gold_k_ok[k] / gold_k[k] if gold_k[k] else 0.0
            f_ = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
            print(f"    {k:9s} P {p_:.3f} ({pred_k_ok[k]}/{pred_k[k]})  R {r_:.3f} ({gold_k_ok[k]}/{gold_k[k]})  F1 {f_:.3f}")
    return res


def _ratio(pred, gold_pieces) -> float:
    """Shared characters over the longer span; for a split gold content, also per piece."""
    units = [gold_pieces] + ([[piece] for piece in gold_pieces] if len(gold_pieces) > 1 else [])
    best = 0.0
    for unit in units:
        ov = _overlap([pred], unit)
        if ov:
            best = max(best, ov / max(pred[1] - pred[0], _length(unit)))
    return best


_PRONOUN = re.compile(r"^(?:he|she|they|it|his|her|their|its|him|them|we|i|who)$", re.IGNORECASE)


def _pronoun_right(text: str, pred, source) -> bool:
    """Gold source is a pronoun: right when a predicted name occurs in the 800 characters before it."""
    src = " ".join(text[s:e] for s, e in source).strip()
    if not _PRONOUN.match(src):
        return False
    window = text[max(0, source[0][0] - 800) : source[0][0]].lower()
    for name in pred.speaker_names:
        words = re.findall(r"[\w'-]+", name.lower())
        if words and re.search(r"\b" + re.escape(words[-1]) + r"\b", window):
            return True
    return False


def _speaker_right(text: str, pred, source) -> bool:
    if pred.speaker_span and _overlap([pred.speaker_span], source) > 0:
        return True
    src = " ".join(text[s:e] for s, e in source).lower().replace("’", "'")
    for name in pred.speaker_names or ([pred.speaker_name] if pred.speaker_name else []):
        name = name.lower().replace("’", "'")
        last = re.findall(r"[\w'-]+", name)
        if name in src or (last and re.search(r"\b" + re.escape(last[-1]) + r"\b", src)):
            return True
    return False


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="only the first N texts")
    args = ap.parse_args()
    t0 = time.time()
    evaluate(args.limit)
    print(f"  ({time.time() - t0:.0f}s)")
    sys.exit(0)
