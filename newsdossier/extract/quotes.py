"""Quotes of one document and who said them.

Three kinds, as the export names them:

- ``direct``: a whole utterance in quotation marks (“…,” X said / X said: “…” / a paragraph
  wholly in quotation marks after a paragraph ending "told him:").
- ``mixed``: quoted words inside reported speech (X said the plan “will fail”, called it “ugly”).
- ``indirect``: reported speech without quotation marks (X said that …, according to X, …).

Speakers are resolved with the document's own evidence only: entity mentions (their
``canonical`` names), pronouns (the nearest fitting speaker or subject before them),
descriptions the document ties to a person ("Russian President X" makes "the Russian
President" mean X), "the report" pointing back to the outlet just named, and the
signature line of an embedded social-media post. A phrase in quotation marks that nobody
is said to have uttered (a name, a scare quote) is not a quote.

After the rules: "Name: statement" lines (a headline's attribution, a transcript turn), then
attributions beyond speech verbs ("X wants to …", "a poll shows …") scored by a small learned
model (`_quote_model`, trained offline by `newsdossier.train_quotes`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from ..names import without_headline_verb
from ..records import EntityMention, QuoteMention
from ._quote_lexicon import NAMING_BEFORE, PRONOUNS_FIRST, QUOTE_ONLY_VERBS, SPEECH_VERBS
from ._quote_model import candidate_spans, features, load_model, probability
from .resolve import Resolution as _Who
from .resolve import Resolver
from .resolve import resolve_np as _resolve_np
from .resolve import resolve_single as _resolve_single
from .statements import as_statements

Span = tuple[int, int]

_CLOSERS = {"“": "”", "„": "”", "«": "»", '"': '"', "''": "''", "``": "''", "‘‘": "’’"}
_MARK = re.compile(r"''|``|‘‘|’’|[“”\"«»„]")
_SIGNATURE = re.compile(
    r"^[ \t]*[—–-]{1,2}[ \t]*(?P<name>[^\n()@]{1,80}?)[ \t]*\(@(?P<handle>\w{1,30})\)[ \t]*"
    r"(?P<date>[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2},[ \t]+\d{4})?[ \t]*$",
    re.MULTILINE,
)
_DASH_NAME = re.compile(r"[ \t]*[―—–][ \t]*(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,4})[ \t]*(?=$|[\n|,;(]|[“\"])")
_POST_INTRO = re.compile(
    r"\b(?:tweet(?:ed|s)?|posted|wrote|writes|reacted|responded|commented|commenters|users|social media|"
    r"followers|online|on (?:X|Twitter|Facebook|Instagram|Threads|Bluesky|Telegram))\b",
    re.IGNORECASE,
)
_POST_LINK = re.compile(r"(?:\s*(?:pic\.twitter\.com/\S+|https?://\S+))+\s*$")
_ABBREV = re.compile(
    r"(?:\b(?:[A-Za-z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Jr|Sr|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|No|vs|Prof|Capt|Sgt|Inc|Corp|Co|Ltd)\.)$"
)
_SENT_END = re.compile(r"[.!?…][\"”»’')\]]*\s+")
_GOOD_LABELS = ("PERSON", "ORG", "GPE", "NORP")
# Windows, and where their sizes come from:
POST_CHARACTERS = 300  # an embedded post: a tweet holds at most 280 characters, plus a link
NAMING_WINDOW = 25  # the longest naming phrase ("branded as", NAMING_BEFORE) is 11 characters, with room for "the"
RIGHT_CUE_TOKENS = 25  # "“…,” X, the long-serving chief of Y, said": a cue after a quote within a long apposition
CALLED_IT_WINDOW = 40  # "called the proposal “…”": the verb and an object of a few words before the mark


@dataclass
class _Seg:
    open: int  # index of the opening mark
    start: int  # content start
    end: int  # content end
    close: int  # index just after the closing mark (paragraph end when the quote runs on)
    para: int
    cont_next: bool = False
    cont_prev: bool = False


@dataclass
class _Found:
    content: Span
    kind: str
    cue: Optional[Span]
    who: Optional[_Who]
    anchor: int = 0
    extra: dict = field(default_factory=dict)
    pieces: list = field(default_factory=list)  # verbatim stretches (see extract/statements.py)
    act: str = "say"


def find_quotes(
    doc_id: str, text: str, sdoc, mentions: list[EntityMention], body: list[tuple[int, int]]
) -> list[QuoteMention]:
    """Quotes inside the body spans of one document, each with its speaker when one is named."""
    if not text or not body:
        return []
    ctx, found, post_spans = _by_rules(text, sdoc, mentions, body)
    found.extend(_labelled_lines(ctx, found, post_spans))
    found.extend(_learned(ctx, found, post_spans))
    found = as_statements(ctx, found)
    out = []
    seen = set()
    for f in sorted(found, key=lambda f: f.content):
        s, e = f.content
        if not (0 <= s < e <= len(text)) or (s, e) in seen:
            continue
        seen.add((s, e))
        who = f.who
        names = [without_headline_verb(n) for n in who.names] if who else []
        out.append(
            QuoteMention(
                doc=doc_id,
                content=(s, e),
                kind=f.kind,
                cue=f.cue,
                pieces=[tuple(p) for p in f.pieces],
                act=f.act,
                speaker_name=" and ".join(names) if names else None,
                speaker_names=list(names),
                speaker_span=who.span if who else None,
                speaker_label=who.label if who else None,
                speaker_kind=who.kind if who else None,
            )
        )
    return out


def _by_rules(text, sdoc, mentions, body):
    ctx = _Context(text, sdoc, mentions, body)
    found: list[_Found] = []
    posts = _embedded_posts(ctx)
    found.extend(posts)
    post_spans = [f.extra["block"] for f in posts]
    segs = _segments(ctx, post_spans)
    ctx.segs = segs
    found.extend(_attribute_segments(ctx, segs))
    found.extend(_indirect(ctx, segs, found, post_spans))
    return ctx, found, post_spans


def attribution_candidates(text: str, sdoc, mentions: list[EntityMention], body: list[tuple[int, int]]):
    """(verb token, content span, features) of every candidate the learned step would score in
    this document: what `newsdossier.train_quotes` learns from."""
    if not text or not body or sdoc is None:
        return []
    ctx, found, post_spans = _by_rules(text, sdoc, mentions, body)
    return [(v, span, feats) for v, span, feats in _candidates(ctx, found, post_spans)]


_LABEL = re.compile(r"(?P<label>[^\n:“”\"«»]{2,60}?):[ \t]+(?=\S)")
_LABEL_NOUNS = frozenset({"poll", "survey", "editorial", "camp", "campaign", "report", "study"})


def _labelled_lines(ctx: _Context, found: list[_Found], post_spans: list[Span]) -> list[_Found]:
    """"Name: statement" lines — a headline attributing its claim ("X: the plan will fail"), a
    transcript turn ("HOST: …"). The label must name someone: a person or organisation the
    document tags, a poll or an editorial, or in capitals the surname of a person named in the
    document (a transcript turn, quoted word for word)."""
    if ctx.sdoc is None:
        return []
    text = ctx.text
    taken = [f.content for f in found]
    out = []
    for a, b in ctx.paras:
        if any(s <= a < e for s, e in post_spans):
            continue
        m = _LABEL.match(text, a, b)
        if m is None:
            continue
        s, e = m.end(), b
        chunk = text[s:e]
        e = s + len(chunk.rstrip(" .\t"))
        label = m.group("label").strip()
        ltoks = ctx.tokens_in(a, a + len(m.group("label")))
        if not ltoks or len(ltoks) > 6 or any(t.pos_ in ("VERB", "AUX") for t in ltoks):
            continue
        if len(re.findall(r"\w+", text[s:e])) < 3 or any(s < qe and qs < e for qs, qe in taken):
            continue
        who, kind = None, "indirect"
        for t in ltoks:
            mt = ctx.mention_of_token(t)
            if mt is not None and mt.label in ("PERSON", "ORG") and 4 * (mt.end - mt.start) >= len(label):
                who = ctx.named(mt, a)
                break
        if who is None and len(ltoks) <= 3 and all(t.text[:1].isupper() for t in ltoks) and len(ltoks[-1].text) >= 3:
            last = ltoks[-1].text.upper()
            for mb in ctx.mentions:
                if mb.label == "PERSON" and mb.canonical.split()[-1].upper() == last:
                    who = ctx.named(mb, a, span=(ltoks[0].idx, ltoks[-1].idx + len(ltoks[-1].text)), label="PERSON")
                    kind = "direct" if label.isupper() else kind
                    break
        if who is None and ltoks[-1].lemma_.lower() in _LABEL_NOUNS:
            who = _resolve_single(ctx, ltoks[-1], a, 0) or _Who([label], (a, a + len(label)), None, pos=a)
        if who is None:
            continue
        out.append(_Found((s, e), kind, (m.end("label"), m.end("label") + 1), who, anchor=s))
        taken.append((s, e))
    return out


def _candidates(ctx: _Context, found: list[_Found], post_spans: list[Span]):
    """(verb, content span, features) of every attribution the learned step may add: each verb
    that is not the cue of a statement found by the rules, with each span it might attribute
    (`_quote_model.candidate_spans`) that does not overlap one."""
    taken = [f.content for f in found]
    cues = {f.cue[0] for f in found if f.cue}
    for a, b in ctx.paras:
        if any(s <= a < e for s, e in post_spans):
            continue
        for tok in ctx.tokens_in(a, b):
            if tok.pos_ != "VERB" or tok.idx in cues:
                continue
            in_quotes = _inside(tok.idx, ctx.segs)
            for shape, toks in candidate_spans(tok):
                s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
                if s < a or e > b or any(s < te and ts < e for ts, te in taken):
                    continue
                yield tok, (s, e), features(tok, shape, toks, in_quotes)


def _learned(ctx: _Context, found: list[_Found], post_spans: list[Span]) -> list[_Found]:
    """Attributions the rules leave out (beliefs, wishes, stances, polls, speech the rules missed):
    for each verb, its most probable content span, kept when the learned model is confident; the
    content must not overlap what the rules found."""
    model = load_model()
    if model is None or ctx.sdoc is None:
        return []
    threshold = model[3]
    best: dict[int, tuple] = {}
    for tok, span, feats in _candidates(ctx, found, post_spans):
        p = probability(feats, model)
        if p >= threshold and (tok.i not in best or p > best[tok.i][0]):
            best[tok.i] = (p, tok, span)
    out: list[_Found] = []
    taken: list[Span] = []
    for p, tok, (s, e) in sorted(best.values(), key=lambda x: (-x[0], x[2])):
        if any(s < te and ts < e for ts, te in taken):
            continue  # nested candidates: the more confident one
        kids = [c.dep_ for c in tok.children]
        if ("auxpass" in kids or "nsubjpass" in kids) and "agent" not in kids:
            continue  # "X is expected to …": X is not who expects it, and nobody is named
        if tok.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            continue  # "five things to know about …": nobody knows anything
        who = _speaker_of_cue(ctx, tok, anchor=s)
        if who is None or not who.names:
            continue  # an attribution the rules did not see needs someone it is attributed to
        taken.append((s, e))
        out.append(_Found((s, e), "indirect", _cue_span(tok), who, anchor=s, extra={"learned": True}))
    return out




# --------------------------------------------------------------------------- context


class _Context(Resolver):
    """The document's resolver plus what quote finding tracks as it goes."""

    def __init__(self, text, sdoc, mentions, body):
        super().__init__(text, sdoc, mentions, body)
        self.segs: list = []
        self.quoted: list[Span] = []  # contents of accepted quotes in marks

    def in_quoted(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quoted)


