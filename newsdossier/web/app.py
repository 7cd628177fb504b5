"""The web app: FastAPI, server-rendered Jinja2 templates (autoescaped), a little plain JavaScript.

The store is opened read-only and never written. Every page asks the store only for what it
shows (paged), so pages stay fast on stores of many thousands of documents. Handlers are
`async` so that they all run on the server's one event-loop thread: a DuckDB connection must
not be used from several threads at once.

Every fact links to its evidence as `/documents/{doc}?hl={start}-{end}#hl`: the document page
marks that exact span (class `hl`) and scrolls it into view.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from pathlib import Path
from typing import Optional
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles

from .. import export
from ..fuse.claims import comparisons
from ..highlight import Layer, render_text
from ..statement_text import quoted
from ..store import Store
from ..web_queries import WebQueries
from .render import diff_words, snippet

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 100
GROUPS_PER_PAGE = 25
EVIDENCE_SHOWN = 5  # evidence spans listed per event or claim (the document page shows them all)
RENDERINGS_SHOWN = 6
MODALITIES_APART = ("expected", "hypothetical", "denied")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

SECURITY_HEADERS = {
    # Defence in depth: text is escaped anyway, and no inline script or handler could run.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                               " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


# ---- small helpers used by the handlers and the templates -------------------------------------
def doc_date(d: dict) -> str:
    if d.get("published"):
        return d["published"]
    if d.get("published_from"):
        return f"{d['published_from']} – {d.get('published_to') or '?'} (inferred)"
    return "date unknown"


def outlet_name(d: dict) -> str:
    return d.get("outlet_name") or d.get("outlet") or f"(unknown: {d['source']})"


def safe_url(url: Optional[str]) -> Optional[str]:
    """Only http(s) URLs become links; anything else (javascript:, data:, …) is shown as text."""
    return url if url and re.match(r"^https?://", url, re.I) else None


def evidence_href(doc: str, start: int, end: int) -> str:
    return f"/documents/{doc}?hl={int(start)}-{int(end)}#hl"


def citation(who: Optional[str], words, d: dict) -> str:
    """Speaker (or claim), outlet, date, title, URL when known, and the exact words (a string, or
    a statement's parts)."""
    parts = [outlet_name(d), doc_date(d)]
    if d.get("title"):
        parts.append(f"“{d['title']}”")
    if d.get("url"):
        parts.append(d["url"])
    head = f"{who}: " if who else ""
    # a statement (its parts) keeps its verbatim pieces in quotation marks and the rest plain
    shown = f"“{words}”" if isinstance(words, str) else quoted(words)
    return f"{head}{shown} — " + ", ".join(parts)


def _int(value: Optional[str], default: int, lo: int = 1) -> int:
    try:
        return max(lo, int(value))
    except (TypeError, ValueError):
        return default


def _date(value: Optional[str]) -> Optional[str]:
    value = (value or "").strip()
    return value if _DATE.match(value) else None


def _overlaps(lo: Optional[str], hi: Optional[str], date_from: Optional[str], date_to: Optional[str]) -> bool:
    """Whether an ISO date interval (either end may be missing or partial) meets the filter."""
    if date_from and (hi or lo) and (hi or lo) + "-99" < date_from:
        return False
    if date_to and (lo or hi) and (lo or hi) > date_to:
        return False
    if (date_from or date_to) and not (lo or hi):
        return False
    return True


class Filters:
    """Date range and outlet, read from the query string; kept in links and pagers."""

    def __init__(self, request: Request):
        q = request.query_params
        self.outlet = (q.get("outlet") or "").strip() or None
        self.date_from = _date(q.get("from"))
        self.date_to = _date(q.get("to"))
        self.page = _int(q.get("page"), 1)

    @property
    def active(self) -> bool:
        return bool(self.outlet or self.date_from or self.date_to)

    def query(self, **extra) -> str:
        params = {"outlet": self.outlet, "from": self.date_from, "to": self.date_to}
        params.update(extra)
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def create_app(db: str | Path) -> FastAPI:
    store = Store(db, read_only=True)
    queries = WebQueries(store)
    queries.prepare()  # in-memory tables for speed; the database file is never written
    app = FastAPI(title="newsdossier", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.state.queries = queries
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(doc_date=doc_date, outlet_name=outlet_name, evidence_href=evidence_href, safe_url=safe_url,
                       db_name=Path(db).name)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        context.setdefault("section", template.split(".")[0])
        html = env.get_template(template).render(request=request, **context)
        return HTMLResponse(html, status_code=status)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404:
            what = exc.detail if isinstance(exc.detail, str) and exc.detail != "Not Found" else None
            return page(request, "error.html.j2", status=404, section="", title="Not found",
                        message=what or f"There is nothing at {request.url.path}.")
        return page(request, "error.html.j2", status=exc.status_code, section="", title=f"Error {exc.status_code}",
                    message=str(exc.detail))

    def events_named():
        """All events (JSON records, fresh copies), with actor and recipient names resolved."""
        return [dict(e) for e in _events_named()]

    @functools.lru_cache(maxsize=1)
    def _events_named():
        events = store.records("events")
        ids = {i for e in events for i in (e.get("actors") or []) + (e.get("recipients") or [])}
        names = queries.entity_names(sorted(ids))
        for e in events:
            e["_actors"] = [(i, names.get(i, i)) for i in e.get("actors") or []]
            e["_recipients"] = [(i, names.get(i, i)) for i in e.get("recipients") or []]
        return events

    def with_evidence(records: list[dict], spans_of) -> None:
        """Attach to each record `_evidence`: its spans with words, document metadata and a citation."""
        shown = {id(r): spans_of(r)[:EVIDENCE_SHOWN] for r in records}
        spans = [tuple(s[:3]) for r in records for s in shown[id(r)]]
        words = queries.span_words(spans)
        meta = queries.documents_meta(sorted({s[0] for s in spans}))
        for r in records:
            r["_evidence"] = [
                {"doc": s[0], "start": s[1], "end": s[2], "modality": s[3] if len(s) > 3 else None,
                 "words": words.get(tuple(s[:3]), ""), "meta": meta.get(s[0], {"source": s[0]})}
                for s in shown[id(r)] if s[0] in meta
            ]
            r["_evidence_more"] = max(0, len(spans_of(r)) - EVIDENCE_SHOWN)

    def event_spans(e):
        return [(ev["doc"], ev["start"], ev["end"], ev.get("modality")) for ev in e.get("evidence") or []]

    def claim_spans(c):
        return [(c["doc"], c["span"][0], c["span"][1])] if c.get("doc") and c.get("span") else []

    # ---- pages -----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    async def overview(request: Request):
        counts = queries.counts()
        outlets = [(o["name"], len(o["documents"])) for o in coverage()[0]]
        return page(request, "overview.html.j2", counts=counts, actors=queries.top_entities(20),
                    speakers=queries.speakers(10), recent=queries.recent_documents(10), outlets=outlets[:15],
                    more_outlets=max(0, len(outlets) - 15), problems=store.problems()[:20])

    @app.get("/documents", response_class=HTMLResponse)
    async def documents(request: Request):
        f = Filters(request)
        total, rows = queries.documents(PAGE_SIZE, (f.page - 1) * PAGE_SIZE, f.outlet, f.date_from, f.date_to)
        return page(request, "documents.html.j2", f=f, total=total, docs=rows, outlet_names=queries.outlet_names(),
                    page_size=PAGE_SIZE)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    async def document(request: Request, doc_id: str):
        d = queries.document(doc_id)
        if d is None:
            raise HTTPException(404, f"No document with id “{doc_id}” in this dossier.")
        text = d["text"]
        layers = [Layer(s, e, "body") for s, e in d["body"]]
        _, quotes = queries.quotes(100000, doc=doc_id, by_speaker=False)
        for q in quotes:
            layers.append(Layer(q["content_start"], q["content_end"], "quote", anchor=f"q-{q['id']}"))
            if q["speaker_start"] is not None:
                layers.append(Layer(q["speaker_start"], q["speaker_end"], "speaker"))
            if q["cue_start"] is not None:
                layers.append(Layer(q["cue_start"], q["cue_end"], "cue"))
            q["cite"] = citation(q["speaker_name"] or "Unattributed", q["parts"], d)
        mentions = queries.document_mentions(doc_id)
        for m in mentions:
            layers.append(Layer(m["start"], m["end"], "ent", anchor=f"m-{m['start']}-{m['end']}", entity=m["entity"],
                                title=f"{m['name']} ({m['type']})"))
        events = [e for e in queries.records_for_document("events", doc_id)
                  if any(ev.get("doc") == doc_id for ev in e.get("evidence") or [])]
        for e in events:
            for i, ev in enumerate(e.get("evidence") or []):
                if ev.get("doc") == doc_id:
                    layers.append(Layer(ev["start"], ev["end"], "event", anchor=f"ev-{e['id']}-{i}"))
        claims = [c for c in queries.records_for_document("claims", doc_id) if c.get("doc") == doc_id and c.get("span")]
        for c in claims:
            layers.append(Layer(c["span"][0], c["span"][1], "claim", anchor=f"c-{c['id']}"))
        hl = None
        match = re.fullmatch(r"(\d+)-(\d+)", request.query_params.get("hl", ""))
        if match:
            start, end = int(match.group(1)), int(match.group(2))
            if 0 <= start < end <= len(text):
                hl = (start, end)
                layers.append(Layer(start, end, "hl", anchor="hl"))
        entities = defaultdict(lambda: {"count": 0})
        for m in mentions:
            entry = entities[m["entity"]]
            entry.update(id=m["entity"], name=m["name"], type=m["type"])
            entry["count"] += 1
        return page(request, "document.html.j2", d=d, rendered=render_text(text, layers), quotes=quotes,
                    entities=sorted(entities.values(), key=lambda e: (-e["count"], e["name"])), events=events,
                    claims=claims, hl=hl, hl_words=text[hl[0]:hl[1]] if hl else None,
                    body_chars=sum(e - s for s, e in d["body"]), url=safe_url(d["url"]))

    @app.get("/entities", response_class=HTMLResponse)
    async def entities(request: Request):
        f = Filters(request)
        name = (request.query_params.get("q") or "").strip() or None
        etype = (request.query_params.get("type") or "").strip() or None
        total, rows = queries.entities(PAGE_SIZE, (f.page - 1) * PAGE_SIZE, name=name, type=etype)
        return page(request, "entities.html.j2", f=f, total=total, entities=rows, q=name, type=etype,
                    types=queries.entity_types(), page_size=PAGE_SIZE)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse)
    async def entity(request: Request, entity_id: str):
        e = queries.entity(entity_id)
        if e is None:
            merged = queries.merged_into(entity_id)
            if merged:  # an entity that joined another since the link was made
                query = f"?{request.url.query}" if request.url.query else ""
                return RedirectResponse(f"/entities/{merged}{query}", status_code=307)
            raise HTTPException(404, f"No entity with id “{entity_id}” in this dossier.")
        f = Filters(request)
        mentions = queries.entity_mentions(entity_id, PAGE_SIZE, (f.page - 1) * PAGE_SIZE)
        qtotal, quotes = queries.quotes(PAGE_SIZE, entity=entity_id, by_speaker=False, acts=("say",))
        for q in quotes:
            q["cite"] = citation(q["speaker_name"], q["parts"], q)
        events = [ev for ev in events_named()
                  if entity_id in (ev.get("actors") or []) or entity_id in (ev.get("recipients") or [])]
        with_evidence(events, event_spans)
        for ev in events:
            _cite_event(ev)
        return page(request, "entity.html.j2", e=e, f=f, mentions=mentions, quotes=quotes, qtotal=qtotal,
                    events=events, page_size=PAGE_SIZE)

    @app.get("/quotes", response_class=HTMLResponse)
    async def quotes(request: Request):
        f = Filters(request)
        view = request.query_params.get("view")
        view = view if view in ("groups", "beliefs") else "speakers"
        speaker = request.query_params.get("speaker")
        speakers = queries.speakers(40, f.outlet, f.date_from, f.date_to)
        groups, total, rows = [], 0, []
        if view != "groups":
            # statements are the quotes; beliefs and findings (act think / find) are listed apart
            total, rows = queries.quotes(PAGE_SIZE, (f.page - 1) * PAGE_SIZE, f.outlet, f.date_from, f.date_to,
                                           speaker=speaker, acts=("say",) if view == "speakers" else ("think", "find"))
            for q in rows:
                q["cite"] = citation(q["speaker_name"] or "Unattributed", q["parts"], q)
        else:
            total, page_groups = queries.quote_groups(GROUPS_PER_PAGE, (f.page - 1) * GROUPS_PER_PAGE, f.outlet,
                                                        f.date_from, f.date_to)
            shown = [m for g in page_groups for m in g["members"][:RENDERINGS_SHOWN * 3]]
            _, member_rows = queries.quotes(max(1, len(shown)), ids=shown, by_speaker=False,
                                              outlet=f.outlet, date_from=f.date_from, date_to=f.date_to)
            by_id = {q["id"]: q for q in member_rows}
            for g in page_groups:
                renderings = [by_id[m] for m in g["members"] if m in by_id][:RENDERINGS_SHOWN]
                for q in renderings:
                    q["cite"] = citation(q["speaker_name"] or g["speaker"], q["parts"], q)
                    q["diff"] = diff_words(renderings[0]["statement"], q["statement"])  # whole statements
                diffs = g["diff"] if isinstance(g["diff"], list) else []
                flags = [d for d in diffs if isinstance(d, dict) and d.get("possible_misquote")]
                why = [str(w) for d in flags for w in (d.get("why") or [])]
                groups.append({"id": g["id"], "speaker": g["speaker"], "note": g["note"], "renderings": renderings,
                               "size": len(g["members"]), "misquote": bool(flags), "why": why})
        sections = []
        for q in rows:
            if not sections or sections[-1]["speaker"] != q["speaker_name"]:
                sections.append({"speaker": q["speaker_name"], "entity": q["speaker_entity"], "count": q["n"], "quotes": []})
            sections[-1]["quotes"].append(q)
        return page(request, "quotes.html.j2", f=f, view=view, speaker=speaker, speakers=speakers, sections=sections,
                    groups=groups, total=total, outlet_names=queries.outlet_names(),
                    page_size=PAGE_SIZE if view != "groups" else GROUPS_PER_PAGE,
                    group_count=queries.counts()["quote_groups"] if view != "groups" else total)

    def _cite_event(e):
        ev = e["_evidence"][0] if e.get("_evidence") else None
        who = e.get("summary") or e.get("type")
        e["cite"] = citation(who, ev["words"], ev["meta"]) if ev else who

    @app.get("/timeline", response_class=HTMLResponse)
    async def timeline(request: Request):
        f = Filters(request)
        events = events_named()
        total_events = len(events)
        if f.active:
            kept = []
            outlet_docs = None
            for e in events:
                date = e.get("date") or {}
                if not _overlaps(date.get("start"), date.get("end"), f.date_from, f.date_to):
                    continue
                if f.outlet and f.outlet not in (e.get("outlets") or []):
                    if outlet_docs is None:
                        outlet_docs = {d["id"] for d in queries.document_outlets()
                                       if (d["outlet"] or f"(unknown: {d['source']})") == f.outlet}
                    if not any(ev.get("doc") in outlet_docs for ev in e.get("evidence") or []):
                        continue
                kept.append(e)
            events = kept
        events.sort(key=lambda e: ((e.get("date") or {}).get("start") or "9999", e.get("id")))
        # the timeline proper: events reported as done that a reader can place (a named participant or
        # a stated date: `timeline`); the rest are listed apart
        placed = [e.get("modality") not in MODALITIES_APART and e.get("timeline", True) for e in events]
        asserted = [e for e, ok in zip(events, placed) if ok]
        apart = [e for e, ok in zip(events, placed) if not ok]
        counts = (len(asserted), len(apart))
        window = slice((f.page - 1) * PAGE_SIZE, f.page * PAGE_SIZE)
        asserted, apart = asserted[window], apart[window]
        with_evidence(asserted + apart, event_spans)
        for e in asserted + apart:
            _cite_event(e)
        return page(request, "timeline.html.j2", f=f, asserted=asserted, apart=apart, total_events=total_events,
                    counts=counts, page_size=PAGE_SIZE, outlet_names=queries.outlet_names())

    @app.get("/claims", response_class=HTMLResponse)
    async def claims(request: Request):
        f = Filters(request)
        claims = store.records("claims")
        disagreements = store.records("disagreements")
        total_claims = len(claims)
        with_evidence(claims, claim_spans)
        every_claim = claims
        if f.active:
            def keep(c):
                if not c["_evidence"]:
                    return False
                meta = c["_evidence"][0]["meta"]
                if f.outlet and outlet_name(meta) != f.outlet:
                    return False
                return _overlaps(meta.get("published") or meta.get("published_from"),
                                 meta.get("published") or meta.get("published_to"), f.date_from, f.date_to)
            claims = [c for c in claims if keep(c)]
        by_id = {c["id"]: c for c in claims}
        for c in claims:
            ev = c["_evidence"][0] if c["_evidence"] else None
            what = " ".join(str(x) for x in (c.get("subject"), c.get("attribute"), c.get("value")) if x)
            c["cite"] = citation(f"Claim ({c.get('source') or 'unsourced'}): {what}", ev["words"], ev["meta"]) if ev else what
        for dis in disagreements:
            for side in dis.get("sides") or []:
                side["_claims"] = [by_id[i] for i in side.get("claims") or [] if i in by_id]
        disagreements = [d for d in disagreements if any(s["_claims"] for s in d.get("sides") or [])] if f.active else disagreements
        groups = defaultdict(list)
        for c in claims:
            groups[c.get("group") or c["id"]].append(c)
        ordered = sorted(groups.values(), key=lambda cs: (-len(cs), str(cs[0].get("subject")), str(cs[0].get("attribute"))))
        # compared over the whole dossier (one outlet alone agrees with nobody), shown where a kept claim takes part
        agree, differ = comparisons([c for c in every_claim if c["_evidence"]],
                                    lambda c: outlet_name(c["_evidence"][0]["meta"]))
        if f.active:
            agree = [e for e in agree if any(c["id"] in by_id for c in e["claims"])]
            differ = [e for e in differ if any(c["id"] in by_id for c in e["claims"])]
        in_disagreement = {cid for d in disagreements for s in d.get("sides") or [] for cid in s.get("claims") or []}
        differ = [d for d in differ if not {c["id"] for c in d["claims"]} <= in_disagreement]
        return page(request, "claims.html.j2", f=f, disagreements=disagreements, groups=ordered, agree=agree,
                    differ=differ, total_claims=total_claims, outlet_names=queries.outlet_names())

    @app.get("/outlets", response_class=HTMLResponse)
    async def outlets(request: Request):
        rows, columns, more_events, terms = coverage()
        return page(request, "outlets.html.j2", outlets=rows, columns=columns, more_events=more_events, terms=terms)

    @app.get("/people", response_class=HTMLResponse)
    async def people(request: Request):
        drawing = people_drawing()
        shown = [(d["edge"].source, d["edge"].kind, d["edge"].target, ev["doc"], ev["start"], ev["end"])
                 for d in drawing["edges"] for ev in d["edge"].evidence[:EVIDENCE_SHOWN]]
        words = queries.span_words([(s[3], s[4], s[5]) for s in shown])
        meta = queries.documents_meta(sorted({s[3] for s in shown}))
        links = []
        for d in drawing["edges"]:
            evidence = [{"doc": ev["doc"], "start": ev["start"], "end": ev["end"], "fact": ev["id"],
                         "words": words.get((ev["doc"], ev["start"], ev["end"]), ""),
                         "meta": meta.get(ev["doc"], {"source": ev["doc"]})}
                        for ev in d["edge"].evidence[:EVIDENCE_SHOWN] if ev["doc"] in meta]
            links.append(dict(d, evidence=evidence, more=max(0, d["edge"].weight - len(evidence))))
        return page(request, "people.html.j2", drawing=drawing, links=links, section="people")

    @functools.lru_cache(maxsize=1)
    def people_drawing():
        """Who met or quoted whom, laid out once (the store is read-only)."""
        from ..graph import entity_graph
        from .people import layout

        graph = entity_graph(store.entities(), store.quotes(), store.records("events"), kinds=("met", "quoted"))
        return layout(graph)

    @functools.lru_cache(maxsize=1)
    def coverage():
        """The coverage matrix (it depends on nothing but the read-only store, so it is computed once)."""
        docs = queries.document_outlets()
        # every event, whatever its modality: the export's coverage (fuse/coverage.py), so this page
        # and outlets[].omits of the JSON and the report say the same
        events = events_named()
        rows = export.outlets(docs, [], events, store.loaded_terms())
        quote_counts = queries.quote_counts_by_outlet()
        for o in rows:
            o["quotes"] = quote_counts.get(o["name"], 0)
            o["covers"], o["omits"] = set(o["covers"]), set(o["omits"])  # the page asks each cell's event
        rows.sort(key=lambda o: (-len(o["documents"]), o["name"]))
        events.sort(key=lambda e: (-len({ev.get("doc") for ev in e.get("evidence") or []}), e["id"]))
        terms = [(o["name"], t) for o in rows for t in o.get("loaded_terms") or []]
        return rows, events[:30], max(0, len(events) - 30), terms[:500]

    @app.get("/search", response_class=HTMLResponse)
    async def search(request: Request):
        q = (request.query_params.get("q") or "").strip()
        docs, quotes, ents = [], [], []
        dmore, qmore, qtotal, etotal = False, False, 0, 0
        if len(q) >= 2:
            dmore, rows = queries.search_documents(q, 20)
            pattern = re.compile(re.escape(q), re.I)
            for d in rows:
                hit = pattern.search(d["text"]) or pattern.search(d["title"] or "")
                in_text = bool(pattern.search(d["text"]))
                if in_text:
                    d["hit"] = (hit.start(), hit.end())
                    d["snippet"] = snippet(d["text"], hit.start(), hit.end())
                d.pop("text")
                docs.append(d)
            qtotal, quotes = queries.quotes(51, words=q, by_speaker=False, count=False)
            qmore, quotes = qtotal > 50, quotes[:50]
            for x in quotes:
                x["cite"] = citation(x["speaker_name"] or "Unattributed", x["parts"], x)
            etotal, ents = queries.entities(50, name=q)
        return page(request, "search.html.j2", q=q, docs=docs, quotes=quotes, ents=ents, dmore=dmore, qmore=qmore,
                    qtotal=qtotal, etotal=etotal, section="search")

    return app
