"""Property-based tests (hypothesis) with hostile input over ingest, cleaning, every extractor and the store.

Inputs: random bytes, control characters and NUL, odd code points (lone surrogates where a str can hold
them), mixed encodings (cp1252 and UTF-8 in one file, BOMs), huge lines, deeply nested or unclosed HTML,
unbalanced quotation marks of every kind, impossible dates ("February 30", "the 99th of Smarch").

Properties:
- nothing raises: bad input becomes a `Problem`, a `NotText`, or an analysis with `.error`;
- every span of every record (body, entity mentions, quote content/cue/speaker, event span/trigger/
  date/sentence, claim span) lies inside its document's text: 0 <= start <= end <= len(text);
- body spans are sorted and disjoint (and not empty).

Quick by default. `NEWSDOSSIER_FUZZ=long` selects the `long` profile (many more cases each);
`--hypothesis-show-statistics` prints how many ran (figures in BENCHMARKS.md, "Fuzzing").
"""
from __future__ import annotations

import codecs
import json
import os
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsdossier.clean import NotText, clean_document, decode
from newsdossier.clean.html import extract as html_extract
from newsdossier.clean.metadata import html_metadata, text_metadata
from newsdossier.clean.text import body_spans
from newsdossier.extract import dates as D
from newsdossier.ingest import Problem, iter_inputs
from newsdossier.records import Document, DocumentAnalysis, RawDocument

