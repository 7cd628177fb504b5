"""Reported attributions beyond the speech-verb rules: a small linear model over parse features.

News attributes far more than speech: beliefs and wishes ("X wants to …", "X believes …"),
evaluations ("X called Y “…”"), polls and records ("a poll shows …"), support ("X backs Y").
Each verb with a complement is a candidate; its content is the complement, its source the
subject. The model (`newsdossier/models/quote_cues.npz`, trained offline by
`newsdossier.train_quotes` on annotated news) scores the candidate from its words and the
shape of its parse. Without the model file no candidate is accepted.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np

ARTEFACT = Path(__file__).resolve().parents[1] / "models" / "quote_cues.npz"

# complements that carry what is attributed
_CLAUSE_DEPS = ("ccomp", "xcomp")
_OBJECT_DEPS = ("dobj", "oprd")
_SKIP_TRAIL = frozenset({"punct", "cc"})


def content_of(verb) -> Optional[tuple[str, list]]:
    """(shape, tokens) of what `verb` attributes, or None: its clause ("said that …", "wants to …",
    "urged X to …") or its object with what the object is called ("called him “a loser”"). A bare
    object or a prepositional object ("discussed the issue", "worry about …") names a topic, not
    a statement: no candidate."""
    kids = [c for c in verb.rights]
    clause = next((c for c in kids if c.dep_ in _CLAUSE_DEPS and c.pos_ in ("VERB", "AUX")), None)
    objs = [c for c in kids if c.dep_ in _OBJECT_DEPS]
    if clause is not None:
        first = objs[0] if objs and objs[0].i < clause.i else clause
        shape = clause.dep_ + ("+obj" if first.i != clause.i else "")
        toks = _span_tokens(verb, first.left_edge.i, clause.right_edge.i)
    elif objs:
        last = objs[-1]
        for c in kids:
            if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") and c.i > last.i:
                last = c
        if len(objs) == 1 and last.i == objs[0].i:
            return None
        shape = "obj+comp"
        toks = _span_tokens(verb, objs[0].left_edge.i, last.right_edge.i)
    else:
        return None
    if not toks:
        return None
    return shape, toks


def _span_tokens(verb, a: int, b: int) -> list:
    doc = verb.doc
    toks = [t for t in doc[a : b + 1] if not t.is_space]
    while toks and (toks[0].is_punct or (toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "whether", "if"))):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ in _SKIP_TRAIL):
        toks = toks[:-1]
    return toks


def _subject(verb):
    t = verb
    for _ in range(4):
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subj:
            return subj[0]
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
            t = t.head
            continue
        if t.dep_ in ("relcl", "acl") and t.head.i != t.i:
            return t.head
        break
    return None


def features(verb, shape: str, toks: list, in_quotes: bool) -> list[str]:
    lemma = verb.lemma_.lower()
    subj = _subject(verb)
    f = [
        "bias",
        f"lemma={lemma}",
        f"shape={shape}",
        f"lemma_shape={lemma}|{shape}",
        f"tag={verb.tag_}",
        f"dep={verb.dep_}",
        f"lemma_dep={lemma}|{verb.dep_}",
        f"quoted={in_quotes}",
    ]
    prt = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    if prt:
        f.append(f"prt={lemma}_{prt[0]}")
    prep = [c.lower_ for c in verb.rights if c.dep_ == "prep" and c.i <= verb.i + 3]
    if shape == "prep" and prep:
        f.append(f"lemma_prep={lemma}|{prep[0]}")
    if any(c.dep_ == "neg" for c in verb.children):
        f.append("neg")
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass") and c.i < verb.i:
            f.append(f"aux={c.lemma_.lower()}")
        if c.dep_ == "nsubjpass":
            f.append("passive")
    if subj is None:
        f.append("subj=none")
    else:
        kind = subj.ent_type_ or ("PRON" if subj.pos_ == "PRON" else subj.pos_)
        f.append(f"subj={kind}")
        f.append(f"subj_lemma={subj.lemma_.lower()}")
        f.append(f"lemma_subj={lemma}|{kind}")
        f.append(f"subj_dep={subj.dep_}")
    first = toks[0]
    f.append(f"first={first.lower_ if first.is_stop else first.pos_}")
    if shape.startswith("ccomp"):
        f.append(f"that={any(c.dep_ == 'mark' and c.lower_ == 'that' for c in toks[0].head.children) or toks[0].i > verb.i + 1}")
    n = len(toks)
    f.append(f"len={'1' if n == 1 else '2-3' if n <= 3 else '4-8' if n <= 8 else '9+'}")
    f.append(f"lemma_len={lemma}|{'short' if n <= 3 else 'long'}")
    text = "".join(t.text_with_ws for t in toks)
    if any(ch in text for ch in "“”\""):
        f.append("marks_inside")
    return f


@lru_cache(maxsize=1)
def load_model():
    if not ARTEFACT.exists():
        return None
    data = np.load(ARTEFACT, allow_pickle=False)
    vocab = {str(v): i for i, v in enumerate(data["vocab"])}
    return vocab, data["w"].astype(np.float64), float(data["b"]), float(data["threshold"])


def probability(feats: list[str], model) -> float:
    vocab, w, b, _ = model
    z = b + sum(w[vocab[x]] for x in feats if x in vocab)
    return float(1.0 / (1.0 + np.exp(-z)))
