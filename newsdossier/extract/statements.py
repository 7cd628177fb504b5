"""Quotes as statements: one record per thing one speaker is reported to have said in one place.

The rules of `quotes.py` find the stretches between quotation marks and the reported clauses;
this module turns them into statements as the export names them (spec, "quotes"):
- an interrupted direct quote (“A,” she said, “B.”) is one statement whose content runs from A
  to B, its `pieces` the verbatim stretches;
- quoted words inside reported speech (“mixed”) take the reported clause as content, the quoted
  words as pieces; a clause holding several quoted fragments is one statement;
- `act` says whether the statement was said, thought (beliefs, wishes, fears) or found (a poll,
  a study, a document shows …), from the cue and what it is said of.
"""
from __future__ import annotations

import re

from ._quote_lexicon import (
    DOCUMENT_NOUNS,
    NAMING_BEFORE,
    FIND_NOUNS,
    FIND_VERBS,
    QUOTE_ONLY_VERBS,
    SHOW_VERBS,
    SPEECH_VERBS,
    THINK_VERBS,
)

# Words allowed between two pieces of one interrupted quote, all of them the attribution's
# ("“A,” said X, an economist who served as …. “B.”"); longer is narration whatever its parse.
MAX_GAP_WORDS = 40
_WORD = re.compile(r"\w+")
_CLOSING_PUNCT = re.compile(r"[.,;:!?…]*")


def as_statements(ctx, found: list) -> list:
    """The found quotes and clauses as statements, each with `pieces` and `act` set."""
    for f in found:
        f.pieces = [f.content] if f.kind in ("direct", "mixed") else []
    found = _absorb_fragments(ctx, found)
    found = _join_interrupted(ctx, found)
    for f in found:
        f.act = act_of(ctx, f)
    return found


def _absorb_fragments(ctx, found: list) -> list:
    """Quoted fragments of reported speech become pieces of the clause that reports them."""
    clauses = sorted((f for f in found if f.kind == "indirect"), key=lambda f: f.content)
    fragments = [f for f in found if f.kind == "mixed"]
    out = [f for f in found if f.kind != "mixed"]
    for f in fragments:
        s, e = f.content
        holder = next((c for c in clauses if c.content[0] - 1 <= s and e <= c.content[1] + 3), None)
        if holder is None:
            clause = _clause_around(ctx, f)
            if clause is not None:
                f.content = clause
            out.append(f)
            continue
        holder.kind = "mixed"
        holder.pieces.append(f.content)
        holder.content = (min(holder.content[0], s), max(holder.content[1], e))
        if holder.who is None:
            holder.who = f.who
    for c in clauses:
        if not c.extra.get("learned"):  # a belief's quoted words are the writer's as often as the holder's
            _add_short_fragments(ctx, c)
    for f in out:
        f.pieces.sort()
    return _join_fragments(out)


def _add_short_fragments(ctx, clause) -> None:
    """Words in quotation marks inside a reported clause that were too short to stand as quotes
    of their own ("said the city would “never again” wait") are its pieces all the same; a name
    in quotation marks ("known as “…”") is not."""
    s, e = clause.content
    for seg in ctx.segs:
        # the clause ends before the fragment's own closing punctuation ("… is “without merit.”")
        if not (s <= seg.start < e and seg.end <= e + len(_CLOSING_PUNCT.match(ctx.text, e).group())) \
                or any(a <= seg.start < b for a, b in clause.pieces):
            continue
        before = " ".join(ctx.text[max(s, seg.open - 25) : seg.open].lower().split())
        if any(before.endswith(w) for w in NAMING_BEFORE):
            continue
        clause.pieces.append((seg.start, seg.end))
        clause.content = (s, max(e, seg.end))
        clause.kind = "mixed"


def _join_fragments(found: list) -> list:
    """Quoted fragments reported by one cue ("called it “A” and “B”") are one statement."""
    by_cue: dict = {}
    out = []
    for f in sorted(found, key=lambda f: f.content):
        first = by_cue.get(f.cue) if f.kind == "mixed" and f.cue else None
        if first is not None and first.who == f.who:
            first.content = (min(first.content[0], f.content[0]), max(first.content[1], f.content[1]))
            first.pieces = sorted(first.pieces + f.pieces)
            continue
        if f.kind == "mixed" and f.cue:
            by_cue[f.cue] = f
        out.append(f)
    return out


_LEADING = frozenset({"that", "whether", "if", "as"})


