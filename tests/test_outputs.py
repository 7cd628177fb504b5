"""Exports for people and dataframes (flat CSV and Parquet with the words beside the offsets),
the GraphML entity graph, and the Python API — each checked against the JSON export of the SCO
dossier."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from conftest import REPO, SCO, run_cli
from newsdossier import flat

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def exported(sco_export, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    for fmt, target in (("csv", out / "csv"), ("parquet", out / "parquet"), ("graphml", out / "story.graphml")):
        result = run_cli("export", "--db", sco_export["_db"], "--format", fmt, "--out", target)
        assert result.exit_code == 0, result.output
    return out


def _read_csv(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# ---- GATE 3: CSV and Parquet ---------------------------------------------------------------------------
def test_quotes_csv_has_the_words_and_the_speaker_on_every_row(exported, sco_export):
    texts = {d["id"]: d["text"] for d in sco_export["documents"]}
    docs = {d["id"]: d for d in sco_export["documents"]}
    rows = _read_csv(exported / "csv" / "quotes.csv")
    assert len(rows) == len(sco_export["quotes"]) > 0
    for row, quote in zip(rows, sco_export["quotes"]):
        start, end = int(row["content_start"]), int(row["content_end"])
        assert (row["id"], start, end) == (quote["id"], *quote["content"])
        assert row["text"] == texts[row["doc"]][start:end]
        assert row["speaker_name"] == (quote["speaker"]["name"] or "")
        if quote["speaker"]["span"]:
            s, e = quote["speaker"]["span"]
            assert row["speaker_text"] == texts[row["doc"]][s:e]
        assert row["doc_outlet"] == (docs[row["doc"]]["outlet"] or "")
        assert row["doc_url"] == (docs[row["doc"]]["url"] or "")
        for key in ("act", "kind"):
            if key in quote:
                assert row[key] == quote[key]
        if "pieces" in quote:  # newsdossier/2: the verbatim pieces, with their words
            assert json.loads(row["pieces_text"]) == [texts[row["doc"]][s:e] for s, e in quote["pieces"]]
    mentions = _read_csv(exported / "csv" / "mentions.csv")
    assert len(mentions) == sum(len(e["mentions"]) for e in sco_export["entities"])
    assert all(m["text"] == texts[m["doc"]][int(m["start"]):int(m["end"])] for m in mentions)
    claims = _read_csv(exported / "csv" / "claims.csv")
    assert all(c["text"] == texts[c["doc"]][int(c["span_start"]):int(c["span_end"])] for c in claims)


def test_parquet_read_back_with_duckdb_equals_the_json_export_row_for_row(exported, sco_export):
    import duckdb

    expected = flat.tables(sco_export)
    con = duckdb.connect()
    for name in flat.TABLES:
        path = exported / "parquet" / f"{name}.parquet"
        table = con.sql(f"SELECT * FROM read_parquet('{path}')")
        rows = [dict(zip(table.columns, r)) for r in table.fetchall()]
        assert rows == [{k: _as_read(v) for k, v in row.items()} for row in expected[name]], name
    # and the flat rows are the JSON lists, row for row
    for name in ("documents", "entities", "quotes", "quote_groups", "events", "claims", "outlets"):
        assert [r.get("id", r.get("name")) for r in expected[name]] == \
               [r.get("id", r.get("name")) for r in sco_export[name]], name
    assert len(expected["evidence"]) == sum(len(e["evidence"]) for e in sco_export["events"])
    assert len(expected["disagreements"]) == sum(len(d["sides"]) for d in sco_export["disagreements"])
    for row, event in zip(expected["events"], sco_export["events"]):
        assert (row["type"], row["date_start"], row["evidence"]) == (
            event["type"], (event.get("date") or {}).get("start"), len(event["evidence"]))


def _as_read(value):
    """A flat value as DuckDB gives it back from Parquet (lists of spans as lists of lists)."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, list):
        return [_as_read(v) for v in value]
    return value


def test_new_fields_flow_through_the_flat_tables():
    doc = {"id": "d1", "text": "Ann said: “we will go” and left.", "outlet": "O", "title": "T", "published": "2024",
           "url": "u", "published_range": None, "body": [[0, 32]]}
    quote = {"id": "q1", "doc": "d1", "content": [11, 21], "pieces": [[11, 21]], "kind": "direct", "act": "say",
             "speaker": {"name": "Ann", "entity": "e1", "entities": ["e1"], "span": [0, 3], "kind": "named"},
             "cue": None, "group": None, "brand_new": 7}
    entity = {"id": "e1", "name": "Ann", "type": "PERSON", "aliases": [], "country": None,
              "mentions": [{"doc": "d1", "start": 0, "end": 3}]}
    event = {"id": "v1", "type": "CONSULT", "actors": ["e1"], "recipients": [], "timeline": True,
             "date": {"start": "2024", "end": "2024", "precision": "year"},
             "evidence": [{"doc": "d1", "start": 0, "end": 32, "modality": "asserted", "claimed_by": ["e1"]}]}
    tables = flat.tables({"documents": [doc], "entities": [entity], "quotes": [quote], "quote_groups": [],
                          "events": [event], "claims": [], "disagreements": [], "outlets": []})
    q = tables["quotes"][0]
    assert (q["text"], q["pieces_text"], q["speaker_kind"], q["act"], q["speaker_text"], q["brand_new"]) == (
        "we will go", ["we will go"], "named", "say", "Ann", 7)
    assert q["cue_start"] is None and q["cue_text"] is None
    assert list(q)[list(q).index("content_end") + 1] == "text", "the words beside their offsets"
    assert tables["entities"][0]["country"] is None and tables["entities"][0]["mentions"] == 1
    assert tables["events"][0]["timeline"] is True and tables["events"][0]["actor_names"] == ["Ann"]
    assert tables["evidence"][0]["claimed_by"] == ["e1"] and tables["evidence"][0]["text"] == doc["text"]
    assert flat.arrow_table(tables["quotes"]).num_rows == 1


