"""Claims (issue 5): number normalisation, comparison rules, and the SCO quality floor."""
from __future__ import annotations

import pytest

from benchmarks.sco_claims import score
from benchmarks.sco_gold import load_gold
from newsdossier.extract.claims import find_claims
from newsdossier.extract.entities import find_mentions
from newsdossier.fuse.claims import dates_agree, fuse_claims, numbers_agree
from newsdossier.nlp import parse_body


def claims_of(text: str, published: str = "2024-07-03"):
    sdoc = parse_body(text, [(0, len(text))])
    mentions = find_mentions("d1", sdoc)
    return find_claims("d1", text, sdoc, mentions, [], [], [(0, len(text))], published)


@pytest.mark.parametrize("text, words, number, unit, approx", [
    ("Annual trade will increase to $200 billion or more.", "$200 billion or more", 2e11, "USD", "or more"),
    ("China bought 2mn barrels a day in May.", "2mn barrels a day", 2e6, "barrel/day", None),
    ("The members account for some 20% of global GDP.", "some 20%", 20, "%", "some"),
    ("The army sent more than 50,000 troops to the border.", "more than 50,000 troops", 50000, "troop", "more than"),
    ("The bloc unites about half of our planet's population.", "about half", 0.5, "share", "about"),
    ("Exports rose 3.5 percent last quarter.", "3.5 percent", 3.5, "%", None),
    ("The fund holds €1.2bn in assets.", "€1.2bn", 1.2e9, "EUR", None),
])
def test_quantity_normalisation(text, words, number, unit, approx):
    found = [c for c in claims_of(text) if c.kind == "quantity"]
    assert found, text
    c = found[0]
    assert c.value.startswith(words.split()[0]) and words in text[c.span[0]:c.span[1]]
    assert c.number == pytest.approx(number)
    assert c.unit == unit
    assert c.approx == approx


def test_years_dates_and_times_are_not_quantities():
    found = claims_of("In 2017 the two leaders met on September 15 at 10:30 in the COVID-19 era, one of them said.")
    assert [(c.value, c.unit) for c in found if c.kind == "quantity"] == [("two leaders", "leader")]  # a count


def test_as_of_is_resolved_like_event_dates():
    c = [c for c in claims_of("China bought 2mn barrels a day in May.", "2022-09-15") if c.kind == "quantity"][0]
    assert c.as_of == "2022-05"
    c = [c for c in claims_of("Trade reached $190 billion.", "2024-07-03") if c.kind == "quantity"][0]
    assert c.as_of == "2024-07-03"  # no date of its own: the document's


def test_table_rows_are_one_off_claims():
    text = "Members\n| Member State | Year Joined |\n|---|---|\n| Freedonia | 2017 |\n| Sylvania | 2023 |\n"
    found = [c for c in claims_of(text) if c.basis == "table"]
    assert [(c.subject, c.attribute, c.value) for c in found] == [("Freedonia", "joined", "2017"),
                                                                   ("Sylvania", "joined", "2023")]
    assert text[found[0].span[0]:found[0].span[1]] == "| Freedonia | 2017 |"


def test_whole_member_lists():
    found = [c for c in claims_of("Founded in 1990, the Northern Alliance now comprises Freedonia, Sylvania, "
                                  "Ruritania and Grand Fenwick.") if c.kind == "list"]
    assert len(found) == 1 and found[0].attribute == "members" and len(found[0].items) == 4
    assert [c for c in claims_of("The Northern Alliance includes Freedonia, Sylvania and Ruritania, among others.")
            if c.kind == "list"] == []


def test_number_comparison():
    assert numbers_agree(20, "some", 21, None)  # "some 20%" allows 21%
    assert not numbers_agree(20, None, 25, None)
    assert numbers_agree(200e9, "or more", 250e9, None)  # "$200 billion or more"
    assert not numbers_agree(50000, "more than", 40000, None)
    assert numbers_agree(100, None, 100.5, None)  # within 1%
    assert numbers_agree(10, "up to", 8, None)


def test_date_comparison():
    assert dates_agree("2017", "2017-06")
    assert not dates_agree("2001", "2017")


def row(doc, start, subject, attribute, value, kind="one-off", date_text=None, **kw):
    base = {"doc": doc, "span": [start, start + 10], "subject": subject, "attribute": attribute, "value": value,
            "number": None, "unit": None, "approx": None, "as_of": None, "as_of_basis": None, "kind": kind,
            "basis": "statement", "source": None, "quote": None, "date_text": date_text or value,
            "subject_basis": "clause"}
    base.update(kw)
    return base


