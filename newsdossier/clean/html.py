"""HTML page -> visible text (one block per line) + the spans of that text that are the article.

``extract(html, url)`` returns ``(text, body)``. ``text`` depends on the HTML alone (see
``visible_text``); ``body`` is chosen inside it (see ``_select``).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

Span = tuple[int, int]

# Elements whose content a browser does not render as text.
DROP_TAGS = frozenset({
    "head", "title", "script", "style", "noscript", "template", "svg", "math", "canvas",
    "object", "embed", "iframe", "frame", "frameset", "audio", "video", "source", "track",
    "map", "link", "meta", "base", "param", "picture", "img", "input", "textarea",
})
# Elements that start and end a line.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "listing", "main", "menu", "nav", "ol", "option", "p", "plaintext", "pre", "section",
    "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
    "br", "button", "label",
})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"\s+")
# Characters libxml2 refuses in a str (C0 controls other than tab/newline/CR, and lone surrogates).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


@dataclass
class Line:
    """One line of ``text``: the text of one block (or of a run between two <br>)."""

    start: int
    end: int
    text: str
    elem: object  # nearest block-level ancestor (lxml element) of the text
    link_chars: int = 0  # characters of the line that sit inside <a>
    tags: tuple = field(default_factory=tuple)  # tags of the block ancestors, innermost first


def _tag(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _is_hidden(el) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def parse(html: str):
    """Parse to an lxml tree with comments and processing instructions removed; None if hopeless."""
    if not isinstance(html, str):
        html = bytes(html).decode("utf-8", errors="replace")
    html = _BAD_CHARS.sub("", _XML_DECL.sub("", html, count=1))
    if not html.strip():
        return None
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None
    return root


def _prose_chars(el) -> int:
    """Characters in the <p> paragraphs of ``el`` that look like prose (>= 80 characters)."""
    total = 0
    for p in el.iter("p"):
        n = len(_WS.sub(" ", p.text_content()).strip())
        if n >= 80:
            total += n
    return total


def _drop_invisible(root) -> None:
    """Remove what a browser does not render (keeping tails). Hidden elements are dropped, except
    hidden prose: an article body that a paywall script would reveal (several prose paragraphs
    in one hidden element, or hidden one by one as siblings). Whether that is article is decided
    later, like for any other text."""
    doomed = []
    stack = [root]
    while stack:
        hidden_by_parent: dict = {}
        while stack:
            el = stack.pop()
            for child in el:
                tag = _tag(child)
                if not tag or tag in DROP_TAGS:
                    doomed.append(child)
                elif _is_hidden(child) and tag not in ("html", "body"):
                    hidden_by_parent.setdefault(el, []).append(child)
                else:
                    stack.append(child)
        for hidden in hidden_by_parent.values():
            prose = [_prose_chars(h) for h in hidden]
            group = sum(1 for n in prose if n) >= 2 and sum(prose) >= 400
            for h, n in zip(hidden, prose):
                if (group and n) or n >= 400:
                    stack.append(h)  # kept: still cleaned inside
                else:
                    doomed.append(h)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        if tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


def _lines(root) -> list[Line]:
    """Walk the cleaned tree and cut its text into lines at block boundaries."""
    body = root.find("body")
    if body is None:
        body = root
    lines: list[Line] = []
    pieces: list[tuple[str, bool]] = []  # (raw text, inside <a>)
    blocks: list = []  # stack of open block elements
    link_depth = 0
    pos = 0

    def flush():
        nonlocal pos
        if not pieces:
            return
        raw = "".join(p for p, _ in pieces)
        text = _WS.sub(" ", raw).strip()
        if text:
            link = sum(len(_WS.sub(" ", p).strip()) for p, a in pieces if a)
            start = pos + (1 if lines else 0)
            elem = blocks[-1] if blocks else body
            tags = tuple(_tag(b) for b in reversed(blocks))
            lines.append(Line(start, start + len(text), text, elem, min(link, len(text)), tags))
            pos = start + len(text)
        pieces.clear()

    pre_depth = 0
    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = _tag(el)
        if event == "start":
            if tag in BLOCK_TAGS:
                flush()
                if tag != "br" and tag != "hr":
                    blocks.append(el)
            if tag == "a":
                link_depth += 1
            if tag in ("pre", "xmp", "listing", "plaintext"):
                pre_depth += 1
            if el.text:
                _add(pieces, el.text, link_depth > 0, pre_depth > 0, flush)
        else:
            if tag in BLOCK_TAGS:
                flush()
                if tag != "br" and tag != "hr" and blocks and blocks[-1] is el:
                    blocks.pop()
            if tag == "a" and link_depth:
                link_depth -= 1
            if tag in ("pre", "xmp", "listing", "plaintext") and pre_depth:
                pre_depth -= 1
            if el.tail and el is not body:
                _add(pieces, el.tail, link_depth > 0, pre_depth > 0, flush)
    flush()
    return lines


def _add(pieces, text, in_link, in_pre, flush) -> None:
    if in_pre and "\n" in text:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                flush()
            if part:
                pieces.append((part, in_link))
    else:
        pieces.append((text, in_link))


def build(html: str) -> tuple[str, list[Line], object]:
    """(text, lines, cleaned tree). ``text`` is "\\n".join of the lines' texts."""
    root = parse(html)
    if root is None:
        return "", [], None
    _drop_invisible(root)
    lines = _lines(root)
    return "\n".join(ln.text for ln in lines), lines, root