# ---- GATE 3: GraphML -------------------------------------------------------------------------------------
def test_graphml_read_back_with_networkx_has_the_entities_and_their_links(exported, sco_export):
    import networkx as nx

    graph = nx.read_graphml(exported / "story.graphml")
    entities = {e["id"]: e for e in sco_export["entities"]}
    assert set(graph.nodes) == set(entities)
    for node, attrs in graph.nodes(data=True):
        assert attrs["name"] == entities[node]["name"] and attrs["mentions"] == len(entities[node]["mentions"])
    kinds = {attrs["kind"] for _, _, attrs in graph.edges(data=True)}
    assert {"quoted", "co-occur"} <= kinds, kinds
    quotes = {q["id"]: q for q in sco_export["quotes"]}
    events = {e["id"]: e for e in sco_export["events"]}
    texts = {d["id"]: d["text"] for d in sco_export["documents"]}
    for source, target, attrs in graph.edges(data=True):
        ids = attrs["evidence"].split()
        assert attrs["weight"] == len(ids) > 0
        for fact in ids:
            if attrs["kind"] == "quoted":  # the speaker said it, and the quote names the target
                q = quotes[fact]
                assert source in (q["speaker"]["entities"] or [q["speaker"]["entity"]])
                assert any(m["doc"] == q["doc"] and q["content"][0] <= m["start"] < m["end"] <= q["content"][1]
                           for m in entities[target]["mentions"])
            elif attrs["kind"] == "met":
                assert {source, target} <= set(events[fact]["actors"]) | set(events[fact]["recipients"])
            else:  # co-occur: both named in that sentence
                doc, span = fact.split(":")
                start, end = map(int, span.split("-"))
                for entity in (source, target):
                    assert any(m["doc"] == doc and start <= m["start"] < m["end"] <= end
                               for m in entities[entity]["mentions"]), (fact, texts[doc][start:end])


# ---- GATE 4: the Python API --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built_from_python(tmp_path_factory):
    import newsdossier

    db = tmp_path_factory.mktemp("api") / "sco.duckdb"
    result = newsdossier.build([SCO], db=db, workers=1)
    assert result.added > 0 and not result.problems, result
    return db


def test_the_python_api_gives_what_the_json_export_gives(built_from_python, sco_export):
    import newsdossier

    with newsdossier.open(built_from_python) as d:
        data = d.export()
        for name in ("quotes", "events", "claims", "entities", "disagreements"):
            assert data[name] == sco_export[name], name
        quotes = d.quotes()
        assert quotes.column("id").to_pylist() == [q["id"] for q in sco_export["quotes"]]
        assert d.events().num_rows == len(sco_export["events"])
        assert d.claims().num_rows == len(sco_export["claims"])
        assert d.documents().num_rows == len(sco_export["documents"])
        # filters
        putin = d.quotes(speaker="Vladimir Putin")
        assert putin.num_rows == sum(q["speaker"]["name"] == "Vladimir Putin" for q in sco_export["quotes"]) > 0
        outlet = sco_export["documents"][0]["outlet"]
        docs = {x["id"] for x in sco_export["documents"] if x["outlet"] == outlet}
        assert d.quotes(outlet=outlet).num_rows == sum(q["doc"] in docs for q in sco_export["quotes"])
        assert d.quotes(since="2999-01-01").num_rows == 0
        assert d.quotes(since="2999-01-01").column_names == quotes.column_names
        # evidence: the exact words
        quote = sco_export["quotes"][0]
        text = next(x["text"] for x in sco_export["documents"] if x["id"] == quote["doc"])
        [evidence] = d.evidence(quote["id"])
        assert evidence["words"] == text[quote["content"][0]:quote["content"][1]]
        with pytest.raises(KeyError):
            d.evidence("nothing")
        # SQL as it is, read-only
        count = d.sql("SELECT count(*) AS n FROM documents").column("n").to_pylist()
        assert count == [len(sco_export["documents"])]
        with pytest.raises(Exception):
            d.sql("CREATE TABLE scribble (i INTEGER)")


def test_importing_the_package_and_reading_a_dossier_loads_no_model(built_from_python):
    script = ("import sys, newsdossier\n"
              "heavy = ('spacy', 'torch', 'sentence_transformers', 'newsdossier.nlp', 'newsdossier.embed')\n"
              "assert not [m for m in heavy if m in sys.modules], 'import'\n"
              f"d = newsdossier.open({str(built_from_python)!r})\n"
              "d.quotes(); d.events(); d.evidence(d.quotes().column('id')[0].as_py())\n"
              "loaded = [m for m in heavy if m in sys.modules]\n"
              "assert not loaded, loaded\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