# ---------------------------------------------------------------------------------------------
# Profiles: `default` keeps the whole file around a minute or two inside `make test`; `long`
# (NEWSDOSSIER_FUZZ=long) runs SCALE times as many cases per property.
PROFILE = os.environ.get("NEWSDOSSIER_FUZZ", "default")
settings.register_profile(
    "default",
    deadline=None,  # models load on first use; tests never assert timings
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
settings.register_profile("long", parent=settings.get_profile("default"))
if PROFILE not in ("default", "long"):
    raise pytest.UsageError(f"NEWSDOSSIER_FUZZ={PROFILE!r}: use 'default' or 'long'")
settings.load_profile(PROFILE)
SCALE = {"default": 1, "long": 12}[PROFILE]


def cases(n: int) -> settings:
    """`n` cases under the default profile, SCALE×n under the long one."""
    return settings(max_examples=n * SCALE)


# ---------------------------------------------------------------------------------------------
# Hostile material
QUOTE_MARKS = ['"', "“", "”", "‘", "’", "«", "»", "‹", "›", "„", "‚", "''", "``", "'", "「", "」",
               '""', "“ ", " ”", "« ", " »", "\"'", "'\""]
CONTROL = [chr(c) for c in range(32) if c not in (9, 10, 13)] + [
    "\x7f", "\x85", "\xa0", "\u2028", "\u2029", "\ufeff", "\u200b", "\u200d", "\u200e", "\u202e",
    "\ufffd", "\uffff", "\ufffe", "\U0010ffff", "\U0001f600", "\u0301", "\u0663", "\u00ad", "\ue000",
]
LINE_BREAKS = ["\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
ODD_DATES = [
    "February 30", "31/02/2023", "the 99th of Smarch", "Thursday, February 29, 2023", "0000-00-00",
    "9999-12-31", "0001-01-01", "September 1-99", "September 31-1", "32 December 2020", "99999 days ago",
    "10000 years ago", "99999999999 weeks ago", "13 months ago", "from May to", "between March and",
    "the 1990s", "Smarch 2023", "2023-13-45", "on 30 February", "Friday through", "last Octember",
    "13/13/13", "next week", "Monday, December 31, 1899", "December 31, 9999", "January 1, 0001",
    "the 31st of February, 2024", "Sunday, 29 February", "May 0", "in 2099", "tomorrow", "yesterday",
    "Wednesday through Thursday", "May 5 to April 3", "1st-31st of June", "June 31 - July 32",
]
NAMES = ["Alice Smith", "Mr. Bob Jones", "Dr. Émile Zola-Ngata", "the Ministry of Silly Walks (MSW)",
         "President O'Neil", "NATO", "Li Wei", "the United Nations", "Germany", "Acme Corp.'s",
         "Jean-Luc", "ÖBB", "Ngozi Okonjo-Iweala", "he", "she", "they", "it", "The spokesman"]
CUES = ["said", "told reporters", "according to", "warned", "insisted", "wrote", "added:", "says",
        "claimed that", "denied", ", said", "said on X:"]
PHRASES = [
    "the talks would resume", "troops crossed the border", "the bank raised rates by 0.5%",
    "$1e999 billion", "99999999999999999999%", "joined the alliance in 2017", "a population of 1.4 billion",
    "| India | 2017 |", "|---|---|", "signed a treaty with", "will meet", "did not attack",
    "more than 3,000,000,000,000,000,000 people", "founded in 1066", "up 3.5 per cent",
    "Share this", "Sign up for our newsletter", "Read more", "© 2024 All rights reserved",
    "By Alice Smith", "Published: 2023-02-30", "Updated 31/02/2023 25:61", "Comments (0)",
    "- first item", "1. second item", "• third", "…", "...", "—", "(", ")", "[", "]",
]

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
odd_chars = st.sampled_from(CONTROL)


@st.composite
def sentence(draw) -> str:
    """A news-like sentence with any of its parts broken, swapped or left unclosed."""
    parts = draw(st.lists(st.one_of(
        st.sampled_from(NAMES), st.sampled_from(CUES), st.sampled_from(QUOTE_MARKS),
        st.sampled_from(ODD_DATES), st.sampled_from(PHRASES), words, odd_chars,
    ), min_size=1, max_size=14))
    sep = draw(st.sampled_from([" ", " ", "", "  ", "\t", "\xa0"]))
    end = draw(st.sampled_from([".", ".", "", "!", "?", ":", "”", '."', ".”", "…", ","]))
    return sep.join(parts) + end


@st.composite
def news_text(draw, huge: int = 4000) -> str:
    """Several lines of hostile news-like text, sometimes with one huge line."""
    lines = draw(st.lists(st.one_of(sentence(), st.text(max_size=40)), min_size=0, max_size=12))
    if draw(st.booleans()):
        piece = draw(st.sampled_from(["word ", "Alice said “", "‘", "«", "x", " ", "<p>", "February 30, "]))
        lines.insert(draw(st.integers(0, len(lines))), piece * draw(st.integers(1, huge // len(piece))))
    out = ""
    for line in lines:
        out += line + draw(st.sampled_from(LINE_BREAKS))
    return out


PROSE = ("the government would not accept any deal that was signed without a vote in parliament and "
         "officials said they expected more talks with the other side before the end of the year because "
         "prices rose sharply after the storm hit the coast where thousands of people live").split()
PLACES = ["Paris", "Lagos", "the capital", "Kyiv", "São Paulo", "New Delhi", "Smarchland"]
ORGS = ["the European Union", "NATO", "the World Health Organization (WHO)", "Acme Corp", "the UN"]
EVENT_VERBS = ["met", "attacked", "signed an agreement with", "joined", "will meet", "did not attack",
               "threatened", "visited", "sanctioned", "condemned", "announced talks with"]


@st.composite
def prose(draw, lo: int = 6, hi: int = 25) -> str:
    """Ordinary words, so that lines read as prose, with a hostile piece now and then."""
    out = draw(st.lists(st.sampled_from(PROSE), min_size=lo, max_size=hi))
    for _ in range(draw(st.integers(0, 2))):
        noise = draw(st.one_of(odd_chars, st.sampled_from(QUOTE_MARKS), st.sampled_from(ODD_DATES), words,
                               st.sampled_from(PHRASES)))
        out.insert(draw(st.integers(0, len(out))), noise)
    return " ".join(out)


@st.composite
def article_sentence(draw) -> str:
    """One sentence of a news story (quote, attribution, event, figure, table row), quotes left unbalanced at will."""
    name = draw(st.sampled_from(NAMES))
    q_open, q_close = draw(st.sampled_from(QUOTE_MARKS)), draw(st.sampled_from(QUOTE_MARKS + [""]))
    cue, when = draw(st.sampled_from(CUES)), draw(st.sampled_from(ODD_DATES + ["on Monday", "in 2017", ""]))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return f"{name} {cue} {q_open}{draw(prose())}{q_close} {when}."
    if kind == 1:
        return f"{q_open}{draw(prose())},{q_close} {name} {cue}. {q_open}{draw(prose())}.{q_close}"
    if kind == 2:
        return f"{q_open}{draw(prose())}{q_close}"
    if kind == 3:
        return f"According to {name}, {draw(prose())} {when}."
    if kind == 4:
        other, place = draw(st.sampled_from(NAMES + ORGS)), draw(st.sampled_from(PLACES))
        return f"{name} {draw(st.sampled_from(EVENT_VERBS))} {other} in {place} {when}."
    if kind == 5:
        return f"{name} joined {draw(st.sampled_from(ORGS))} in {when}, {draw(prose())}."
    if kind == 6:
        figure = draw(st.sampled_from(["1.4 billion", "$1e999 billion", "99999999999999999999%", "about 3 million",
                                       "-0", "more than 1,000,000,000,000,000,000,000"]))
        return (f"The population of {draw(st.sampled_from(PLACES))} was {figure} in {draw(st.integers(-5, 10000))}, "
                f"{name} {cue}.")
    if kind == 7:
        return f"{name} {cue} that {draw(prose())}, adding: {q_open}{draw(prose())}"
    if kind == 8:
        return f"| {draw(st.sampled_from(PLACES))} | {draw(st.integers())} | {when} |"
    return f"{draw(prose(12, 40))}."


@st.composite
def article(draw) -> str:
    """A news article (headline, byline, paragraphs) with broken quotes, odd dates and odd characters inside."""
    head = draw(st.sampled_from(["", f"{draw(st.sampled_from(NAMES))} says {draw(prose(3, 8))}\n",
                                 "BREAKING\x00 News\n", "Share this\nMenu\n"]))
    byline = draw(st.sampled_from(["", "By Alice Smith\n", "Published February 30, 2023\n", "By \u202eSmith\n"]))
    paragraphs = draw(st.lists(st.lists(article_sentence(), min_size=1, max_size=4).map(" ".join),
                               min_size=1, max_size=8))
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n", "\u2029", "\n \n"]))
    tail = draw(st.sampled_from(["", "\nComments (0)\nLeave a reply", "\n© 2024 All rights reserved"]))
    return head + byline + sep.join(paragraphs) + tail


def no_surrogates(s: str) -> str:
    return s.encode("utf-8", errors="replace").decode("utf-8")


@st.composite
def encoded(draw, text_strategy=None) -> bytes:
    """Text as bytes the way the wild writes it: UTF-8, cp1252, UTF-16, with or without BOMs, several
    encodings in one file, or just random bytes."""
    text = no_surrogates(draw(text_strategy if text_strategy is not None else st.one_of(article(), news_text())))
    how = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "mixed", "utf-16", "utf-16-le", "latin-1",
                                "random", "bom+random", "spliced"]))
    if how == "random":
        return draw(st.binary(max_size=600))
    if how == "bom+random":
        return draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])) + draw(
            st.binary(max_size=300))
    if how == "mixed":  # cp1252 and UTF-8 in one file
        cut = draw(st.integers(0, len(text)))
        return text[:cut].encode("cp1252", errors="replace") + text[cut:].encode("utf-8")
    if how == "spliced":  # random bytes inside otherwise good UTF-8
        data = text.encode("utf-8")
        cut = draw(st.integers(0, len(data)))
        return data[:cut] + draw(st.binary(max_size=40)) + data[cut:]
    return text.encode(how, errors="replace")


