"""`newsdossier serve` tested as a person would use it: the app runs under uvicorn on a free
localhost port and Debian's Chromium, driven headless by Playwright, opens every page of the SCO
dossier, follows quotes (and timeline events, once there are any) to their evidence, copies a
citation, and proves that hostile document text stays inert. Screenshots of the main pages are
saved to docs/ for the README."""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from newsdossier.statement_text import statement_parts

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DOCS = REPO / "docs"
PAGES = ["/", "/timeline", "/entities", "/people", "/quotes", "/quotes?view=groups", "/quotes?view=beliefs", "/claims", "/outlets", "/documents",
         "/search?q=Putin"]
NAV = {"Overview": "/", "Timeline": "/timeline", "Entities": "/entities", "People": "/people", "Quotes": "/quotes",
       "Claims": "/claims",
       "Outlets": "/outlets", "Documents": "/documents"}

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - make test installs it
    sync_playwright = None

if sync_playwright is None or not CHROMIUM.exists():
    reason = "needs playwright (requirements-dev.txt) and Debian's chromium (make test installs both)"
    if os.environ.get("CI"):
        raise RuntimeError(reason)
    pytest.skip(reason, allow_module_level=True)

pytestmark = pytest.mark.slow


# ---- the server --------------------------------------------------------------------------------
class Server:
    """The real app under uvicorn, in a background thread, on a free port of 127.0.0.1."""

    def __init__(self, db: str):
        import uvicorn

        from newsdossier.web import create_app

        self.app = create_app(db)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
        self.app.state.store.close()
        self.sock.close()

    def raw_get(self, path: str) -> tuple[int, str]:
        """GET exactly this path (no client-side normalisation of `..`)."""
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        con.putrequest("GET", path, skip_accept_encoding=True)
        con.endheaders()
        response = con.getresponse()
        body = response.read().decode("utf-8", "replace")
        con.close()
        return response.status, body


