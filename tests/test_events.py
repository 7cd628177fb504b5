"""Event mentions (extract/events.py), their fusion across documents (fuse/events.py), and the SCO gate."""
from dataclasses import asdict

import pytest

from benchmarks.sco_events import score
from benchmarks.sco_gold import load_gold
from newsdossier.extract.entities import find_mentions
from newsdossier.extract.events import find_events, load_classifier
from newsdossier.fuse.events import fuse_events
from newsdossier.nlp import parse_body


def events_of(text, published=None, doc="d1", published_range=None):
    sdoc = parse_body(text, [(0, len(text))])
    return find_events(doc, text, sdoc, find_mentions(doc, sdoc), published, published_range)


def words(text, span):
    return text[span[0]:span[1]]


def test_the_trained_classifier_ships_with_the_package():
    w, b, types = load_classifier()
    assert w.shape == (384, 16) and len(types) == 16 and "CONSULT" in types


def test_two_joins_in_one_sentence_each_with_its_own_date_and_a_list_stays_one_event():
    text = "Those are among the founders, while India and Pakistan joined in 2017, and Iran was welcomed as the newest member last year."
    joins = [e for e in events_of(text, "2024-07-03") if e.type == "JOIN"]
    assert [(e.actors, e.date["start"], e.date["precision"]) for e in joins] == [
        (["India", "Pakistan"], "2017", "year"), (["Iran"], "2023", "year")]
    assert words(text, joins[0].span) == "India and Pakistan joined in 2017"
    assert words(text, joins[1].span) == "Iran was welcomed as the newest member last year"


def test_background_facts_are_dated_by_what_they_say_not_by_the_article():
    text = "Founded in 2001, the alliance now comprises ten countries."
    (e,) = events_of(text, "2025-09-01")
    assert (e.type, e.date["start"], e.modality) == ("ESTABLISH", "2001", "asserted")
    assert words(text, e.span) == "Founded in 2001"


def test_expectations_are_marked_and_dated_by_the_gathering_they_name():
    text = "The bloc is expected to induct Norway as its first Nordic member during the summit."
    (e,) = [e for e in events_of(text, "2024-07-03") if e.type == "JOIN"]
    assert e.modality == "expected" and e.actors == ["Norway"]
    assert e.date["start"] == "2024-07-03"  # "during the summit": the summit the article reports


@pytest.mark.parametrize("sentence, modality", [
    ("Canada could soon be upgraded to a full member state.", "hypothetical"),
    ("The union is preparing to take a major step by granting membership to Canada.", "expected"),
    ("Canada will join the union next year.", "expected"),
    ("Canada did not join the union.", "denied"),
    ("Canada joined the union in 2019.", "asserted"),
])
def test_modality(sentence, modality):
    (e,) = [e for e in events_of(sentence, "2024-07-03") if e.type == "JOIN"]
    assert e.modality == modality


def test_a_date_after_the_article_makes_a_report_an_expectation():
    text = "The summit also precedes a military parade in Beijing on September 3rd."
    (e,) = [e for e in events_of(text, "2025-09-01") if e.type == "MOBILIZE"]
    assert (e.modality, e.date["start"], e.places) == ("expected", "2025-09-03", ["Beijing"])


def test_a_meeting_with_weekday_date_place_and_people():
    text = ("On Thursday, September 15, French President Emmanuel Macron and German Chancellor Olaf Scholz held a "
            "bilateral meeting in Paris.")
    (e,) = events_of(text, "2022-09-20")
    assert e.type == "CONSULT" and e.date["start"] == "2022-09-15" and e.places == ["Paris"]
    assert set(e.actors) == {"Emmanuel Macron", "Olaf Scholz"}


def _rows(text, doc, published):
    return [asdict(e) for e in events_of(text, published, doc)]


def test_reports_of_one_meeting_in_two_documents_fuse_and_keep_each_source():
    a = "Emmanuel Macron and Olaf Scholz met in Paris on Wednesday."
    b = "Olaf Scholz and Emmanuel Macron held talks in Paris on July 3."
    rows = _rows(a, "da", "2024-07-04") + _rows(b, "db", "2024-07-05")
    (event,) = [e for e in fuse_events(rows, {}, {"da": ("2024-07-04", None, None), "db": ("2024-07-05", None, None)},
                                       {"da": "Outlet A", "db": "Outlet B"}) if e["type"] == "CONSULT"]
    assert event["date"] == {"start": "2024-07-03", "end": "2024-07-03", "precision": "day"}
    assert [ev["doc"] for ev in event["evidence"]] == ["da", "db"] and event["outlets"] == ["Outlet A", "Outlet B"]
    assert event["summary"].startswith("Emmanuel Macron and Olaf Scholz met in Paris on 2024-07-03")
    assert event["id"].startswith("v")


def test_an_expectation_and_the_later_report_are_one_asserted_event():
    a = "Canada is expected to join the alliance on July 10."
    b = "Canada joined the alliance on July 10."
    dates = {"da": ("2024-07-01", None, None), "db": ("2024-07-12", None, None)}
    rows = _rows(a, "da", "2024-07-01") + _rows(b, "db", "2024-07-12")
    (event,) = [e for e in fuse_events(rows, {}, dates, {}) if e["type"] == "JOIN"]
    assert event["modality"] == "asserted"
    assert sorted(ev["modality"] for ev in event["evidence"]) == ["asserted", "expected"]
    assert event["date"]["start"] == "2024-07-10"


def test_different_dates_stay_different_events():
    rows = _rows("Canada joined the alliance in 2017.", "da", "2024-07-01") + \
        _rows("Mexico joined the alliance in 2019.", "db", "2024-07-01")
    joins = [e for e in fuse_events(rows, {}, {}, {}) if e["type"] == "JOIN"]
    assert len(joins) == 2


# ---- quality gate: the SCO dev gold (benchmarks/sco_events.py); floors are the figures reached ----------
@pytest.fixture(scope="module")
def sco_events(sco_export):
    return score(sco_export, load_gold()["events"])


def test_sco_events_found_with_the_right_date_and_none_recorded_twice(sco_events):
    assert sco_events["right_date"] >= 14, sco_events["rows"]
    assert sco_events["twice"] == [] and sco_events["twice_loose"] == []


def test_sco_event_types(sco_events):
    assert sco_events["type_right"] >= 14, sco_events["rows"]


def test_sco_export_events_have_the_spec_shape(sco_export):
    keys = {"id", "type", "mode", "modality", "actors", "recipients", "place", "date", "evidence", "outlets", "summary"}
    entity_ids = {e["id"] for e in sco_export["entities"]}
    for e in sco_export["events"]:
        assert set(e) == keys
        assert e["modality"] in ("asserted", "expected", "hypothetical", "denied")
        assert set(e["actors"]) | set(e["recipients"]) <= entity_ids
        assert e["evidence"] and all(set(ev) == {"doc", "start", "end", "modality"} for ev in e["evidence"])
        assert e["date"] is None or set(e["date"]) == {"start", "end", "precision"}