# --------------------------------------------------------------------------- posts


def _embedded_posts(ctx: _Context) -> list[_Found]:
    """Lines of post text followed by "— Name (@handle) Month D, YYYY"."""
    out = []
    text = ctx.text
    for m in _SIGNATURE.finditer(text):
        name_s, name_e = m.span("name")
        sig_para = ctx.para_of(name_s)
        if sig_para < 0:
            continue
        # walk back over the lines of the post (tweets are short: keep a length budget)
        first = None
        budget = 0
        k = sig_para - 1
        while k >= 0 and sig_para - k <= 8:
            a, b = ctx.paras[k]
            line = _POST_LINK.sub("", text[a:b])
            if line.rstrip().endswith((":", "…", "...")) or _SIGNATURE.match(text, a, b):
                break
            if first is not None and _POST_INTRO.search(line):
                break  # the article's own line introducing the post
            if text[b:ctx.paras[k + 1][0]].count("\n") > 2:
                break
            budget += len(line)
            if budget > POST_CHARACTERS and first is not None:
                break
            first = k
            k -= 1
            if budget > POST_CHARACTERS:
                break
        if first is None:
            continue
        start = ctx.paras[first][0]
        end = ctx.paras[sig_para - 1][1]
        chunk = text[start:end]
        trimmed = _POST_LINK.sub("", chunk)
        end = start + len(trimmed.rstrip())
        if end <= start:
            continue
        name = text[name_s:name_e].strip()
        mention = ctx.mention_at(name_s)
        span = (name_s, name_s + len(name))
        who = ctx.named(mention, m.start(), span=span) if mention else _Who([name], span, None, pos=m.start())
        out.append(_Found((start, end), "direct", None, who, anchor=start, extra={"block": (start, m.end())}))
    return out