HTML_TAGS = ["div", "p", "span", "article", "main", "section", "script", "style", "table", "tr", "td", "ul", "li",
             "a", "b", "i", "h1", "h2", "title", "meta", "noscript", "template", "svg", "iframe", "br", "pre",
             "code", "blockquote", "q", "html", "body", "head", "header", "footer", "nav", "aside", "figure",
             "figcaption", "time", "form", "button", "select", "option", "textarea", "math", "frameset"]
HTML_ATTRS = ["", ' class="article-body"', ' class="comments"', " hidden", ' style="display:none"',
              ' aria-hidden="true"', ' itemprop="articleBody"', ' property="og:title" content="Héllo “world"',
              ' name="author" content="By Alice Smith, Bob"', ' name="date" content="2023-02-30"',
              ' datetime="31/02/2023"', ' href="javascript:void(0)"', ' class=', ' "', " a='b", ' =x',
              ' type="application/ld+json"']
HTML_JUNK = ["<!--", "-->", "<![CDATA[", "]]>", "&#0;", "&#xD800;", "&#99999999;", "&#x110000;", "&nbsp",
             "&amp;amp;", "&lt;p&gt;", "<p <b>", "</>", "<>", "<!DOCTYPE html>", "<?xml version='1.0'?>",
             '{"@type": "NewsArticle", "author": {"name": [1, {"x": null}]}, "datePublished": "2023-02-30"}',
             "<br/>", "<//p>", "\x00", "<div/>", "<html>", "</html>", "<body>", "</body>",
             # structured metadata, broken or deeply nested
             '<script type="application/ld+json">{"@type": "NewsArticle", "author": ' + "[" * 900 + '"Alice Smith"'
             + "]" * 900 + ', "datePublished": "9999-99-99"}</script>',
             '<script type="application/ld+json">{"@graph": [{"@type": ["NewsArticle", null, 3], "headline": ["x"], '
             '"author": {"@type": "Person", "name": ["Alice Smith", 7]}, "datePublished": "2023-02-30T25:61:00Z", '
             '"dateModified": 99, "publisher": {"name": {"x": 1}}}]}</script>',
             '<script type="application/ld+json">' + "[" * 5000 + "</script>",
             '<meta property="article:published_time" content="0000-00-00T00:00">',
             '<meta property="article:published_time" content="9999-12-31T23:59:59+99:00">',
             '<meta name="author" content="\x00 By , and ">', '<time datetime="31/02/2023">February 30</time>',
             '<meta property="og:site_name" content="">', '<link rel="canonical" href="http://[::1">']


