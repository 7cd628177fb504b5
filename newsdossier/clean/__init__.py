"""Clean: raw bytes → a `Document` with its text, the article's body spans, metadata and language.

1. decode the bytes (UTF-8, else the detected encoding; binary input is refused);
2. find the text and body: HTML → visible text + article spans; plain text → the file's text
   untouched + the spans that are article rather than junk;
3. metadata (title, author, date or plausible date range), with the user's hints on top;
4. language: documents not in English are kept and cleaned but flagged as not analysable.
"""
from __future__ import annotations

import codecs
import logging

from ..extract.dates import parse_iso
from ..ids import document_id, sha256_hex
from ..records import Document, RawDocument

LOGGER = logging.getLogger(__name__)

ANALYSED_LANGUAGES = {"en"}


class NotText(ValueError):
    """The input is not text in any encoding we can detect."""


def decode(data: bytes, declared: str | None = None) -> str:
    """The bytes as text: UTF-8 (BOM dropped; a few stray bytes read as Windows-1252), else the
    `declared` charset (an HTTP header's) when the bytes decode in it, else the detected encoding;
    raises NotText for binary."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # errors="replace": an odd trailing byte or a lone surrogate raised UnicodeDecodeError;
        # and binary behind a BOM is refused like any other binary
        text = data.decode("utf-16", errors="replace")
        if _control_share(text) > 0.05:
            raise NotText("binary file (mostly control characters)")
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" in data[:8192]:
            raise NotText("binary file (not text in any known encoding)")
        text = _mostly_utf8(data) or _declared(data, declared) or _western_legacy(data)
        if text is None:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            if best is None:
                raise NotText("binary file (not text in any known encoding)")
            text = str(best)
            LOGGER.debug("decoded as %s", best.encoding)
    if _control_share(text) > 0.05:
        raise NotText("binary file (mostly control characters)")
    return text


STRAY_BYTES = 64  # undecodable bytes a UTF-8 file may have (pasted from a Windows editor) and stay UTF-8


def _mostly_utf8(data: bytes):
    """UTF-8 with a few stray bytes (a curly quote pasted from a Windows-1252 editor), each read
    as Windows-1252, when the rest holds more UTF-8 characters than there are stray bytes:
    decoding the whole file as Windows-1252 would garble every one of those characters."""
    pieces, stray, start = [], 0, 0
    while True:
        try:
            pieces.append(data[start:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            pieces.append(data[start:start + exc.start].decode("utf-8"))
            bad = data[start + exc.start:start + exc.end]
            pieces.append(bad.decode("cp1252", errors="replace"))
            stray += len(bad)
            start += exc.end
            if stray > STRAY_BYTES:
                return None
    multibyte = sum(1 for piece in pieces[0::2] for ch in piece if ord(ch) > 127)
    return "".join(pieces) if multibyte >= stray else None


# Python codecs that an HTTP header might name but that are no character set of the web: their
# "decoding" rewrites the text (escapes, punycode), so detection takes over.
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "utf-7"})


def _declared(data: bytes, charset: str | None):
    if not charset:
        return None
    try:
        if codecs.lookup(charset).name in _NOT_CHARSETS:
            return None
        text = data.decode(charset)
        text.encode("utf-8")  # "unicode_escape" and the like can yield lone surrogates: not storable text
        return text
    except (ValueError, LookupError):  # a wrong label is common; detection takes over
        # ValueError covers UnicodeError (codecs such as "undefined" or "idna" raise the base class, not
        # UnicodeDecodeError) and a label with a null character, which `codecs.lookup` refuses so
        return None


def _western_legacy(data: bytes):
    """Windows-1252, the commonest legacy encoding of English pages, when the bytes read as mostly
    ASCII letters with a few accented ones (text in another script decoded this way is nearly all
    accented letters, and is left to charset detection)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    accented = sum(1 for ch in letters if ord(ch) > 127)
    return text if accented / len(letters) < 0.2 else None


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return control / len(sample)


def detect_language(text: str, body) -> str:
    """ISO 639-1 code of the body (English when too little text to tell)."""
    sample = " ".join(text[s:e] for s, e in body)[:6000]
    if len(sample.split()) < 12:
        return "en"
    import py3langid

    lang, prob = py3langid.classify(sample)
    return lang


def clean_document(raw: RawDocument) -> Document:
    """The cleaning stage for one input. Raises NotText when the bytes are not text."""
    from . import metadata as meta_mod

    text = decode(raw.data, raw.hints.get("charset"))
    url = raw.hints.get("url")
    # the latest day the page can be from: the input's capture day (ingest), never the clock's
    captured = parse_iso(raw.hints.get("captured"))
    latest = captured.end if captured else None
    if raw.kind == "html":
        from .html import extract

        html = text
        # the spec counts the headline as part of the article body
        text, body = extract(html, url=url, include_title=True)
        meta = meta_mod.html_metadata(html, text, body, url=url, today=latest)
    else:
        from .text import body_spans

        body = body_spans(text)
        meta = meta_mod.text_metadata(text, body, today=latest)
    language = detect_language(text, body)
    hints, defaults = raw.hints, raw.defaults
    # the user's hints override the page; an archive's metadata fills only what the page lacks
    published = hints.get("published") or meta.published or defaults.get("published")
    return Document(
        id=document_id(raw.source, raw.data),
        source=raw.source,
        sha256=sha256_hex(raw.data),
        text=text,
        body=[(int(s), int(e)) for s, e in body],
        language=language,
        outlet=hints.get("outlet") or meta.outlet or defaults.get("outlet"),
        author=hints.get("author") or meta.author or defaults.get("author"),
        title=hints.get("title") or meta.title or defaults.get("title"),
        published=published,
        published_range=None if published else meta.published_range,
        url=url or meta.url,
        analysable=language in ANALYSED_LANGUAGES,
    )