# --------------------------------------------------------------------------- marks


_OPENERS = ("“", "«", "„", "``", "‘‘")


def _pairs_in(text: str, a: int, b: int):
    """Quotation-mark pairs in text[a:b] as (open, content start, content end, close end), and
    the position of an opening mark left unclosed at the end (or None). Marks of another
    family inside a quote ("… “…” …") are nested quotes and stay inside the outer one."""
    pairs = []
    open_mark, open_pos, nested = None, -1, None
    for m in _MARK.finditer(text, a, b):
        mk, pos = m.group(), m.start()
        if open_mark is None:
            if mk in ("”", "»", "’’"):
                continue  # stray closing mark
            open_mark, open_pos = mk, pos
            continue
        closer = _CLOSERS.get(open_mark, "”")
        if nested is not None:
            if mk == nested or (nested == '"' and mk == "”"):
                nested = None
            elif mk == closer:
                pairs.append((open_pos, open_pos + len(open_mark), pos, pos + len(mk)))
                open_mark, nested = None, None
            continue
        closes_here = pos > a and not text[pos - 1].isspace() and not text[pos + len(mk) : pos + len(mk) + 1].isalnum()
        if mk == closer or (open_mark == '"' and mk == "”") or (open_mark in ("“", "„") and mk == '"' and closes_here):
            pairs.append((open_pos, open_pos + len(open_mark), pos, pos + len(mk)))
            open_mark = None
        elif mk == open_mark or (mk in _OPENERS and _CLOSERS[mk] == closer):
            open_mark, open_pos = mk, pos  # an unclosed mark before: restart here
        elif mk in _OPENERS or mk in ('"', "''"):
            nested = _CLOSERS.get(mk, "”")
    return pairs, (open_pos if open_mark is not None else None), open_mark


