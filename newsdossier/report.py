"""One self-contained HTML dossier: what outlets agree on and where they differ (claims,
disagreements), timeline, outlets (coverage, quotes, loaded wording), quotes by speaker, actors,
documents (article and junk told apart). Every item links to its evidence: an anchor on the exact
span in the document text."""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .export import dossier
from .fuse.claims import comparisons
from .highlight import Layer, render_text
from .statement_text import statement_parts


def build_context(data: dict) -> dict:
    docs = data["documents"]
    doc_by_id = {d["id"]: d for d in docs}
    quotes_by_doc = defaultdict(list)
    for q in data["quotes"]:
        quotes_by_doc[q["doc"]].append(q)
    event_layers = defaultdict(list)  # events: one anchor per evidence span, #ev-<event id>-<n>
    for e in data.get("events", []):
        for n, ev in enumerate(e["evidence"]):
            event_layers[ev["doc"]].append(Layer(ev["start"], ev["end"], "event", f"ev-{e['id']}-{n}"))
    for o in data.get("outlets", []):  # loaded wording: #lt-<doc>-<start>
        for t in o.get("loaded_terms") or []:
            event_layers[t["doc"]].append(Layer(t["start"], t["end"], "loaded", f"lt-{t['doc']}-{t['start']}"))
    for c in data.get("claims", []):  # a claim's evidence: #cl-<claim id>
        if c.get("group") and c.get("span"):
            event_layers[c["doc"]].append(Layer(c["span"][0], c["span"][1], "claim", f"cl-{c['id']}"))
    for dis in data.get("disagreements", []):  # a disagreement's evidence: #de-<doc>-<start>-<end>
        for side in dis.get("sides") or []:
            for ev in side.get("evidence") or []:
                event_layers[ev["doc"]].append(Layer(ev["start"], ev["end"], "disputed",
                                                     f"de-{ev['doc']}-{ev['start']}-{ev['end']}"))
    rendered = {}
    for d in docs:
        text = d["text"] or ""
        layers = [Layer(s, e, "body") for s, e in d["body"]] + event_layers[d["id"]]
        for q in quotes_by_doc[d["id"]]:
            layers.append(Layer(q["content"][0], q["content"][1], "quote", f"q-{q['id']}"))
            if q["speaker"]["span"]:
                layers.append(Layer(q["speaker"]["span"][0], q["speaker"]["span"][1], "speaker"))
            if q["cue"]:
                layers.append(Layer(q["cue"][0], q["cue"][1], "cue"))
        rendered[d["id"]] = render_text(text, layers) if text else Markup("<em>text not included</em>")

    def excerpt(doc_id, span, limit=400):
        text = doc_by_id[doc_id]["text"] or ""
        words = text[span[0] : span[1]]
        return words if len(words) <= limit else words[: limit - 1] + "…"

    def parts(q):
        """The statement as (words, verbatim) stretches: pieces shown quoted inside the clause."""
        text = doc_by_id[q["doc"]]["text"] or ""
        return statement_parts(text, q["content"], q.get("pieces") or []) if text else []

    # statements are the quotes; beliefs and findings (act think / find) are listed apart
    speakers = defaultdict(list)
    for q in data["quotes"]:
        if q.get("act", "say") == "say":
            speakers[q["speaker"]["name"] or "(unattributed)"].append(q)
    speaker_list = sorted(speakers.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    beliefs = [q for q in data["quotes"] if q.get("act", "say") != "say"]

    actors = sorted(
        (e for e in data["entities"] if e["type"] in ("PERSON", "ORG", "GPE", "NORP")),
        key=lambda e: (-len(e["mentions"]), e["name"]),
    )
    quote_by_id = {q["id"]: q for q in data["quotes"]}
    statements = []
    for g in data["quote_groups"]:
        renderings = [quote_by_id[m] for m in g["members"] if m in quote_by_id]
        diffs = {d["other"]: d for d in g.get("diff") or []}
        statements.append({"group": g, "renderings": renderings, "diffs": diffs})
    kinds = Counter(q["kind"] for q in data["quotes"])
    dates = sorted(d["published"] or (d["published_range"] or [None])[0] for d in docs if d["published"] or d["published_range"])
    timeline, planned, undated = timeline_entries(data, doc_by_id)
    agree, differ = claim_comparisons(data, doc_by_id)
    return {
        "agree": agree,
        "differ": differ,
        "outlet_rows": data.get("outlets", []),
        "coverage": coverage_matrix(data),
        "disagreements": disagreement_entries(data, doc_by_id),
        "timeline": timeline,
        "timeline_planned": planned,
        "timeline_undated": undated,
        "data": data,
        "docs": docs,
        "doc_by_id": doc_by_id,
        "rendered": rendered,
        "speakers": speaker_list,
        "beliefs": beliefs,
        "parts": parts,
        "statements": statements,
        "actors": actors[:60],
        "excerpt": excerpt,
        "kinds": kinds,
        "date_span": (dates[0], dates[-1]) if dates else None,
        "outlets": sorted({d["outlet"] for d in docs if d["outlet"]}),
    }


def coverage_matrix(data: dict, limit: int = 60) -> dict:
    """Events (rows) against outlets (columns): covered, omitted (at least two others report it,
    reprints counted once) or neither. Events reported by the most outlets first."""
    outlets = data.get("outlets", [])
    names = [o["name"] for o in outlets]
    covers = {o["name"]: set(o["covers"]) for o in outlets}
    omits = {o["name"]: set(o["omits"]) for o in outlets}
    events = [e for e in data.get("events", []) if any(e["id"] in c for c in covers.values())]
    events.sort(key=lambda e: (-sum(e["id"] in c for c in covers.values()), -len(e["evidence"]), e["id"]))
    rows = []
    for e in events[:limit]:
        anchors = {}
        for n, ev in enumerate(e["evidence"]):
            for o in outlets:
                if ev["doc"] in o["documents"]:
                    anchors.setdefault(o["name"], f"ev-{e['id']}-{n}")
        date = e.get("date")
        rows.append({"id": e["id"], "type": e["type"], "summary": e["summary"], "modality": e["modality"],
                     "date": date["start"] if date else None,
                     "cells": [("covers", anchors.get(n)) if e["id"] in covers[n] else
                               ("omits", None) if e["id"] in omits[n] else ("", None) for n in names]})
    return {"outlets": names, "rows": rows, "more": max(0, len(events) - limit)}


def claim_comparisons(data: dict, doc_by_id: dict) -> tuple[list[dict], list[dict]]:
    """What outlets agree on and where they differ (fuse/claims.py `comparisons`), each claim with its
    outlet and words; differences that are already a disagreement are left to that section."""
    outlet_of = lambda c: (doc_by_id.get(c["doc"], {}).get("outlet") or  # noqa: E731
                           doc_by_id.get(c["doc"], {}).get("source") or c["doc"])
    agree, differ = comparisons(data.get("claims", []), outlet_of)
    disputed = {cid for d in data.get("disagreements", []) for s in d.get("sides") or [] for cid in s.get("claims") or []}
    differ = [e for e in differ if not {c["id"] for c in e["claims"]} <= disputed]
    for e in agree + differ:
        for v in e["values"]:
            v["evidence"] = [{"anchor": f"cl-{c['id']}", "outlet": outlet_of(c),
                              "words": (doc_by_id.get(c["doc"], {}).get("text") or "")[c["span"][0]:c["span"][1]]}
                             for c in v["claims"]]
    return agree, differ


def disagreement_entries(data: dict, doc_by_id: dict) -> list[dict]:
    """Each disagreement with, per side, what it rests on and the words of its evidence."""
    out = []
    for dis in data.get("disagreements", []):
        sides = []
        for side in dis.get("sides") or []:
            evidence = []
            for ev in side.get("evidence") or []:
                d = doc_by_id.get(ev["doc"], {})
                evidence.append({"anchor": f"de-{ev['doc']}-{ev['start']}-{ev['end']}", "basis": ev.get("basis"),
                                 "outlet": d.get("outlet") or d.get("source") or ev["doc"],
                                 "words": (d.get("text") or "")[ev["start"]:ev["end"]]})
            sides.append({"value": side["value"], "outlets": side.get("outlets") or [],
                          "kind": side.get("evidence_kind") or "stated", "basis": side.get("basis") or [],
                          "evidence": evidence})
        out.append({"id": dis["id"], "about": dis["about"], "sides": sides})
    return out


def timeline_entries(data: dict, doc_by_id: dict) -> tuple[list, list, list]:
    """Events for the timeline: (asserted, dated and placed, by date), (expected / hypothetical /
    denied), (asserted without a date, or with neither a named participant nor a stated date). Each entry: date, what, who, where, reported by, evidence links."""
    names = {e["id"]: e["name"] for e in data["entities"]}
    done, planned, undated = [], [], []
    for e in data.get("events", []):
        date = e.get("date")
        label = None
        if date:
            label = date["start"] if date["start"] == date["end"] else f"{date['start']} – {date['end']}"
        evidence = []
        for n, ev in enumerate(e["evidence"]):
            d = doc_by_id.get(ev["doc"], {})
            evidence.append({"anchor": f"ev-{e['id']}-{n}", "outlet": d.get("outlet") or d.get("source") or ev["doc"],
                             "modality": ev["modality"], "words": (d.get("text") or "")[ev["start"]:ev["end"]]})
        entry = {"id": e["id"], "date": label, "sort": (date or {}).get("start") or "", "type": e["type"],
                 "mode": e.get("mode"), "modality": e["modality"], "summary": e["summary"],
                 "who": [names.get(a, a) for a in e["actors"]], "whom": [names.get(r, r) for r in e["recipients"]],
                 "where": e.get("place"), "outlets": e["outlets"], "evidence": evidence}
        if e["modality"] != "asserted":
            planned.append(entry)
        elif date and e.get("timeline", True):  # placed: a named participant or a stated date
            done.append(entry)
        else:
            undated.append(entry)
    key = lambda x: (x["sort"], x["id"])  # noqa: E731
    return sorted(done, key=key), sorted(planned, key=key), sorted(undated, key=lambda x: (-len(x["evidence"]), x["id"]))


def render(data: dict) -> str:
    env = Environment(loader=PackageLoader("newsdossier", "templates"), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("report.html.j2").render(**build_context(data))


def write_report(store, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(dossier(store)), encoding="utf-8")
    return out