def _clause_around(ctx, f):
    """The reported clause holding a quoted fragment, from its cue's complements: "called the mayor a
    “reckless gambler”" → "the mayor a “reckless gambler”"; None when the cue does not govern the fragment."""
    seg = f.extra.get("seg")
    cue = ctx.token(f.cue[0]) if f.cue else None
    if seg is None or cue is None:
        return None
    if cue.idx > seg.open:
        # “…,” X said after the fragment: the sentence up to the quote is the reported clause
        # ("With thousands of systems, “there is no single point of failure,” he said.")
        first = ctx.token(seg.open)
        sent = first.sent if first is not None else None
        if sent is None or cue.sent.start != sent.start or sent.start_char >= seg.open:
            return None
        lead = [t for t in sent if t.idx < seg.open and not t.is_space and not t.is_punct]
        return (lead[0].idx, seg.end) if lead else None
    if cue.sent.end_char < seg.close:
        return None
    rights = [c for c in cue.rights if not c.is_punct and c.dep_ not in ("prt", "advmod", "npadvmod", "cc", "conj")]
    holder = next((c for c in rights if c.left_edge.idx <= seg.open < c.right_edge.idx + len(c.right_edge.text)), None)
    if holder is None:
        return None
    # "told X that …": the clause; "called X “…”", "described X as “…”": the object with it
    first = holder
    if holder.dep_ not in ("ccomp", "xcomp", "advcl"):
        first = next((c for c in rights if c.dep_ == "dobj" and c.i < holder.i), holder)
    toks = [t for t in cue.doc[first.left_edge.i : holder.right_edge.i + 1] if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].lower_ in _LEADING and toks[0].dep_ in ("mark", "prep")):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks:
        return None
    s = min(toks[0].idx, seg.start)
    e = max(toks[-1].idx + len(toks[-1].text), seg.end)
    return (s, e)


def _join_interrupted(ctx, found: list) -> list:
    """“A,” X said, “B.” → one statement: consecutive direct pieces of one speaker in one paragraph
    with nothing between them but the attribution."""
    text = ctx.text
    starts = sorted(f.content[0] for f in found)
    out, last = [], None
    for f in sorted(found, key=lambda f: f.content):
        if last is not None and _continues(ctx, text, last, f, starts):
            last.content = (last.content[0], f.content[1])
            last.pieces = last.pieces + f.pieces
            last.cue = last.cue or f.cue
            last.who = last.who or f.who
            continue
        out.append(f)
        last = f if f.kind == "direct" and "seg" in f.extra else None
    return out


def _continues(ctx, text: str, a, b, starts: list) -> bool:
    if b.kind != "direct" or "seg" not in b.extra or a.extra["seg"].para != b.extra["seg"].para:
        return False
    if b.who is not None and (a.who is None or a.who.names != b.who.names):
        return False
    ae, bs = a.content[1], b.content[0]
    if any(ae < s < bs for s in starts):
        return False  # another quote or clause lies between them
    gap = text[ae:bs]
    words = _WORD.findall(gap)
    if not words:
        return True
    cue = a.cue or b.cue
    if cue is None or not ae <= cue[0] < bs or len(words) > MAX_GAP_WORDS:
        return False
    # the gap is the attribution: its words all belong to the cue's sentence
    cue_tok = ctx.token(cue[0])
    gap_toks = [t for t in ctx.tokens_in(ae, bs) if not t.is_punct]
    return cue_tok is not None and all(t.sent.start == cue_tok.sent.start for t in gap_toks)


def act_of(ctx, f) -> str:
    """say, think or find, from the cue and what it reports on."""
    cue = ctx.token(f.cue[0]) if f.cue else None
    if cue is None:
        return "say"
    lemma = cue.lemma_.lower()
    source = _source_head(cue)
    source_lemma = source.lemma_.lower() if source is not None else ""
    if source_lemma in FIND_NOUNS and (lemma in FIND_VERBS or lemma == "according"):
        return "find"
    if source_lemma in DOCUMENT_NOUNS and lemma in SHOW_VERBS:
        return "find"
    if lemma in ("show", "indicate") and source is not None and source.ent_type_ not in ("PERSON", "ORG", "NORP") \
            and source.pos_ != "PRON":
        return "find"
    if lemma in THINK_VERBS:
        return "think"
    if f.extra.get("learned") and lemma not in SPEECH_VERBS and lemma not in QUOTE_ONLY_VERBS:
        return "think"  # a stance the learned step found ("backs", "opposes", "seeks"): not a statement
    return "say"


def _source_head(cue):
    """The noun a cue is said of: its subject, or the object of "according to"."""
    if cue.lower_ == "according" and cue.i + 1 < len(cue.doc):
        to = cue.doc[cue.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    t = cue
    for _ in range(3):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
            t = t.head
            continue
        break
    return None
