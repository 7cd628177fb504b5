"""The dossier as flat tables, for people and dataframes (CSV, Parquet, the Python API).

Built generically from the export's records, so fields added to the format later flow through:
a nested object becomes prefixed columns (``speaker.name`` → ``speaker_name``), a span
``[start, end]`` becomes ``x_start``/``x_end`` with ``x_text`` — the words themselves — beside
it, a list of spans stays a list with the list of its words beside it, and every record that
lives in a document carries that document's outlet, title, date and URL (``doc_*``). Lists of
objects get their own table, one row per item: entity mentions (``mentions``), event evidence
(``evidence``), disagreement sides (``disagreements``), an outlet's loaded terms
(``loaded_terms``); the record keeps their count.
"""
from __future__ import annotations

import json
from typing import Callable, Optional

TABLES = ("documents", "entities", "mentions", "quotes", "quote_groups", "events", "evidence", "claims",
          "disagreements", "outlets", "loaded_terms")
SPAN_KEYS = ("content", "cue", "span", "trigger")  # spans that may be null: their columns exist all the same
SPAN_LISTS = ("pieces",)  # lists of spans that may be empty (an indirect quote's): their words too
MAIN_SPANS = ("content", "span", "")  # the span whose words are the record's `text`
DOC_CONTEXT = ("outlet", "title", "published", "url")


def tables(dossier: dict) -> dict[str, list[dict]]:
    """Every flat table of an export (`export.dossier`'s dict), by name."""
    docs = {d["id"]: d for d in dossier["documents"]}
    names = {e["id"]: e["name"] for e in dossier["entities"]}
    words, context = _words(docs), _context(docs)
    objects: set = set()  # columns that hold an object somewhere (a null one is no column of its own)

    def f(record: dict, skip=()) -> dict:
        return flatten(record, words, context, skip, objects)

    out = {"documents": [_document(d) for d in dossier["documents"]]}
    out["entities"] = [dict(f(e, skip=("mentions",)), mentions=len(e.get("mentions") or []),
                            documents=len({m["doc"] for m in e.get("mentions") or []}),
                            **({"country_name": names.get(e["country"])} if "country" in e else {}))
                       for e in dossier["entities"]]
    out["mentions"] = [dict({"entity": e["id"], "entity_name": e["name"], "entity_type": e["type"]}, **f(m))
                       for e in dossier["entities"] for m in e.get("mentions") or []]
    out["quotes"] = [f(q) for q in dossier["quotes"]]
    out["quote_groups"] = [f(g) for g in dossier["quote_groups"]]
    out["events"] = []
    for e in dossier["events"]:
        row = f(e, skip=("evidence",))
        for key in ("actors", "recipients"):
            if isinstance(e.get(key), list):
                row[f"{key[:-1]}_names"] = [names.get(i, i) for i in e[key]]
        row["evidence"] = len(e.get("evidence") or [])
        out["events"].append(row)
    out["evidence"] = [dict({"event": e["id"], "event_type": e.get("type")}, **f(ev))
                       for e in dossier["events"] for ev in e.get("evidence") or []]
    out["claims"] = [f(c) for c in dossier["claims"]]
    out["disagreements"] = [dict({"id": d["id"], "about": d.get("about")}, **f(d, skip=("sides", "id", "about")),
                                 side=index, **f(side))
                            for d in dossier["disagreements"] for index, side in enumerate(d.get("sides") or [])]
    out["outlets"] = [dict(f(o, skip=("loaded_terms",)), loaded_terms=len(o.get("loaded_terms") or []))
                      for o in dossier["outlets"]]
    out["loaded_terms"] = [dict({"outlet_name": o["name"]}, **f(t))
                           for o in dossier["outlets"] for t in o.get("loaded_terms") or []]
    return {name: _uniform(rows, objects) for name, rows in out.items()}


