"""The dossier from Python: what the command line does, as functions (`newsdossier.build`,
`newsdossier.fetch`), and a read-only `Dossier` whose lists come as pyarrow tables (flat.py's
columns: the words beside their offsets; `.to_pandas()` with pandas installed, or
`polars.from_arrow`). Importing this module loads no model; `build` loads them when it runs.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable, Optional, Union

from .ingest import DEFAULT_MAX_BYTES

PathLike = Union[str, Path]


def build(paths: Union[PathLike, Iterable[PathLike]], db: PathLike, workers: int = 1,
          max_bytes: int = DEFAULT_MAX_BYTES, on_problem=None, on_progress=None):
    """Add every file, folder and web archive under `paths` to the database `db` (created when
    missing) and fuse the corpus, as `newsdossier build` does; returns the `BuildResult` (added,
    already_present, problems, notes). Scripts that use workers > 1 need the usual
    `if __name__ == "__main__":` guard."""
    from .pipeline import build as run_build
    from .store import Store

    if isinstance(paths, (str, Path)):
        paths = [paths]
    with Store(db) as store:
        return run_build([str(p) for p in paths], store, max_bytes=max_bytes, workers=workers,
                         on_problem=on_problem, on_progress=on_progress)


def fetch(urls: Iterable[str] = (), out: PathLike = "story.warc.gz", feeds: Iterable[str] = (),
          sitemaps: Iterable[str] = (), since: Optional[str] = None, **politeness):
    """Archive pages into the WARC `out`, as `newsdossier fetch` does; `politeness`: delay,
    per_host, timeout, max_bytes, retries, backoff (see ingest/polite.py), and `connections`."""
    from .ingest.fetch import fetch as run_fetch
    from .ingest.polite import Politeness

    connections = politeness.pop("connections", 4)
    return run_fetch(list(urls), list(feeds), list(sitemaps), Path(out), since=since,
                     politeness=Politeness(**politeness), connections=connections)


class Dossier:
    """A dossier database opened read-only. Each list is a pyarrow table of flat rows; filters
    take a speaker or entity (name or id), an outlet, and ISO dates (`since`, `until`: inclusive,
    any precision)."""

    def __init__(self, db: PathLike):
        from .store import Store

        self.path = Path(db)
        self._store = Store(self.path, read_only=True)

    def close(self) -> None:
        self._store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self) -> str:
        return f"Dossier({str(self.path)!r})"

    # ---- the lists ----------------------------------------------------------------------------------
    def export(self) -> dict:
        """The whole dossier as the JSON export's object (see the spec)."""
        return self._export

    def table(self, name: str):
        """Any flat table by name (flat.TABLES: documents, entities, mentions, quotes, quote_groups,
        events, evidence, claims, disagreements, outlets, loaded_terms)."""
        from . import flat

        if name not in flat.TABLES:
            raise ValueError(f"no table {name!r}; there are {', '.join(flat.TABLES)}")
        return flat.arrow_table(self._tables[name])

    def documents(self, outlet: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None):
        rows = [r for r in self._tables["documents"]
                if _outlet_is(r.get("outlet"), outlet)
                and _dated(r.get("published") or r.get("published_from"), r.get("published") or r.get("published_to"),
                           since, until)]
        return _arrow(rows, self._tables["documents"])

    def entities(self, name: Optional[str] = None, type: Optional[str] = None):
        rows = [r for r in self._tables["entities"]
                if (name is None or name.casefold() in r["name"].casefold() or name == r["id"])
                and (type is None or r["type"] == type.upper())]
        return _arrow(rows, self._tables["entities"])

    def quotes(self, speaker: Optional[str] = None, outlet: Optional[str] = None, since: Optional[str] = None,
               until: Optional[str] = None):
        """Quotes, each with its words (`text`), speaker (`speaker_name`, `speaker_entity`, ...) and
        document (`doc_outlet`, `doc_title`, `doc_published`, `doc_url`)."""
        rows = [r for r in self._tables["quotes"]
                if _speaker_is(r, speaker) and _outlet_is(r.get("doc_outlet"), outlet)
                and _dated(r.get("doc_published"), r.get("doc_published"), since, until)]
        return _arrow(rows, self._tables["quotes"])

    def events(self, entity: Optional[str] = None, type: Optional[str] = None, since: Optional[str] = None,
               until: Optional[str] = None):
        """Events (their evidence: `evidence(event_id)` or `table("evidence")`)."""
        rows = [r for r in self._tables["events"]
                if (type is None or r.get("type") == type.upper())
                and (entity is None or entity in (r.get("actors") or []) + (r.get("recipients") or [])
                     or any(entity.casefold() == n.casefold()
                            for n in (r.get("actor_names") or []) + (r.get("recipient_names") or [])))
                and _dated(r.get("date_start"), r.get("date_end"), since, until)]
        return _arrow(rows, self._tables["events"])

    def claims(self, outlet: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None):
        rows = [r for r in self._tables["claims"]
                if _outlet_is(r.get("doc_outlet"), outlet)
                and _dated(r.get("doc_published"), r.get("doc_published"), since, until)]
        return _arrow(rows, self._tables["claims"])

    def disagreements(self):
        """One row per side of each disagreement."""
        return self.table("disagreements")

    def outlets(self):
        return self.table("outlets")

    def evidence(self, fact_id: str) -> list[dict]:
        """The exact words behind a quote, claim, event or entity (every mention), each with its
        document's id, offsets, outlet, title, date and URL."""
        spans = self._spans.get(fact_id)
        if spans is None:
            raise KeyError(f"no quote, claim, event or entity with id {fact_id!r}")
        docs = {d["id"]: d for d in self._export["documents"]}
        out = []
        for doc, start, end in spans:
            d = docs.get(doc, {})
            text = d.get("text")
            out.append({"doc": doc, "start": start, "end": end,
                        "words": text[start:end] if text is not None else None,
                        "outlet": d.get("outlet"), "title": d.get("title"), "published": d.get("published"),
                        "url": d.get("url"), "source": d.get("source")})
        return out

    def sql(self, query: str, params: Optional[list] = None):
        """Run SQL on the database as it is (read-only; tables: see README "The store"); a pyarrow table."""
        return self._store.query_arrow(query, params)

    # ---- behind the lists ---------------------------------------------------------------------------
    @functools.cached_property
    def _export(self) -> dict:
        from . import export

        return export.dossier(self._store)

    @functools.cached_property
    def _tables(self) -> dict:
        from . import flat

        return flat.tables(self._export)

    @functools.cached_property
    def _spans(self) -> dict:
        data = self._export
        spans = {}
        for q in data["quotes"]:
            spans[q["id"]] = [(q["doc"], *q["content"])]
        for c in data["claims"]:
            if c.get("doc") and c.get("span"):
                spans[c["id"]] = [(c["doc"], *c["span"])]
        for e in data["events"]:
            spans[e["id"]] = [(ev["doc"], ev["start"], ev["end"]) for ev in e.get("evidence") or []]
        for e in data["entities"]:
            spans[e["id"]] = [(m["doc"], m["start"], m["end"]) for m in e.get("mentions") or []]
        return spans


def _arrow(rows: list[dict], all_rows: list[dict]):
    """The rows as a table with every column of the full list, even when the filter kept none."""
    from . import flat

    if rows:
        return flat.arrow_table(rows)
    import pyarrow as pa

    return pa.table({name: pa.array([], type=pa.null()) for name in flat.columns(all_rows)})


def _speaker_is(row: dict, speaker: Optional[str]) -> bool:
    if speaker is None:
        return True
    if speaker == row.get("speaker_entity") or speaker in (row.get("speaker_entities") or []):
        return True
    return (row.get("speaker_name") or "").casefold() == speaker.casefold()


def _outlet_is(value: Optional[str], outlet: Optional[str]) -> bool:
    return outlet is None or (value or "").casefold() == outlet.casefold()


def _dated(lo: Optional[str], hi: Optional[str], since: Optional[str], until: Optional[str]) -> bool:
    """Whether the date interval [lo, hi] (ISO, any precision) meets [since, until]; an undated
    row meets no date filter."""
    if not since and not until:
        return True
    lo, hi = lo or hi, hi or lo
    if not lo:
        return False
    if since and hi[:len(since)] < since[:len(hi)]:
        return False
    if until and lo[:len(until)] > until[:len(lo)]:
        return False
    return True
