"""HTML page -> visible text (one block per line) + the spans of that text that are the article.

``extract(html, url)`` returns ``(text, body)``.

``text`` is a function of the HTML alone (``visible_text``): what a browser renders inside <body>
(script, style, noscript, template, svg, iframe, ... and hidden elements dropped; hidden *prose*
that a paywall script would reveal is kept), one block-level element per line, whitespace
collapsed. Navigation, comments and footers stay in it, so junk can be shown.

``body`` is chosen inside ``text`` in three steps:
1. trafilatura (favor_precision) extracts the article; its plain-text output is aligned back onto
   the lines of ``text`` (``map_output``).
2. Cleaning: link-dense lines, the page title (<h1>, metadata), bylines/datelines above the
   first paragraph, trailing credits/follow/newsletter lines, a closing "About ..."/"Related"
   section, and lines inside page furniture (class/id naming comments, share bars, newsletter,
   related, promo, modal, ...) are dropped.
3. Repair: when the extractor kept little and missed a big prose container, that container is
   added; paragraphs styled like the accepted ones (same parent tag and class) nearby are added
   (bodies cut into pieces by ads, where extractors stop early).
The rules are generic (no site names); see benchmarks/html_body.py for the measurements.
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


def extract(html: str, url: str | None = None, *, include_title: bool = False) -> tuple[str, list[Span]]:
    """Return (text, body).

    ``text`` is the page's visible text (see ``visible_text``): a function of the HTML alone.
    ``body`` is a sorted list of disjoint [start, end) spans of ``text``, each covering whole
    lines, marking the article: standfirst, paragraphs, in-article headings, lists and tables that
    belong to it. Navigation, comments, share bars, related links, newsletter boxes, bylines and
    footers stay in ``text`` but outside ``body``; a page with no article gives ``body == []``.

    The page title (the <h1> heading the article) is left out of ``body`` unless
    ``include_title``: the body benchmarks' gold bodies exclude it, and the title is metadata
    (``Document.title``). With ``include_title=True`` its line is added when one is found.
    """
    try:
        text, lines, root = build(html)
    except Exception:  # pragma: no cover - parser-level surprises: no text rather than a crash
        return "", []
    if not lines:
        return text, []
    try:
        chosen = _select(html, url, lines, root)
        if include_title and chosen:
            title = _title_line(lines, chosen)
            if title is not None:
                chosen = sorted(set(chosen) | {title})
    except Exception:  # never let body selection take the page down: no body is a valid answer
        chosen = []
    return text, _spans(lines, chosen)


def _title_line(lines: list[Line], chosen: list[int]) -> int | None:
    """The <h1> line closest above the body (at most 40 lines above its first line)."""
    first = chosen[0]
    for i in range(first, max(-1, first - 40), -1):
        if lines[i].tags and lines[i].tags[0] == "h1":
            return i
    return None


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
    return choose(lines, _trafilatura(html, url, favor_precision=True))


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
        r"\bcontributed\b.*\breport", r"\benjoyed this\b",
        r"\b(is|was) (a|an|the) ([\w'’-]+ ){0,4}(writer|editor|reporter|journalist|correspondent|contributor"
        r"|columnist|author|analyst|freelancer|producer)\b",
        r"\bmore information\b", r"\bmaterials provided\b", r"\bfootnotes?\b",
        r"\bcorrections?\b", r"\bthanks for reading\b", r"\bopinions expressed\b", r"\bavailable on\b",
        r"\b(facebook|twitter|instagram|linkedin|youtube|tiktok)\b.*\b(facebook|twitter|instagram|linkedin|youtube|tiktok)\b",
    ]),
    re.I,
)
_LINK_MAX = 0.7
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _link_share(ln: Line) -> float:
    return ln.link_chars / len(ln.text) if ln.text else 0.0


_MONTH = (r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
_BYLINE = re.compile(
    r"^\W*(by|from|published|updated|posted|last updated|written by)\b"
    r"|\b\d{1,2}:\d{2}\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}\b"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b",
    re.I,
)


# Headings that open the page's closing furniture rather than a section of the article.
_CLOSING_HEADING = re.compile(
    r"^\W*(about (the|this|us|our)?\s*\w+|related|more (from|on|stories|news|articles)|read (more|next)"
    r"|see (also|more)|share|follow|comments?|sources?|references|tags|topics|you (may|might)|recommended"
    r"|editor'?s? picks|newsletter|sign up|subscribe|latest|trending|popular|most (read|popular))\b",
    re.I,
)


def _cut_closing_section(lines: list[Line], picked: list[int]) -> list[int]:
    """Cut at a short heading like "About <company>", "Related", "More from ..." found in the last
    30% of the picked text: what follows it is boilerplate, not article."""
    total = sum(len(lines[i].text) for i in picked)
    acc = 0
    for k, i in enumerate(picked):
        ln = lines[i]
        heading = (ln.tags and ln.tags[0] in _HEADINGS) or ln.text.rstrip().endswith(":")
        if acc >= 0.7 * total and heading and len(ln.text) <= 60 and _CLOSING_HEADING.search(ln.text):
            return picked[:k]
        acc += len(ln.text)
    return picked


def _byline(ln: Line) -> bool:
    return len(ln.text) < 100 and not (ln.tags and ln.tags[0] in _HEADINGS) and bool(_BYLINE.search(ln.text))


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


# class/id words of page furniture (comments, share bars, newsletter boxes, related links, ...):
# words starting with one of _FURNITURE_PREFIX, or equal to one of _FURNITURE_WORDS.
_FURNITURE_PREFIX = (
    "comment", "newsletter", "recommend", "sponsor", "advert", "share", "sharing", "social", "related",
    "sidebar", "subscribe", "outbrain", "taboola", "popular", "trending", "signup", "modal", "popup",
    "cookie", "breadcrumb", "disqus",
)
_FURNITURE_WORDS = frozenset({"bio", "footer", "promo", "promos", "rail"})
_NEGATORS = frozenset({"has", "no", "with", "without", "hide", "hidden", "show", "is"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALPHA = re.compile(r"[^A-Za-z]+")


def _furniture(el) -> bool:
    """True when the element's class or id names page furniture ("has-sidebar" does not count)."""
    key = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not key.strip():
        return False
    prev = ""
    for word in _NON_ALPHA.split(_CAMEL.sub(" ", key)):
        w = word.lower()
        if not w:
            continue
        if (w in _FURNITURE_WORDS or w.startswith(_FURNITURE_PREFIX)) and prev not in _NEGATORS:
            return True
        prev = w
    return False