def _uniform(rows: list[dict], objects: set) -> list[dict]:
    """Every row with every column, in one order. A null object (an event without a date) left a
    column of its own name beside its fields' columns (date_start, ...): dropped when null throughout."""
    names = columns(rows) if rows else []
    dropped = {n for n in names if n in objects and all(r.get(n) is None for r in rows)}
    kept = [n for n in names if n not in dropped]
    return [{n: row.get(n) for n in kept} for row in rows]


def flatten(record: dict, words: Callable, context: Callable, skip=(), objects: Optional[set] = None) -> dict:
    """One flat row of a record (see the module's docstring); `objects` collects the names of the
    objects flattened."""
    row = _flat(record, "", skip, objects if objects is not None else set())
    doc = record.get("doc")
    if not isinstance(doc, str):
        return row
    out = {}
    for key, value in row.items():
        out[key] = value
        if key == "end" or key.endswith("_end"):  # the words right beside their offsets
            prefix = key[:-4]
            start = row.get(f"{prefix}_start" if prefix else "start", "")
            if all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in (start, value)):
                out["text" if prefix in MAIN_SPANS else f"{prefix}_text"] = words(doc, start, value)
        elif isinstance(value, list) and (value or key in SPAN_LISTS) and all(_is_span(v) for v in value):
            out[f"{key}_text"] = [words(doc, s, e) for s, e in value]
    out.update(context(doc))
    return out


def _flat(record: dict, prefix: str, skip=(), objects: Optional[set] = None) -> dict:
    row = {}
    for key, value in record.items():
        if key in skip:
            continue
        # a nested object's own span takes the object's name: speaker.span → speaker_start, speaker_end
        name = prefix.rstrip("_") if key == "span" and prefix else prefix + key
        if isinstance(value, dict):
            if objects is not None:
                objects.add(name)
            row.update(_flat(value, name + "_", (), objects))
        elif _is_span(value) or (value is None and key in SPAN_KEYS):
            start, end = value if value is not None else (None, None)
            row[f"{name}_start"], row[f"{name}_end"] = start, end
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            row[name] = json.dumps(value, ensure_ascii=False)  # objects without a table of their own
        else:
            row[name] = value
    return row


def _is_span(value) -> bool:
    return (isinstance(value, (list, tuple)) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value))


def _document(d: dict) -> dict:
    row = {k: v for k, v in d.items() if k != "published_range"}
    published_range = d.get("published_range") or [None, None]
    at = list(d).index("published_range") if "published_range" in d else len(row)
    items = list(row.items())
    items[at:at] = [("published_from", published_range[0]), ("published_to", published_range[1])]
    return dict(items)


def _words(docs: dict) -> Callable[[str, Optional[int], Optional[int]], Optional[str]]:
    def words(doc: str, start, end) -> Optional[str]:
        text = (docs.get(doc) or {}).get("text")
        if text is None or start is None or end is None:
            return None
        return text[start:end]

    return words


def _context(docs: dict) -> Callable[[str], dict]:
    def context(doc: str) -> dict:
        d = docs.get(doc) or {}
        return {f"doc_{k}": d.get(k) for k in DOC_CONTEXT}

    return context


# ---- writing --------------------------------------------------------------------------------------------
def columns(rows: list[dict]) -> list[str]:
    """Every key of the rows, in the order they first appear."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen) or ["id"]


def arrow_table(rows: list[dict]):
    """A pyarrow table of the rows; a column whose values mix types is written as text (lists and
    objects as JSON)."""
    import pyarrow as pa

    arrays, names = [], columns(rows)
    for name in names:
        values = [row.get(name) for row in rows]
        try:
            arrays.append(pa.array(values))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays.append(pa.array([None if v is None else json.dumps(v, ensure_ascii=False)
                                    if isinstance(v, (list, dict)) else str(v) for v in values], type=pa.string()))
    return pa.Table.from_arrays(arrays, names=names)


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value