def _sha256(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sco_server(sco_export):
    db = sco_export["_db"]
    before = _sha256(db)
    with Server(db) as server:
        yield server
    assert _sha256(db) == before, "the web app changed the database"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh page that records script errors, console errors and dialogs; fails the test on any."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    page.on("console", lambda msg: page.problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    problems = page.problems
    context.close()
    assert not problems, problems


def _open(page, url: str, status: int = 200):
    response = page.goto(url, wait_until="load")
    assert response.status == status, f"{url}: {response.status}"
    return response


# ---- the SCO dossier ---------------------------------------------------------------------------
def test_every_page_opens_with_the_navigation_bar(sco_server, page, sco_export):
    for path in PAGES:
        _open(page, sco_server.url + path)
        assert page.locator("h1").count() == 1, path
        nav = {a.inner_text().strip(): a.get_attribute("href") for a in page.locator("header nav a").all()}
        assert nav == NAV, path
        assert page.locator("header form.search input[name=q]").count() == 1
    # the overview states the counts of the dossier
    _open(page, sco_server.url + "/")
    lead = page.locator("p.lead").inner_text()
    assert f"{len(sco_export['documents'])} documents" in lead
    assert page.locator("table a[href^='/entities/']").count() > 0
    # each nav link leads to its page
    for name, path in NAV.items():
        page.locator("header nav a", has_text=name).first.click()
        page.wait_for_load_state("load")
        assert page.url == sco_server.url + path
    # an entity page and a document page, reached by clicking
    _open(page, sco_server.url + "/entities")
    page.locator("table a[href^='/entities/']").first.click()
    page.wait_for_load_state("load")
    assert re.search(r"/entities/e[0-9a-f]+$", page.url)
    assert page.locator("ul.mentions a.evidence").count() > 0


def test_a_quote_leads_to_its_exact_words(sco_server, page, sco_export):
    texts = {d["id"]: d["text"] for d in sco_export["documents"]}
    quotes = {q["id"]: q for q in sco_export["quotes"]}
    said = [q for q in quotes.values() if q["act"] == "say"]
    assert said, "the SCO dossier has quotes"
    _open(page, sco_server.url + "/quotes")
    links = page.locator("blockquote.quote-item a.evidence")
    assert links.count() == min(len(said), 100)  # beliefs and findings are listed apart
    for index in (0, links.count() - 1):
        _open(page, sco_server.url + "/quotes")
        link = page.locator("blockquote.quote-item a.evidence").nth(index)
        quote = quotes[link.get_attribute("data-quote")]
        words = texts[quote["doc"]][quote["content"][0]:quote["content"][1]]
        shown = page.locator("blockquote.quote-item").nth(index).locator(".words")
        # the statement, its verbatim pieces marked as quoted
        parts = statement_parts(texts[quote["doc"]], quote["content"], quote["pieces"])
        assert shown.inner_text() == "".join(w for w, _ in parts)
        assert shown.locator("q.piece").all_inner_texts() == [w for w, verbatim in parts if verbatim]
        link.click()
        page.wait_for_load_state("load")
        assert f"/documents/{quote['doc']}?hl={quote['content'][0]}-{quote['content'][1]}" in page.url
        marked = page.locator(".doctext .hl")
        assert "".join(marked.all_text_contents()) == words
        box = marked.first.bounding_box()
        assert box and 0 <= box["y"] <= 860, "the marked words are scrolled into view"
        assert page.locator(f"#q-{quote['id']}").count() == 1


def test_beliefs_and_findings_are_listed_apart(sco_server, page, sco_export):
    others = [q for q in sco_export["quotes"] if q["act"] != "say"]
    _open(page, sco_server.url + "/quotes?view=beliefs")
    shown = page.locator("blockquote.quote-item a.evidence")
    assert shown.count() == min(len(others), 100)
    ids = {shown.nth(i).get_attribute("data-quote") for i in range(shown.count())}
    assert all(sco_export["quotes"][[q["id"] for q in sco_export["quotes"]].index(i)]["act"] != "say" for i in ids)


def test_a_timeline_event_leads_to_its_evidence(sco_server, page, sco_export):
    _open(page, sco_server.url + "/timeline")
    if not sco_export["events"]:
        assert "No events in this dossier yet" in page.locator("main").inner_text()
        pytest.skip("the events table is empty: no event to follow yet")
    texts = {d["id"]: d["text"] for d in sco_export["documents"]}
    events = {e["id"]: e for e in sco_export["events"]}
    link = page.locator("a.evidence[data-event]").first
    event = events[link.get_attribute("data-event")]
    href = link.get_attribute("href")
    doc, start, end = re.search(r"/documents/([^?]+)\?hl=(\d+)-(\d+)", href).groups()
    assert any(ev["doc"] == doc and ev["start"] == int(start) and ev["end"] == int(end) for ev in event["evidence"])
    link.click()
    page.wait_for_load_state("load")
    assert "".join(page.locator(".doctext .hl").all_text_contents()) == texts[doc][int(start):int(end)]


def test_the_people_graph_leads_from_every_edge_to_its_evidence(sco_server, page, sco_export):
    texts = {d["id"]: d["text"] for d in sco_export["documents"]}
    entities = {e["id"] for e in sco_export["entities"]}
    _open(page, sco_server.url + "/people")
    edges = page.locator("svg a.edge-link")
    assert edges.count() > 0, "the SCO dossier has people quoting others"
    assert page.locator("svg line.edge").count() == edges.count()
    for i in range(edges.count()):
        item = page.locator("li" + edges.nth(i).get_attribute("href"))
        links = item.locator("a.evidence")
        assert links.count() > 0, f"edge {i} has no evidence"
        for href in (links.nth(k).get_attribute("href") for k in range(links.count())):
            doc, start, end = re.search(r"/documents/([^?]+)\?hl=(\d+)-(\d+)", href).groups()
            assert 0 <= int(start) < int(end) <= len(texts[doc])
    for href in (a.get_attribute("href") for a in page.locator("svg a.node-link").all()):
        assert href.rsplit("/", 1)[1] in entities
    # a click on an edge leads to its evidence, and the evidence to its exact words
    first = edges.first
    target = first.get_attribute("href")
    first.dispatch_event("click")
    page.wait_for_url(f"**/people{target}")
    link = page.locator(f"li{target} a.evidence").first
    doc, start, end = re.search(r"/documents/([^?]+)\?hl=(\d+)-(\d+)", link.get_attribute("href")).groups()
    link.click()
    page.wait_for_load_state("load")
    assert "".join(page.locator(".doctext .hl").all_text_contents()) == texts[doc][int(start):int(end)]


def test_cite_copies_a_citation(sco_server, page, sco_export):
    _open(page, sco_server.url + "/quotes")
    first = page.locator("blockquote.quote-item").first
    quote = next(q for q in sco_export["quotes"] if q["id"] == first.locator("a.evidence").get_attribute("data-quote"))
    text = next(d["text"] for d in sco_export["documents"] if d["id"] == quote["doc"])
    # the statement's words, its verbatim pieces in quotation marks
    words = "".join(f"“{w}”" if verbatim else w for w, verbatim in statement_parts(text, quote["content"], quote["pieces"]))
    first.locator("button.cite").click()
    page.wait_for_function("document.querySelector('blockquote.quote-item button.cite').textContent === 'copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    speaker = page.locator("section.speaker-section h2").first.inner_text().rsplit(" (", 1)[0]
    assert copied.startswith(f"{speaker}: {words} — ")
    doc = next(d for d in sco_export["documents"]
               if d["id"] == re.search(r"/documents/([^?]+)", first.locator("a.evidence").get_attribute("href")).group(1))
    assert (doc["outlet"] or f"(unknown: {doc['source']})") in copied
    if doc["title"]:
        assert doc["title"] in copied


def test_search_and_filters(sco_server, page, sco_export):
    _open(page, sco_server.url + "/")
    page.fill("header form.search input[name=q]", "Putin")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_load_state("load")
    assert "/search?q=Putin" in page.url
    assert page.locator("main a[href^='/entities/']", has_text="Putin").count() > 0
    assert page.locator("blockquote.quote-item").count() > 0
    doc_link = page.locator("ul.doclist a[href*='?hl=']").first
    doc_link.click()
    page.wait_for_load_state("load")
    assert "".join(page.locator(".doctext .hl").all_text_contents()).lower() == "putin"
    # the outlet filter keeps that outlet's quotes only
    named = [d for d in sco_export["documents"] if d["outlet"]]
    outlet = named[0]["outlet"]
    ids = {d["id"] for d in sco_export["documents"] if d["outlet"] == outlet}
    expected = sum(1 for q in sco_export["quotes"] if q["doc"] in ids)
    _open(page, sco_server.url + "/quotes")
    page.fill("form.filters input[name=outlet]", outlet)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state("load")
    links = page.locator("blockquote.quote-item a.evidence")
    assert links.count() == min(expected, 100)
    assert all(re.search(r"/documents/([^?]+)", h).group(1) in ids
               for h in (links.nth(i).get_attribute("href") for i in range(links.count())))
    # a date range that covers nothing empties the page, clearly
    _open(page, sco_server.url + "/quotes?from=1900-01-01&to=1900-12-31")
    assert "No quotes match these filters" in page.locator("main").inner_text()


def test_unknown_ids_and_paths_outside_the_app_are_404(sco_server, page):
    for path in ("/documents/d000000000000000", "/entities/e000000000000000", "/no/such/page"):
        _open(page, sco_server.url + path, status=404)
        assert page.locator("h1").inner_text() == "Not found"
        message = page.locator(".error-message").inner_text()
        assert path.rsplit("/", 1)[1] in message or path in message
        page.problems = [p for p in page.problems if "status of 404" not in p]  # the page itself is the 404
    for path in ("/static/../store.py", "/static/../../newsdossier/store.py", "/static/%2e%2e/store.py",
                 "/static/..%2fstore.py", "/static/../web/app.py"):
        status, body = sco_server.raw_get(path)
        assert status == 404, path
        assert "Store" not in body and "import" not in body, path
    status, _ = sco_server.raw_get("/static/app.css")
    assert status == 200


def test_the_store_is_read_only(sco_server):
    import duckdb

    with pytest.raises(duckdb.Error):
        sco_server.app.state.store.con.execute("CREATE TABLE scribble (i INTEGER)")


def test_screenshots_of_the_main_pages(sco_server, page, sco_export):
    DOCS.mkdir(exist_ok=True)
    quote = max(sco_export["quotes"], key=lambda q: q["content"][1] - q["content"][0] if q["kind"] == "direct" else 0)
    top = max(sco_export["entities"], key=lambda e: len(e["mentions"]) if e["type"] == "PERSON" else 0)
    shots = {
        "overview": "/",
        "quotes": "/quotes",
        "document": f"/documents/{quote['doc']}?hl={quote['content'][0]}-{quote['content'][1]}#hl",
        "entities": "/entities",
        "entity": f"/entities/{top['id']}",
        "timeline": "/timeline",
        "outlets": "/outlets",
        "people": "/people",
    }
    for name, path in shots.items():
        _open(page, sco_server.url + path)
        page.screenshot(path=str(DOCS / f"web-{name}.png"))
        assert (DOCS / f"web-{name}.png").stat().st_size > 10_000


# ---- hostile text ----------------------------------------------------------------------------------
HOSTILE_TXT = """Spam Storm Hits Harbour Town Council <script>window.__pwned = "title"</script>

The harbour town council met on Tuesday to discuss the new ferry timetable, officials said. The meeting was long and the agenda was full of items about the port and its workers.

"<script>window.__pwned = 'quote'</script> We will not be intimidated by anyone," said Mayor Joan Appleby, who chairs the council. She added that the ferry service would resume next month.

Council member Peter Lindqvist said the timetable <img src=x onerror="window.__pwned='img'"> had been agreed with the operator after weeks of talks. "Residents deserve a reliable service <a href="javascript:window.__pwned='link'">click here</a>," he told reporters.

Local businesses welcomed the decision. The chamber of commerce said in a statement that <svg onload="window.__pwned='svg'"></svg> trade would benefit from the new timetable.

Comments

<b onmouseover="window.__pwned='hover'">BUY CHEAP PILLS</b> <iframe src="javascript:window.__pwned='iframe'"></iframe> "></textarea><script>window.__pwned='break'</script> {{ 7*7 }}
"""
HOSTILE_JSONL = {
    "text": "Ferry Operator Responds\n\nThe ferry operator said on Wednesday that it was ready to run the new timetable"
            " agreed with the harbour town council. \"We are ready to serve <script>window.__pwned='jsonl'</script>"
            " the town,\" said Karl Brenner, the operator's chief executive. The council confirmed the agreement in a"
            " short statement and thanked residents for their patience during the talks about the port.",
    "title": "<img src=x onerror=\"window.__pwned='jtitle'\">Ferry Operator Responds",
    "url": "javascript:window.__pwned='url'",
    "outlet": "<script>window.__pwned='outlet'</script>Harbour Gazette",
    "author": "\" onmouseover=\"window.__pwned='author'",
    "published": "2024-05-02",
}


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "in").mkdir()
    (folder / "in" / "spam.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    (folder / "in" / "wire.jsonl").write_text(json.dumps(HOSTILE_JSONL) + "\n", encoding="utf-8")
    db = folder / "hostile.duckdb"
    result = run_cli("build", folder / "in", "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    with Server(str(db)) as server:
        yield server


def test_hostile_text_renders_inert(hostile_server, page):
    docs = hostile_server.app.state.queries.documents(10)[1]
    assert len(docs) == 2
    paths = ["/", "/documents", "/quotes", "/entities", "/outlets", "/timeline", "/claims", "/search?q=script",
             "/search?q=%3Cscript%3E", "/quotes?outlet=" + "%3Cscript%3Ewindow.__pwned%3D%27outlet%27%3C%2Fscript%3EHarbour+Gazette"]
    paths += [f"/documents/{d['id']}" for d in docs]
    _, quotes = hostile_server.app.state.queries.quotes(100)
    paths += [f"/documents/{q['doc']}?hl={q['content_start']}-{q['content_end']}" for q in quotes]
    for path in paths:
        _open(page, hostile_server.url + path)
        # hover and click everything that might carry a handler, then look for any sign of a script
        page.evaluate("for (const el of document.querySelectorAll('main *'))"
                      " for (const type of ['mouseover', 'focus', 'load', 'error'])"
                      " el.dispatchEvent(new Event(type, {bubbles: true}))")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("main script, main img, main iframe, main svg, main [onerror], main [onload], "
                            "main [onmouseover], main a[href^='javascript:' i]").count() == 0, path
    # the hostile text is shown as the words it is
    txt = next(d for d in docs if d["source"].endswith("spam.txt"))
    _open(page, f"{hostile_server.url}/documents/{txt['id']}")
    shown = page.locator(".doctext").inner_text()
    assert "<script>window.__pwned = 'quote'</script>" in shown
    assert '<img src=x onerror="window.__pwned=\'img\'">' in shown
    assert "{{ 7*7 }}" in shown
    wire = next(d for d in docs if not d["source"].endswith("spam.txt"))
    _open(page, f"{hostile_server.url}/documents/{wire['id']}")
    assert page.locator("h1").inner_text() == HOSTILE_JSONL["title"]
    assert HOSTILE_JSONL["url"] in page.locator("p.docmeta").inner_text()
    # a citation of hostile words copies them as text
    _open(page, hostile_server.url + "/quotes")
    page.locator("button.cite").first.click()
    page.wait_for_function("document.querySelector('button.cite').textContent === 'copied'")
    assert page.evaluate("typeof window.__pwned") == "undefined"


# ---- events, claims and disagreements: known records (as the spec has them) in a copy of the dossier ----
@pytest.fixture(scope="module")
def staged_server(sco_export, tmp_path_factory):
    """A copy of the SCO dossier whose events, claims and disagreements are replaced by a few known
    records (one JSON record per row, as the stages write them), so that what the timeline, claims
    and outlets pages show can be checked exactly, whatever the extractors find."""
    import shutil

    import duckdb

    db = tmp_path_factory.mktemp("staged") / "staged.duckdb"
    shutil.copy(sco_export["_db"], db)
    docs = {d["id"]: d for d in sco_export["documents"]}
    by_name = {e["name"]: e for e in sco_export["entities"]}
    a, b = by_name["Vladimir Putin"], by_name["Xi Jinping"]
    m1, m2 = a["mentions"][0], b["mentions"][-1]
    sentence = lambda m: (docs[m["doc"]]["text"].rfind(".", 0, m["start"]) + 1, docs[m["doc"]]["text"].find(".", m["end"]))
    s1, s2 = sentence(m1), sentence(m2)
    outlet = lambda doc: docs[doc]["outlet"] or f"(unknown: {docs[doc]['source']})"
    events = [
        {"id": "v-met", "type": "CONSULT", "mode": None, "modality": "asserted", "actors": [a["id"]], "recipients": [b["id"]],
         "place": None, "date": {"start": "2024-07-03", "end": "2024-07-03", "precision": "day"},
         "evidence": [{"doc": m1["doc"], "start": s1[0], "end": s1[1], "modality": "asserted"}],
         "outlets": [outlet(m1["doc"])], "summary": "Vladimir Putin met Xi Jinping"},
        {"id": "v-plan", "type": "COOPERATE", "mode": None, "modality": "expected", "actors": [b["id"]], "recipients": [],
         "place": None, "date": {"start": "2025-09", "end": "2025-09", "precision": "month"},
         "evidence": [{"doc": m2["doc"], "start": s2[0], "end": s2[1], "modality": "expected"}],
         "outlets": [outlet(m2["doc"])], "summary": "Xi Jinping is expected to cooperate"},
    ]
    claims = [
        {"id": "c-1", "doc": m1["doc"], "span": list(s1), "subject": "the meeting", "attribute": "date", "value": "2024",
         "number": None, "unit": None, "approx": None, "as_of": None, "source": outlet(m1["doc"]), "quote": None, "group": "k"},
        {"id": "c-2", "doc": m2["doc"], "span": list(s2), "subject": "the meeting", "attribute": "date", "value": "2025",
         "number": None, "unit": None, "approx": None, "as_of": None, "source": outlet(m2["doc"]), "quote": None, "group": "k"},
    ]
    disagreements = [{"id": "x-1", "about": "the meeting: date", "sides": [
        {"value": "2024", "claims": ["c-1"], "outlets": [outlet(m1["doc"])]},
        {"value": "2025", "claims": ["c-2"], "outlets": [outlet(m2["doc"])]}]}]
    con = duckdb.connect(str(db))
    for table, records in (("events", events), ("claims", claims), ("disagreements", disagreements)):
        con.execute(f"DELETE FROM {table}")  # exactly these records, whatever the stages found
        for r in records:
            con.execute(f"INSERT INTO {table} VALUES (?, ?)", [r["id"], json.dumps(r)])
    con.close()
    with Server(str(db)) as server:
        server.events, server.claims, server.texts = events, claims, {d: docs[d]["text"] for d in docs}
        yield server


def test_timeline_claims_and_coverage_with_records(staged_server, page):
    url, events, texts = staged_server.url, staged_server.events, staged_server.texts
    _open(page, url + "/timeline")
    assert page.locator("ol.timeline:not(.apart) li.event").count() == 1
    assert page.locator("ol.timeline.apart li.event").count() == 1
    assert "Vladimir Putin met Xi Jinping" in page.locator("ol.timeline:not(.apart)").inner_text()
    link = page.locator("ol.timeline:not(.apart) a.evidence[data-event]").first
    link.click()
    page.wait_for_load_state("load")
    ev = events[0]["evidence"][0]
    assert "".join(page.locator(".doctext .hl").all_text_contents()) == texts[ev["doc"]][ev["start"]:ev["end"]]
    assert page.locator("#ev-v-met-0").count() == 1
    # filters: a date range before the event hides it; its outlet keeps it
    _open(page, url + "/timeline?from=2024-08-01&to=2024-12-31")
    assert page.locator("ol.timeline:not(.apart) li.event").count() == 0
    _open(page, url + "/timeline?" + __import__("urllib.parse").parse.urlencode({"outlet": events[0]["outlets"][0]}))
    assert page.locator("ol.timeline:not(.apart) li.event").count() == 1
    # cite an event
    page.locator("li.event button.cite").first.click()
    page.wait_for_function("document.querySelector('li.event button.cite').textContent === 'copied'")
    assert page.evaluate("navigator.clipboard.readText()").startswith("Vladimir Putin met Xi Jinping: “")
    # claims: what outlets agree on, then where they differ (the disagreement first, each side linked
    # to its evidence), then every claim
    _open(page, url + "/claims")
    headings = [h.inner_text() for h in page.locator("main h2").all()]
    assert headings[0].startswith("What outlets agree on") and headings[1].startswith("Where outlets differ")
    assert headings[2].startswith("Every claim")
    assert page.locator("section.disagreement a.evidence").count() == 2
    # coverage matrix and the actor's events
    _open(page, url + "/outlets")
    # every event whatever its modality, as the export's outlets[].covers counts it
    assert page.locator("table.matrix .covers").count() == 2
    _open(page, url + f"/entities/{events[0]['actors'][0]}")
    assert "Vladimir Putin met Xi Jinping" in page.locator("ol.timeline").inner_text()
