"""Loaded wording (issue 5): the outlet's judgement words with their spans, never a speaker's."""
from __future__ import annotations

from newsdossier.extract.loaded import find_loaded, quoted_spans, why_loaded
from newsdossier.nlp import parse_body
from newsdossier.records import QuoteMention


def loaded_of(text: str, quotes=()):
    body = [(0, len(text))]
    return find_loaded("d1", text, parse_body(text, body), list(quotes), body)


def test_judgement_words_with_offsets():
    text = ("The regime slammed the so-called reforms as the army's utterly reckless advance went on. "
            "Officials met on Tuesday in the capital.")
    found = loaded_of(text)
    terms = [t.term for t in found]
    assert "regime" in terms and any("slammed" in t for t in terms) and any("so-called" in t for t in terms)
    assert "utterly reckless" in terms  # a loaded modifier joins the loaded word after it
    for t in found:
        assert text[t.span[0]:t.span[1]] == t.term
    assert not [t for t in found if t.span[0] >= text.index("Officials")]  # a plain factual sentence


def test_quoted_words_are_the_speakers():
    text = 'The minister said attempts "have taken an absolutely ugly shape" and left the hall.'
    assert [t for t in loaded_of(text) if "ugly" in t.term] == []
    # the same words in a quote found by the quote stage (no quotation marks) are skipped too
    plain = "Attempts have taken an absolutely ugly shape, the minister said."
    quote = QuoteMention(doc="d1", content=(0, plain.index(",")), kind="direct", cue=None, speaker_name="X")
    assert loaded_of(plain) and loaded_of(plain, [quote]) == []
    assert quoted_spans(text, [(0, len(text))]) == [(text.index('"'), text.rindex('"') + 1)]


def test_names_and_facts_are_not_loaded():
    sdoc = parse_body("Hope Smith was killed in the war.", [(0, 33)])
    assert [why_loaded(t) for t in sdoc if why_loaded(t)] == []


def test_sco_loaded_terms_in_export(sco_export):
    docs = {d["id"]: d for d in sco_export["documents"]}
    quotes = {}
    for q in sco_export["quotes"]:
        if q["kind"] in ("direct", "mixed"):
            quotes.setdefault(q["doc"], []).append(q["content"])
    terms = [t for o in sco_export["outlets"] for t in o["loaded_terms"]]
    assert terms
    for t in terms:
        assert set(t) == {"term", "doc", "start", "end"}
        d = docs[t["doc"]]
        assert d["text"][t["start"]:t["end"]] == t["term"]
        assert any(a <= t["start"] and t["end"] <= b for a, b in d["body"])
        assert not any(a <= t["start"] and t["end"] <= b for a, b in quotes.get(t["doc"], []))
    words = " | ".join(t["term"].lower() for t in terms)
    assert "divisive" in words  # the writer's word in 003, from the general lists
    assert "ugly" not in words  # "an absolutely ugly shape" is Putin's, inside quotation marks