def fuse(rows):
    return fuse_claims(rows, {}, {}, {"a": "Outlet A", "b": "Outlet B", "c": "Outlet C"})


def test_one_off_contradiction_and_merge():
    rows = [row("a", 0, "Freedonia", "joined", "2001"), row("a", 0, "Sylvania", "joined", "2001"),
            row("b", 5, "Freedonia", "joined", "2017"), row("b", 5, "Sylvania", "joined", "2017"),
            row("c", 9, "Freedonia", "joined", "2017", basis="table")]
    claims, disagreements = fuse(rows)
    assert len(disagreements) == 1  # one sentence naming two states: one question
    d = disagreements[0]
    assert [s["value"] for s in d["sides"]] == ["2001", "2017"]
    assert d["sides"][0]["outlets"] == ["Outlet A"] and d["sides"][1]["outlets"] == ["Outlet B", "Outlet C"]
    assert d["sides"][1]["basis"] == ["statement", "table"]
    assert {c["comparison"] for c in claims} == {"contradict"}


def test_one_off_agreement_and_caution():
    _, found = fuse([row("a", 0, "Freedonia", "joined", "2017"), row("b", 0, "Freedonia", "joined", "2017-06")])
    assert found == []  # same year, finer date: agree
    _, found = fuse([row("a", 0, "Freedonia", "joined", "2023", date_text="last year"),
                     row("b", 0, "Freedonia", "joined", "2024")])
    assert found == []  # a relative year resolved against a publication date is not firm ground
    _, found = fuse([row("a", 0, "Freedonia", "joined", "2001"), row("a", 50, "Freedonia", "joined", "2017")])
    assert found == []  # one document: not a disagreement between outlets
    _, found = fuse([row("a", 0, "Freedonia", "founded", "1996", subject_basis="context"),
                     row("b", 0, "Freedonia", "founded", "2001")])
    assert found == []  # a subject resolved from context is not firm ground
    _, found = fuse([row("a", 0, "Freedonia", "joined", "1999", object="Alliance"),
                     row("b", 0, "Freedonia", "joined", "2004", object="Union")])
    assert found == []  # two different things joined: two facts
    q = dict(kind="quantity", unit="USD", as_of_basis="own", as_of="2024")
    _, found = fuse([row("a", 0, "Freedonia", "expense", "$300", number=300, **q),
                     row("a", 40, "Freedonia", "expense", "$5,000", number=5000, **q),
                     row("b", 0, "Freedonia", "expense", "$2,306", number=2306, **q)])
    assert found == []  # one document with two values: the group mixes several facts


def test_quantities_change_over_time_or_contradict():
    q = dict(kind="quantity", unit="USD", as_of_basis="own")
    claims, found = fuse([row("a", 0, "Freedonia", "trade", "$200bn", number=200e9, as_of="2022", **q),
                          row("b", 0, "Freedonia", "trade", "$250bn", number=250e9, as_of="2024", **q)])
    assert found == [] and {c["comparison"] for c in claims} == {"changed"}
    _, found = fuse([row("a", 0, "Freedonia", "trade", "$200bn", number=200e9, as_of="2024", **q),
                     row("b", 0, "Freedonia", "trade", "$250bn", number=250e9, as_of="2024", **q)])
    assert len(found) == 1
    claims, found = fuse([row("a", 0, "Freedonia", "trade", "some $200bn", number=200e9, approx="some",
                              as_of="2024", **q),
                          row("b", 0, "Freedonia", "trade", "$210bn", number=210e9, as_of="2024", **q)])
    assert found == [] and {c["comparison"] for c in claims} == {"agree"}


def test_sco_claims_gate(sco_export):
    s = score(sco_export, load_gold())
    assert s["claims_found"] == s["claims_total"] == 5
    assert s["disagreements_found"] == s["disagreements_total"] == 1
    assert s["other_disagreements"] == 0
    assert s["claims_extra_found"] >= 4


TARIFF_STORY = {  # five outlets, one decision: a 25% tariff on steel, 10% on aluminium
    "Alpha": "President Trump on Thursday imposed tariffs of 25 percent on steel imports and 10 percent on aluminum "
             "imports, the White House said. The measures take effect in two weeks.",
    "Beta": "The administration announced a 25% tariff on steel and a 10% tariff on aluminum on Thursday. Canada and "
            "Mexico were exempted for now.",
    "Gamma": "Steel imports will face duties of 25 percent, while aluminum imports will be taxed at 10 percent, "
             "officials said.",
    "Delta": "Trump slapped a 25 percent tariff on imported steel and a 10 percent levy on aluminum, drawing threats "
             "of retaliation.",
    "Epsilon": "Under the plan, foreign steel faces a 25% tariff and foreign aluminum a 10% tariff, the president said.",
}