@st.composite
def html_fragment(draw, depth: int = 0) -> str:
    """A random (often broken) HTML tree: unclosed, misnested, hidden, scripted."""
    out = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 1))):
        kind = draw(st.integers(0, 5))
        if kind == 0 and depth < 6:
            tag = draw(st.sampled_from(HTML_TAGS))
            inner = draw(html_fragment(depth=depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", f"</{draw(st.sampled_from(HTML_TAGS))}>"]))
            out.append(f"<{tag}{draw(st.sampled_from(HTML_ATTRS))}>{inner}{close}")
        elif kind == 1:
            out.append(draw(st.sampled_from(HTML_JUNK)))
        else:
            out.append(draw(sentence()))
    return "".join(out)


@st.composite
def html_page(draw) -> str:
    body = draw(html_fragment())
    if draw(st.booleans()):  # deeply nested, closed or not
        depth = draw(st.integers(1, 1500))
        tag = draw(st.sampled_from(["div", "span", "b", "blockquote", "li", "table", "p"]))
        closing = f"</{tag}>" * draw(st.integers(0, depth))
        body = f"<{tag}>" * depth + draw(sentence()) + body + closing
    if draw(st.booleans()):
        paragraphs = draw(st.lists(st.one_of(sentence(), article_sentence()), max_size=8))
        closing = draw(st.sampled_from(["</p>", "", "</div>", "</p></p>"]))
        body += "".join(f"<p>{p}{closing}" for p in paragraphs)
    head = draw(st.sampled_from(["", "<html><head><title>", "<!doctype html><html><head><title>"]))
    title = draw(sentence()) if head else ""
    return head + title + ("</title></head><body>" if head else "") + body


# ---------------------------------------------------------------------------------------------
# Checks
def check_span(span, n: int, what: str) -> None:
    assert span is not None, what
    start, end = span
    assert isinstance(start, int) and isinstance(end, int), f"{what}: {span!r} is not a pair of ints"
    assert 0 <= start <= end <= n, f"{what}: {span!r} outside 0..{n}"


def check_body(text: str, body) -> None:
    previous = 0
    for span in body:
        check_span(span, len(text), "body span")
        start, end = span
        assert previous <= start < end, f"body spans not sorted, disjoint and non-empty: {body!r}"
        previous = end


ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def check_metadata(meta) -> None:
    for field_ in ("title", "author", "published", "outlet", "url"):
        value = getattr(meta, field_)
        assert value is None or isinstance(value, str), field_
    if meta.published is not None:
        assert ISO.match(meta.published) and D.parse_iso(meta.published), meta.published
    if meta.published_range is not None:
        lo, hi = meta.published_range
        assert D.parse_iso(lo) and D.parse_iso(hi) and lo <= hi, meta.published_range


def check_document(doc: Document) -> None:
    assert isinstance(doc.text, str)
    doc.text.encode("utf-8")  # raises on lone surrogates: such a text could not be stored or exported
    check_body(doc.text, doc.body)


def check_analysis(a: DocumentAnalysis) -> None:
    doc = a.document
    check_document(doc)
    text, n = doc.text, len(doc.text)
    assert a.error is None or isinstance(a.error, str)
    for m in a.mentions:
        assert m.doc == doc.id
        check_span((m.start, m.end), n, "entity mention")
        assert m.surface == text[m.start:m.end]
    for q in a.quotes:
        assert q.doc == doc.id
        check_span(q.content, n, "quote content")
        # a statement's verbatim pieces lie inside its content, in text order, apart
        assert all(q.content[0] <= s < e <= q.content[1] for s, e in q.pieces), (q.content, q.pieces)
        assert all(a[1] <= b[0] for a, b in zip(q.pieces, q.pieces[1:])), q.pieces
        assert q.act in ("say", "think", "find") and (q.kind != "indirect" or q.pieces == [])
        if q.cue is not None:
            check_span(q.cue, n, "quote cue")
        if q.speaker_span is not None:
            check_span(q.speaker_span, n, "quote speaker")
    for e in a.events:
        assert e.doc == doc.id
        check_span(e.span, n, "event span")
        check_span(e.trigger, n, "event trigger")
        for name in ("date_span", "sentence"):
            if getattr(e, name) is not None:
                check_span(getattr(e, name), n, f"event {name}")
    for c in a.claims:
        assert c.doc == doc.id
        check_span(c.span, n, "claim span")


# ---------------------------------------------------------------------------------------------
# Ingest
SUFFIXES = [".txt", ".html", ".htm", ".jsonl", ".ndjson", ".text", ".xhtml", "", ".bin", ".TXT", ".Html"]


@st.composite
def jsonl_line(draw) -> bytes:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=80))
    if kind == 1:  # deeply nested JSON
        depth = draw(st.integers(1, 5000))
        return b"[" * depth + b"]" * draw(st.integers(0, depth))
    if kind == 2:
        return json.dumps(draw(st.one_of(st.integers(), st.lists(st.integers()), st.text(), st.none()))).encode()
    record = {}
    field_value = st.one_of(st.text(max_size=30), news_text(huge=300), st.integers(), st.none(), st.lists(st.text()),
                            st.dictionaries(st.text(max_size=3), st.integers()), st.sampled_from(ODD_DATES))
    for key in draw(st.lists(st.sampled_from(["text", "html", "url", "title", "author", "outlet", "published",
                                              "extra"]), max_size=6, unique=True)):
        record[key] = draw(field_value)
    if draw(st.booleans()):
        record[draw(st.sampled_from(["text", "html"]))] = draw(st.one_of(news_text(huge=600), html_page()))
    line = json.dumps(record, ensure_ascii=draw(st.booleans()))  # lone surrogates survive as \ud800 escapes
    data = line.encode("utf-8", errors="surrogatepass")
    return draw(st.sampled_from([data, codecs.BOM_UTF8 + data, data.replace(b"}", b"", 1), data + b"\r"]))