def _drop_furniture(lines: list[Line], picked: list[int]) -> list[int]:
    """Drop picked lines that sit inside a furniture element holding a small share (< 30%) of the
    picked text. When that would drop most (> 80%) of the text, the names lie: keep everything."""
    total = sum(len(lines[i].text) for i in picked)
    under: dict = {}
    for i in picked:
        el = lines[i].elem
        while el is not None:
            under[el] = under.get(el, 0) + len(lines[i].text)
            el = el.getparent()
    kept, dropped = [], 0
    for i in picked:
        el, bad = lines[i].elem, False
        while el is not None and _tag(el) not in ("body", "html"):
            if under[el] < 0.3 * total and _furniture(el):
                bad = True
                break
            el = el.getparent()
        if bad:
            dropped += len(lines[i].text)
        else:
            kept.append(i)
    return picked if dropped > 0.8 * total else kept


def _prose(ln: Line) -> bool:
    return len(ln.text) >= 80 and _link_share(ln) < 0.3


def _densest_container(lines: list[Line]):
    """The element holding the most prose (readability-style: a paragraph scores for its container,
    half for the one above, a quarter for the next)."""
    score: dict = {}
    for ln in lines:
        if not _prose(ln):
            continue
        el = ln.elem.getparent() if ln.tags and ln.tags[0] in ("p", "li", "blockquote") else ln.elem
        for weight in (1.0, 0.5, 0.25):
            if el is None:
                break
            score[el] = score.get(el, 0.0) + weight * len(ln.text)
            el = el.getparent()
    return max(score, key=score.get) if score else None


