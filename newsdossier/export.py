"""Export a store as `newsdossier/2` JSON (see the spec in ../shared/spec), as flat CSV or Parquet
tables (flat.py), or as a GraphML entity graph (graph.py)."""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from .fuse.coverage import coverage, outlet_name

FORMAT = "newsdossier/2"
LISTS = ("documents", "entities", "quotes", "quote_groups", "events", "claims", "disagreements", "outlets")


def dossier(store, include_text: bool = True) -> dict:
    """The whole dossier as the spec's JSON object."""
    documents = [_document(d, include_text) for d in store.documents(with_text=include_text)]
    quotes = store.quotes()
    events = store.records("events")
    return {
        "format": FORMAT,
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "documents": documents,
        "entities": store.entities(),
        "quotes": quotes,
        "quote_groups": store.quote_groups(),
        "events": events,
        "claims": store.records("claims"),
        "disagreements": store.records("disagreements"),
        "outlets": outlets(documents, quotes, events, store.loaded_terms()),
    }


def _document(d: dict, include_text: bool) -> dict:
    published_range = [d["published_from"], d["published_to"]] if d["published_from"] else None
    return {
        "id": d["id"],
        "source": d["source"],
        "sha256": d["sha256"],
        "outlet": d["outlet"],
        "author": d["author"],
        "title": d["title"],
        "published": d["published"],
        "published_range": published_range,
        "language": d["language"],
        "text": d["text"] if include_text else None,
        "body": d["body"],
        "duplicate_of": d["duplicate_of"],
        "url": d["url"],
    }


def outlets(documents: list[dict], quotes: list[dict], events: list[dict],
            loaded_terms: list[dict] | None = None) -> list[dict]:
    """Per outlet: its documents, the events it covers and omits (reprints counted once, see
    fuse/coverage.py), how many quotes it carries, and its loaded wording."""
    by_outlet: dict[str, list[str]] = defaultdict(list)
    outlet_of = {}
    for d in documents:
        # an unnamed outlet is its own: views and coverage treat the document as one outlet
        name = outlet_name(d)
        by_outlet[name].append(d["id"])
        outlet_of[d["id"]] = name
    quote_counts = defaultdict(int)
    for q in quotes:
        quote_counts[outlet_of.get(q["doc"])] += 1
    terms = defaultdict(list)
    for t in loaded_terms or []:
        if t["doc"] in outlet_of:
            terms[outlet_of[t["doc"]]].append({"term": t["term"], "doc": t["doc"], "start": t["start"], "end": t["end"]})
    covered = coverage(documents, events)
    return [
        {
            "name": name,
            "documents": sorted(by_outlet[name]),
            "covers": covered[name][0],
            "omits": covered[name][1],
            "quotes": quote_counts.get(name, 0),
            "loaded_terms": terms.get(name, []),
        }
        for name in sorted(by_outlet)
    ]


def write_json(store, out: Path, include_text: bool = True) -> dict:
    data = dossier(store, include_text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return data


def write_csv(store, folder: Path, include_text: bool = True) -> list[Path]:
    """One CSV per flat table (flat.py): offsets with the words beside them, nested objects as
    prefixed columns, remaining lists as JSON in their cell."""
    from . import flat

    rows_by_table = flat.tables(dossier(store, include_text))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in flat.TABLES:
        rows = rows_by_table[name]
        columns = flat.columns(rows)
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([flat.csv_cell(row.get(c)) for c in columns])
        written.append(path)
    return written


def write_parquet(store, folder: Path, include_text: bool = True) -> list[Path]:
    """One Parquet file per flat table (flat.py), lists as lists."""
    import pyarrow.parquet as pq

    from . import flat

    rows_by_table = flat.tables(dossier(store, include_text))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in flat.TABLES:
        path = folder / f"{name}.parquet"
        pq.write_table(flat.arrow_table(rows_by_table[name]), path)
        written.append(path)
    return written


def write_graphml(store, out: Path) -> Path:
    """The entity graph (graph.py) as GraphML, for Gephi and networkx."""
    import networkx as nx

    from .graph import entity_graph, to_networkx

    data = dossier(store)
    graph = entity_graph(data["entities"], data["quotes"], data["events"],
                         texts={d["id"]: d["text"] for d in data["documents"]})
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(to_networkx(graph), out)
    return out


# the columns of each export list, for a list with no rows (Spark's Parquet schemas)
EMPTY_COLUMNS = {
    "documents": ["id", "source", "sha256", "outlet", "author", "title", "published", "published_range",
                  "language", "text", "body", "duplicate_of"],
    "entities": ["id", "name", "type", "aliases", "mentions", "country"],
    "quotes": ["id", "doc", "content", "pieces", "kind", "act", "speaker", "cue", "group"],
    "quote_groups": ["id", "speaker", "members", "note", "diff"],
    "events": ["id", "type", "mode", "modality", "actors", "recipients", "place", "date", "evidence", "outlets",
               "summary"],
    "claims": ["id", "doc", "span", "subject", "attribute", "value", "number", "unit", "approx", "as_of", "source",
               "quote", "group"],
    "disagreements": ["id", "about", "sides"],
    "outlets": ["name", "documents", "covers", "omits", "quotes", "loaded_terms"],
}