FILE_NAMES = [b"f", b"caf\xe9", b"\xff\xfe", b"new\nline", b" ", b"-", b"\xed\xa0\x80", b"\xe2\x80\x9c", b"a.b.c"]


def write_file(folder: Path, name: bytes, data: bytes) -> None:
    """A file whose name is raw bytes (Linux allows any but NUL and "/"), which need not be UTF-8."""
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(data)


def check_item(item) -> None:
    assert isinstance(item, (RawDocument, Problem))
    item.source.encode("utf-8")  # raises on lone surrogates, which neither ids nor the store can take
    if isinstance(item, RawDocument):
        assert item.kind in ("text", "html") and isinstance(item.data, bytes) and item.data.strip()
        for value in item.hints.values():
            assert isinstance(value, str)
            value.encode("utf-8")
    else:
        assert item.reason


@cases(60)
@given(files=st.lists(st.tuples(st.sampled_from(FILE_NAMES), st.sampled_from(SUFFIXES),
                                st.one_of(encoded(), encoded(st.builds(str))), st.booleans()),
                      min_size=1, max_size=5),
       manifest=st.one_of(st.none(), st.binary(max_size=200),
                          st.builds(lambda rows: ("file,outlet,published,author\n" + rows).encode(),
                                    st.text(max_size=120))))
