"""Attributions beyond the speech-verb rules: a span classifier over the parse, learned from news
annotated with every attribution (PolNeAR train, by `newsdossier.train_quotes`).

News attributes far more than speech: beliefs and wishes ("X wants to …", "X believes …"),
evaluations ("X called Y “…”"), stances ("X backs Y", "X called for …"), polls and records ("a
poll shows …"). Every verb is a possible cue; each of its dependents that could carry what is
attributed gives a candidate content span (its clause, its object with what the object is called,
a prepositional object, the rest of the sentence, the sentence around a parenthetical cue). The
model (`newsdossier/models/quote_spans.npz`) scores each (cue, span) pair from the cue's words,
the shape of the parse and the span's edges; the best span of a cue is kept when its probability
passes the threshold tuned on PolNeAR dev. Cue and boundaries are thus both learned; the rules'
lexicon enters as features. Without the model file no candidate is accepted.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ._quote_lexicon import FIND_VERBS, QUOTE_ONLY_VERBS, SPEECH_VERBS, THINK_VERBS

ARTEFACT = Path(__file__).resolve().parents[1] / "models" / "quote_spans.npz"

_CLAUSE_DEPS = ("ccomp", "xcomp")
_OBJECT_DEPS = ("dobj", "oprd")
_COMP_DEPS = ("oprd", "ccomp", "xcomp", "acomp")
_PREPS = frozenset({"for", "about", "on", "of", "to", "against", "with", "that", "as", "over", "in"})
_SKIP_TRAIL = frozenset({"punct", "cc"})
_MARKS = set("“”\"«»")


def candidate_spans(verb) -> list[tuple[str, list]]:
    """(shape, tokens) of each span the verb might attribute: its clause ("said that …", "wants to
    …"), the clause and the rest of its sentence, its object (with what the object is called:
    "called him “a loser”"), a prepositional object ("called for …", "worried about …"), and
    for a cue inside or after its sentence ("…, X said, …") the sentence around it."""
    doc = verb.doc
    sent = verb.sent
    rights = [c for c in verb.rights]
    out: list[tuple[str, list]] = []

    def add(shape: str, a: int, b: int) -> None:
        toks = _span_tokens(doc, a, b)
        if toks and not (toks[0].i <= verb.i <= toks[-1].i):
            out.append((shape, toks))

    clause = next((c for c in rights if c.dep_ in _CLAUSE_DEPS and c.pos_ in ("VERB", "AUX")), None)
    objs = [c for c in rights if c.dep_ in _OBJECT_DEPS]
    if clause is not None:
        first = objs[0] if objs and objs[0].i < clause.i else clause
        shape = clause.dep_ + ("+obj" if first.i != clause.i else "")
        add(shape, first.left_edge.i, clause.right_edge.i)
        if clause.right_edge.i + 1 < sent.end - 1:
            add(shape + "+rest", first.left_edge.i, sent.end - 1)
    if _lexicon(verb.lemma_.lower()) in ("speech", "quote_only"):
        # a speech verb's object names what was talked about ("praised the plan", "discussed
        # the issue"), not what was said: beyond the rules, only its reported clause is a statement
        objs = []
    if objs:
        o = objs[0]
        add("obj", o.left_edge.i, o.right_edge.i)
        last = o
        for c in rights:
            if c.i > last.i and (c.dep_ in _COMP_DEPS or (c.dep_ == "prep" and c.lower_ == "as")):
                last = c
        if last.i != o.i:
            add("obj+comp", o.left_edge.i, last.right_edge.i)
    for c in rights if not (_lexicon(verb.lemma_.lower()) in ("speech", "quote_only")) else []:
        if c.dep_ == "prep" and c.lower_ in _PREPS:
            objs_of = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs_of:
                add(f"prep_{c.lower_}", objs_of[0].left_edge.i, objs_of[-1].right_edge.i)
    # "A, X said, B." / "A, X said.": the sentence without the attribution
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    first = min(subj.left_edge.i, verb.i) if subj is not None else verb.i
    if first > sent.start + 2 and doc[first - 1].text in (",", "—", "–", ":"):
        add("before", sent.start, first - 2)
        last = max([verb.i] + [c.right_edge.i for c in rights if c.dep_ in ("npadvmod", "advmod", "prep") and c.i < verb.i + 4])
        if last + 2 < sent.end - 1 and doc[last + 1].text == ",":
            add("around", sent.start, sent.end - 1)
    return out


def _span_tokens(doc, a: int, b: int) -> list:
    toks = [t for t in doc[a : b + 1] if not t.is_space]
    while toks and (toks[0].is_punct and toks[0].text not in _MARKS
                    or (toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "whether", "if"))):
        toks = toks[1:]
    while toks and ((toks[-1].is_punct and toks[-1].text not in _MARKS) or toks[-1].dep_ in _SKIP_TRAIL):
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


def _lexicon(lemma: str) -> str:
    if lemma in SPEECH_VERBS:
        return "speech"
    if lemma in QUOTE_ONLY_VERBS:
        return "quote_only"
    if lemma in THINK_VERBS:
        return "think"
    if lemma in FIND_VERBS:
        return "find"
    return "other"


def _bucket(n: int) -> str:
    return "1" if n == 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


def features(verb, shape: str, toks: list, in_quotes: bool) -> list[str]:
    """Features of one (cue, content span) candidate: the cue's words and parse, the span's shape
    and edges."""
    lemma = verb.lemma_.lower()
    lex = _lexicon(lemma)
    subj = _subject(verb)
    base = shape.split("+")[0]
    f = [
        "bias",
        f"lemma={lemma}",
        f"lex={lex}",
        f"shape={shape}",
        f"base={base}",
        f"lemma_base={lemma}|{base}",
        f"lex_shape={lex}|{shape}",
        f"tag={verb.tag_}",
        f"dep={verb.dep_}",
        f"lemma_dep={lemma}|{verb.dep_}",
        f"quoted={in_quotes}",
    ]
    prt = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    if prt:
        f.append(f"prt={lemma}_{prt[0]}")
    if any(c.dep_ == "neg" for c in verb.children):
        f.append("neg")
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass") and c.i < verb.i:
            f.append(f"aux={c.lemma_.lower()}")
        if c.dep_ == "nsubjpass":
            f.append("passive")
    if subj is None:
        f.append("subj=none")
        f.append(f"shape_subj={base}|none")
    else:
        kind = subj.ent_type_ or ("PRON" if subj.pos_ == "PRON" else subj.pos_)
        f.append(f"subj={kind}")
        f.append(f"subj_lemma={subj.lemma_.lower()}")
        f.append(f"lemma_subj={lemma}|{kind}")
        f.append(f"shape_subj={base}|{kind}")
        f.append(f"subj_after={subj.i > verb.i}")
    first, last = toks[0], toks[-1]
    f.append(f"first={first.lower_ if first.is_stop else first.pos_}")
    f.append(f"first_dep={first.dep_}")
    f.append(f"last={last.pos_}")
    n = len(toks)
    f.append(f"len={_bucket(n)}")
    f.append(f"shape_len={base}|{_bucket(n)}")
    f.append(f"lex_len={lex}|{_bucket(n)}")
    sent = verb.sent
    f.append(f"to_sent_end={last.i >= sent.end - 2}")
    f.append(f"from_sent_start={first.i <= sent.start + 1}")
    if base.startswith("ccomp"):
        f.append(f"that={any(c.dep_ == 'mark' and c.lower_ == 'that' for c in toks[0].head.children) or toks[0].i > verb.i + 1}")
    marks = sum(1 for t in toks if t.text in _MARKS or t.text in ("''", "``"))
    f.append(f"marks={min(marks, 2)}")
    f.append(f"shape_marks={base}|{min(marks, 2)}")
    f.append(f"verbs_inside={min(3, sum(1 for t in toks if t.pos_ == 'VERB'))}")
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