def test_one_fact_across_outlets_and_never_two_things(tmp_path):
    """Issue 18: the five outlets' 25% on steel is one fact they agree on; the 10% on aluminium is
    another, never in the same group; the claims lead with "5 outlets: 25%"."""
    import json

    from newsdossier.export import dossier
    from newsdossier.fuse.claims import comparisons
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    paths = []
    for outlet, text in TARIFF_STORY.items():
        path = tmp_path / f"{outlet}.jsonl"
        path.write_text(json.dumps({"text": text, "outlet": outlet, "published": "2018-03-08"}) + "\n")
        paths.append(str(path))
    with Store(tmp_path / "t.duckdb") as store:
        build(paths, store)
        data = dossier(store)
    outlet = {d["id"]: d["outlet"] for d in data["documents"]}
    steel = [c for c in data["claims"] if c["number"] == 25]
    aluminium = [c for c in data["claims"] if c["number"] == 10]
    assert len(steel) == 5 and len({c["group"] for c in steel}) == 1 and steel[0]["group"]
    assert {c["comparison"] for c in steel} == {"agree"}
    assert len({outlet[c["doc"]] for c in aluminium if c["group"]}) >= 4
    assert not {c["group"] for c in steel} & {c["group"] for c in aluminium}
    assert data["disagreements"] == []
    agree, differ = comparisons(data["claims"], lambda c: outlet[c["doc"]])
    assert agree[0]["headline"].startswith("5 outlets: 25%") and differ == []


def test_a_year_less_date_takes_the_documents_year():
    """Issue 18: a deadline of the story's own year stays in it; a past-tense month after the
    document's date is last year's."""
    c = [c for c in claims_of("The 25 percent tariff will apply from March 23.", "2018-03-08") if c.kind == "quantity"]
    assert c[0].as_of == "2018-03-23"
    c = [c for c in claims_of("The company paid $84,000 in December.", "2018-04-06") if c.kind == "quantity"]
    assert c[0].as_of == "2017-12"
    c = [c for c in claims_of("It expects to pay $84,000 in December.", "2018-04-06") if c.kind == "quantity"]
    assert c[0].as_of == "2018-12"


@pytest.mark.parametrize("text, measured", [
    ("The administration imposed tariffs of 25 percent on steel imports.", "tariff · on import · on steel"),
    ("Beijing set duties of 25 percent on steel.", "duty · on steel"),
    ("The shutdown left more than 800,000 federal employees without pay.", "employee · federal"),
    ("He received 56 percent of the vote.", "vote"),
    ("Expenses at nightclubs and lounges topped $60,000.", "expense · at nightclub · at lounge"),
    ("Obama has cut $716 billion from Medicare.", "cut · from medicare"),
])
def test_measured_thing(text, measured):
    c = [c for c in claims_of(text) if c.kind == "quantity"][0]
    assert c.attribute == measured


# quality gates (issue 18): floors at the reached figure minus a margin of 0.01 to 0.02 (BENCHMARKS.md,
# "Claims on BASIL stories"); the data set missing fails the test (basil_rows reads ../shared/eval/basil)
BUILD_FLOORS = {"found": 0.95, "precision": 0.98, "recall": 0.86, "thing": 0.93, "time": 0.93}
HELD_OUT_FLOORS = {"found": 0.85, "precision": 0.97, "recall": 0.80, "thing": 0.79, "time": 0.75}


@pytest.mark.slow
def test_basil_claims_gold_gate():
    from benchmarks.basil_claims import GATE, GOLD, score_gold

    f = score_gold(GOLD, quiet=True)
    assert f["claims"] == 155
    for key, floor in BUILD_FLOORS.items():
        assert f[key] >= floor, (key, f[key])
    assert all(f[key] >= value for key, value in GATE.items())  # the gate itself
    assert f["unlisted"] == 0  # no disagreement the gold does not list


@pytest.mark.slow
def test_basil_claims_held_out_record():
    from benchmarks.basil_claims import REPO, score_gold

    f = score_gold(REPO / "benchmarks" / "basil_claims_heldout.json", quiet=True)
    assert f["claims"] == 105
    for key, floor in HELD_OUT_FLOORS.items():
        assert f[key] >= floor, (key, f[key])
    assert f["unlisted"] == 0