def visible_text(html: str) -> str:
    """The page's visible text, one block-level element per line; a function of the HTML only."""
    return build(html)[0]


def extract(html: str, url: str | None = None) -> tuple[str, list[Span]]:
    """Return (text, body): the visible text and the sorted, disjoint [start, end) spans of it
    that are the article (title, standfirst, paragraphs, in-article headings, lists, tables)."""
    text, lines, root = build(html)
    if not lines:
        return text, []
    try:
        chosen = _select(html, url, lines, root)
    except Exception:  # never let body selection take the page down: no body is a valid answer
        chosen = []
    return text, _spans(lines, chosen)


def _spans(lines: list[Line], chosen) -> list[Span]:
    """Merge chosen line indices into disjoint spans (adjacent lines join across the newline)."""
    spans: list[list[int]] = []
    last = None
    for i in sorted(set(chosen)):
        ln = lines[i]
        if spans and last is not None and i == last + 1:
            spans[-1][1] = ln.end
        else:
            spans.append([ln.start, ln.end])
        last = i
    return [(s, e) for s, e in spans]


_TOKEN = re.compile(r"\w+")


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s.lower())


def map_output(lines: list[Line], output: str) -> set[int]:
    """Indices of the lines of ``text`` that carry an extractor's plain-text ``output``.

    Lines are aligned first as whole lines (difflib on token strings, so order matters and a
    nav item repeated in the article does not steal the match); what is left in between is
    matched by 3-gram coverage inside the aligned gap (a line split or merged differently).
    """
    from difflib import SequenceMatcher

    idx = [i for i, ln in enumerate(lines) if _TOKEN.search(ln.text)]
    a_tok = [_tokens(lines[i].text) for i in idx]
    b_tok = [t for t in (_tokens(x) for x in output.split("\n")) if t]
    if not b_tok:
        return set()
    a = [" ".join(t) for t in a_tok]
    b = [" ".join(t) for t in b_tok]
    chosen: set[int] = set()
    leftover: list[int] = []  # output lines not aligned as a whole line
    sm = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            chosen.update(idx[i1:i2])
            continue
        leftover.extend(range(j1, j2))
        if op == "replace":
            region = [t for toks in b_tok[j1:j2] for t in toks]
            joined = " " + " ".join(region) + " "
            grams = {tuple(region[k:k + 3]) for k in range(len(region) - 2)}
            for k in range(i1, i2):
                toks = a_tok[k]
                if len(toks) >= 3:
                    mine = [tuple(toks[m:m + 3]) for m in range(len(toks) - 2)]
                    if sum(g in grams for g in mine) >= 0.5 * len(mine):
                        chosen.add(idx[k])
                elif " " + a[k] + " " in joined:
                    chosen.add(idx[k])
    if not leftover:
        return chosen
    # Output lines that found no place nearby (e.g. one output line = many text lines while a
    # few short lines matched exactly elsewhere): match the remaining text lines against them.
    pool: Counter = Counter()
    short_pool = []
    for j in leftover:
        toks = b_tok[j]
        pool.update(tuple(toks[m:m + 3]) for m in range(len(toks) - 2))
        short_pool.append(b[j])
    short_joined = " " + " ".join(short_pool) + " "
    pos = {v: k for k, v in enumerate(idx)}
    for k, toks in enumerate(a_tok):
        if idx[k] in chosen or len(toks) < 3:
            continue
        mine = [tuple(toks[m:m + 3]) for m in range(len(toks) - 2)]
        if sum(pool[g] > 0 for g in mine) >= 0.5 * len(mine):
            chosen.add(idx[k])
            pool.subtract(g for g in mine if pool[g] > 0)
    for k, toks in enumerate(a_tok):
        if idx[k] in chosen or len(toks) >= 3:
            continue
        near = (k > 0 and idx[k - 1] in chosen) or (k + 1 < len(idx) and idx[k + 1] in chosen)
        if near and " " + a[k] + " " in short_joined:
            chosen.add(idx[k])
    return chosen


