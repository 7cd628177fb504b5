"""Outlets (issue 5): coverage with reprints counted once, syndication, the report's sections."""
from __future__ import annotations

import pytest

from benchmarks import syndication
from newsdossier.export import outlets
from newsdossier.fuse.claims import evidence_kind
from newsdossier.fuse.coverage import coverage
from newsdossier.report import render


def doc(i, outlet, duplicate_of=None):
    return {"id": i, "outlet": outlet, "source": f"{i}.txt", "duplicate_of": duplicate_of}


def event(i, *docs):
    return {"id": i, "evidence": [{"doc": d, "start": 0, "end": 5, "modality": "asserted"} for d in docs]}


def test_coverage_on_a_tiny_corpus():
    docs = [doc("a1", "A"), doc("b1", "B"), doc("c1", "C"), doc("d1", "D"), doc("e1", None)]
    events = [event("e-all", "a1", "b1", "c1"), event("e-two", "a1", "b1"), event("e-one", "c1"),
              event("e-unnamed", "e1", "b1", "c1")]
    cov = coverage(docs, events)
    assert cov["A"] == (["e-all", "e-two"], ["e-unnamed"])
    assert cov["C"] == (["e-all", "e-one", "e-unnamed"], ["e-two"])
    assert cov["D"] == ([], ["e-all", "e-two", "e-unnamed"])
    assert cov["(unknown: e1.txt)"] == (["e-unnamed"], ["e-all", "e-two"])


def test_reprints_count_once():
    # B and C print A's story: three outlets cover it, but one report, so D does not omit it
    docs = [doc("a1", "A"), doc("b1", "B", "a1"), doc("c1", "C", "b1"), doc("d1", "D"), doc("e1", "E")]
    events = [event("wire", "a1", "b1", "c1"), event("own", "d1", "e1")]
    cov = coverage(docs, events)
    assert cov["B"][0] == ["wire"] and cov["C"][0] == ["wire"]
    assert "wire" not in cov["D"][1] and "wire" not in cov["E"][1]
    assert cov["A"] == (["wire"], ["own"])  # D and E report "own" on their own
    docs[1]["duplicate_of"] = docs[2]["duplicate_of"] = None
    assert "wire" in coverage(docs, events)["D"][1]  # independent reports: now an omission


def test_export_outlets_shape():
    rows = outlets([doc("a1", "A"), doc("b1", "B")], [{"doc": "a1"}], [event("x", "a1")],
                   [{"term": "regime", "doc": "b1", "start": 4, "end": 10, "why": "label"}])
    assert [set(r) for r in rows] == [{"name", "documents", "covers", "omits", "quotes", "loaded_terms"}] * 2
    assert rows[0]["quotes"] == 1 and rows[0]["covers"] == ["x"]
    assert rows[1]["loaded_terms"] == [{"term": "regime", "doc": "b1", "start": 4, "end": 10}]


def test_syndication_small_set():
    items = syndication.make_set(seed=11, limit=60)
    assert sum(i.reprint for i in items) >= 15
    links, _ = syndication.run(items)
    s = syndication.score(items, links)
    assert s["precision"] >= 0.95 and s["recall"] >= 0.95, s


def test_evidence_kind():
    assert evidence_kind(["statement"]) == "stated"
    assert evidence_kind(["statement", "table"]) == "stated"
    assert evidence_kind(["list"]) == "left out of a list"


@pytest.fixture(scope="module")
def sco_html(sco_export):
    return render({k: v for k, v in sco_export.items() if not k.startswith("_")})


def test_report_sections_for_sco(sco_export, sco_html):
    assert 'id="outlets"' in sco_html and 'id="disagreements"' in sco_html
    assert 'class="coverage"' in sco_html
    for o in sco_export["outlets"]:
        assert o["name"] in sco_html
        for t in o["loaded_terms"]:
            assert f'href="#lt-{t["doc"]}-{t["start"]}"' in sco_html
            assert f'id="lt-{t["doc"]}-{t["start"]}"' in sco_html
    # each side of the India/Pakistan disagreement with its kind and its words
    section = sco_html[sco_html.index('id="disagreements"'):sco_html.index('id="outlets"')]
    assert "India and Pakistan joined in 2017" in section and "| India | 2017 |" in section
    assert "2001" in section and section.count('class="ekind"') >= 3
    for dis in sco_export["disagreements"]:
        for side in dis["sides"]:
            assert side["evidence_kind"] == "stated"
            for ev in side["evidence"]:
                assert f'id="de-{ev["doc"]}-{ev["start"]}-{ev["end"]}"' in sco_html


def test_web_outlets_page_and_export_agree_on_the_sco_dossier(sco_export):
    """One coverage definition: every ✓ and ✗ of the web app's outlets page is the export's
    outlets[].covers / omits, and no omission of the export is left off the page."""
    import lxml.html
    from fastapi.testclient import TestClient

    from newsdossier.web import create_app

    with TestClient(create_app(sco_export["_db"])) as client:
        page = client.get("/outlets")
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.text)
    table = tree.xpath("//table[@class='matrix']")[0]
    columns = [a.get("href").split("#event-", 1)[1] for a in table.xpath(".//thead//th[@class='ev']/a")]
    shown = {}
    for row in table.xpath(".//tbody/tr"):
        cells = row.xpath("./td")
        marks = [c.xpath("./span/@class") for c in cells[3:]]
        shown[cells[0].text_content().strip()] = {
            "covers": sorted(e for e, m in zip(columns, marks) if m == ["covers"]),
            "omits": sorted(e for e, m in zip(columns, marks) if m == ["omits"]),
        }
    exported = {o["name"]: o for o in sco_export["outlets"]}
    assert set(shown) == set(exported)
    omitted = {e for o in sco_export["outlets"] for e in o["omits"]}
    assert omitted and omitted <= set(columns), "an omission of the export is not on the page"
    for name, marks in shown.items():
        assert marks["omits"] == sorted(set(exported[name]["omits"]) & set(columns)), name
        assert marks["covers"] == sorted(set(exported[name]["covers"]) & set(columns)), name
