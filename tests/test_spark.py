"""WARC input, and spark-build: the Spark path gives the export the local build gives.

Spark runs in local mode with one session for the module (two cores, no UI, two partitions).
"""
from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import SCO, SHARED, run_cli, export_without_timestamp
from newsdossier import export
from newsdossier.clean import clean_document
from newsdossier.ingest import Problem, iter_inputs
from newsdossier.records import RawDocument

PAGES = SHARED / "eval" / "article-extraction"


def _record(writer, uri, body: bytes, content_type="text/html; charset=utf-8", status="200 OK", kind="response"):
    from warcio.statusandheaders import StatusAndHeaders

    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, kind, payload=io.BytesIO(body), http_headers=headers))


def write_warc(path: Path, pages, gzip_records=True, extras=True) -> None:
    """A WARC of (uri, body, content type) pages, plus records that are not articles."""
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_records)
        for uri, body, content_type in pages:
            _record(writer, uri, body, content_type)
        if extras:
            _record(writer, "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png")
            _record(writer, "https://example.org/gone", b"<html><body>Not found</body></html>", status="404 Not Found")
            _record(writer, "https://example.org/moved", b"", status="301 Moved Permanently")


def shared_pages(count: int):
    """The first `count` ScrapingHub pages (sorted by id, as benchmarks/_html_pages.py loads them)."""
    gold = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(gold)[:count]:
        url = gold[key].get("url") or f"https://example.org/{key}"
        pages.append((url, gzip.decompress((PAGES / "html" / f"{key}.html.gz").read_bytes()), "text/html"))
    return pages


ARTICLE = ("<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
           + "<p>The harbour authority said the port would reopen on Monday after repairs to the main quay, "
             "and that ships delayed by the storm would be unloaded first. </p>" * 4
           + "<p>\u201cWe are ready\u201d, the harbour master said.</p></article></body></html>")


# ---- WARC ingest (no Spark) ---------------------------------------------------------------------
def test_warc_records_become_documents(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [
        ("https://example.org/port", ARTICLE.encode("cp1252"), "text/html; charset=windows-1252"),
        ("https://example.org/notes.txt", b"Plain text notes about the port.\n" * 5, "text/plain"),
    ])
    items = list(iter_inputs([tmp_path]))  # found in a folder by its .warc.gz suffix
    assert [type(i) for i in items] == [RawDocument, RawDocument], items
    html, text = items
    from warcio.archiveiterator import ArchiveIterator

    with warc.open("rb") as handle:  # the day the record was captured bounds the page's dates
        captured = next(r.rec_headers.get_header("WARC-Date")[:10] for r in ArchiveIterator(handle))
    assert (html.source, html.kind, html.hints) == (
        "https://example.org/port", "html", {"url": "https://example.org/port", "charset": "cp1252", "captured": captured})
    assert (text.source, text.kind) == ("https://example.org/notes.txt", "text")
    document = clean_document(html)  # decoded with the header's charset, not guessed
    assert "\u201cWe are ready\u201d" in document.text
    assert document.url == "https://example.org/port"