@example(files=[(b"caf\xe9", ".txt", b"Text in a file whose name is not UTF-8.", False)], manifest=None)
def test_ingest_never_raises_on_hostile_files(files, manifest):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, (name, suffix, data, nested) in enumerate(files):
            folder = root / "sub" if nested else root
            folder.mkdir(exist_ok=True)
            write_file(folder, name + str(i).encode() + suffix.encode(), data)
        if manifest is not None:
            (root / "sources.csv").write_bytes(manifest)
        items = list(iter_inputs([root, root / "missing\udce9", *[p for p in root.iterdir() if p.is_file()]]))
    assert items, "every input gives a RawDocument or a Problem"
    for item in items:
        check_item(item)


@cases(60)
@given(lines=st.lists(jsonl_line(), min_size=1, max_size=8),
       sep=st.sampled_from([b"\n", b"\r\n", b"\r", b"\n\n"]))
@example(lines=[b"[" * 100_000], sep=b"\n")  # raised RecursionError out of ingest
@example(lines=[b'{"text": "Some text.", "url": "\\ud800", "title": "\\udce9"}'], sep=b"\n")  # crashed ids and store
def test_ingest_jsonl_never_raises(lines, sep):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_bytes(sep.join(lines))
        items = list(iter_inputs([path]))
    for item in items:
        check_item(item)
        if isinstance(item, RawDocument):
            try:  # and cleaning what ingest let through never raises but NotText
                doc = clean_document(item)
            except NotText:
                continue
            check_document(doc)


# ---------------------------------------------------------------------------------------------
# Cleaning
@cases(200)
@given(data=st.one_of(st.binary(max_size=2000), encoded()))
@example(data=b"\xfe\xff\x00")  # a UTF-16 BOM and an odd byte raised UnicodeDecodeError
@example(data=codecs.BOM_UTF16_LE + b"\x00\xd8a\x00")  # a lone surrogate in UTF-16
def test_decode_gives_text_or_not_text(data):
    try:
        text = decode(data)
    except NotText:
        return
    assert isinstance(text, str)


@cases(500)
@given(text=st.one_of(news_text(huge=20000), st.text(max_size=3000),
                      st.lists(st.sampled_from(CONTROL + LINE_BREAKS + QUOTE_MARKS + ["a", "The end.", " "]),
                               max_size=300).map("".join)))
@example(text="\ud800 said “hello\x00” on February 30.\n\n" * 3)
def test_body_spans_sorted_disjoint_inside(text):
    check_body(text, body_spans(text))


CHARSETS = ["utf-8", "cp1252", "utf-16", "idna", "punycode", "undefined", "rot13", "base64", "x-unknown", "utf-7",
            "unicode_escape", "latin-1", ""]  # charset labels as an HTTP header may declare them


@cases(120)
@given(data=encoded(), hints=st.dictionaries(st.sampled_from(["url", "title", "author", "outlet", "published",
                                                              "charset"]),
                                             st.one_of(st.sampled_from(ODD_DATES + CHARSETS), st.text(max_size=20)),
                                             max_size=3))
@example(data=b"caf\xe9 au lait", hints={"charset": "undefined"})  # a declared charset raised UnicodeError
@example(data=b"caf\xe9 \\ud800 au lait", hints={"charset": "unicode_escape"})  # gave a lone surrogate
@example(data=b'Alice said "the\x93 plan.', hints={"charset": "unicode_escape"})  # rewrote the text
def test_clean_text_document(data, hints):
    try:
        doc = clean_document(RawDocument(source="fuzz.txt", data=data, kind="text", hints=hints))
    except NotText:
        return
    check_document(doc)
    assert doc.text == decode(data)  # plain text is never modified
    check_metadata(text_metadata(doc.text, doc.body))


@cases(60)
@given(page=html_page(), how=st.sampled_from(["utf-8", "cp1252", "utf-8-sig", "utf-16"]))
def test_clean_html_document(page, how):
    data = no_surrogates(page).encode(how, errors="replace")
    try:
        doc = clean_document(RawDocument(source="fuzz.html", data=data, kind="html", hints={}))
    except NotText:
        return
    check_document(doc)


@cases(40)
@given(page=html_page())
def test_html_extract_and_metadata_on_str(page):
    text, body = html_extract(page, include_title=True)
    check_body(text, body)
    check_metadata(html_metadata(page, text, body))


