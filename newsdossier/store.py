"""The DuckDB store: the only module that speaks SQL.

One file holds a whole dossier. Each document is written in one transaction with everything
found in it, so an interrupted build never leaves half a document; fused tables are derived
and rebuilt whole by `replace_fused`.
"""
from __future__ import annotations

import itertools
import json
import sys
from contextlib import contextmanager
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

import duckdb

from .ids import span_id
from .records import Document, DocumentAnalysis

SCHEMA_VERSION = "1"


class StoreError(RuntimeError):
    pass


def _span(mention) -> tuple:
    """(doc, start, end) of an entity mention given as that tuple or as {doc, start, end}."""
    return (mention["doc"], mention["start"], mention["end"]) if isinstance(mention, dict) else tuple(mention)


class Store:
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (build one with `newsdossier build`)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open as a newsdossier database ({exc})") from exc
        if not read_only:
            self.con.execute(resources.files(__package__).joinpath("schema.sql").read_text())
            self.con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [SCHEMA_VERSION]
            )
        else:
            try:
                self.con.execute("SELECT 1 FROM documents LIMIT 1")
            except duckdb.Error as exc:
                raise StoreError(f"{self.path}: not a newsdossier database") from exc

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self):
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def _insert(self, table: str, rows: Iterable, conflict: str = "") -> None:
        """Insert rows (a list or any iterable, taken 100,000 at a time so a large table is never
        whole in memory twice): small chunks as multi-row VALUES, large ones through an Arrow table
        (DuckDB's executemany goes row by row; VALUES with thousands of parameters is slow too)."""
        rows = iter(rows)
        while chunk := list(itertools.islice(rows, 100_000)):
            self._insert_chunk(table, chunk, conflict)

    def _insert_chunk(self, table: str, rows: list, conflict: str) -> None:
        width = len(rows[0])
        if len(rows) > 400:
            import pyarrow as pa

            columns = pa.table({f"c{i}": [row[i] for row in rows] for i in range(width)})
            self.con.register("__newsdossier_rows", columns)
            try:
                self.con.execute(f"INSERT INTO {table} SELECT * FROM __newsdossier_rows{conflict}")
            finally:
                self.con.unregister("__newsdossier_rows")
            return
        placeholder = "(" + ",".join("?" * width) + ")"
        sql = f"INSERT INTO {table} VALUES " + ",".join([placeholder] * len(rows)) + conflict
        self.con.execute(sql, [value for row in rows for value in row])

    # ---- per-document writes -------------------------------------------------------------
    def known_document_ids(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT id FROM documents").fetchall()}

    def add_analyses(self, analyses: list[DocumentAnalysis]) -> None:
        """Write documents and everything found in them, all or nothing."""
        with self.transaction():
            for analysis in analyses:
                self._add(analysis)

    def add_analysis(self, analysis: DocumentAnalysis) -> None:
        self.add_analyses([analysis])

    def _add(self, analysis: DocumentAnalysis) -> None:
        d = analysis.document
        self.con.execute(
            "INSERT INTO documents (id, source, sha256, outlet, author, title, published, published_from,"
            " published_to, language, analysable, url, text, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                d.id, d.source, d.sha256, d.outlet, d.author, d.title, d.published,
                d.published_range[0] if d.published_range else None,
                d.published_range[1] if d.published_range else None,
                d.language, d.analysable, d.url, d.text, json.dumps(d.body),
            ],
        )
        self._insert("mentions", [[m.doc, m.start, m.end, m.surface, m.label, m.canonical, m.ambiguous]
                                  for m in analysis.mentions])
        if analysis.quotes:
            self._insert(
                "quote_mentions",
                [
                    [
                        span_id("q", q.doc, *q.content), q.doc, q.content[0], q.content[1], q.kind,
                        q.cue[0] if q.cue else None, q.cue[1] if q.cue else None,
                        q.speaker_name, json.dumps(q.speaker_names or ([q.speaker_name] if q.speaker_name else [])),
                        q.speaker_span[0] if q.speaker_span else None,
                        q.speaker_span[1] if q.speaker_span else None,
                        q.speaker_label, q.speaker_kind,
                    ]
                    for q in analysis.quotes
                ],
                " ON CONFLICT DO NOTHING",
            )
        self._insert_event_mentions(analysis.events)
        self._insert_claim_mentions(getattr(analysis, "claims", []))
        self._insert("loaded_terms", [[t.doc, t.span[0], t.span[1], t.term, t.why]
                                      for t in getattr(analysis, "loaded", [])])

    def is_fused(self) -> bool:
        """Whether the fused tables reflect the documents (false after documents were added unfused)."""
        value = self.con.execute("SELECT value FROM meta WHERE key = 'fused_documents'").fetchone()
        count = self.con.execute("SELECT count(*) FROM documents").fetchone()[0]
        return value is not None and int(value[0]) == count

    def record_problems(self, problems: Iterable) -> None:
        rows = [[p.source, p.reason] for p in problems]
        with self.transaction():
            self.con.execute("DELETE FROM problems")
            if rows:
                self.con.executemany("INSERT INTO problems (source, reason) VALUES (?, ?)", rows)

    # ---- reads for fusion -----------------------------------------------------------------
    def documents(self, with_text: bool = True) -> list[dict]:
        text_col = "text" if with_text else "NULL AS text"
        rows = self.con.execute(
            f"SELECT id, source, sha256, outlet, author, title, published, published_from, published_to,"
            f" language, analysable, url, {text_col}, body, duplicate_of FROM documents ORDER BY id"
        ).fetchall()
        keys = ["id", "source", "sha256", "outlet", "author", "title", "published", "published_from",
                "published_to", "language", "analysable", "url", "text", "body", "duplicate_of"]
        docs = [dict(zip(keys, row)) for row in rows]
        for d in docs:
            d["body"] = json.loads(d["body"])
        return docs

    def mentions(self) -> list[tuple]:
        cur = self.con.execute(
            "SELECT doc, start_char, end_char, surface, label, canonical, ambiguous FROM mentions"
            " ORDER BY doc, start_char, end_char"
        )
        # read in chunks, one copy of each repeated string: an archive has millions of mentions of a few
        # thousand names, and a tuple of shared strings is a fraction of one with its own copies
        rows, intern = [], sys.intern
        while chunk := cur.fetchmany(50_000):
            rows.extend((intern(d), s, e, intern(surface), intern(label), intern(canonical), ambiguous)
                        for d, s, e, surface, label, canonical, ambiguous in chunk)
        return rows

    def quote_mentions(self) -> list[dict]:
        cur = self.con.execute(
            "SELECT id, doc, content_start, content_end, kind, cue_start, cue_end, speaker_name, speaker_names,"
            " speaker_start, speaker_end, speaker_label, speaker_kind FROM quote_mentions ORDER BY doc, content_start, id"
        )
        keys = [c[0] for c in cur.description]
        rows = [dict(zip(keys, r)) for r in cur.fetchall()]
        for r in rows:
            r["speaker_names"] = json.loads(r["speaker_names"]) if r["speaker_names"] else []
        return rows

    def body_texts(self) -> list[tuple[str, str, list, Optional[str], str]]:
        """(id, text, body, published, source) of every document, for duplicate detection."""
        rows = self.con.execute(
            "SELECT id, text, body, coalesce(published, published_from), source FROM documents ORDER BY id"
        ).fetchall()
        return [(i, t, json.loads(b), p, s) for i, t, b, p, s in rows]

    # ---- events ----------------------------------------------------------------------------
    def _insert_event_mentions(self, events: list) -> None:
        """Per-document event mentions, inside the document's transaction (called from `_add`)."""
        if events:
            self._insert(
                "event_mentions",
                [[e.doc, e.span[0], e.span[1], e.type, e.modality, json.dumps(asdict(e))] for e in events],
            )

    def event_mentions(self) -> list[dict]:
        """Every event mention (as the EventMention fields), by document and position."""
        return [json.loads(r[0]) for r in self.con.execute(
            "SELECT record FROM event_mentions ORDER BY doc, start_char, end_char, type"
        ).fetchall()]

    def document_dates(self) -> dict[str, tuple]:
        """id → (published, published_from, published_to) of every document."""
        return {r[0]: (r[1], r[2], r[3]) for r in self.con.execute(
            "SELECT id, published, published_from, published_to FROM documents").fetchall()}

    def document_outlets(self) -> dict[str, str]:
        """id → outlet name (or `(unknown: source)`, as in the export's outlets)."""
        return {r[0]: r[1] for r in self.con.execute(
            "SELECT id, coalesce(outlet, '(unknown: ' || source || ')') FROM documents").fetchall()}

    def _replace_events(self, events: list) -> None:
        self.con.execute("DELETE FROM events")
        self._insert("events", ([e["id"], json.dumps(e, ensure_ascii=False)] for e in events))

    # ---- claims ----------------------------------------------------------------------------
    def _insert_claim_mentions(self, claims: list) -> None:
        """Per-document claim mentions, inside the document's transaction (called from `_add`)."""
        if claims:
            self._insert(
                "claim_mentions",
                [[c.doc, c.span[0], c.span[1], c.kind, json.dumps(asdict(c), ensure_ascii=False)] for c in claims],
            )

    def claim_mentions(self) -> list[dict]:
        """Every claim mention (as the ClaimMention fields), by document and position."""
        return [json.loads(r[0]) for r in self.con.execute(
            "SELECT record FROM claim_mentions ORDER BY doc, start_char, end_char, kind, CAST(record AS VARCHAR)"
        ).fetchall()]

    def _replace_claims(self, claims: list, disagreements: list) -> None:
        self.con.execute("DELETE FROM claims")
        self.con.execute("DELETE FROM disagreements")
        self._insert("claims", ([c["id"], json.dumps(c, ensure_ascii=False)] for c in claims), " ON CONFLICT DO NOTHING")
        self._insert("disagreements", [[d["id"], json.dumps(d, ensure_ascii=False)] for d in disagreements])

    # ---- loaded wording --------------------------------------------------------------------
    def loaded_terms(self) -> list[dict]:
        """Every loaded term ({term, doc, start, end, why}), by document and position."""
        try:
            rows = self.con.execute(
                "SELECT doc, start_char, end_char, term, why FROM loaded_terms ORDER BY doc, start_char, end_char"
            ).fetchall()
        except duckdb.CatalogException:  # a store built before loaded wording, opened read-only
            return []
        return [{"term": t, "doc": d, "start": a, "end": b, "why": w} for d, a, b, t, w in rows]

    # ---- caches of fusion's work on single items (quote-passage embeddings, body signatures) ----
    CACHES = {"embeddings": "vector", "body_signatures": "hashvalues"}

    def cached(self, cache: str, keys: list[str]) -> dict[str, bytes]:
        """key → stored bytes, for the keys that are in `cache` (a name of CACHES)."""
        column = self.CACHES[cache]
        found = {}
        for i in range(0, len(keys), 1000):
            chunk = keys[i : i + 1000]
            found.update(self.con.execute(
                f"SELECT key, {column} FROM {cache} WHERE key IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def add_cached(self, cache: str, values: dict[str, bytes]) -> None:
        if cache not in self.CACHES:  # the name goes into SQL: only the known tables
            raise ValueError(f"no cache named {cache!r}")
        with self.transaction():
            self._insert(cache, [[k, v] for k, v in values.items()], " ON CONFLICT DO NOTHING")

    # ---- fused tables ---------------------------------------------------------------------
    def replace_fused(self, fused) -> None:
        """Replace every derived table with the result of a fusion run.

        Table by table, each in its own transaction (one transaction would hold every new row of a
        large dossier in memory until it commits): `fused_documents` is cleared first and set last,
        so an interrupted write leaves the dossier marked unfused and the next build fuses again."""
        with self.transaction():
            self.con.execute("DELETE FROM meta WHERE key = 'fused_documents'")
        with self.transaction():
            self.con.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
            for doc_id, original in sorted(fused.duplicate_of.items()):
                self.con.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", [original, doc_id])
        with self.transaction():
            self.con.execute("DELETE FROM entities")
            self._insert("entities", ([e["id"], e["name"], e["type"], json.dumps(e["aliases"]), e.get("country")]
                                      for e in fused.entities))
        with self.transaction():
            self.con.execute("DELETE FROM entity_mentions")
            self._insert(
                "entity_mentions",
                ([e["id"], *_span(m)] for e in fused.entities for m in e["mentions"]),
            )
        with self.transaction():
            self.con.execute("DELETE FROM quotes")
            if fused.quotes:
                self._insert(
                    "quotes",
                    (
                        [q["id"], q["doc"], q["content"][0], q["content"][1], q["kind"],
                         q["cue"][0] if q["cue"] else None, q["cue"][1] if q["cue"] else None,
                         q["speaker"]["name"], q["speaker"]["entity"], json.dumps(q["speaker"]["entities"]),
                         q["speaker"]["span"][0] if q["speaker"]["span"] else None,
                         q["speaker"]["span"][1] if q["speaker"]["span"] else None,
                         q["group"], q["speaker"].get("kind")]
                        for q in fused.quotes
                    ),
                )
        with self.transaction():
            self.con.execute("DELETE FROM quote_groups")
            self._insert(
                "quote_groups",
                ([g["id"], g["speaker"], json.dumps(g["members"]), g["note"], json.dumps(g["diff"])]
                 for g in fused.quote_groups),
            )
        with self.transaction():
            self._replace_events(getattr(fused, "events", []))
        with self.transaction():
            self._replace_claims(getattr(fused, "claims", []), getattr(fused, "disagreements", []))
        with self.transaction():
            count = self.con.execute("SELECT count(*) FROM documents").fetchone()[0]
            self.con.execute(
                "INSERT INTO meta VALUES ('fused_documents', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [str(count)],
            )

    # ---- reads for export, report and web ---------------------------------------------------
    def entities(self) -> list[dict]:
        ents = self.con.execute("SELECT id, name, type, aliases, country FROM entities ORDER BY name, id").fetchall()
        mentions: dict[str, list] = {}
        for entity, doc, start, end in self.con.execute(
            "SELECT entity, doc, start_char, end_char FROM entity_mentions ORDER BY entity, doc, start_char"
        ).fetchall():
            mentions.setdefault(entity, []).append({"doc": doc, "start": start, "end": end})
        return [
            {"id": i, "name": n, "type": t, "aliases": json.loads(a), "mentions": mentions.get(i, []), "country": c}
            for i, n, t, a, c in ents
        ]

    def quotes(self) -> list[dict]:
        rows = self.con.execute(
            "SELECT id, doc, content_start, content_end, kind, cue_start, cue_end, speaker_name, speaker_entity,"
            " speaker_entities, speaker_start, speaker_end, quote_group, speaker_kind FROM quotes ORDER BY doc, content_start, id"
        ).fetchall()
        return [
            {
                "id": r[0], "doc": r[1], "content": [r[2], r[3]], "kind": r[4],
                "speaker": {
                    "name": r[7], "entity": r[8], "entities": json.loads(r[9]) if r[9] else [],
                    "span": [r[10], r[11]] if r[10] is not None else None,
                    "kind": r[13],
                },
                "cue": [r[5], r[6]] if r[5] is not None else None,
                "group": r[12],
            }
            for r in rows
        ]

    def quote_groups(self) -> list[dict]:
        return [
            {"id": i, "speaker": s, "members": json.loads(m), "note": n, "diff": json.loads(d) if d else None}
            for i, s, m, n, d in self.con.execute(
                "SELECT id, speaker, members, note, diff FROM quote_groups ORDER BY id"
            ).fetchall()
        ]

    def records(self, table: str) -> list[dict]:
        if table not in ("events", "claims", "disagreements"):
            raise ValueError(table)
        return [json.loads(r[0]) for r in self.con.execute(f"SELECT record FROM {table} ORDER BY id").fetchall()]

    def query_arrow(self, sql: str, params: list | None = None):
        """A user's own SQL, as given (the Python API's `Dossier.sql`), as a pyarrow table; None for a
        statement that returns no rows."""
        relation = self.con.sql(sql, params=params) if params else self.con.sql(sql)
        if relation is None:
            return None
        return relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()

    def problems(self) -> list[tuple[str, str]]:
        return self.con.execute("SELECT source, reason FROM problems ORDER BY source").fetchall()

    # ---- reads for the web app -------------------------------------------------------------
    # One method per thing a page shows, each asking only for the rows it displays, so pages stay
    # fast on big stores. Document dates are compared as intervals: a document published "2024"
    # spans 2024-01-01..2024-12-31; one with only an inferred range spans that range.
    _WEB_LO = ("coalesce(CASE length(d.published) WHEN 4 THEN d.published || '-01-01' WHEN 7 THEN d.published || '-01'"
               " ELSE d.published END, d.published_from)")
    _WEB_HI = ("coalesce(CASE length(d.published) WHEN 4 THEN d.published || '-12-31' WHEN 7 THEN d.published || '-31'"
               " ELSE d.published END, d.published_to)")
    _WEB_OUTLET = "coalesce(d.outlet, '(unknown: ' || d.source || ')')"
    _WEB_DOC_COLS = ("d.id, d.source, d.outlet, d.author, d.title, d.published, d.published_from, d.published_to,"
                     " d.url, d.language, d.analysable, d.duplicate_of")
    _WEB_DOC_KEYS = ["id", "source", "outlet", "author", "title", "published", "published_from", "published_to",
                     "url", "language", "analysable", "duplicate_of"]

    def _web_rows(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        keys = [c[0] for c in cur.description]
        return [dict(zip(keys, r)) for r in cur.fetchall()]

    def _web_memo(self, key, compute):
        """Whole-store answers that do not depend on the request, kept for the life of a read-only
        store (nothing can change a database another process holds open)."""
        memo = self.__dict__.setdefault("_web_memo_table", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def web_prepare(self) -> None:
        """Precompute what pages would otherwise recompute on every request, in this process's
        memory only (temporary tables and a dict; the database file is not touched): document
        texts (DuckDB decompresses a stored text slowly, and slices by character from its start),
        their lower-case form for search, one flat row per quote with its words and its
        document's metadata, and each entity's mention counts. Idempotent; the methods that need
        it call it."""
        if getattr(self, "_web_text", None) is not None:
            return
        self._web_text = dict(self.con.execute("SELECT id, text FROM documents").fetchall())
        self._web_docs = {r["id"]: r for r in self._web_rows(
            f"SELECT {self._WEB_DOC_COLS}, {self._WEB_OUTLET} AS outlet_name FROM documents d")}
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE web_search AS SELECT id, lower(coalesce(title, '') || ' ' || text) AS t"
            " FROM documents"
        )
        spans = self.con.execute("SELECT id, doc, content_start, content_end FROM quotes").fetchall()
        words = [self._web_text[d][a:b] for _, d, a, b in spans]
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE web_quote_words AS SELECT unnest(?) AS id, unnest(?) AS words, unnest(?) AS lw",
            [[r[0] for r in spans], words, [w.lower() for w in words]],
        )
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE web_quote_rows AS SELECT q.id, q.doc, q.content_start, q.content_end, q.kind,"
            " q.cue_start, q.cue_end, q.speaker_name, q.speaker_entity, CAST(q.speaker_entities AS VARCHAR) AS speaker_entities,"
            " q.speaker_start, q.speaker_end, q.quote_group,"
            f" {self._WEB_LO} AS lo, {self._WEB_HI} AS hi, {self._WEB_OUTLET} AS outlet_name, w.lw,"
            " count(*) OVER (PARTITION BY q.speaker_name) AS n_all"
            " FROM quotes q JOIN documents d ON d.id = q.doc JOIN web_quote_words w ON w.id = q.id"
            " ORDER BY q.doc, q.content_start"  # stored by document: a document's quotes are found without a full scan
        )
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE web_quote_speakers AS SELECT * FROM (SELECT DISTINCT unnest(list_append("
            "CAST(coalesce(speaker_entities, '[]') AS VARCHAR[]), speaker_entity)) AS entity, id FROM quotes)"
            " WHERE entity IS NOT NULL ORDER BY entity"
        )
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE web_doc_mentions AS SELECT doc, start_char, end_char, entity FROM entity_mentions"
            " ORDER BY doc, start_char, end_char"
        )
        self.con.execute("DROP TABLE web_quote_words")
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE web_entity_counts AS SELECT entity, count(*) AS n, count(DISTINCT doc) AS docs"
            " FROM entity_mentions GROUP BY entity"
        )

    def _web_doc_filter(self, outlet: Optional[str], date_from: Optional[str], date_to: Optional[str]):
        """WHERE fragments (on alias d) and their parameters for the outlet and date filters."""
        return self._web_filter(outlet, date_from, date_to, self._WEB_OUTLET, self._WEB_LO, self._WEB_HI)

    @staticmethod
    def _web_filter(outlet, date_from, date_to, outlet_col="r.outlet_name", lo_col="r.lo", hi_col="r.hi"):
        """WHERE fragments and parameters: an outlet, and a date range the row's dates must touch."""
        where, params = [], []
        if outlet:
            where.append(f"{outlet_col} = ?")
            params.append(outlet)
        if date_from:
            where.append(f"{hi_col} >= ?")
            params.append(date_from)
        if date_to:
            where.append(f"{lo_col} <= ?")
            params.append(date_to)
        return where, params

    def web_counts(self) -> dict:
        return self._web_memo("counts", self._web_counts)

    def _web_counts(self) -> dict:
        row = self.con.execute(
            f"SELECT count(*), count(DISTINCT {self._WEB_OUTLET}), count(d.outlet), min({self._WEB_LO}), max({self._WEB_HI}),"
            " count(*) FILTER (WHERE d.duplicate_of IS NOT NULL), count(*) FILTER (WHERE NOT d.analysable)"
            " FROM documents d"
        ).fetchone()
        counts = dict(zip(["documents", "outlets", "with_outlet", "date_from", "date_to", "duplicates", "not_analysed"], row))
        for table in ("entities", "quotes", "quote_groups", "events", "claims", "disagreements", "problems"):
            counts[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        counts["quote_kinds"] = dict(self.con.execute("SELECT kind, count(*) FROM quotes GROUP BY kind ORDER BY kind").fetchall())
        return counts

    def web_top_entities(self, limit: int, types: tuple = ("PERSON", "ORG", "GPE", "NORP")) -> list[dict]:
        self.web_prepare()
        return self._web_rows(
            "SELECT e.id, e.name, e.type, m.n AS mentions, m.docs AS documents FROM entities e JOIN"
            " web_entity_counts m ON m.entity = e.id WHERE list_contains(?, e.type) ORDER BY m.n DESC, e.name LIMIT ?",
            [list(types), limit],
        )

    def web_speakers(self, limit: int, outlet: Optional[str] = None, date_from: Optional[str] = None,
                     date_to: Optional[str] = None) -> list[dict]:
        """Speakers by number of quotes (within the filters): name, entity id, count."""
        self.web_prepare()
        where, params = self._web_filter(outlet, date_from, date_to)

        def compute():
            return self._web_rows(
                "SELECT r.speaker_name AS name, any_value(r.speaker_entity) AS entity, count(*) AS quotes"
                " FROM web_quote_rows r" + (" WHERE " + " AND ".join(where) if where else "")
                + " GROUP BY r.speaker_name ORDER BY quotes DESC, name NULLS LAST LIMIT ?",
                params + [limit],
            )
        return compute() if where else self._web_memo(("speakers", limit), compute)

    def web_recent_documents(self, limit: int) -> list[dict]:
        return self._web_rows(
            f"SELECT {self._WEB_DOC_COLS}, d.added_at FROM documents d ORDER BY d.added_at DESC, d.id LIMIT ?", [limit]
        )

    def web_documents(self, limit: int, offset: int = 0, outlet: Optional[str] = None, date_from: Optional[str] = None,
                      date_to: Optional[str] = None) -> tuple[int, list[dict]]:
        """(total, one page of documents) without their text, oldest first."""
        where, params = self._web_doc_filter(outlet, date_from, date_to)
        clause = " WHERE " + " AND ".join(where) if where else ""
        total = self.con.execute(f"SELECT count(*) FROM documents d{clause}", params).fetchone()[0]
        rows = self._web_rows(
            f"SELECT {self._WEB_DOC_COLS} FROM documents d{clause} ORDER BY {self._WEB_LO} NULLS LAST, d.id LIMIT ? OFFSET ?",
            params + [limit, offset],
        )
        self.web_prepare()
        for r in rows:
            r["length"] = len(self._web_text.get(r["id"], ""))
        return total, rows

    def web_document_outlets(self) -> list[dict]:
        return self._web_memo('web_document_outlets', self._web_document_outlets)

    def _web_document_outlets(self) -> list[dict]:
        """Every document's id, outlet and source (what `export.outlets` needs), no text."""
        return self._web_rows("SELECT d.id, d.outlet, d.source FROM documents d ORDER BY d.id")

    def web_documents_meta(self, ids: list[str]) -> dict[str, dict]:
        self.web_prepare()
        return {i: dict(self._web_docs[i]) for i in ids if i in self._web_docs}

    def web_document(self, doc_id: str) -> Optional[dict]:
        rows = self._web_rows(f"SELECT {self._WEB_DOC_COLS}, d.text, d.body FROM documents d WHERE d.id = ?", [doc_id])
        if not rows:
            return None
        rows[0]["body"] = json.loads(rows[0]["body"])
        return rows[0]

    def web_document_mentions(self, doc_id: str) -> list[dict]:
        self.web_prepare()
        return self._web_rows(
            "SELECT m.entity, e.name, e.type, m.start_char AS start, m.end_char AS \"end\" FROM web_doc_mentions m"
            " JOIN entities e ON e.id = m.entity WHERE m.doc = ? ORDER BY m.start_char, m.end_char",
            [doc_id],
        )

    def web_quotes(self, limit: int, offset: int = 0, outlet: Optional[str] = None, date_from: Optional[str] = None,
                   date_to: Optional[str] = None, speaker: Optional[str] = None, entity: Optional[str] = None,
                   doc: Optional[str] = None, ids: Optional[list[str]] = None, words: Optional[str] = None,
                   by_speaker: bool = True, count: bool = True) -> tuple[int, list[dict]]:
        """(total, one page of quotes with their words and their document's metadata); with
        count=False the total is only as many as were found (ask one more than you show).

        by_speaker orders speakers by how many quotes they have (within the filters), then by date.
        The page is chosen on a few narrow columns, then its rows are fetched whole."""
        self.web_prepare()
        where, params = self._web_filter(outlet, date_from, date_to)
        if speaker is not None:
            where.append("coalesce(r.speaker_name, '') = ?")
            params.append(speaker)
        if entity:
            where.append("r.id IN (SELECT id FROM web_quote_speakers WHERE entity = ?)")
            params.append(entity)
        if doc:
            where.append("r.doc = ?")
            params.append(doc)
        if ids is not None:
            if not ids:
                return 0, []
            where.append(f"r.id IN ({','.join('?' * len(ids))})")
            params += list(ids)
        if words:
            where.append("contains(r.lw, ?)")
            params.append(words.lower())
        clause = " WHERE " + " AND ".join(where) if where else ""
        if by_speaker and all(w.startswith("coalesce(r.speaker_name") for w in where):
            # no filter but the speaker: every speaker keeps all its quotes, so the counts are known
            page = self.con.execute(
                f"SELECT r.id, r.n_all FROM web_quote_rows r{clause} ORDER BY r.n_all DESC, r.speaker_name NULLS LAST,"
                " r.lo NULLS LAST, r.doc, r.content_start, r.id LIMIT ? OFFSET ?",
                params + [limit, offset],
            ).fetchall()
        elif by_speaker:
            page = self.con.execute(
                f"WITH f AS (SELECT r.id, r.speaker_name, r.lo, r.doc, r.content_start FROM web_quote_rows r{clause}),"
                " s AS (SELECT coalesce(speaker_name, '') AS k, count(*) AS n FROM f GROUP BY k)"
                " SELECT f.id, s.n FROM f JOIN s ON s.k = coalesce(f.speaker_name, '')"
                " ORDER BY s.n DESC, f.speaker_name NULLS LAST, f.lo NULLS LAST, f.doc, f.content_start, f.id LIMIT ? OFFSET ?",
                params + [limit, offset],
            ).fetchall()
        else:
            page = self.con.execute(
                f"SELECT r.id, NULL FROM web_quote_rows r{clause} ORDER BY r.lo NULLS LAST, r.doc, r.content_start, r.id"
                " LIMIT ? OFFSET ?",
                params + [limit, offset],
            ).fetchall()
        total = len(page) + offset if not count or (len(page) < limit and (page or offset == 0)) else self.con.execute(
            f"SELECT count(*) FROM web_quote_rows r{clause}", params).fetchone()[0]
        if not page:
            return total, []
        order = {qid: (i, n) for i, (qid, n) in enumerate(page)}
        rows = self._web_rows(
            "SELECT r.id, r.doc, r.content_start, r.content_end, r.kind, r.cue_start, r.cue_end, r.speaker_name,"
            " r.speaker_entity, r.speaker_start, r.speaker_end, r.quote_group, r.lo, r.outlet_name"
            " FROM web_quote_rows r WHERE r.id IN (SELECT unnest(?))", [[p[0] for p in page]]
        )
        for r in rows:
            r["n"] = order[r["id"]][1]
            d = self._web_docs.get(r["doc"], {})
            for key in ("title", "published", "published_from", "published_to", "url", "source"):
                r[key] = d.get(key)
            r["words"] = self._web_text.get(r["doc"], "")[r["content_start"]:r["content_end"]]
        rows.sort(key=lambda r: order[r["id"]][0])
        return total, rows

    def web_quote_counts_by_outlet(self) -> dict[str, int]:
        return self._web_memo('web_quote_counts_by_outlet', self._web_quote_counts_by_outlet)

    def _web_quote_counts_by_outlet(self) -> dict[str, int]:
        return dict(self.con.execute(
            f"SELECT {self._WEB_OUTLET}, count(*) FROM quotes q JOIN documents d ON d.id = q.doc GROUP BY 1"
        ).fetchall())

    def web_entities(self, limit: int, offset: int = 0, name: Optional[str] = None,
                     type: Optional[str] = None) -> tuple[int, list[dict]]:
        """(total, one page of entities by number of mentions), filtered by a name fragment and type."""
        where, params = [], []
        if name:
            where.append("(e.name ILIKE ? ESCAPE '\\' OR CAST(e.aliases AS VARCHAR) ILIKE ? ESCAPE '\\')")
            pattern = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [pattern, pattern]
        if type:
            where.append("e.type = ?")
            params.append(type)
        clause = " WHERE " + " AND ".join(where) if where else ""
        self.web_prepare()
        rows = self._web_rows(
            "SELECT e.id, e.name, e.type, e.aliases, coalesce(m.n, 0) AS mentions, coalesce(m.docs, 0) AS documents,"
            " count(*) OVER () AS total FROM entities e LEFT JOIN web_entity_counts m"
            f" ON m.entity = e.id{clause} ORDER BY mentions DESC, e.name, e.id LIMIT ? OFFSET ?",
            params + [limit, offset],
        )
        for r in rows:
            r["aliases"] = json.loads(r["aliases"])
        total = rows[0]["total"] if rows else self.con.execute(f"SELECT count(*) FROM entities e{clause}", params).fetchone()[0]
        return total, rows

    def web_entity_types(self) -> list[tuple[str, int]]:
        return self._web_memo('web_entity_types', self._web_entity_types)

    def _web_entity_types(self) -> list[tuple[str, int]]:
        return self.con.execute("SELECT type, count(*) FROM entities GROUP BY type ORDER BY count(*) DESC, type").fetchall()

    def web_entity(self, entity_id: str) -> Optional[dict]:
        self.web_prepare()
        rows = self._web_rows(
            "SELECT e.id, e.name, e.type, e.aliases, coalesce(m.n, 0) AS mentions, coalesce(m.docs, 0) AS documents"
            " FROM entities e LEFT JOIN web_entity_counts m ON m.entity = e.id WHERE e.id = ?",
            [entity_id],
        )
        if not rows:
            return None
        rows[0]["aliases"] = json.loads(rows[0]["aliases"])
        return rows[0]

    def web_entity_names(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        return dict(self.con.execute("SELECT id, name FROM entities WHERE id IN (SELECT unnest(?))", [list(ids)]).fetchall())

    def _web_texts(self, ids) -> dict[str, str]:
        """The text of some documents, by id."""
        self.web_prepare()
        return {i: self._web_text[i] for i in set(ids) if i in self._web_text}

    def web_entity_mentions(self, entity_id: str, limit: int, offset: int = 0, context: int = 80) -> list[dict]:
        """One page of an entity's mentions with their words and some text around them."""
        rows = self._web_rows(
            "WITH page AS (SELECT m.doc, m.start_char AS start, m.end_char AS \"end\" FROM entity_mentions m"
            " WHERE m.entity = ? ORDER BY m.doc, m.start_char LIMIT ? OFFSET ?)"
            f" SELECT page.*, {self._WEB_OUTLET} AS outlet_name, d.title, d.published, d.published_from, d.published_to"
            " FROM page JOIN documents d ON d.id = page.doc ORDER BY page.doc, page.start",
            [entity_id, limit, offset],
        )
        texts = self._web_texts(r["doc"] for r in rows)
        for r in rows:
            text = texts.get(r["doc"], "")
            r["before"] = text[max(0, r["start"] - context):r["start"]]
            r["words"] = text[r["start"]:r["end"]]
            r["after"] = text[r["end"]:r["end"] + context]
        return rows

    def web_search_documents(self, words: str, limit: int) -> tuple[bool, list[dict]]:
        """(whether there are more, the first `limit` documents whose title or text contains `words`,
        case-insensitive), with their text."""
        self.web_prepare()
        found = [r[0] for r in self.con.execute(
            "SELECT id FROM web_search WHERE contains(t, ?) ORDER BY id LIMIT ?", [words.lower(), limit + 1]
        ).fetchall()]
        meta = self.web_documents_meta(found[:limit])
        rows = [dict(meta[i], text=self._web_text.get(i, "")) for i in found[:limit] if i in meta]
        return len(found) > limit, rows

    def web_records_for_document(self, table: str, doc_id: str) -> list[dict]:
        """Event, claim or disagreement records that cite `doc_id` somewhere (the caller checks where)."""
        if table not in ("events", "claims", "disagreements"):
            raise ValueError(table)
        return [json.loads(r[0]) for r in self.con.execute(
            f"SELECT record FROM {table} WHERE contains(CAST(record AS VARCHAR), ?) ORDER BY id", [doc_id]
        ).fetchall()]

    def web_outlet_names(self) -> list[str]:
        return self._web_memo('web_outlet_names', self._web_outlet_names)

    def _web_outlet_names(self) -> list[str]:
        """Named outlets (for the filter box); unnamed ones are filtered by their `(unknown: source)` name."""
        return [r[0] for r in self.con.execute(
            "SELECT outlet FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY outlet"
        ).fetchall()]

    def web_span_words(self, spans: list[tuple[str, int, int]]) -> dict[tuple[str, int, int], str]:
        """The exact words of (doc, start, end) spans."""
        texts = self._web_texts(d for d, _, _ in spans)
        return {(d, a, b): texts[d][a:b] for d, a, b in spans if d in texts}

    def web_quote_groups(self, limit: int, offset: int = 0, outlet: Optional[str] = None, date_from: Optional[str] = None,
                         date_to: Optional[str] = None) -> tuple[int, list[dict]]:
        """(total, one page of quote groups, most renderings first); with filters, the groups with
        at least one rendering within them."""
        where, params = self._web_doc_filter(outlet, date_from, date_to)
        clause = (" WHERE g.id IN (SELECT q.quote_group FROM quotes q JOIN documents d ON d.id = q.doc"
                  " WHERE q.quote_group IS NOT NULL AND " + " AND ".join(where) + ")") if where else ""
        rows = self._web_rows(
            "SELECT g.id, g.speaker, g.members, g.note, g.diff, count(*) OVER () AS total FROM quote_groups g"
            f"{clause} ORDER BY json_array_length(g.members) DESC, g.id LIMIT ? OFFSET ?",
            params + [limit, offset],
        )
        for r in rows:
            r["members"] = json.loads(r["members"])
            r["diff"] = json.loads(r["diff"]) if r["diff"] else None
        total = rows[0]["total"] if rows else (
            0 if offset == 0 else self.con.execute(f"SELECT count(*) FROM quote_groups g{clause}", params).fetchone()[0])
        return total, rows
