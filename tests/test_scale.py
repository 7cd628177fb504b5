"""Worker processes and interrupted builds: the export never depends on how the build ran."""
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import SCO, SHARED, export_without_timestamp
from newsdossier.pipeline import build
from newsdossier.store import Store

POLNEAR_TEXTS = SHARED / "eval" / "polnear" / "dev" / "text"
PER_DOCUMENT_TABLES = {
    "mentions": "start_char, end_char, surface, label, canonical",
    "quote_mentions": "content_start, content_end, kind, speaker_name, speaker_start, speaker_end",
    "event_mentions": "start_char, end_char, type, CAST(record AS VARCHAR)",
    "claim_mentions": "start_char, end_char, kind, CAST(record AS VARCHAR)",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The SCO corpus and 25 PolNeAR texts in one folder: a few batches of mixed documents."""
    folder = tmp_path_factory.mktemp("scale") / "in"
    folder.mkdir()
    for f in sorted(SCO.iterdir()):
        if f.is_file() and not f.name.startswith(".") and f.suffix in (".txt", ".html", ".csv"):
            (folder / f.name).write_bytes(f.read_bytes())
    for f in sorted(POLNEAR_TEXTS.glob("*.txt"))[:25]:
        (folder / f"polnear-{f.name}").write_bytes(f.read_bytes())
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict:
    """An uninterrupted one-process build of the corpus: its export and its per-document rows."""
    work = tmp_path_factory.mktemp("reference")
    db = work / "ref.duckdb"
    with Store(db) as store:
        result = build([str(corpus)], store, batch_size=4)
    assert result.added == len(list(corpus.glob("*.txt"))) + len(list(corpus.glob("*.html")))
    return {"db": db, "export": export_without_timestamp(db, work / "ref.json"), "rows": _rows(db)}


def _rows(db: Path) -> dict:
    """doc id → every row of every per-document table for that document."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        per_doc = {}
        for (doc_id,) in con.execute("SELECT id FROM documents").fetchall():
            per_doc[doc_id] = {
                table: sorted(con.execute(f"SELECT {cols} FROM {table} WHERE doc = ?", [doc_id]).fetchall())
                for table, cols in PER_DOCUMENT_TABLES.items()
            }
        return per_doc
    finally:
        con.close()


@pytest.mark.parametrize("large", [False, True], ids=["small build", "large build"])
def test_two_workers_give_the_same_export(corpus, reference, tmp_path, monkeypatch, large):
    """A large build (as many documents as RELEASE_PARSER_AFTER) fuses with a fresh pool of
    embedder-only workers; the export is the same either way."""
    import newsdossier.pipeline

    if large:
        monkeypatch.setattr(newsdossier.pipeline, "RELEASE_PARSER_AFTER", 1)
    db = tmp_path / "w2.duckdb"
    with Store(db) as store:
        result = build([str(corpus)], store, batch_size=4, workers=2)
    assert result.added == len(reference["rows"])
    assert export_without_timestamp(db, tmp_path / "w2.json") == reference["export"]


def _build_process(corpus: Path, db: Path, *extra: str) -> subprocess.Popen:
    # Ctrl-C as a terminal delivers it: an ignored SIGINT is inherited by children, and something
    # earlier in a test session may have set one (Python then installs no KeyboardInterrupt)
    return subprocess.Popen(
        [sys.executable, "-m", "newsdossier", "build", str(corpus), "--db", str(db), "--quiet", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _assert_whole_documents(db: Path, reference: dict) -> int:
    """The database opens, and every document in it has exactly the rows an uninterrupted build gives it."""
    rows = _rows(db)
    for doc_id, tables in rows.items():
        assert tables == reference["rows"][doc_id], f"document {doc_id} is half-processed"
    return len(rows)


def test_kill_9_at_random_moments_loses_nothing(corpus, reference, tmp_path):
    """kill -9 during a build, several times: each time the database opens and holds only whole
    documents; a rerun finishes with exactly the export of an uninterrupted build. A kill that
    came after the build had ended proves nothing, so at least two must land while it runs."""
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "newsdossier", "build", str(corpus), "--db", str(tmp_path / "timed.duckdb"),
                    "--quiet"], check=True, capture_output=True)
    whole_run = time.monotonic() - start  # to spread the kills over a whole build, start to fusion
    rng = random.Random(7)
    seen, landed, fresh = [], 0, 0
    db = tmp_path / "killed-0.duckdb"
    for _ in range(8):
        process = _build_process(corpus, db)
        time.sleep(rng.uniform(0.2, whole_run))
        process.send_signal(signal.SIGKILL)
        if process.wait() != -signal.SIGKILL:  # the build had finished: the next kill starts afresh
            assert export_without_timestamp(db, tmp_path / "finished.json") == reference["export"]
            fresh += 1
            db = tmp_path / f"killed-{fresh}.duckdb"
            continue
        landed += 1
        seen.append(_assert_whole_documents(db, reference) if db.exists() else 0)
        if landed == 4:
            break
    assert landed >= 2, f"only {landed} kill(s) landed while a build ran"
    finished = _build_process(corpus, db)
    assert finished.wait() == 0, finished.stderr.read().decode()
    assert _assert_whole_documents(db, reference) == len(reference["rows"])
    assert export_without_timestamp(db, tmp_path / "killed.json") == reference["export"], f"documents after each kill: {seen}"


def test_ctrl_c_with_workers_stops_cleanly(corpus, reference, tmp_path):
    """Ctrl-C (SIGINT) on a build with two workers: no hang, whole documents only, and a rerun completes."""
    db = tmp_path / "interrupted.duckdb"
    process = _build_process(corpus, db, "--workers", "2")
    _wait_until_workers_analyse(process)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=120) != 0, "the build finished before Ctrl-C reached it"
    _assert_whole_documents(db, reference)
    finished = _build_process(corpus, db, "--workers", "2")
    assert finished.wait() == 0, finished.stderr.read().decode()
    assert export_without_timestamp(db, tmp_path / "interrupted.json") == reference["export"]