def _segments(ctx: _Context, post_spans: list[Span]) -> list[_Seg]:
    text = ctx.text
    segs: list[_Seg] = []
    carry = False  # the previous paragraph ended inside a quote that runs on
    for pi, (a, b) in enumerate(ctx.paras):
        if any(s <= a < e for s, e in post_spans):
            carry = False
            continue
        pairs, unclosed, mark = _pairs_in(text, a, b)
        for k, (o, cs, ce, cl) in enumerate(pairs):
            segs.append(_Seg(o, cs, ce, cl, pi, cont_prev=carry and k == 0 and o == a))
        runs_on = False
        if unclosed is not None and pi + 1 < len(ctx.paras):
            na = ctx.paras[pi + 1][0]
            runs_on = bool(_MARK.match(text, na)) and text[na] not in "”»’"
        if runs_on and b > unclosed + len(mark):
            segs.append(_Seg(unclosed, unclosed + len(mark), b, b, pi, cont_next=True,
                             cont_prev=carry and not pairs and unclosed == a))
            carry = True
        else:
            carry = False
    # trim spaces inside the marks
    for s in segs:
        while s.start < s.end and text[s.start].isspace():
            s.start += 1
        while s.end > s.start and text[s.end - 1].isspace():
            s.end -= 1
    return [s for s in segs if s.end > s.start and any(ch.isalnum() for ch in text[s.start : s.end])]


def _sentence_start(ctx: _Context, para_start: int, pos: int, segs: list[_Seg]) -> int:
    """Start of the sentence containing `pos` (sentence ends inside quotation marks ignored)."""
    text = ctx.text
    best = para_start
    for m in _SENT_END.finditer(text, para_start, pos):
        end_punct = m.start()
        if any(s.start <= end_punct < s.end - 1 for s in segs) or not _capital_after(text, m.end()):
            continue
        if _ABBREV.search(text[max(para_start, end_punct - 6) : end_punct + 1]):
            continue
        best = m.end()
    return best


def _capital_after(text: str, pos: int) -> bool:
    nxt = text[pos : pos + 2].lstrip("“\"«‘('")
    return not nxt or nxt[0].isupper() or nxt[0].isdigit() or text[pos : pos + 1] in "“\"«‘("


def _sentence_end(ctx: _Context, pos: int, para_end: int, segs: list[_Seg]) -> int:
    text = ctx.text
    for m in _SENT_END.finditer(text, pos, para_end):
        p = m.start()
        if any(s.start <= p < s.end - 1 for s in segs) or not _capital_after(text, m.end()):
            continue
        if _ABBREV.search(text[max(pos, p - 6) : p + 1]):
            continue
        return p + 1
    return para_end


_THAT_ONLY = frozenset({"show", "find", "indicate"})  # "the poll shows that …": only with "that"


def _is_cue(tok, quote_only_ok: bool) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and lemma in ("say",)):
        return False
    if lemma in _THAT_ONLY:
        return not quote_only_ok
    return lemma in SPEECH_VERBS or (quote_only_ok and lemma in QUOTE_ONLY_VERBS) or (
        lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    )


