"""The spine end to end: build, rebuild, bad input, export shapes, report."""
import csv
import json

import duckdb

from conftest import SCO, run_cli

SPEC_KEYS = {"format", "generated_at", "documents", "entities", "quotes", "quote_groups", "events", "claims",
             "disagreements", "outlets"}
DOCUMENT_KEYS = {"id", "source", "sha256", "outlet", "author", "title", "published", "published_range", "language",
                 "text", "body", "duplicate_of"}


def test_export_has_the_spec_shape(sco_export):
    assert SPEC_KEYS <= set(sco_export)
    assert sco_export["format"] == "newsdossier/2"
    assert len(sco_export["documents"]) == 5
    for doc in sco_export["documents"]:
        assert DOCUMENT_KEYS <= set(doc)
        assert doc["language"] == "en"
    assert sco_export["entities"] and sco_export["quotes"]


def test_every_span_lies_inside_its_document(sco_export):
    texts = {d["id"]: d["text"] for d in sco_export["documents"]}
    for doc in sco_export["documents"]:
        previous_end = 0
        for start, end in doc["body"]:
            assert previous_end <= start < end <= len(doc["text"])
            previous_end = end
    for entity in sco_export["entities"]:
        for m in entity["mentions"]:
            assert 0 <= m["start"] < m["end"] <= len(texts[m["doc"]])
    for q in sco_export["quotes"]:
        n = len(texts[q["doc"]])
        assert 0 <= q["content"][0] < q["content"][1] <= n
        for span in (q["cue"], q["speaker"]["span"]):
            assert span is None or 0 <= span[0] < span[1] <= n


def test_entities_merge_surface_forms_under_one_full_name(sco_export):
    by_name = {e["name"]: e for e in sco_export["entities"]}
    # the corpus says "Putin", "President Putin" and "Vladimir Putin": one entity, the full name
    assert "Vladimir Putin" in by_name and "Putin" not in by_name
    assert "Putin" in by_name["Vladimir Putin"]["aliases"]
    assert {m["doc"] for m in by_name["Vladimir Putin"]["mentions"]} == {d["id"] for d in sco_export["documents"]}


def test_sources_csv_overrides_what_is_inferred(sco_export):
    outlets = {d["source"]: d["outlet"] for d in sco_export["documents"]}
    assert outlets["000_2c9c4998380fddc8.txt"] == "SouthFront"


def test_rebuild_adds_nothing_and_ids_are_stable(tmp_path, sco_export):
    db = sco_export["_db"]
    result = run_cli("build", SCO, "--db", db, "--quiet")
    assert result.exit_code == 0
    assert "0 added, 5 already present" in result.output
    out = tmp_path / "again.json"
    run_cli("export", "--db", db, "--out", out)
    again = json.loads(out.read_text())
    assert [d["id"] for d in again["documents"]] == [d["id"] for d in sco_export["documents"]]
    assert [q["id"] for q in again["quotes"]] == [q["id"] for q in sco_export["quotes"]]


def test_adding_files_processes_only_the_new_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Alice Smith said the bridge would reopen in May. " * 5)
    db = tmp_path / "s.duckdb"
    assert "1 added" in run_cli("build", folder, "--db", db, "-q").output
    (folder / "b.txt").write_text("Bob Jones said the tunnel would close in June, officials confirmed. " * 5)
    assert "1 added, 1 already present" in run_cli("build", folder, "--db", db, "-q").output


def test_same_text_from_two_sources_stays_two_documents(tmp_path):
    text = open(SCO / "002_0c68c7e609d7bf10.txt", encoding="utf-8").read()
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "two.txt").write_text(text, encoding="utf-8")
    db, out = tmp_path / "s.duckdb", tmp_path / "s.json"
    run_cli("build", tmp_path / "one.txt", tmp_path / "two.txt", "--db", db, "-q")
    run_cli("export", "--db", db, "--out", out)
    docs = json.loads(out.read_text())["documents"]
    assert len(docs) == 2 and docs[0]["id"] != docs[1]["id"]
    # the reprint is linked to the other, and only one of them is marked
    assert sorted(d["duplicate_of"] is None for d in docs) == [False, True]


ARTICLE = ("Alice Smith, the mayor of Riverton, said on Tuesday that the old bridge over the Green River "
           "would reopen in May after two years of repairs. ")