def _wait_until_workers_analyse(process: subprocess.Popen, cpu_seconds: float = 2.0) -> None:
    """Until a worker process has used `cpu_seconds` of CPU: its models load in less, so it is
    analysing a batch (on a busy machine one worker may take every batch while the other loads)."""
    import psutil

    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before its workers got going"
        busy = 0
        for child in parent.children():
            try:
                used = child.cpu_times()
            except psutil.NoSuchProcess:
                continue
            busy += used.user + used.system >= cpu_seconds
        if busy:
            return
        time.sleep(0.05)
    raise AssertionError("the workers never got going")


def test_fusing_again_embeds_and_signs_nothing_new(reference, tmp_path, monkeypatch):
    """Quote passages are embedded, and body signatures computed, once and kept in the database:
    fusing the same documents again computes neither and gives the same export."""
    import shutil

    import newsdossier.embed
    from newsdossier.fuse import duplicates
    from newsdossier.pipeline import refuse

    db = tmp_path / "again.duckdb"
    shutil.copy(reference["db"], db)
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    signatures = con.execute("SELECT count(*) FROM body_signatures WHERE hashvalues != ''").fetchone()[0]
    con.close()
    assert stored > 0, "the first fusion embedded nothing: this test would prove nothing"
    assert signatures > 0, "the first fusion kept no body signature: this test would prove nothing"
    asked, signed = [], []
    real_embed = newsdossier.embed.embed
    monkeypatch.setattr(newsdossier.embed, "embed", lambda texts: asked.extend(texts) or real_embed(texts))
    real_signature = duplicates._signature
    monkeypatch.setattr(duplicates, "_signature", lambda shingles: signed.append(1) or real_signature(shingles))
    with Store(db) as store:
        assert store.cached("embeddings", ["no such key"]) == {}
        store.con.execute("DELETE FROM fusion_documents")  # fuse every document again, not only what is new
        assert refuse(store).full
    assert asked == []
    assert signed == [], "body signatures were computed again"
    assert export_without_timestamp(db, tmp_path / "again.json") == reference["export"]


PER_DOCUMENT_ROWS = ("mentions", "quote_mentions", "event_mentions", "claim_mentions", "loaded_terms")


@pytest.mark.parametrize("seed, share", [(1, 0.1), (2, 0.5), (3, 0.9)])
def test_adding_documents_to_a_fused_store_gives_the_fresh_export(reference, tmp_path, seed, share):
    """Some of the reference's documents are taken out, the rest fused on their own, then the others
    put back and fused in incrementally: the export is the reference's, ids included. (Rows are moved
    in SQL, so only fusion runs: it is what differs between the two ways.)"""
    import shutil

    from newsdossier.pipeline import refuse

    db = tmp_path / "grown.duckdb"
    shutil.copy(reference["db"], db)
    later = sorted(random.Random(seed).sample(sorted(reference["rows"]), max(1, int(share * len(reference["rows"])))))
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM fusion_documents")
    con.execute("CREATE TABLE held_documents AS SELECT * FROM documents WHERE id IN (SELECT unnest(?))", [later])
    for table in PER_DOCUMENT_ROWS:
        con.execute(f"CREATE TABLE held_{table} AS SELECT * FROM {table} WHERE doc IN (SELECT unnest(?))", [later])
        con.execute(f"DELETE FROM {table} WHERE doc IN (SELECT unnest(?))", [later])
    con.execute("DELETE FROM documents WHERE id IN (SELECT unnest(?))", [later])
    con.close()
    with Store(db) as store:
        assert refuse(store).full
    con = duckdb.connect(str(db))
    for table in ("documents", *PER_DOCUMENT_ROWS):
        con.execute(f"INSERT INTO {table} SELECT * FROM held_{table}")
        con.execute(f"DROP TABLE held_{table}")
    con.close()
    with Store(db) as store:
        change = refuse(store)
    assert not change.full and sorted(change.documents) == later
    assert export_without_timestamp(db, tmp_path / "grown.json") == reference["export"]