def _according(tok) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def _attribute_segments(ctx: _Context, segs: list[_Seg]) -> list[_Found]:
    text = ctx.text
    out: list[_Found] = []
    prev_direct: dict[int, _Found] = {}  # paragraph -> last accepted quote there
    last_by_seg: dict[int, _Found] = {}
    for si, seg in enumerate(segs):
        pa, pb = ctx.paras[seg.para]
        content = text[seg.start : seg.end]
        sent_a = _sentence_start(ctx, pa, seg.open, segs)
        sent_b = _sentence_end(ctx, seg.close, pb, segs)
        left = text[sent_a : seg.open]
        left_clean = _strip_quoted(left, sent_a, segs)
        left_s = left_clean.strip()
        first_alpha = next((ch for ch in content if ch.isalpha()), "")
        starts_upper = first_alpha.isupper()
        # names and scare quotes: "known as “X”", "the so-called “X”"
        before = " ".join(text[max(pa, seg.open - NAMING_WINDOW) : seg.open].lower().split())
        if left_s and any(before.endswith(w) for w in NAMING_BEFORE):
            continue
        words = re.findall(r"[\w’'-]+", content)
        clause_start = (not left_s) or left_s[-1] in ":,—–-" or left_s.lower().endswith(" that") or \
            left_s.lower() == "that"
        left_toks = [t for t in ctx.tokens_in(sent_a, seg.open) if not _inside(t.idx, segs)]
        if left_toks and not clause_start and _is_cue(left_toks[-1], True):
            clause_start = True
        if clause_start and not starts_upper and left_s and left_s[-1] in ",—–-":
            prev = last_by_seg.get(si - 1)
            if prev is not None and prev.kind == "direct" and segs[si - 1].para == seg.para and segs[si - 1].close >= sent_a:
                starts_upper = True  # “I think,” he said, “that …” — second half of a split quote
        if left_s and not clause_start and _looks_like_title(words):
            continue
        kind = "direct" if clause_start and starts_upper else "mixed"

        cue, who = None, None
        # 1. attribution right after the closing mark: “…,” X said / said X / according to X
        right_toks = [t for t in ctx.tokens_in(seg.close, sent_b) if not _inside(t.idx, segs)]
        right_cue = _first_cue(right_toks[:RIGHT_CUE_TOKENS], quote_only=True)
        # 2. cue before the quote in the same sentence
        left_cue = None
        for t in reversed(left_toks):
            if _is_cue(t, True) or _according(t):
                left_cue = t
                break
        # the quote sits in the clause of a cue before it; otherwise the attribution follows it
        order = [left_cue, right_cue] if left_cue is not None else [right_cue]
        for c in order:
            if c is None:
                continue
            who = _speaker_of_cue(ctx, c, anchor=seg.open)
            if who is not None:
                cue = _cue_span(c)
                break
        # "“…” ― Name": a dash and a name after the quote
        if who is None:
            dash = _DASH_NAME.match(text, seg.close, pb)
            if dash:
                m = ctx.mention_at(dash.start("name"))
                nm = dash.group("name").strip()
                who = ctx.named(m, seg.close) if m else _Who([nm], dash.span("name"), None, pos=seg.close)
        # 3. quote opening its paragraph after a paragraph ending with a colon ("… told him:")
        if who is None and not left_s and seg.para > 0 and not seg.cont_prev:
            qa, qb = ctx.paras[seg.para - 1]
            if text[qb - 1] == ":" and text[pa:seg.open].strip() == "":
                prev_toks = [t for t in ctx.tokens_in(_sentence_start(ctx, qa, qb - 1, segs), qb) if not _inside(t.idx, segs)]
                for t in reversed(prev_toks):
                    if _is_cue(t, True) or _according(t):
                        who = _speaker_of_cue(ctx, t, anchor=seg.open)
                        if who is not None:
                            cue = _cue_span(t)
                            break
                if who is None:
                    who = _subject_of_span(ctx, prev_toks, anchor=seg.open)
        # 4. the same speaker goes on: multi-paragraph quote, or “…,” X said. “…”
        if who is None and (seg.cont_prev or not left_s):
            prev = last_by_seg.get(si - 1)
            if prev is not None and prev.who is not None:
                gap_a = segs[si - 1].close
                close_enough = seg.cont_prev or (
                    segs[si - 1].para == seg.para or (segs[si - 1].para == seg.para - 1 and not text[pa : seg.open].strip())
                )
                if close_enough and gap_a <= seg.open:
                    who = prev.who
        # 4b. a quote opening a sentence right after "… X said." in the same paragraph
        if who is None and not left_s and not seg.cont_prev:
            who, cue = _cue_of_sentence_before(ctx, seg, segs, pa)
        # 5. a colon with no cue: "His message was clear: “…”"
        if who is None and left_s.endswith(":"):
            who = _subject_of_span(ctx, left_toks, anchor=seg.open)
        if who is None:
            if kind == "mixed" or len(words) < 4:
                continue  # a phrase in quotation marks nobody is said to have uttered
        if kind == "mixed" and not _worth_a_quote(ctx, seg, words, cue):
            continue
        f = _Found((seg.start, seg.end), kind, cue, who, anchor=seg.open, extra={"seg": seg})
        out.append(f)
        last_by_seg[si] = f
        prev_direct[seg.para] = f
        ctx.quoted.append((seg.start, seg.end))
        if who is not None:
            ctx.history.append(replace(who, pos=seg.open))
    # a quote running over several paragraphs has one speaker, wherever it is named
    chain: list[int] = []
    for si, seg in enumerate(segs + [None]):
        if seg is not None and chain and seg.cont_prev and segs[chain[-1]].cont_next:
            chain.append(si)
            continue
        named = [last_by_seg[i] for i in chain if i in last_by_seg and last_by_seg[i].who is not None]
        if named:
            for i in chain:
                if i in last_by_seg and last_by_seg[i].who is None:
                    last_by_seg[i].who = named[0].who
        chain = [si]
    return out


def _cue_of_sentence_before(ctx: _Context, seg: _Seg, segs: list[_Seg], pa: int):
    """“…,” X said. “…” / X said during an interview on Sunday. “…”: the cue of the sentence just
    before the quote, in its paragraph, when that sentence ends the attribution (its cue is
    outside quotation marks)."""
    p = seg.open - 1
    while p >= pa and ctx.text[p].isspace():
        p -= 1
    if p < pa or ctx.text[p] not in ".!?":
        return None, None
    last = ctx.token(p)
    if last is None:
        return None, None
    toks = [t for t in last.sent if t.idx >= pa and not t.is_space and not _inside(t.idx, segs)]
    for t in reversed(toks):
        if _is_cue(t, False):
            who = _speaker_of_cue(ctx, t, anchor=seg.open)
            return (who, _cue_span(t)) if who is not None else (None, None)
    return None, None