def _export(db, out):
    assert run_cli("export", "--db", db, "--out", out).exit_code == 0
    return json.loads(out.read_text())


def test_a_file_keeps_its_id_however_it_is_named(tmp_path, monkeypatch):
    """README, Ids: the same id whether its folder or the file is named, from any working directory."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(ARTICLE * 4)
    (folder / "sub" / "x.jsonl").write_text(json.dumps({"text": ARTICLE * 3}) + "\n")
    db = tmp_path / "s.duckdb"
    assert "2 added" in run_cli("build", folder, "--db", db, "-q").output
    assert "0 added, 1 already present" in run_cli("build", folder / "sub" / "a.txt", "--db", db, "-q").output
    assert "0 added, 1 already present" in run_cli("build", folder / "sub" / "x.jsonl", "--db", db, "-q").output
    monkeypatch.chdir(folder / "sub")
    assert "0 added, 2 already present" in run_cli("build", "a.txt", "x.jsonl", "--db", db, "-q").output
    monkeypatch.chdir(tmp_path)
    assert "0 added, 2 already present" in run_cli("build", "in", "--db", db, "-q").output
    assert len(_export(db, tmp_path / "s.json")["documents"]) == 2


def test_a_changed_byte_or_a_new_name_is_a_new_document(tmp_path):
    """README, Ids: change a byte or rename the file and it is a new document."""
    db = tmp_path / "s.duckdb"
    (tmp_path / "a.txt").write_text(ARTICLE * 4)
    assert "1 added" in run_cli("build", tmp_path / "a.txt", "--db", db, "-q").output
    (tmp_path / "a.txt").write_text(ARTICLE * 4 + "!")
    assert "1 added, 0 already present" in run_cli("build", tmp_path / "a.txt", "--db", db, "-q").output
    (tmp_path / "a.txt").rename(tmp_path / "b.txt")
    assert "1 added, 0 already present" in run_cli("build", tmp_path / "b.txt", "--db", db, "-q").output


def _reprints(tmp_path, dates: dict, order: list[str]) -> dict:
    """Build the same article under several names (sources.csv gives their dates) in `order`, one
    build each; {name: the name its document is duplicate_of, or None}."""
    text = open(SCO / "002_0c68c7e609d7bf10.txt", encoding="utf-8").read()
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    rows = ["file,published"] + [f"{name},{date}" for name, date in dates.items()]
    (folder / "sources.csv").write_text("\n".join(rows) + "\n")
    db = tmp_path / "s.duckdb"
    for name in order:
        (folder / name).write_text(text, encoding="utf-8")
        assert run_cli("build", folder / name, "--db", db, "-q").exit_code == 0
    docs = _export(db, tmp_path / "s.json")["documents"]
    source_of = {d["id"]: d["source"] for d in docs}
    return {d["source"]: source_of.get(d["duplicate_of"]) for d in docs}


def test_duplicate_of_points_at_the_earliest_published_whatever_the_build_order(tmp_path):
    """README, duplicate_of: the earlier published is the original, a copy of a copy points at it,
    and the order of building does not matter."""
    dates = {"a.txt": "2024-07-05", "b.txt": "2024-07-03", "c.txt": "2024-07-04"}
    first = _reprints(tmp_path / "1", dates, ["a.txt", "b.txt", "c.txt"])
    assert first == {"a.txt": "b.txt", "b.txt": None, "c.txt": "b.txt"}
    assert _reprints(tmp_path / "2", dates, ["c.txt", "a.txt", "b.txt"]) == first


def test_duplicate_of_without_dates_goes_to_the_smaller_id_and_an_undated_copy_is_later(tmp_path):
    """README, duplicate_of: no date or the same date, the smaller id; undated counts as later."""
    from newsdossier.ids import document_id

    text = open(SCO / "002_0c68c7e609d7bf10.txt", encoding="utf-8").read().encode("utf-8")
    same_day = _reprints(tmp_path / "1", {"a.txt": "2024-07-03", "b.txt": "2024-07-03"}, ["a.txt", "b.txt"])
    smaller, larger = sorted(["a.txt", "b.txt"], key=lambda name: document_id(name, text))
    assert same_day == {smaller: None, larger: smaller}
    undated = _reprints(tmp_path / "2", {"a.txt": "", "b.txt": "2024-07-09"}, ["b.txt", "a.txt"])
    assert undated == {"a.txt": "b.txt", "b.txt": None}


def test_bodies_under_thirty_words_are_never_marked(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Alice Smith said the bridge would reopen in May after repairs.\n")
    db = tmp_path / "s.duckdb"
    assert run_cli("build", tmp_path / "a.txt", tmp_path / "b.txt", "--db", db, "-q").exit_code == 0
    assert [d["duplicate_of"] for d in _export(db, tmp_path / "s.json")["documents"]] == [None, None]


def test_bad_inputs_each_get_one_clear_line_and_the_rest_builds(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("The mayor said on Monday that the new bridge will open next spring. " * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 6)
    (folder / "latin1.txt").write_bytes(
        ("Le café était plein. The minister said the café would stay open, according to officials. " * 4).encode("cp1252")
    )
    (folder / "big.txt").write_text("word " * 400)
    (folder / "nav.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/b'>About</a></nav></body></html>")
    (folder / "lines.jsonl").write_text(
        json.dumps({"text": "The governor said the dam was safe, officials added on Tuesday. " * 4, "outlet": "Daily"})
        + "\n{not json\n"
    )
    db = tmp_path / "s.duckdb"
    result = run_cli("build", folder, tmp_path / "missing.txt", "--db", db, "--max-bytes", "1800", "-q")
    out = result.output
    assert result.exit_code == 1
    assert "empty.txt: empty file" in out
    assert "binary.txt: binary file" in out
    assert "big.txt: skipped: 2,000 bytes is over --max-bytes 1,800" in out
    assert "lines.jsonl#L2: not JSON" in out
    assert "missing.txt: no such file or folder" in out
    assert "nav.html: no article text found" in out
    con = duckdb.connect(str(db), read_only=True)
    sources = {r[0]: r[1] for r in con.execute("SELECT source, text FROM documents").fetchall()}
    assert {"good.txt", "latin1.txt", "nav.html", "lines.jsonl#L1"} <= set(sources)
    assert "café" in sources["latin1.txt"]
    outlet = con.execute("SELECT outlet FROM documents WHERE source = 'lines.jsonl#L1'").fetchone()[0]
    assert outlet == "Daily"


def test_documents_not_in_english_are_kept_but_not_analysed(tmp_path):
    german = ("Die Bundesregierung hat am Mittwoch beschlossen, die Hilfen für die Landwirte zu verlängern. "
              "Der Minister sagte, man werde die Lage weiter beobachten und gegebenenfalls nachsteuern. ") * 3
    (tmp_path / "de.txt").write_text(german, encoding="utf-8")
    db, out = tmp_path / "s.duckdb", tmp_path / "s.json"
    result = run_cli("build", tmp_path / "de.txt", "--db", db, "-q")
    assert result.exit_code == 0 and "language 'de' is not analysed" in result.output
    run_cli("export", "--db", db, "--out", out)
    data = json.loads(out.read_text())
    assert data["documents"][0]["language"] == "de" and data["documents"][0]["body"]
    assert data["entities"] == [] and data["quotes"] == []


def test_csv_export_and_no_text(tmp_path, sco_export):
    folder = tmp_path / "csv"
    assert run_cli("export", "--db", sco_export["_db"], "--format", "csv", "--out", folder, "--no-text").exit_code == 0
    names = sorted(p.name for p in folder.iterdir())
    # one flat table per export list, and the lists of objects in their own: mentions, evidence, loaded terms
    assert names == sorted(f"{n}.csv" for n in (SPEC_KEYS - {"format", "generated_at"}) | {"mentions", "evidence",
                                                                                           "loaded_terms"})
    with (folder / "documents.csv").open(encoding="utf-8") as handle:
        assert all(not row["text"] for row in csv.DictReader(handle))
    with (folder / "quotes.csv").open(encoding="utf-8") as handle:  # no text: no words beside the offsets either
        assert all(not row["text"] for row in csv.DictReader(handle))
    out = tmp_path / "no-text.json"
    run_cli("export", "--db", sco_export["_db"], "--out", out, "--no-text")
    assert all(d["text"] is None for d in json.loads(out.read_text())["documents"])


def test_report_links_every_quote_to_its_evidence(tmp_path, sco_export):
    out = tmp_path / "r.html"
    assert run_cli("report", "--db", sco_export["_db"], "--out", out).exit_code == 0
    html = out.read_text()
    for q in sco_export["quotes"]:
        assert f'href="#q-{q["id"]}"' in html and f'id="q-{q["id"]}"' in html
    assert "Vladimir Putin" in html


def test_report_renders_hostile_text_inert(tmp_path):
    (tmp_path / "x.txt").write_text(
        "The council said on Monday that <script>alert(1)</script> will not be tolerated in the city. " * 3
    )
    db, out = tmp_path / "s.duckdb", tmp_path / "r.html"
    run_cli("build", tmp_path / "x.txt", "--db", db, "-q")
    run_cli("report", "--db", db, "--out", out)
    html = out.read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_read_only_commands_refuse_a_missing_database(tmp_path):
    result = run_cli("export", "--db", tmp_path / "nope.duckdb", "--out", tmp_path / "x.json")
    assert result.exit_code == 2 and "no such database" in result.output


def test_fusion_reports_each_stage_as_it_starts(tmp_path):
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Alice Smith said the bridge would reopen in May, officials said on Monday. " * 5)
    stages = []
    with Store(tmp_path / "s.duckdb") as store:
        build([str(folder)], store, on_fuse=stages.append)
        assert store.is_fused()
    assert stages == ["entities", "speakers", "reprints", "quote groups", "claims", "events", "writing"]


def test_build_help_names_every_input_suffix_and_what_max_bytes_applies_to():
    from newsdossier.ingest import KNOWN_SUFFIXES
    from newsdossier.ingest.warc import ARCHIVE_SUFFIXES

    words = [w for w in run_cli("build", "--help").output.split() if w.strip("│╭╮╰╯─")]  # no frame
    for suffix in sorted(KNOWN_SUFFIXES) + list(ARCHIVE_SUFFIXES):
        assert suffix in words or suffix + ";" in words, suffix
    assert "JSONL line, a WARC record." in " ".join(words)


QUOTE_KEYS = {"id", "doc", "content", "pieces", "kind", "act", "speaker", "cue", "group"}


def test_quotes_are_statements_in_the_export(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Mayor Anna Berg opened the new bridge on Monday.\n\n"
        "“We waited ten years for this,” Berg said, “and it was worth every day.”\n\n"
        "Berg said the city would “never again” wait so long for a bridge. She believes the river traffic will "
        "double within five years.\n", encoding="utf-8")
    assert run_cli("build", tmp_path / "in", "--db", tmp_path / "d.duckdb", "--quiet").exit_code == 0
    data = json.loads(run_cli("export", "--db", tmp_path / "d.duckdb", "--out", tmp_path / "d.json").exit_code == 0
                      and (tmp_path / "d.json").read_text(encoding="utf-8"))
    text = data["documents"][0]["text"]
    quotes = {text[q["content"][0]:q["content"][1]][:12]: q for q in data["quotes"]}
    for q in data["quotes"]:
        assert QUOTE_KEYS <= set(q) and q["speaker"]["kind"] in ("named", "description", "unresolved")
    direct = quotes["We waited te"]
    assert direct["kind"] == "direct" and direct["act"] == "say" and direct["speaker"]["name"] == "Anna Berg"
    assert [text[s:e] for s, e in direct["pieces"]] == ["We waited ten years for this,", "and it was worth every day."]
    assert direct["speaker"]["kind"] == "named"
    mixed = quotes["the city wou"]
    assert mixed["kind"] == "mixed" and [text[s:e] for s, e in mixed["pieces"]] == ["never again"]
    belief = quotes["the river tr"]
    assert belief["act"] == "think" and belief["pieces"] == []


def test_a_database_built_before_statements_opens_and_rebuilds(tmp_path):
    db = tmp_path / "old.duckdb"
    assert run_cli("build", SCO / "000_2c9c4998380fddc8.txt", "--db", db, "--quiet").exit_code == 0
    with duckdb.connect(str(db)) as con:  # the columns statements added, gone as in an older database
        for table, column in (("quote_mentions", "speaker_kind"), ("quote_mentions", "pieces"), ("quote_mentions", "act"),
                              ("quotes", "speaker_kind"), ("quotes", "pieces"), ("quotes", "act")):
            con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    assert run_cli("build", SCO / "001_f4290f7d76df5f9d.txt", "--db", db, "--quiet").exit_code == 0
    result = run_cli("export", "--db", db, "--out", tmp_path / "old.json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "old.json").read_text(encoding="utf-8"))
    assert {q["act"] for q in data["quotes"]} <= {"say", "think", "find"} and data["quotes"]