# ---------------------------------------------------------------------------------------------
# Dates
references = st.one_of(
    st.none(),
    st.dates().map(D.day),
    st.dates().map(lambda d: D.month(d.year, d.month)),
    st.dates().map(lambda d: D.year(d.year)),
)


numbers = st.one_of(st.integers(-99, 99999), st.integers(), st.sampled_from(["a", "several", "zero", "1e9", "0"]))
months = st.sampled_from(["January", "February", "Feb.", "Sept", "Smarch", "Octember", "May", "march", "13"])
date_expressions = st.one_of(
    st.builds("{} {}{} ago".format, numbers, st.sampled_from(["day", "week", "month", "year", "decade"]),
              st.sampled_from(["s", ""])),
    st.builds("{} {}, {}".format, months, st.integers(-5, 1000), st.integers(-5, 100000)),
    st.builds("{}{} of {} {}".format, st.integers(0, 100), st.sampled_from(["th", "st", "nd", ""]), months,
              st.integers(0, 99999)),
    st.builds("{} {}-{}".format, months, st.integers(0, 99), st.integers(0, 99)),
    st.builds("{}/{}/{}".format, st.integers(0, 99), st.integers(0, 99), st.integers(0, 99999)),
    st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)),
    st.builds("{} {} {}".format, st.sampled_from(["last", "next", "this", "on", "from", "between", "since"]),
              st.sampled_from(["Monday", "Friday through Sunday", "week", "month", "year", "May to April"]),
              st.sampled_from(["", "morning", "2099", "and", "through"])),
)


@cases(1000)
@given(expr=st.one_of(st.sampled_from(ODD_DATES), sentence(), st.text(max_size=40), date_expressions),
       ref=references, future=st.booleans())
@example(expr="10000 years ago", ref=D.day(date(2023, 3, 1)), future=False)  # raised ValueError
@example(expr="99999999999 weeks ago", ref=D.day(date(2023, 3, 1)), future=False)  # raised OverflowError
@example(expr="next year", ref=D.day(date(9999, 12, 31)), future=False)  # raised ValueError
@example(expr="in May", ref=D.day(date(1, 1, 1)), future=False)  # raised ValueError
@example(expr="February 30", ref=D.day(date(2023, 3, 1)), future=False)
@example(expr="31/02/2023", ref=None, future=False)
@example(expr="the 99th of Smarch", ref=D.day(date(2023, 3, 1)), future=True)
def test_dates_resolve_never_raises(expr, ref, future):
    value = D.resolve(expr, ref, future=future)
    if value is not None:
        assert value.start <= value.end and value.precision in D.PRECISIONS
        iso = value.iso()
        assert D.parse_iso(iso["start"]) is not None and D.parse_iso(iso["end"]) is not None


@cases(500)
@given(published=st.one_of(st.none(), st.sampled_from(ODD_DATES), st.text(max_size=12),
                           st.dates().map(date.isoformat)),
       published_range=st.one_of(st.none(), st.tuples(st.text(max_size=12), st.text(max_size=12))))
def test_date_reference_never_raises(published, published_range):
    ref = D.reference(published, published_range)
    assert ref is None or ref.start <= ref.end


# ---------------------------------------------------------------------------------------------
# Extractors (spaCy and the sentence embedder load once per process: few cases each)
def _analysable(doc: Document) -> bool:
    return bool(doc.body) and doc.analysable


@cases(40)
@given(text=st.one_of(article(), article(), news_text(huge=3000)), published=st.one_of(st.none(), st.dates().map(date.isoformat),
                                                      st.sampled_from(["2023-02-30", "0001-01-01", "9999-12-31",
                                                                       "banana"])))
def test_every_extractor_directly(text, published):
    from newsdossier.extract.claims import find_claims
    from newsdossier.extract.entities import find_mentions
    from newsdossier.extract.events import find_events
    from newsdossier.extract.quotes import find_quotes
    from newsdossier.nlp import parse_body

    hints = {"published": published} if published else {}
    try:
        doc = clean_document(RawDocument(source="fuzz.txt", data=text.encode("utf-8", "replace"), kind="text",
                                         hints=hints))
    except NotText:
        return
    check_document(doc)
    # the extractors run on every document, English or not, so that their own errors surface here
    body = doc.body or ([(0, len(doc.text))] if doc.text.strip() else [])
    sdoc = parse_body(doc.text, body)
    assert len(sdoc.text) == len(doc.text)
    a = DocumentAnalysis(document=doc)
    a.mentions = find_mentions(doc.id, sdoc)
    a.quotes = find_quotes(doc.id, doc.text, sdoc, a.mentions, body)
    a.events = find_events(doc.id, doc.text, sdoc, a.mentions, doc.published, doc.published_range)
    a.claims = find_claims(doc.id, doc.text, sdoc, a.mentions, a.quotes, a.events, body, doc.published,
                           doc.published_range)
    check_analysis(a)