_CALLED_IT = re.compile(
    r"\b(?:call(?:ed|s|ing)?|describ(?:ed|es|ing|e)|term(?:ed|s|ing)?|label+(?:ed|s|ing)?)\s+"
    r"(?:it|him|her|them|this|that|these|those)\s+(?:as\s+)?$",
    re.IGNORECASE,
)


def _worth_a_quote(ctx: _Context, seg: _Seg, words: list[str], cue: Optional[Span]) -> bool:
    """Quoted fragments: one or two words only in "called it “…”"; evaluations need a phrase."""
    if len(words) >= 4:
        return True
    if _CALLED_IT.search(ctx.text[max(0, seg.open - CALLED_IT_WINDOW) : seg.open]):
        return True
    if len(words) < 3 or cue is None:
        return False
    tok = ctx.token(cue[0])
    return tok is None or tok.lemma_.lower() not in QUOTE_ONLY_VERBS


def _looks_like_title(words: list[str]) -> bool:
    """A short Title Case phrase mid-sentence is a name (of a pipeline, a book, an operation)."""
    if not words or len(words) > 7:
        return False
    big = [w for w in words if len(w) > 3 or w[:1].isupper()]
    return bool(big) and all(w[:1].isupper() or w[:1].isdigit() for w in big)


def _inside(pos: int, segs: list[_Seg]) -> bool:
    return any(s.open <= pos < s.close for s in segs)


def _strip_quoted(chunk: str, offset: int, segs: list[_Seg]) -> str:
    chars = list(chunk)
    for s in segs:
        for p in range(max(s.open, offset), min(s.close, offset + len(chunk))):
            chars[p - offset] = " "
    return "".join(chars)


def _first_cue(toks, quote_only: bool):
    for t in toks:
        if _is_cue(t, quote_only) or _according(t):
            return t
    return None


def _cue_span(tok) -> Span:
    if _according(tok):
        nxt = tok.doc[tok.i + 1]
        return (tok.idx, nxt.idx + len(nxt.text))
    end = tok.idx + len(tok.text)
    for c in tok.children:
        if c.dep_ == "prt" and c.i == tok.i + 1:
            end = c.idx + len(c.text)
    return (tok.idx, end)


# --------------------------------------------------------------------------- speakers


def _speaker_of_cue(ctx: _Context, cue, anchor: int) -> Optional[_Who]:
    if _according(cue):
        to = cue.doc[cue.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in cue.children if c.dep_ == "pobj"]
        if not objs and to.i + 1 < len(cue.doc):
            objs = [cue.doc[to.i + 1]]
        return _resolve_np(ctx, objs[0], anchor) if objs else None
    subj = _subject_token(cue)
    if subj is not None and ctx.para_of(subj.idx) != ctx.para_of(cue.idx):
        subj = None  # a heading or the line before, run into this sentence by the parser
    if subj is not None and ctx.in_dateline(subj.idx):
        subj = _subject_after_dateline(ctx, subj, cue)
    if subj is not None and not _inside(subj.idx, ctx.segs) and subj.lower_ not in PRONOUNS_FIRST:
        return _resolve_np(ctx, subj, anchor)
    # the parser took a word inside the quotation marks (or nothing) for the subject:
    # “…,” Tulsa police chief X said / “…,” said X, the …
    doc = cue.doc
    back = []
    i = cue.i - 1
    after_quote = False
    while i >= 0 and cue.i - i <= 10:
        t = doc[i]
        if _inside(t.idx, ctx.segs) or t.text in ("”", '"', "»", "''"):
            after_quote = True
            break
        if t.text in ("“", "«", ".") or t.is_space:
            break
        back.append(t)
        i -= 1
    for t in back if after_quote else []:  # nearest first
        if t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ not in ("npadvmod",) and not (t.ent_type_ == "DATE"):
            named = [x for x in back if ctx.mention_of_token(x) is not None and ctx.mention_of_token(x).label in ("PERSON", "ORG")]
            return _resolve_np(ctx, named[0] if named else t, anchor)
    prev_words = [t for t in doc[max(0, cue.i - 3) : cue.i] if not t.is_space]
    if not any(t.text in ("”", '"', "»", "''") for t in prev_words):
        return None
    for t in doc[cue.i + 1 : cue.i + 5]:
        if _inside(t.idx, ctx.segs) or t.is_punct:
            break
        if t.pos_ in ("PROPN", "NOUN") and t.ent_type_ not in ("DATE", "TIME"):
            return _resolve_np(ctx, t, anchor)
    return None


