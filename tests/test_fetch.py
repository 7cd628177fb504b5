"""`newsdossier fetch` against a local news site (tests/local_site.py, a threaded HTTP server on
127.0.0.1): every reachable article archived once, robots.txt obeyed, each failure named, nothing
requested twice on a rerun; kill -9 in the middle of a fetch and a cut archive lose nothing; and
`build` reads the archive with what the feeds and sitemaps said about each page."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, export_without_timestamp, run_cli
from local_site import (ARTICLES, FLAKY, NO_TITLE, REDIRECTED_TO, NAMES, Site, article_date, article_path,
                        article_title)
from newsdossier.ingest.discover import feed_targets, published_on_or_after, read_url_list, sitemap_targets
from newsdossier.ingest.fetch import fetch
from newsdossier.ingest.polite import Politeness
from newsdossier.ingest.warc import scan_archive

# short waits: the site answers at once, except the page made to be slower than this timeout
FAST = ["--delay", "0", "--timeout", "1", "--backoff", "0", "--retries", "2", "--max-bytes", "100000", "--quiet"]


def run_fetch(site: Site, out: Path, *extra: str, connections: int = 4) -> subprocess.Popen:
    urls = out.parent / "urls.txt"
    urls.write_text(f"# a comment, then a URL twice and one with a fragment\n{site.base}{article_path(1)}\n"
                    f"{site.base}{article_path(1)}\n\n{site.base}{article_path(2)}#comments\nftp://example.org/x\n",
                    encoding="utf-8")
    command = [sys.executable, "-m", "newsdossier", "fetch", "--urls", str(urls),
               "--feed", f"{site.base}/feed.rss", "--feed", f"{site.base}/feed.atom",
               "--sitemap", f"{site.base}/sitemap.xml", "--out", str(out), "--connections", str(connections),
               *FAST, *extra]
    # Ctrl-C as at a terminal: a shell without job control starts background jobs with SIGINT
    # ignored, and Python keeps an ignored SIGINT ignored, so the fetch would never see it
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=300)
    return process.returncode, stderr


def archived_pages(path: Path) -> dict[str, int]:
    """Target path → number of 2xx response records, read with warcio; fails on anything unreadable."""
    from urllib.parse import urlsplit

    from warcio.archiveiterator import ArchiveIterator

    counts: dict[str, int] = {}
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            record.content_stream().read()
            assert getattr(record.raw_stream, "limit", 0) == 0, "a record is cut short"
            if record.rec_type == "response" and record.http_headers.get_statuscode().startswith("2"):
                uri = urlsplit(record.rec_headers.get_header("WARC-Target-URI")).path
                counts[uri] = counts.get(uri, 0) + 1
        assert iterator.offset == path.stat().st_size, "bytes after the last record"
    return counts


@pytest.fixture(scope="module")
def site():
    with Site() as running:
        yield running


@pytest.fixture(scope="module")
def first_fetch(site, tmp_path_factory):
    out = tmp_path_factory.mktemp("fetch") / "story.warc.gz"
    status, stderr = finish(run_fetch(site, out))
    return {"out": out, "status": status, "stderr": stderr, "log": list(site.log)}


@pytest.fixture(scope="module")
def first_export(first_fetch, tmp_path_factory):
    work = tmp_path_factory.mktemp("build")
    result = run_cli("build", first_fetch["out"], "--db", work / "story.duckdb", "--quiet")
    assert result.exit_code == 0, result.output
    return export_without_timestamp(work / "story.duckdb", work / "story.json")


# ---- GATE 1: the site fetched, then fetched again ----------------------------------------------------
def test_every_reachable_article_is_archived_once_and_every_failure_named(first_fetch, site):
    pages = archived_pages(first_fetch["out"])
    assert pages == {path: 1 for path in Site.reachable()}
    log = first_fetch["log"]
    assert not [p for p in log if p.startswith("/private/")], "a path robots.txt disallows was requested"
    assert log.count(article_path(FLAKY)) == 2, "the 503 page is tried again and then archived"
    assert log.count(article_path(REDIRECTED_TO)) == 1, "reached by a redirect chain and a sitemap: requested once"
    assert all(a.startswith("newsdossier/") for a in site.agents), site.agents
    assert site.most_active == 1, "one request at a time to one host"
    assert first_fetch["status"] == 1
    lines = [l for l in first_fetch["stderr"].splitlines() if l.startswith("newsdossier: http") or "ftp://" in l]
    base = site.base
    expected = {
        f"{base}/missing.html": "HTTP 404",
        f"{base}/slow.html": "timeout",
        f"{base}/big.html": "too large",
        f"{base}/report.pdf": "not HTML or text (application/pdf)",
        f"{base}/loop/a": "redirect loop",
        f"{base}/private/members.html": "robots.txt disallows it",
        f"{base}/private/secret.html": "robots.txt disallows it",
        f"{base}/private/hidden.html": "robots.txt disallows it",
        "ftp://example.org/x": "not an http or https URL",
    }
    assert len(lines) == len(expected), lines
    for url, reason in expected.items():
        assert any(line.startswith(f"newsdossier: {url}: ") and reason in line for line in lines), (url, lines)
    assert f"{ARTICLES} pages archived" in first_fetch["stderr"]


def test_a_rerun_requests_nothing_already_archived(first_fetch, site, tmp_path):
    out = tmp_path / "again.warc.gz"
    out.write_bytes(first_fetch["out"].read_bytes())
    before = len(site.log)
    status, stderr = finish(run_fetch(site, out))
    again = site.log[before:]
    archived = set(Site.reachable()) | {"/redirect/1", "/redirect/2", "/redirect/3"}
    assert not archived & set(again), sorted(archived & set(again))
    assert not [p for p in again if p.startswith("/private/")]
    assert "0 pages archived" in stderr and status == 1  # the failures are tried again, and fail again
    assert archived_pages(out) == {path: 1 for path in Site.reachable()}


def test_build_uses_what_the_feed_and_sitemap_said_where_the_page_is_silent(first_export):
    docs = {d["url"].rsplit("/", 1)[1]: d for d in first_export["documents"]}
    assert len(docs) == ARTICLES
    for n in NO_TITLE:  # no title, byline or date in the page: the RSS item's
        d = docs[article_path(n).rsplit("/", 1)[1]]
        assert (d["title"], d["published"], d["author"]) == (article_title(n), article_date(n), NAMES[(n + 1) % len(NAMES)])
    page = docs[article_path(30).rsplit("/", 1)[1]]  # the page's own title wins over the news sitemap's
    assert page["title"] == article_title(30) and page["published"] == article_date(30)


# ---- GATE 2: kill -9 in the middle of a fetch ----------------------------------------------------------
def test_kill_9_during_a_fetch_then_the_same_fetch_gives_the_same_dossier(site, first_export, tmp_path):
    out = tmp_path / "killed.warc.gz"
    site.released.clear()
    site.hold_after = site.article_requests() + 12  # the site stalls after 12 articles: the kill lands mid-fetch
    process = run_fetch(site, out, connections=2)
    deadline = time.monotonic() + 120
    while len(scan_archive(out)[0]) < 8:
        assert process.poll() is None, "the fetch ended before it was killed"
        assert time.monotonic() < deadline, "the fetch archived nothing"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    site.hold_after = None
    site.release()
    status, stderr = finish(run_fetch(site, out))
    assert status == 1, stderr
    assert archived_pages(out) == {path: 1 for path in Site.reachable()}
    result = run_cli("build", out, "--db", tmp_path / "killed.duckdb", "--quiet")
    assert result.exit_code == 0, result.output
    assert export_without_timestamp(tmp_path / "killed.duckdb", tmp_path / "killed.json") == first_export


def test_ctrl_c_stops_a_fetch_at_once_and_leaves_the_archive_whole(site, tmp_path):
    out = tmp_path / "interrupted.warc.gz"
    site.released.clear()
    site.hold_after = site.article_requests() + 6
    process = run_fetch(site, out, connections=2)
    try:
        deadline = time.monotonic() + 120
        while len(scan_archive(out)[0]) < 4 or site.article_requests() <= site.hold_after:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        # the fetch is waiting for a held page when Ctrl-C comes; it leaves without waiting it out
        process.send_signal(signal.SIGINT)
        status, stderr = finish(process)
    finally:
        site.hold_after = None
        site.release()
    assert status == 130 and "interrupted" in stderr, stderr
    pages = archived_pages(out)  # whole: every record complete, nothing after the last one
    assert 4 <= len(pages) and set(pages.values()) == {1}


@pytest.mark.parametrize("cut", [0.3, 0.7, -7])
def test_an_archive_cut_anywhere_is_completed_by_the_next_fetch(first_fetch, site, tmp_path, cut):
    whole = first_fetch["out"].read_bytes()
    at = int(len(whole) * cut) if cut > 0 else len(whole) + cut
    out = tmp_path / "cut.warc.gz"
    out.write_bytes(whole[:at])  # as a power cut or a full disk would leave it, mid-record
    kept = {url for url in scan_archive(out)[0] if "/news/" in url}  # (redirects are responses too)
    result = fetch([f"{site.base}{p}" for p in Site.reachable()], out=out,
                   politeness=Politeness(delay=0, timeout=2, retries=1, backoff=0))
    assert not result.failures, result.failures
    assert result.already == len(kept) and result.archived == ARTICLES - len(kept)
    assert archived_pages(out) == {path: 1 for path in Site.reachable()}


def test_a_cut_record_never_counts_as_archived(first_fetch, tmp_path):
    """Wherever a cut lands (inside a header, the compressed data or a gzip trailer), the archive
    resumes after the last whole record: what comes before it is whole gzip members."""
    import zlib

    whole = first_fetch["out"].read_bytes()
    cut = tmp_path / "cut.warc.gz"
    for at in range(1, len(whole), max(1, len(whole) // 400)):
        cut.write_bytes(whole[:at])
        end = scan_archive(cut)[1]
        pos = 0
        while pos < end:
            member = zlib.decompressobj(31)
            member.decompress(whole[pos:end])
            assert member.eof, (at, end, pos)
            pos = end - len(member.unused_data)


# ---- the lists ---------------------------------------------------------------------------------------
def test_since_keeps_entries_published_on_or_after_the_date(site):
    import httpx

    rss = httpx.get(f"{site.base}/feed.rss").content
    targets, error = feed_targets(rss, "feed", since="2024-05-10")
    assert error is None
    assert {t.url.rsplit("/", 1)[1] for t in targets} == (
        {article_path(n).rsplit("/", 1)[1] for n in range(1, 16) if article_date(n) >= "2024-05-10"}
        | {"members.html", "1"})  # undated items are kept: nothing says they are older
    news = httpx.get(f"{site.base}/sitemap-news.xml").content
    pages, children, error = sitemap_targets(news, "sitemap", since="2024-06")
    assert (pages, children, error) == ([], [], None)
    pages, _, _ = sitemap_targets(news, "sitemap", since="2024-05")
    assert len(pages) == 10 and pages[0].metadata["outlet"] == "Town Gazette"
    assert published_on_or_after("2024-05", "2024-05-20") and not published_on_or_after("2024-04", "2024-05-20")
    assert feed_targets(b"<html>not a feed", "x")[1] is not None or feed_targets(b"<html>not a feed", "x")[0] == []
    assert sitemap_targets(b"<html><body>no</body></html>", "x")[2].startswith("not a sitemap")


def test_url_lists_skip_comments_and_blank_lines():
    assert read_url_list("# list\n\nhttps://a.example/1\n  https://a.example/2#top  \n#x\n") == [
        "https://a.example/1", "https://a.example/2#top"]


def test_fetch_needs_something_to_fetch(tmp_path):
    result = run_cli("fetch", "--out", tmp_path / "x.warc.gz")
    assert result.exit_code == 2
