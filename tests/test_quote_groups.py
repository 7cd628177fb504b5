"""Quote groups: one statement in several renderings, never two speakers or two remarks."""
from newsdossier.fuse.quote_groups import compare, group_quotes


def _quotes(*items):
    texts, quotes = {}, []
    for n, (doc, speaker, words) in enumerate(items):
        start = len(texts.get(doc, ""))
        texts[doc] = texts.get(doc, "") + words + "\n"
        quotes.append({"id": f"q{n}", "doc": doc, "content": [start, start + len(words)], "kind": "direct",
                       "speaker": {"name": speaker, "entity": f"e-{speaker}", "entities": [f"e-{speaker}"], "span": None},
                       "cue": None, "group": None})
    return quotes, texts


def test_two_translations_of_one_remark_form_one_group():
    quotes, texts = _quotes(
        ("a", "Ann Lee", "We will not raise taxes on working families this year, and we will protect pensions."),
        ("b", "Ann Lee", "We are not going to raise taxes on working families this year; pensions will be protected."),
    )
    groups = group_quotes(quotes, texts, {"a": "2024-05-01", "b": "2024-05-02"})
    assert len(groups) == 1 and groups[0]["members"] == ["q0", "q1"]
    assert quotes[0]["group"] == quotes[1]["group"] == groups[0]["id"]


def test_different_speakers_are_never_grouped():
    quotes, texts = _quotes(
        ("a", "Ann Lee", "We will not raise taxes on working families this year."),
        ("b", "Bob Roe", "We will not raise taxes on working families this year."),
    )
    assert group_quotes(quotes, texts, {}) == []


def test_remarks_far_apart_in_time_are_not_grouped():
    quotes, texts = _quotes(
        ("a", "Ann Lee", "Relations between our countries are at their best in history."),
        ("b", "Ann Lee", "Relations between our countries are at their best in history."),
    )
    assert group_quotes(quotes, texts, {"a": "2022-09-15", "b": "2024-07-03"}) == []


def test_two_remarks_of_one_speaker_in_one_article_stay_apart():
    quotes, texts = _quotes(
        ("a", "Ann Lee", "Our partnership with the region is in the best period of its history."),
        ("a", "Ann Lee", "Our cooperation with the region serves as a main stabilising factor in world affairs."),
    )
    assert group_quotes(quotes, texts, {}) == []


def test_a_changed_number_is_flagged_as_a_possible_misquote():
    diff = compare("Trade will reach $200 billion next year.", "Trade will reach $300 billion next year.", "q0", "q1")
    assert diff["possible_misquote"] and "a number differs" in diff["why"]
    assert any(op["op"] == "replace" and op["other"] == "300" for op in diff["ops"])


def test_a_dropped_negation_is_flagged():
    diff = compare("We do not create blocs or alliances.", "We do create blocs or alliances.", "q0", "q1")
    assert "a negation differs" in diff["why"]
