"""The reads of the web app (`newsdossier serve`), over an open `Store`: one method per thing a page
shows, each asking only for the rows it displays, so pages stay fast on big stores. Beside
`store.py`, these are the only modules with SQL.

Document dates are compared as intervals: a document published "2024" spans
2024-01-01..2024-12-31; one with only an inferred range spans that range.
"""
from __future__ import annotations

import json
from typing import Optional

import duckdb

from .statement_text import statement_parts, statement_words
from .store import Store


class WebQueries:
    def __init__(self, store: Store):
        self.store = store
        self.con = store.con
        self._memo_table: dict = {}
        self._text = None

    # One method per thing a page shows, each asking only for the rows it displays, so pages stay
    # fast on big stores. Document dates are compared as intervals: a document published "2024"
    # spans 2024-01-01..2024-12-31; one with only an inferred range spans that range.
    _LO = ("coalesce(CASE length(d.published) WHEN 4 THEN d.published || '-01-01' WHEN 7 THEN d.published || '-01'"
               " ELSE d.published END, d.published_from)")
    _HI = ("coalesce(CASE length(d.published) WHEN 4 THEN d.published || '-12-31' WHEN 7 THEN d.published || '-31'"
               " ELSE d.published END, d.published_to)")
    _OUTLET = "coalesce(d.outlet, '(unknown: ' || d.source || ')')"
    _DOC_COLS = ("d.id, d.source, d.outlet, d.author, d.title, d.published, d.published_from, d.published_to,"
                     " d.url, d.language, d.analysable, d.duplicate_of")
    _DOC_KEYS = ["id", "source", "outlet", "author", "title", "published", "published_from", "published_to",
                     "url", "language", "analysable", "duplicate_of"]

    def _rows(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        keys = [c[0] for c in cur.description]
        return [dict(zip(keys, r)) for r in cur.fetchall()]

    def _memo(self, key, compute):
        """Whole-store answers that do not depend on the request, kept for the life of a read-only
        store (nothing can change a database another process holds open)."""
        memo = self._memo_table
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def prepare(self) -> None:
        """Precompute what pages would otherwise recompute on every request, in this process's
        memory only (temporary tables and a dict; the database file is not touched): document
        texts (DuckDB decompresses a stored text slowly, and slices by character from its start),
        their lower-case form for search, one flat row per quote with its words and its
        document's metadata, and each entity's mention counts. Idempotent; the methods that need
        it call it."""
        if getattr(self, "_text", None) is not None:
            return
        self._text = dict(self.con.execute("SELECT id, text FROM documents").fetchall())
        self._docs = {r["id"]: r for r in self._rows(
            f"SELECT {self._DOC_COLS}, {self._OUTLET} AS outlet_name FROM documents d")}
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE web_search AS SELECT id, lower(coalesce(title, '') || ' ' || text) AS t"
            " FROM documents"
        )
        spans = self.con.execute("SELECT id, doc, content_start, content_end FROM quotes").fetchall()
        words = [self._text[d][a:b] for _, d, a, b in spans]
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE web_quote_words AS SELECT unnest(?) AS id, unnest(?) AS words, unnest(?) AS lw",
            [[r[0] for r in spans], words, [w.lower() for w in words]],
        )
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE web_quote_rows AS SELECT q.id, q.doc, q.content_start, q.content_end, q.kind,"
            " q.cue_start, q.cue_end, q.speaker_name, q.speaker_entity, CAST(q.speaker_entities AS VARCHAR) AS speaker_entities,"
            " q.speaker_start, q.speaker_end, q.quote_group, coalesce(q.act, 'say') AS act, CAST(q.pieces AS VARCHAR) AS pieces,"
            f" {self._LO} AS lo, {self._HI} AS hi, {self._OUTLET} AS outlet_name, w.lw,"
            " count(*) OVER (PARTITION BY q.speaker_name, coalesce(q.act, 'say') = 'say') AS n_all"
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

    def _doc_filter(self, outlet: Optional[str], date_from: Optional[str], date_to: Optional[str]):
        """WHERE fragments (on alias d) and their parameters for the outlet and date filters."""
        return self._filter(outlet, date_from, date_to, self._OUTLET, self._LO, self._HI)

    @staticmethod
    def _filter(outlet, date_from, date_to, outlet_col="r.outlet_name", lo_col="r.lo", hi_col="r.hi"):
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

    def counts(self) -> dict:
        return self._memo("counts", self._counts)

    def _counts(self) -> dict:
        row = self.con.execute(
            f"SELECT count(*), count(DISTINCT {self._OUTLET}), count(d.outlet), min({self._LO}), max({self._HI}),"
            " count(*) FILTER (WHERE d.duplicate_of IS NOT NULL), count(*) FILTER (WHERE NOT d.analysable)"
            " FROM documents d"
        ).fetchone()
        counts = dict(zip(["documents", "outlets", "with_outlet", "date_from", "date_to", "duplicates", "not_analysed"], row))
        for table in ("entities", "quotes", "quote_groups", "events", "claims", "disagreements", "problems"):
            counts[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        counts["quote_kinds"] = dict(self.con.execute("SELECT kind, count(*) FROM quotes GROUP BY kind ORDER BY kind").fetchall())
        return counts

    def top_entities(self, limit: int, types: tuple = ("PERSON", "ORG", "GPE", "NORP")) -> list[dict]:
        self.prepare()
        return self._rows(
            "SELECT e.id, e.name, e.type, m.n AS mentions, m.docs AS documents FROM entities e JOIN"
            " web_entity_counts m ON m.entity = e.id WHERE list_contains(?, e.type) ORDER BY m.n DESC, e.name LIMIT ?",
            [list(types), limit],
        )

    def speakers(self, limit: int, outlet: Optional[str] = None, date_from: Optional[str] = None,
                     date_to: Optional[str] = None) -> list[dict]:
        """Speakers by number of quotes (within the filters): name, entity id, count."""
        self.prepare()
        where, params = self._filter(outlet, date_from, date_to)

        def compute():
            return self._rows(
                "SELECT r.speaker_name AS name, any_value(r.speaker_entity) AS entity, count(*) AS quotes"
                " FROM web_quote_rows r WHERE " + " AND ".join(where + ["r.act = 'say'"])
                + " GROUP BY r.speaker_name ORDER BY quotes DESC, name NULLS LAST LIMIT ?",
                params + [limit],
            )
        return compute() if where else self._memo(("speakers", limit), compute)

    def recent_documents(self, limit: int) -> list[dict]:
        return self._rows(
            f"SELECT {self._DOC_COLS}, d.added_at FROM documents d ORDER BY d.added_at DESC, d.id LIMIT ?", [limit]
        )

    def documents(self, limit: int, offset: int = 0, outlet: Optional[str] = None, date_from: Optional[str] = None,
                      date_to: Optional[str] = None) -> tuple[int, list[dict]]:
        """(total, one page of documents) without their text, oldest first."""
        where, params = self._doc_filter(outlet, date_from, date_to)
        clause = " WHERE " + " AND ".join(where) if where else ""
        total = self.con.execute(f"SELECT count(*) FROM documents d{clause}", params).fetchone()[0]
        rows = self._rows(
            f"SELECT {self._DOC_COLS} FROM documents d{clause} ORDER BY {self._LO} NULLS LAST, d.id LIMIT ? OFFSET ?",
            params + [limit, offset],
        )
        self.prepare()
        for r in rows:
            r["length"] = len(self._text.get(r["id"], ""))
        return total, rows

    def document_outlets(self) -> list[dict]:
        return self._memo('web_document_outlets', self._document_outlets)

    def _document_outlets(self) -> list[dict]:
        """Every document's id, outlet, source and duplicate_of (what `export.outlets` needs), no text."""
        return self._rows("SELECT d.id, d.outlet, d.source, d.duplicate_of FROM documents d ORDER BY d.id")

    def documents_meta(self, ids: list[str]) -> dict[str, dict]:
        self.prepare()
        return {i: dict(self._docs[i]) for i in ids if i in self._docs}

    def document(self, doc_id: str) -> Optional[dict]:
        rows = self._rows(f"SELECT {self._DOC_COLS}, d.text, d.body FROM documents d WHERE d.id = ?", [doc_id])
        if not rows:
            return None
        rows[0]["body"] = json.loads(rows[0]["body"])
        return rows[0]

    def document_mentions(self, doc_id: str) -> list[dict]:
        self.prepare()
        return self._rows(
            "SELECT m.entity, e.name, e.type, m.start_char AS start, m.end_char AS \"end\" FROM web_doc_mentions m"
            " JOIN entities e ON e.id = m.entity WHERE m.doc = ? ORDER BY m.start_char, m.end_char",
            [doc_id],
        )

    def quotes(self, limit: int, offset: int = 0, outlet: Optional[str] = None, date_from: Optional[str] = None,
                   date_to: Optional[str] = None, speaker: Optional[str] = None, entity: Optional[str] = None,
                   doc: Optional[str] = None, ids: Optional[list[str]] = None, words: Optional[str] = None,
                   by_speaker: bool = True, count: bool = True, acts: Optional[tuple] = None) -> tuple[int, list[dict]]:
        """(total, one page of quotes with their words and their document's metadata); with
        count=False the total is only as many as were found (ask one more than you show). acts:
        only statements of these acts ("say"; "think", "find"), all when None.

        by_speaker orders speakers by how many quotes they have (within the filters), then by date.
        The page is chosen on a few narrow columns, then its rows are fetched whole."""
        self.prepare()
        where, params = self._filter(outlet, date_from, date_to)
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
        if acts:
            # "say" alone keeps the per-speaker counts of the precomputed column (it counts says apart)
            where.append("r.act = 'say'" if tuple(acts) == ("say",) else f"r.act IN ({','.join('?' * len(acts))})")
            params += [] if tuple(acts) == ("say",) else list(acts)
        clause = " WHERE " + " AND ".join(where) if where else ""
        if by_speaker and tuple(acts or ()) == ("say",) and all(
                w.startswith("coalesce(r.speaker_name") or w == "r.act = 'say'" for w in where):
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
        rows = self._rows(
            "SELECT r.id, r.doc, r.content_start, r.content_end, r.kind, r.cue_start, r.cue_end, r.speaker_name,"
            " r.speaker_entity, r.speaker_start, r.speaker_end, r.quote_group, r.lo, r.outlet_name, r.act, r.pieces"
            " FROM web_quote_rows r WHERE r.id IN (SELECT unnest(?))", [[p[0] for p in page]]
        )
        for r in rows:
            r["n"] = order[r["id"]][1]
            d = self._docs.get(r["doc"], {})
            for key in ("title", "published", "published_from", "published_to", "url", "source"):
                r[key] = d.get(key)
            text = self._text.get(r["doc"], "")
            r["pieces"] = json.loads(r["pieces"]) if r["pieces"] else []
            r["words"] = text[r["content_start"]:r["content_end"]]
            r["parts"] = statement_parts(text, (r["content_start"], r["content_end"]), r["pieces"])
            r["statement"] = statement_words(text, (r["content_start"], r["content_end"]), r["pieces"], r["kind"])
        rows.sort(key=lambda r: order[r["id"]][0])
        return total, rows

    def quote_counts_by_outlet(self) -> dict[str, int]:
        return self._memo('web_quote_counts_by_outlet', self._quote_counts_by_outlet)

    def _quote_counts_by_outlet(self) -> dict[str, int]:
        return dict(self.con.execute(
            f"SELECT {self._OUTLET}, count(*) FROM quotes q JOIN documents d ON d.id = q.doc GROUP BY 1"
        ).fetchall())

    def entities(self, limit: int, offset: int = 0, name: Optional[str] = None,
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
        self.prepare()
        rows = self._rows(
            "SELECT e.id, e.name, e.type, e.aliases, coalesce(m.n, 0) AS mentions, coalesce(m.docs, 0) AS documents,"
            " count(*) OVER () AS total FROM entities e LEFT JOIN web_entity_counts m"
            f" ON m.entity = e.id{clause} ORDER BY mentions DESC, e.name, e.id LIMIT ? OFFSET ?",
            params + [limit, offset],
        )
        for r in rows:
            r["aliases"] = json.loads(r["aliases"])
        total = rows[0]["total"] if rows else self.con.execute(f"SELECT count(*) FROM entities e{clause}", params).fetchone()[0]
        return total, rows

    def entity_types(self) -> list[tuple[str, int]]:
        return self._memo('web_entity_types', self._entity_types)

    def _entity_types(self) -> list[tuple[str, int]]:
        return self.con.execute("SELECT type, count(*) FROM entities GROUP BY type ORDER BY count(*) DESC, type").fetchall()

    def entity(self, entity_id: str) -> Optional[dict]:
        self.prepare()
        rows = self._rows(
            "SELECT e.id, e.name, e.type, e.aliases, coalesce(m.n, 0) AS mentions, coalesce(m.docs, 0) AS documents"
            " FROM entities e LEFT JOIN web_entity_counts m ON m.entity = e.id WHERE e.id = ?",
            [entity_id],
        )
        if not rows:
            return None
        rows[0]["aliases"] = json.loads(rows[0]["aliases"])
        return rows[0]

    def merged_into(self, entity_id: str) -> Optional[str]:
        """The entity an id that no longer exists merged into (or was renamed to), if any."""
        try:
            row = self.con.execute("SELECT merged_into FROM entity_redirects WHERE old = ?", [entity_id]).fetchone()
        except duckdb.CatalogException:  # a store fused before merges were recorded
            return None
        return row[0] if row else None

    def entity_names(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        return dict(self.con.execute("SELECT id, name FROM entities WHERE id IN (SELECT unnest(?))", [list(ids)]).fetchall())

    def _texts(self, ids) -> dict[str, str]:
        """The text of some documents, by id."""
        self.prepare()
        return {i: self._text[i] for i in set(ids) if i in self._text}

    def entity_mentions(self, entity_id: str, limit: int, offset: int = 0, context: int = 80) -> list[dict]:
        """One page of an entity's mentions with their words and some text around them."""
        rows = self._rows(
            "WITH page AS (SELECT m.doc, m.start_char AS start, m.end_char AS \"end\" FROM entity_mentions m"
            " WHERE m.entity = ? ORDER BY m.doc, m.start_char LIMIT ? OFFSET ?)"
            f" SELECT page.*, {self._OUTLET} AS outlet_name, d.title, d.published, d.published_from, d.published_to"
            " FROM page JOIN documents d ON d.id = page.doc ORDER BY page.doc, page.start",
            [entity_id, limit, offset],
        )
        texts = self._texts(r["doc"] for r in rows)
        for r in rows:
            text = texts.get(r["doc"], "")
            r["before"] = text[max(0, r["start"] - context):r["start"]]
            r["words"] = text[r["start"]:r["end"]]
            r["after"] = text[r["end"]:r["end"] + context]
        return rows

    def search_documents(self, words: str, limit: int) -> tuple[bool, list[dict]]:
        """(whether there are more, the first `limit` documents whose title or text contains `words`,
        case-insensitive), with their text."""
        self.prepare()
        found = [r[0] for r in self.con.execute(
            "SELECT id FROM web_search WHERE contains(t, ?) ORDER BY id LIMIT ?", [words.lower(), limit + 1]
        ).fetchall()]
        meta = self.documents_meta(found[:limit])
        rows = [dict(meta[i], text=self._text.get(i, "")) for i in found[:limit] if i in meta]
        return len(found) > limit, rows

    def records_for_document(self, table: str, doc_id: str) -> list[dict]:
        """Event, claim or disagreement records that cite `doc_id` somewhere (the caller checks where)."""
        if table not in ("events", "claims", "disagreements"):
            raise ValueError(table)
        return [json.loads(r[0]) for r in self.con.execute(
            f"SELECT record FROM {table} WHERE contains(CAST(record AS VARCHAR), ?) ORDER BY id", [doc_id]
        ).fetchall()]

    def outlet_names(self) -> list[str]:
        return self._memo('web_outlet_names', self._outlet_names)

    def _outlet_names(self) -> list[str]:
        """Named outlets (for the filter box); unnamed ones are filtered by their `(unknown: source)` name."""
        return [r[0] for r in self.con.execute(
            "SELECT outlet FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY outlet"
        ).fetchall()]

    def span_words(self, spans: list[tuple[str, int, int]]) -> dict[tuple[str, int, int], str]:
        """The exact words of (doc, start, end) spans."""
        texts = self._texts(d for d, _, _ in spans)
        return {(d, a, b): texts[d][a:b] for d, a, b in spans if d in texts}

    def quote_groups(self, limit: int, offset: int = 0, outlet: Optional[str] = None, date_from: Optional[str] = None,
                         date_to: Optional[str] = None) -> tuple[int, list[dict]]:
        """(total, one page of quote groups, most renderings first); with filters, the groups with
        at least one rendering within them."""
        where, params = self._doc_filter(outlet, date_from, date_to)
        clause = (" WHERE g.id IN (SELECT q.quote_group FROM quotes q JOIN documents d ON d.id = q.doc"
                  " WHERE q.quote_group IS NOT NULL AND " + " AND ".join(where) + ")") if where else ""
        rows = self._rows(
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