def _subject_token(verb):
    t = verb
    for _ in range(6):
        subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
        if t.tag_ == "VBG":  # "…, asserting the world …": a participle's subject comes before it
            subj = [c for c in subj if c.i < t.i]
        if not subj:
            agent = [c for c in t.children if c.dep_ == "agent"]
            for a in agent:
                objs = [c for c in a.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
        if subj:
            before = [c for c in subj if c.i < t.i]
            s = before[-1] if before else subj[0]  # two subjects: the parser ran a heading in
            if s.lower_ in ("who", "which", "that") and t.dep_ == "relcl":
                return t.head
            return s
        if any(c.dep_ == "nsubjpass" for c in t.children):
            return None  # "X was told …": the subject is the hearer
        if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            h = t.head
            if t.dep_ == "relcl" or h.ent_type_ in ("PERSON", "ORG", "NORP") or h.pos_ == "PRON":
                return h
            # "the crisis in Ukraine, asserting …": climb to the verb the phrase hangs on
            while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
                h = h.head
            if h.pos_ not in ("VERB", "AUX"):
                return None
            t = h
            continue
        if t.dep_ in ("conj", "advcl", "xcomp", "pcomp", "ccomp", "prep") and t.head.i != t.i:
            t = t.head
            continue
        break
    return None


def _subject_after_dateline(ctx: _Context, dateline, cue):
    """The parser took the dateline ("CLEVELAND, July 19 (UPI) —") for the subject of the cue:
    the name it hung on the dateline after it ("— Former Attorney General X told …"), or for a
    participle, the subject of the clause before it ("— … A and B asked …, saying …")."""
    if cue.tag_ == "VBG":
        return _subject_before_participle(cue)
    for c in dateline.children:
        m = ctx.mention_of_token(c) if c.dep_ in ("appos", "conj") and not ctx.in_dateline(c.idx) else None
        if m is not None and m.label in ("PERSON", "ORG", "GPE", "NORP"):
            return c
    return None


def _subject_before_participle(verb):
    """"A and B asked the court to act, saying …": the subject of a participle after a comma is
    the subject of the clause before it, when the parser gave the participle none of its own."""
    if verb.tag_ != "VBG" or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    for t in reversed(verb.doc[verb.sent.start : verb.i - 1]):
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "aux":
            return _subject_token(t)
    return None


def _subject_of_span(ctx: _Context, toks, anchor: int) -> Optional[_Who]:
    for t in toks:
        if t.dep_ in ("nsubj",) and t.head.dep_ == "ROOT":
            return _resolve_np(ctx, t, anchor)
    return None


# --------------------------------------------------------------------------- indirect


def _indirect(ctx: _Context, segs: list[_Seg], found: list[_Found], post_spans: list[Span]) -> list[_Found]:
    if ctx.sdoc is None:
        return []
    out = []
    taken = [f.content for f in found]
    # quoted words inside reported speech: the reported clause around them is an attribution too
    partial = {f.content for f in found if f.kind == "mixed"}
    for a, b in ctx.paras:
        if any(s <= a < e for s, e in post_spans):
            continue
        for tok in ctx.tokens_in(a, b):
            if ctx.in_quoted(tok.idx) or _inside(tok.idx, segs):
                continue
            if _according(tok):
                f = _according_clause(ctx, tok, segs, a, b)
            elif _is_cue(tok, False):
                f = _reported_clause(ctx, tok, segs)
            else:
                continue
            if f is None:
                continue
            s, e = f.content
            held = partial if not _according(tok) else set()  # "according to" takes whole sentences
            if any(s < qe and qs < e and not _holds_partial(f.content, (qs, qe), held) for qs, qe in taken):
                continue
            taken.append(f.content)
            out.append(f)
            if f.who is not None:
                ctx.history.append(replace(f.who, pos=tok.idx))
    return out


def _holds_partial(clause: Span, quote: Span, partial: set) -> bool:
    """A reported clause that holds a mixed quote ("X said his staff “did the wrong thing” by …")
    is reported speech in its own right: both the clause and the quoted words are kept. When
    the quoted words are a large part of the clause (two fifths or more), the mixed quote stands for it."""
    s, e = clause
    qs, qe = quote
    return quote in partial and s - 1 <= qs and qe <= e + 3 and 5 * (qe - qs) < 2 * (e - s)


def _reported_clause(ctx: _Context, cue, segs) -> Optional[_Found]:
    clause = None
    need_that = cue.lemma_.lower() in _THAT_ONLY
    for c in cue.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            if need_that and not any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                continue
            clause = c
            break
    if clause is None:
        # "stressed the fact that …", "agreed with X that …"
        frontier = [(c, 0) for c in cue.children if c.dep_ in ("dobj", "prep", "npadvmod")]
        while frontier and clause is None:
            t, d = frontier.pop(0)
            for c in t.children:
                if c.dep_ in ("acl", "ccomp", "advcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                    clause = c
                    break
                if d < 2 and c.dep_ in ("pobj", "dobj", "prep"):
                    frontier.append((c, d + 1))
    if clause is None:
        return _parenthetical_clause(ctx, cue)
    toks = [t for t in clause.subtree]
    # drop a conjoined speech verb the parser hung on the clause ("…, and further stated …")
    drop = set()
    for c in clause.children:
        if c.dep_ == "conj" and _is_cue(c, True) and c.i > cue.i:
            drop.update(t.i for t in c.subtree)
            drop.update(t.i for t in clause.children if t.dep_ in ("cc", "punct") and c.i > t.i > clause.i)
    toks = [t for t in toks if t.i not in drop and not t.is_space]
    while toks and (toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "whether", "if") or toks[0].is_punct):
        toks = toks[1:]
    # cut a trailing parenthesis and punctuation
    if toks and toks[-1].text == ")":
        opens = [i for i, t in enumerate(toks) if t.text == "("]
        if opens:
            toks = toks[: opens[-1]]
    if toks and not drop and cue.i < toks[0].i:
        toks = toks + _rest_of_sentence(ctx, toks[0], toks[-1], segs)
    while toks and (toks[-1].is_punct or toks[-1].text in ("”", '"', "“")):
        toks = toks[:-1]
    if len(toks) < 3 or toks[0].i <= cue.i <= toks[-1].i:
        return None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    if e - s < 12:
        return None
    who = _speaker_of_cue(ctx, cue, anchor=s)
    if who is None:
        return None
    return _Found((s, e), "indirect", _cue_span(cue), who, anchor=s)


def _rest_of_sentence(ctx: _Context, first, last, segs) -> list:
    """The words after a reported clause that the parser hung elsewhere ("X said he was rooting for
    A but would now root for B", "X noted that … — a decline that …", "X said it is “peanuts,”
    compared to …"): they belong to what was reported unless another attribution, a quotation or
    a participle phrase ("…, calling …") starts. A quotation opened inside the clause runs on."""
    doc = last.doc
    rest = [t for t in doc[last.i + 1 : last.sent.end] if not t.is_space]
    inner = 0
    while inner < len(rest) and _closes_inner(rest[inner], first, segs):
        inner += 1
    closing, rest = rest[:inner], rest[inner:]
    while rest and rest[-1].is_punct:
        rest = rest[:-1]
    if not rest or len(rest) > 40:
        return closing
    if rest[0].text == "," and len(rest) > 1 and rest[1].tag_ == "VBG":
        return closing
    for t in rest:
        if _is_cue(t, True) or _according(t) or _inside(t.idx, segs) or t.text in ("(", ")", "“", "”", '"'):
            return closing
    return closing + rest


def _closes_inner(tok, first, segs) -> bool:
    """`tok` lies inside, or closes, a quotation that opened inside the clause starting at `first`."""
    return any(first.idx <= s.open and s.open < tok.idx < s.close for s in segs)


def _parenthetical_clause(ctx: _Context, cue) -> Optional[_Found]:
    """"A, X said, B." / "A, X said." — the sentence around the cue is what X said."""
    if cue.lemma_.lower() in _THAT_ONLY:
        return None
    subj = _subject_token(cue)
    if subj is None or subj.i > cue.i + 3:
        return None
    first = min(subj.left_edge.i, cue.i)
    last = cue.i
    for c in cue.rights:
        if c.dep_ in ("npadvmod", "advmod", "prep", "dobj") and not any(t.is_punct for t in c.subtree):
            last = max(last, c.right_edge.i)
    doc = cue.doc
    if first == 0 or doc[first - 1].text != ",":
        return None
    after = doc[last + 1] if last + 1 < len(doc) else None
    if after is None or after.text not in (",", ".", ";"):
        return None
    sent = cue.sent
    head_toks = [t for t in doc[sent.start : first - 1] if not t.is_space]
    if len(head_toks) < 2 or any(_inside(t.idx, ctx.segs) for t in head_toks):
        return None
    if after.text == ",":
        tail = [t for t in doc[last + 2 : sent.end] if not t.is_space]
        while tail and tail[-1].is_punct:
            tail = tail[:-1]
        if not tail or any(_inside(t.idx, ctx.segs) for t in tail):
            return None
        s, e = head_toks[0].idx, tail[-1].idx + len(tail[-1].text)
    else:
        s, e = head_toks[0].idx, head_toks[-1].idx + len(head_toks[-1].text)
    if e - s < 15:
        return None
    who = _speaker_of_cue(ctx, cue, anchor=s)
    if who is None:
        return None
    return _Found((s, e), "indirect", _cue_span(cue), who, anchor=s)


def _according_clause(ctx: _Context, tok, segs, pa, pb) -> Optional[_Found]:
    who = _speaker_of_cue(ctx, tok, anchor=tok.idx)
    if who is None:
        return None
    sent = tok.sent
    sa = max(sent.start_char, pa)
    sb = min(sent.end_char, pb)
    phrase_end = max(t.idx + len(t.text) for t in tok.subtree)
    phrase_start = tok.idx
    if not ctx.text[sa:phrase_start].strip(" ,"):
        s, e = phrase_end, sb
    elif not ctx.text[phrase_end:sb].strip(" ,.;:"):
        s, e = sa, phrase_start
    else:
        s, e = sa, sb
    chunk = ctx.text[s:e]
    lead = len(chunk) - len(chunk.lstrip(" ,;:—–-"))
    chunk = chunk.strip(" ,;:—–-")
    chunk = chunk.rstrip(" .,;:")
    s = s + lead
    e = s + len(chunk)
    if e - s < 12:
        return None
    return _Found((s, e), "indirect", _cue_span(tok), who, anchor=s)
