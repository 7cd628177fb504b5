"""Typed records that flow through the pipeline, one stage to the next.

Every span is ``(start, end)`` in Python string indices into the ``text`` of the
document it belongs to (see the export spec, "Offsets").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

Span = tuple[int, int]


@dataclass
class RawDocument:
    """One input as read from disk: bytes plus what the user told us about it."""

    source: str  # path relative to the ingest root, or URL, or "file.jsonl#L3"
    data: bytes  # the raw bytes (for a JSONL line: the `text` or `html` value, UTF-8)
    kind: str  # "text" or "html"
    hints: dict = field(default_factory=dict)  # outlet, url, title, author, published given by the user
    # (and charset: the one an HTTP header declared, for a WARC record)
    defaults: dict = field(default_factory=dict)  # title, published, author, outlet that a web archive's
    # metadata record gives (a feed's or sitemap's entry): used only where the page itself has none


@dataclass
class Metadata:
    title: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None  # ISO YYYY-MM-DD, YYYY-MM or YYYY
    published_range: Optional[tuple[str, str]] = None  # when no date is stated outright
    outlet: Optional[str] = None
    url: Optional[str] = None


@dataclass
class Document:
    """A cleaned document: the text the system analyses and the spans that are the article."""

    id: str
    source: str
    sha256: str
    text: str
    body: list[Span]
    language: str = "en"
    outlet: Optional[str] = None
    author: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    published_range: Optional[tuple[str, str]] = None
    url: Optional[str] = None
    duplicate_of: Optional[str] = None
    analysable: bool = True  # False: kept and cleaned, but not run through the English pipeline


@dataclass
class EntityMention:
    """A named mention inside one document, with the document-level canonical name it resolves to."""

    doc: str
    start: int
    end: int
    surface: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, EVENT, OTHER
    canonical: str  # the fullest name the document itself gives this entity
    ambiguous: bool = False  # a short name two people of the document share: resolved to none


NAMED_LABELS = ("GPE", "ORG", "NORP", "PERSON", "LOC")


def mentions_within(mentions: list[EntityMention], start: int, end: int, labels=NAMED_LABELS) -> list[EntityMention]:
    """The mentions lying wholly inside [start, end) whose label is one of `labels`."""
    return [m for m in mentions if start <= m.start and m.end <= end and m.label in labels]


@dataclass
class QuoteMention:
    """A quote found in one document, before corpus-level fusion assigns entity ids."""

    doc: str
    content: Span
    kind: str  # direct, indirect, mixed
    cue: Optional[Span]
    speaker_name: Optional[str]  # canonical within the document; "A and B" for a joint statement
    speaker_names: list[str] = field(default_factory=list)  # each speaker's canonical name
    speaker_span: Optional[Span] = None  # the mention nearest the quote naming the speaker
    speaker_label: Optional[str] = None  # PERSON, ORG, ... when known
    speaker_kind: Optional[str] = None  # named, description or unresolved (extract/resolve.py)
    pieces: list[Span] = field(default_factory=list)  # the verbatim stretches (marks excluded), in text order
    act: str = "say"  # say, think (beliefs, wishes) or find (a poll, study or document shows)


@dataclass
class EventMention:
    """An event as one document reports it (one clause), before fusion across documents."""

    doc: str
    span: Span  # the evidence: the clause that reports the event
    trigger: Span  # the event word
    type: str  # PLOVER type, or JOIN / ESTABLISH
    mode: Optional[str] = None
    modality: str = "asserted"  # asserted, expected, hypothetical, denied
    actors: list[str] = field(default_factory=list)  # canonical names within the document
    recipients: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date_text: Optional[str] = None  # the clause's own date expression, as written
    date_span: Optional[Span] = None
    date_basis: Optional[str] = None  # own, present, context (see extract/events.py)
    sentence: Optional[Span] = None
    date: Optional[dict] = None  # {start, end, precision} resolved against the document's date
    type_scores: dict = field(default_factory=dict)  # the classifier's top types
    # a noun phrase naming something that exists ("the agreement", "sanctions"): it joins the event
    # it names when fusion finds one, and is dropped otherwise (never an event of its own)
    reference: bool = False
    nominal: bool = False  # the event word is a noun ("the meeting", "talks"), not a verb
    claimed_by: Optional[str] = None  # the speaker when the mention lies inside a quote
    words: Optional[str] = None  # the evidence's own words (shortened), for a summary with no participant
    stem: Optional[str] = None  # the event word's stem ("meeting", "met" → "meet"): what fusion compares
    phase: Optional[str] = None  # "start" or "end": the report tells when the event began or ended


@dataclass
class ClaimMention:
    """A checkable statement as one document makes it (extract/claims.py), before fusion groups it."""

    doc: str
    span: Span  # the evidence: the words that state the claim
    subject: Optional[str]  # canonical name within the document (None: not named in the clause)
    attribute: Optional[str]  # what is measured or stated: "joined", "founded", "population", ...
    value: str  # as stated ("$200 billion or more"), or the date (ISO) of a one-off fact
    number: Optional[float] = None  # the full value of a quantity
    unit: Optional[str] = None  # "USD", "%", "share", "barrel/day", ...
    approx: Optional[str] = None  # "some", "more than", "or more", ...
    as_of: Optional[str] = None  # ISO date a changing quantity refers to; None for one-off facts
    as_of_basis: Optional[str] = None  # own (the sentence's date expression) or document (its date)
    kind: str = "quantity"  # quantity, one-off, or list (who something comprises)
    basis: str = "statement"  # statement, table (a row of a table) or list
    source: Optional[str] = None  # the speaker when the claim lies inside a quote; None: the outlet
    quote: Optional[str] = None  # that quote's id
    date_text: Optional[str] = None  # a one-off fact's date as written
    items: list = field(default_factory=list)  # a member list's names (kind "list"), in text order
    object: Optional[str] = None  # what was joined, when the clause names it (canonical within the document)
    subject_basis: str = "clause"  # clause (named in the claim's clause) or context (resolved from "its")
    number_high: Optional[float] = None  # a range's upper bound ("46 to 57 months")
    measured: list = field(default_factory=list)  # the measured thing's lemmas, its head first ("tariff", "steel")
    measured_text: Optional[str] = None  # the same words as written, for comparing paraphrases
    measured_verb: bool = False  # the head is a verb ("raised $200,000"): weaker evidence of what is measured
    definite: bool = False  # "the $84,000": an amount the document has stated before


@dataclass
class LoadedTerm:
    """Wording that carries the writer's judgement (extract/loaded.py), outside any quote."""

    doc: str
    span: Span
    term: str  # the words as written
    why: str  # label, verb, adverb, adjective, subjective, valence: which source flagged it


@dataclass
class DocumentAnalysis:
    """Everything the per-document stages produce; the unit the store writes atomically."""

    document: Document
    mentions: list[EntityMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    events: list = field(default_factory=list)  # EventMention
    claims: list = field(default_factory=list)  # ClaimMention
    loaded: list = field(default_factory=list)  # LoadedTerm
    error: Optional[str] = None