@cases(15)
@given(raws=st.lists(st.tuples(st.sampled_from(["text", "html"]),
                               st.one_of(encoded(), encoded(html_page()), st.binary(max_size=200))),
                     min_size=1, max_size=4))
def test_analyse_documents_batch(raws):
    from newsdossier.pipeline import analyse_documents

    batch = [RawDocument(source=f"fuzz{i}", data=data, kind=kind) for i, (kind, data) in enumerate(raws)]
    results = analyse_documents(batch)
    assert len(results) == len(batch)
    for result in results:
        assert isinstance(result, (DocumentAnalysis, Problem))
        if isinstance(result, DocumentAnalysis):
            check_analysis(result)
            if not _analysable(result.document):
                assert result.error and not (result.mentions or result.quotes or result.events or result.claims)


# ---------------------------------------------------------------------------------------------
# End to end: build into a tmp DuckDB, export JSON and CSV
EDGE_OF_CALENDAR = (
    "Leaders meet at the edge of the calendar\n\n"
    "Alice Smith met Bob Jones in Paris on December 31, 9999, officials said after the talks ended.\n\n"
    "Bob Jones visited Germany on January 1, 0001, and signed an agreement with the United Nations there.\n\n"
    "Alice Smith said the two leaders would meet again in Paris on December 31, 9999 to sign the treaty.\n"
)


@cases(5)
@given(files=st.lists(st.tuples(st.sampled_from([".txt", ".html", ".jsonl"]),
                                st.one_of(encoded(), encoded(html_page()),
                                          st.lists(jsonl_line(), min_size=1, max_size=3).map(b"\n".join))),
                      min_size=1, max_size=4))
@example(files=[(".txt", EDGE_OF_CALENDAR.encode()),  # events dated 9999-12-31 / 0001-01-01 overflowed fusion
                (".jsonl", json.dumps({"text": EDGE_OF_CALENDAR, "published": "0001-01-01"}).encode())])
def test_build_store_export_end_to_end(files):
    from newsdossier.export import dossier, write_csv, write_json
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs = root / "in"
        inputs.mkdir()
        for i, (suffix, data) in enumerate(files):
            write_file(inputs, FILE_NAMES[i % len(FILE_NAMES)] + str(i).encode() + suffix.encode(), data)
        with Store(root / "fuzz.duckdb") as store:
            result = build([inputs], store)
            for problem in result.problems + result.notes:
                assert isinstance(problem, Problem) and problem.reason
            data = dossier(store)
            write_json(store, root / "out.json")
            write_csv(store, root / "csv")
        exported = json.loads((root / "out.json").read_text(encoding="utf-8"))
    assert len(exported["documents"]) == len(data["documents"]) == result.added
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for d in data["documents"]:
        check_body(d["text"], [tuple(s) for s in d["body"]])
    for entity in data["entities"]:
        for m in entity["mentions"]:
            check_span((m["start"], m["end"]), len(texts[m["doc"]]), "entity mention")
    for q in data["quotes"]:
        n = len(texts[q["doc"]])
        check_span(tuple(q["content"]), n, "quote content")
        assert all(q["content"][0] <= s < e <= q["content"][1] for s, e in q["pieces"])
        assert q["speaker"]["kind"] in ("named", "description", "unresolved")
        for span in (q["cue"], q["speaker"]["span"]):
            if span is not None:
                check_span(tuple(span), n, "quote cue/speaker")
    for event in data["events"]:
        for ev in event["evidence"]:
            check_span((ev["start"], ev["end"]), len(texts[ev["doc"]]), "event evidence")
    for claim in data["claims"]:
        check_span(tuple(claim["span"]), len(texts[claim["doc"]]), "claim span")
    for disagreement in data["disagreements"]:
        for side in disagreement.get("sides", []):
            for ev in side.get("evidence", []):
                check_span((ev["start"], ev["end"]), len(texts[ev["doc"]]), "disagreement evidence")