def _inside(el, container, alike=None) -> bool:
    """``el`` is ``container`` or under it (or under an element with the (tag, class) ``alike``)."""
    while el is not None:
        if el is container or (alike and alike[1] and (el.tag, el.get("class")) == alike):
            return True
        el = el.getparent()
    return False


def _rescue(lines: list[Line], picked: list[int]) -> list[int]:
    """When the extractor kept little (< 1500 characters) and missed a container of real prose
    (>= 3 paragraphs, >= 1000 characters, >= 1.5 times what was kept, less than half of it kept),
    add that container's lines."""
    best = _densest_container(lines)
    if best is None:
        return picked
    el = best
    while el is not None:
        if _furniture(el):
            return picked
        el = el.getparent()
    total = sum(len(lines[i].text) for i in picked)
    if total >= 1500:
        return picked
    # the body may be cut into several containers alike (same tag and class) by ads: take them all
    inside = [i for i, ln in enumerate(lines) if _inside(ln.elem, best, _signature(best)[0])]
    prose = [i for i in inside if _prose(lines[i])]
    prose_chars = sum(len(lines[i].text) for i in prose)
    inside_set = set(inside)
    kept_inside = sum(len(lines[i].text) for i in picked if i in inside_set)
    if len(prose) < 3 or prose_chars < 1000 or prose_chars < 1.5 * max(1, total) or kept_inside >= 0.5 * prose_chars:
        return picked
    extra = []
    for i in inside:
        if _link_share(lines[i]) >= 0.5:
            continue
        el = lines[i].elem
        furniture = False
        while el is not None and el is not best and (el.tag, el.get("class")) != _signature(best)[0]:
            if _furniture(el):
                furniture = True
                break
            el = el.getparent()
        if not furniture:
            extra.append(i)
    return sorted(set(picked) | set(extra))


def choose(lines: list[Line], precise: str) -> list[int]:
    """Pick the article lines, starting from trafilatura's output (favor_precision)."""
    picked = []
    mapped = sorted(map_output(lines, precise))
    for i in mapped:
        ln = lines[i]
        if _link_share(ln) >= _LINK_MAX:  # link lists: related articles, tags, menus
            continue
        if ln.tags and ln.tags[0] == "h1":  # the page title: metadata, see extract()
            continue
        picked.append(i)
    # Dateline / byline lines above the first paragraph ("By X", "Published Dec 19, 2023", "5:45 AM").
    first_prose = next((k for k, i in enumerate(picked) if _prose(lines[i])), len(picked))
    picked = [i for k, i in enumerate(picked) if k >= first_prose or not _byline(lines[i])]
    # Trailing junk: credits, share/follow/newsletter calls, headings of widgets that follow.
    while picked and _tail_junk(lines[picked[-1]]):
        picked.pop()
    picked = _cut_closing_section(lines, picked)
    picked = _drop_furniture(lines, picked) if picked else picked
    picked = _rescue(lines, picked)
    if not picked:
        return []
    chosen = set(picked)
    rejected = set(mapped) - chosen  # trafilatura's lines that the filters above turned down
    # Paragraphs that are siblings-in-style of accepted ones (same parent tag and class): article
    # bodies are often cut into several containers by ads or asides, and extractors stop early.
    styles: Counter = Counter()
    for i in picked:
        ln = lines[i]
        if ln.tags and ln.tags[0] == "p":
            sig = _signature(ln.elem.getparent())
            if any(c for _, c in sig):
                styles[sig] += 1
    # near the article only, and not past the <h1> of a next article (endless-scroll pages)
    lo, hi = max(0, picked[0] - 20), min(len(lines), picked[-1] + 21)
    hi = next((i for i in range(picked[-1] + 1, hi) if lines[i].tags and lines[i].tags[0] == "h1"), hi)
    for i in range(lo, hi):
        ln = lines[i]
        if i in chosen or i in rejected or not ln.tags or ln.tags[0] != "p" or len(ln.text) < 40:
            continue
        if _link_share(ln) > 0.3:
            continue
        if styles[_signature(ln.elem.getparent())] >= 2:
            chosen.add(i)
    return _drop_furniture(lines, sorted(chosen))