def _trafilatura(html: str, url: str | None, **kwargs) -> str:
    import trafilatura

    try:
        return trafilatura.extract(html, url=url, include_comments=False, **kwargs) or ""
    except Exception:  # trafilatura fails on some hostile inputs: treat as "found nothing"
        return ""


def _select(html, url, lines, root) -> list[int]:
    precise = _trafilatura(html, url, favor_precision=True)
    broad = _trafilatura(html, url)
    return choose(lines, precise, broad)


# Lines that announce links to other pages rather than continue the article.
_LEAD_JUNK = re.compile(
    r"^\W*(related( \w+)?:|read more\b|read also\b|also read\b|see more\b|see also\b|more from\b"
    r"|also on\b|don'?t miss\b|recommended\b|like this story\b|most (read|popular|viewed)\b"
    r"|you (may|might) also\b|trending\b|advertisement\b|sponsored\b|click here\b)",
    re.I,
)
# Short lines that typically close an article page without being article: credits, follow/subscribe
# calls, copyright, source/tag lines, contact addresses, links.
_TAIL_JUNK = re.compile(
    "|".join([
        r"\bcontributed (to )?(this )?(report|story|article)",
        r"\b(additional |contributed )?reporting by\b", r"\b(writing|editing|reported|compiled|produced) by\b",
        r"\bfollow (us|him|her|them|@|\w+ on)\b", r"\bnewsletters?\b", r"\bsubscribe\b", r"\bsign[ -]?up\b",
        r"©|\bcopyright\b|\ball rights reserved\b",
        r"^\W*(sources?|photo|images?|credits?|via|tags?|filed under|topics?|categor(y|ies)|more information"
        r"|read more|related)\s*:",
        r"[\w.+-]+@[\w-]+\.[\w.]+", r"(^|\s)@\w+", r"https?://",
        r"\b(related|read more|more from|you (may|might) also|recommended|most (read|popular|viewed))\b",
        r"\bclick here\b", r"\b(originally )?(published|appeared) (on|in|at)\b",
        r"\bthis (article|story) (was|has been|is)\b", r"\bdisclaimer\b", r"\baffiliate\b", r"\bcommission\b",
        r"\bshare (this|on|via)\b", r"\btell us\b", r"\bcomments?\b", r"\bleave a (reply|comment)\b",
        r"\bjoin\b.*\b(members|today|now)\b",
    ]),
    re.I,
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _link_share(ln: Line) -> float:
    return ln.link_chars / len(ln.text) if ln.text else 0.0


def _tail_junk(ln: Line) -> bool:
    t = ln.text
    if not _TOKEN.search(t) or (ln.tags and ln.tags[0] in _HEADINGS) or _link_share(ln) >= 0.5:
        return True
    if len(t) <= 200 and _TAIL_JUNK.search(t):
        return True
    return len(t) < 80 and t.rstrip().endswith(":")


def _signature(el, depth: int = 1) -> tuple:
    out = []
    for _ in range(depth):
        if el is None:
            break
        out.append((el.tag, el.get("class")))
        el = el.getparent()
    return tuple(out)


def choose(lines: list[Line], precise: str, broad: str) -> list[int]:
    """Pick the article lines, given trafilatura's precise and default outputs."""
    picked = []
    for i in sorted(map_output(lines, precise)):
        ln = lines[i]
        if _link_share(ln) >= 0.7 or (len(ln.text) < 200 and _LEAD_JUNK.search(ln.text)):
            continue
        picked.append(i)
    # Trailing junk: credits, share/follow/newsletter calls, headings of widgets that follow.
    while picked and _tail_junk(lines[picked[-1]]):
        picked.pop()
    if not picked:
        return []
    chosen = set(picked)
    # Paragraphs that are siblings-in-style of accepted ones (same parent tag and class): article
    # bodies are often cut into several containers by ads or asides, and extractors stop early.
    styles: Counter = Counter()
    for i in picked:
        ln = lines[i]
        if ln.tags and ln.tags[0] == "p":
            sig = _signature(ln.elem.getparent())
            if any(c for _, c in sig):
                styles[sig] += 1
    for i, ln in enumerate(lines):
        if i in chosen or not ln.tags or ln.tags[0] != "p" or len(ln.text) < 40 or _link_share(ln) > 0.3:
            continue
        if styles[_signature(ln.elem.getparent())] >= 2:
            chosen.add(i)
    return sorted(chosen)