@pytest.mark.parametrize("gzip_records", [True, False])
def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path, gzip_records):
    pages = [(f"https://example.org/{i}", ARTICLE.replace("Port", f"Port {i}").encode(), "text/html") for i in range(3)]
    whole = tmp_path / "whole.warc"
    write_warc(whole, pages, gzip_records=gzip_records, extras=False)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip_records else "cut.warc")
    cut.write_bytes(data[: len(data) - len(data) // 6])  # inside the third record
    items = list(iter_inputs([cut]))
    documents = [i for i in items if isinstance(i, RawDocument)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [d.source for d in documents] == ["https://example.org/0", "https://example.org/1"]
    assert len(problems) == 1 and "truncated" in problems[0].reason, problems
    assert cut.name in str(problems[0]), problems  # the problem names the file


def test_garbage_with_a_warc_suffix_is_a_problem(tmp_path):
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"this is not a WARC file at all\n" * 20)
    items = list(iter_inputs([bad]))
    assert items and all(isinstance(i, Problem) for i in items), items


# ---- spark-build ----------------------------------------------------------------------------------
def test_spark_build_without_java_says_what_to_install(tmp_path, monkeypatch):
    import newsdossier.spark as spark_module

    monkeypatch.setattr(spark_module, "java_version", lambda: 11)
    (tmp_path / "a.txt").write_text("The port reopened on Monday, officials said.\n", encoding="utf-8")
    result = run_cli("spark-build", tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "needs Java 17+" in result.output and "found Java 11" in result.output
    assert "default-jre-headless" in result.output


def test_spark_build_with_no_usable_input_stops_before_spark(tmp_path):
    result = run_cli("spark-build", tmp_path / "missing", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "no inputs to build" in result.output and "missing: no such file or folder" in result.output
    assert not (tmp_path / "out").exists()


def test_build_needs_inputs_or_parquet(tmp_path):
    neither = run_cli("build", "--db", tmp_path / "x.duckdb")
    assert neither.exit_code == 2 and "--from-parquet" in neither.output
    not_parquet = run_cli("build", "--from-parquet", tmp_path, "--db", tmp_path / "x.duckdb")
    assert not_parquet.exit_code == 2 and "Parquet" in not_parquet.output, not_parquet.output


@pytest.fixture(scope="module")
def spark():
    from newsdossier.spark import session

    spark = session("local[2]", partitions=2)
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("inputs")
    write_warc(root / "pages.warc.gz", shared_pages(3))
    texts = root / "texts"
    texts.mkdir()
    names = sorted(p.name for p in SCO.glob("*.txt"))[:2]
    for name in names:
        shutil.copy(SCO / name, texts / name)
    # read by Spark's filesystems too: its hints must apply as they do to local files
    (texts / "sources.csv").write_text(f"file,outlet,author\n{names[1]},Harbour Gazette,Joan Appleby\n", encoding="utf-8")
    return root


def test_spark_path_and_local_path_give_the_sameexport_without_timestamp(spark, inputs, tmp_path):
    import pyarrow.dataset as ds

    from newsdossier.spark import spark_build

    warc, texts = inputs / "pages.warc.gz", inputs / "texts"
    one_text = sorted(texts.iterdir())[0]
    out = tmp_path / "parquet"
    # the WARC and the texts folder by URI (read by Spark's filesystems), one text by path as well
    result = spark_build([warc.resolve().as_uri(), texts.resolve().as_uri(), str(one_text)], out, partitions=2,
                         spark=spark)
    assert result.documents == 5 and result.problems == [], result

    analyses = ds.dataset(str(out / "analyses"), format="parquet").to_table().to_pylist()
    assert len(analyses) == 5
    assert sum(r["source"].startswith("http") for r in analyses) == 3  # the image, 404 and 301 skipped
    assert all(json.loads(r["mentions"]) for r in analyses)  # records travel as JSON columns

    built = run_cli("build", "--from-parquet", out, "--db", tmp_path / "spark.duckdb")
    assert built.exit_code == 0, built.output
    again = run_cli("build", "--from-parquet", out, "--db", tmp_path / "spark.duckdb")
    assert "5 already present" in again.output, again.output
    from_spark = export_without_timestamp(tmp_path / "spark.duckdb", tmp_path / "spark.json")

    local = run_cli("build", warc, texts, one_text, "--db", tmp_path / "local.duckdb", "--quiet")
    assert local.exit_code == 0, local.output
    from_local = export_without_timestamp(tmp_path / "local.duckdb", tmp_path / "local.json")

    assert len(from_local["documents"]) == 5 and from_local["entities"] and from_local["quotes"]
    hinted = [d for d in from_spark["documents"] if d["outlet"] == "Harbour Gazette"]
    assert [d["author"] for d in hinted] == ["Joan Appleby"], "sources.csv read beside a URI's files"
    for name in export.LISTS:
        assert from_spark[name] == from_local[name], name
    assert from_spark == from_local

    # the fused dossier as Parquet: one dataset per export list, the export's rows and columns
    for name in export.LISTS:
        table = ds.dataset(str(out / "dossier" / name), format="parquet").to_table().to_pylist()
        expected = from_local[name]
        assert len(table) == len(expected), name
        for row, want in zip(table, expected):
            decoded = {k: json.loads(v) if isinstance(want.get(k), (list, dict)) and v is not None else v
                       for k, v in row.items()}
            assert decoded == want, name
