"""The DuckDB store: the only module that speaks SQL.

One file holds a whole dossier. Each document is written in one transaction with everything
found in it, so an interrupted build never leaves half a document; fused tables are derived
and brought up to date after each build by `write_fusion`, which writes what changed
(fuse/update.py) in one transaction.
"""
from __future__ import annotations

import itertools
import json
import sys
from contextlib import contextmanager
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Optional

import duckdb
import orjson

from .ids import span_id
from .records import DocumentAnalysis

SCHEMA_VERSION = "1"


class StoreError(RuntimeError):
    pass


def _span(mention) -> tuple:
    """(doc, start, end) of an entity mention given as that tuple or as {doc, start, end}."""
    return (mention["doc"], mention["start"], mention["end"]) if isinstance(mention, dict) else tuple(mention)


def _quote_mention_row(q) -> list:
    return [
        span_id("q", q.doc, *q.content), q.doc, q.content[0], q.content[1], q.kind,
        q.cue[0] if q.cue else None, q.cue[1] if q.cue else None,
        q.speaker_name, json.dumps(q.speaker_names or ([q.speaker_name] if q.speaker_name else [])),
        q.speaker_span[0] if q.speaker_span else None,
        q.speaker_span[1] if q.speaker_span else None,
        q.speaker_label, q.speaker_kind, json.dumps([list(p) for p in q.pieces]), q.act,
    ]


def _loads(text: str):
    """json.loads, faster: fusion decodes every stored record of a dossier on each build. orjson
    refuses the NaN and Infinity that json writes; those records go to json."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


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
        """Write documents and everything found in them, all or nothing: one insert per table for the
        whole batch (a statement per document and table cost more than the rows)."""
        with self.transaction():
            for analysis in analyses:
                self._add_document(analysis.document)
            self._insert("mentions", [[m.doc, m.start, m.end, m.surface, m.label, m.canonical, m.ambiguous]
                                      for a in analyses for m in a.mentions])
            self._insert("quote_mentions", [_quote_mention_row(q) for a in analyses for q in a.quotes], " ON CONFLICT DO NOTHING")
            self._insert_event_mentions([e for a in analyses for e in a.events])
            self._insert_claim_mentions([c for a in analyses for c in getattr(a, "claims", [])])
            self._insert("loaded_terms", [[t.doc, t.span[0], t.span[1], t.term, t.why]
                                          for a in analyses for t in getattr(a, "loaded", [])])

    def add_analysis(self, analysis: DocumentAnalysis) -> None:
        self.add_analyses([analysis])

    def _add_document(self, d) -> None:
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

    def quote_mentions(self, ids: Optional[list[str]] = None) -> list[dict]:
        """Quote mentions (all, or those of these ids), by document and position."""
        where = " WHERE id IN (SELECT unnest(?))" if ids is not None else ""
        cur = self.con.execute(
            "SELECT id, doc, content_start, content_end, kind, cue_start, cue_end, speaker_name, speaker_names,"
            " speaker_start, speaker_end, speaker_label, speaker_kind, pieces, act FROM quote_mentions"
            + where + " ORDER BY doc, content_start, id", [sorted(ids)] if ids is not None else None
        )
        keys = [c[0] for c in cur.description]
        rows = [dict(zip(keys, r)) for r in cur.fetchall()]
        for r in rows:
            r["speaker_names"] = json.loads(r["speaker_names"]) if r["speaker_names"] else []
            r["pieces"] = json.loads(r["pieces"]) if r["pieces"] else []
            r["act"] = r["act"] or "say"  # a database built before statements had acts
        return rows

    def body_texts(self) -> list[tuple[str, str, list, Optional[str], str]]:
        """(id, text, body, published, source) of every document, for duplicate detection."""
        rows = self.con.execute(
            "SELECT id, text, body, coalesce(published, published_from), source FROM documents ORDER BY id"
        ).fetchall()
        return [(i, t, json.loads(b), p, s) for i, t, b, p, s in rows]

    # ---- events ----------------------------------------------------------------------------
    def _insert_event_mentions(self, events: list) -> None:
        """Event mentions, inside the documents' transaction (called from `add_analyses`)."""
        if events:
            self._insert(
                "event_mentions",
                [[e.doc, e.span[0], e.span[1], e.type, e.modality, json.dumps(asdict(e))] for e in events],
            )

    def event_mentions(self) -> list[dict]:
        """Every event mention (as the EventMention fields), by document and position."""
        return [_loads(r[0]) for r in self.con.execute(
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
        """Claim mentions, inside the documents' transaction (called from `add_analyses`)."""
        if claims:
            self._insert(
                "claim_mentions",
                [[c.doc, c.span[0], c.span[1], c.kind, json.dumps(asdict(c), ensure_ascii=False)] for c in claims],
            )

    def claim_mentions(self) -> list[dict]:
        """Every claim mention (as the ClaimMention fields), by document and position."""
        return [_loads(r[0]) for r in self.con.execute(
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

    # ---- incremental fusion (fuse/update.py) -------------------------------------------------
    def document_count(self) -> int:
        return self.con.execute("SELECT count(*) FROM documents").fetchone()[0]

    def unfused_document_ids(self) -> list[str]:
        """Documents the fused tables do not include yet (all of them before the first fusion)."""
        return [r[0] for r in self.con.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT id FROM fusion_documents) ORDER BY id").fetchall()]

    def name_summaries(self, type_order) -> list:
        """Every canonical name as the corpus uses it (fuse.entities.NameSummary), in order of first
        mention, summed in SQL: the labels of its mentions, each document's majority label (ties to
        the earlier of `type_order`), its distinct surfaces, how many mentions, the first document."""
        from .fuse.entities import NameSummary

        rows = self.con.execute(
            "WITH m AS (SELECT doc, start_char, end_char, surface, label, canonical FROM mentions"
            "  WHERE NOT coalesce(ambiguous, false)),"
            " per_doc AS (SELECT canonical, doc, label, count(*) AS n FROM m GROUP BY canonical, doc, label),"
            " majority AS (SELECT canonical, arg_max(label, n * 1000 - coalesce(list_position(?, label), 100)) AS label"
            "  FROM per_doc GROUP BY canonical, doc),"
            " doc_labels AS (SELECT canonical, list(DISTINCT label) AS labels FROM majority GROUP BY canonical),"
            " labels AS (SELECT canonical, list(label) AS labels, list(n) AS counts FROM"
            "  (SELECT canonical, label, sum(n)::BIGINT AS n FROM per_doc GROUP BY canonical, label) GROUP BY canonical),"
            " names AS (SELECT canonical, count(*) AS n, min(doc) AS first_doc, list(DISTINCT surface) AS surfaces,"
            "  min(struct_pack(d := doc, s := start_char, e := end_char)) AS first FROM m GROUP BY canonical)"
            " SELECT n.canonical, d.labels, l.labels, l.counts, n.n, n.surfaces, n.first_doc FROM names n"
            " JOIN doc_labels d USING (canonical) JOIN labels l USING (canonical) ORDER BY n.first, n.canonical",
            [list(type_order)]).fetchall()
        return [NameSummary(c, doc_labels, dict(zip(labels, counts)), n, surfaces, first_doc)
                for c, doc_labels, labels, counts, n, surfaces, first_doc in rows]

    def document_names(self) -> list[tuple]:
        """(doc, canonical, ambiguous) of every name a document uses, once each."""
        return self.con.execute(
            "SELECT DISTINCT doc, canonical, coalesce(ambiguous, false) FROM mentions ORDER BY doc, canonical").fetchall()

    def fusion_names(self) -> dict:
        """canonical → entity id (None: left to no one), as the last fusion decided."""
        return dict(self.con.execute("SELECT canonical, entity FROM fusion_names").fetchall())

    def fusion_forms(self) -> list[tuple]:
        return [tuple(r) for r in self.con.execute("SELECT form, entity, surname FROM fusion_forms").fetchall()]

    def analysed_document_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM documents ORDER BY id").fetchall()]

    def documents_containing(self, forms) -> set[str]:
        """Ids of the documents whose text contains any of `forms` (as written)."""
        found: set[str] = set()
        forms = sorted(forms)
        for i in range(0, len(forms), 200):
            chunk = forms[i : i + 200]
            clause = " OR ".join(["contains(text, ?)"] * len(chunk))
            found.update(r[0] for r in self.con.execute(f"SELECT id FROM documents WHERE {clause}", chunk).fetchall())
        return found

    def documents_for_search(self, ids: list[str], chunk: int = 256):
        """(id, text, body, [(start, end)] of its recognised mentions) of each document of `ids`, a
        chunk of documents read at a time."""
        ids = sorted(ids)
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            spans: dict[str, list] = {}
            for doc, start, end in self.con.execute(
                    "SELECT doc, start_char, end_char FROM mentions"
                    " WHERE doc IN (SELECT unnest(?)) ORDER BY doc, start_char, end_char", [part]).fetchall():
                spans.setdefault(doc, []).append((start, end))
            for doc, text, body in self.con.execute(
                    "SELECT id, text, body FROM documents WHERE id IN (SELECT unnest(?)) ORDER BY id", [part]).fetchall():
                yield doc, text, json.loads(body), spans.get(doc, [])

    def fused_entity_rows(self) -> dict[str, tuple]:
        """id → (name, type, aliases, country) of the stored entities."""
        return {i: (n, t, json.loads(a), c) for i, n, t, a, c in
                self.con.execute("SELECT id, name, type, aliases, country FROM entities").fetchall()}

    def entity_redirects(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT old, merged_into FROM entity_redirects").fetchall())

    def texts(self, ids) -> dict[str, str]:
        ids = sorted(ids)
        return dict(self.con.execute("SELECT id, text FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall())

    def document_reference_dates(self) -> dict[str, Optional[str]]:
        """id → publication date (or the start of the published range) of every document."""
        return dict(self.con.execute("SELECT id, coalesce(published, published_from) FROM documents").fetchall())

    def duplicate_links(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL").fetchall())

    def bodies(self, ids) -> list[tuple]:
        """(id, text, body, date, source) of these documents, as `body_texts` gives them."""
        ids = sorted(ids)
        rows = self.con.execute(
            "SELECT id, text, body, coalesce(published, published_from), source FROM documents"
            " WHERE id IN (SELECT unnest(?)) ORDER BY id", [ids]).fetchall()
        return [(i, t, json.loads(b), p, s) for i, t, b, p, s in rows]

    def band_sharing(self, ids) -> list[tuple[str, str]]:
        """(a, b) for every document b that shares an LSH band with a document a of `ids` (a != b)."""
        ids = sorted(ids)
        return self.con.execute(
            "SELECT DISTINCT a.doc, b.doc FROM body_bands a JOIN body_bands b ON a.band = b.band AND a.doc <> b.doc"
            " WHERE a.doc IN (SELECT unnest(?))", [ids]).fetchall()

    def banded_document_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT DISTINCT doc FROM body_bands").fetchall()}

    def add_bands(self, rows: list[tuple[str, int]]) -> None:
        with self.transaction():
            self._insert("body_bands", [list(r) for r in rows])

    def claim_grouping(self):
        """The quantity grouping the last fusion left (fuse.claim_groups.Grouping)."""
        from .fuse.claim_groups import Grouping

        shape = self.con.execute("SELECT value FROM meta WHERE key = 'claim_pair_shape'").fetchone()
        rows = self.con.execute("SELECT claim, fingerprint, ambiguous, cluster FROM fusion_claims").fetchall()
        return Grouping(json.loads(shape[0]) if shape else None, rows, stored=self)

    def claim_links_touching(self, claims: list[str]) -> list[tuple]:
        """(strength, a, b) of the stored quantity links with an end among these claims."""
        return self.con.execute("SELECT strength, a, b FROM fusion_claim_links WHERE a IN (SELECT unnest(?))"
                                " UNION ALL SELECT strength, a, b FROM fusion_claim_links WHERE b IN (SELECT unnest(?))"
                                " AND a NOT IN (SELECT unnest(?))", [claims, claims, claims]).fetchall()

    def quote_speakers(self) -> list[tuple]:
        """What linking a speaker reads of every quote mention (`fuse.quotes.link_speaker`): (id, doc,
        speaker_name, speaker_names as JSON, speaker_kind), by document and position."""
        rows, intern = [], sys.intern
        cur = self.con.execute("SELECT id, doc, speaker_name, speaker_names, speaker_kind FROM quote_mentions"
                               " ORDER BY doc, content_start, id")
        while chunk := cur.fetchmany(50_000):
            rows.extend((i, intern(d), n, names, k) for i, d, n, names, k in chunk)
        return rows

    def event_history(self) -> dict[str, tuple]:
        """mention key → (fingerprint, event id or None) as the last fusion left them (fuse.events.EventsAgain)."""
        return {k: (f, e) for k, f, e in self.con.execute(
            "SELECT mention, fingerprint, event FROM fusion_event_mentions").fetchall()}

    def stored_speakers(self) -> dict[str, tuple]:
        """id → (speaker's name, entity ids, kind, group) of every fused quote."""
        return {i: (n, _loads(e) if e and e != "[]" else [], k, g) for i, n, e, k, g in self.con.execute(
            "SELECT id, speaker_name, speaker_entities, speaker_kind, quote_group FROM quotes").fetchall()}

    def stored_quotes(self, ids: list[str]) -> dict[str, dict]:
        """id → quote (export shape) of the fused quotes of these ids."""
        return {q["id"]: q for q in self.quotes(ids)}

    def write_fusion(self, change) -> None:
        """Write what a fusion run changed (fuse.update.Change), all in one transaction: an
        interruption leaves the dossier as the last fusion left it, and the next build fuses again.
        A first fusion writes every row of the dossier: it commits table by table (one transaction
        holds all it writes in memory), with the dossier marked unfused until the last."""
        with self._fusion_transaction(change.full):
            if change.full:  # the first fusion (or one of a store fused before fusion kept its bookkeeping)
                for table in ("entities", "entity_mentions", "quotes", "quote_groups", "events", "claims",
                              "disagreements", "fusion_names", "fusion_forms", "fusion_documents", "entity_redirects",
                              "fusion_claims", "fusion_claim_links", "fusion_event_mentions"):
                    self.con.execute(f"DELETE FROM {table}")
                self.con.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
            self._write_entities(change)
            for doc_id, original in sorted(change.duplicate_of.items()):
                self.con.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", [original, doc_id])
            self._replace_records("quotes", (), change.quotes, self._quote_row)
            self._replace_records("quote_groups", change.groups_removed, change.groups,
                                  lambda g: (g["id"], g["speaker"], json.dumps(g["members"]), g["note"], json.dumps(g["diff"])))
            removed, rows, shape, stale_links, new_links = change.claim_grouping
            self._replace_by_key("fusion_claims", "claim", removed, rows)
            if stale_links is None:
                self.con.execute("DELETE FROM fusion_claim_links")
            elif stale_links:
                stale = sorted(stale_links)
                self.con.execute("DELETE FROM fusion_claim_links WHERE a IN (SELECT unnest(?)) OR b IN (SELECT unnest(?))",
                                 [stale, stale])
            self._insert("fusion_claim_links", new_links)
            self.con.execute("INSERT INTO meta VALUES ('claim_pair_shape', ?) ON CONFLICT (key) DO UPDATE SET"
                             " value = excluded.value", [json.dumps(shape)])
            replace_all, history = change.event_history
            if replace_all:
                self.con.execute("DELETE FROM fusion_event_mentions")
            self._replace_by_key("fusion_event_mentions", "mention", (), history)
            for table in ("events", "claims", "disagreements"):
                removed, records = getattr(change, table)
                self._replace_records(table, removed, records, lambda r: (r["id"], json.dumps(r, ensure_ascii=False)))
            self._insert("fusion_documents", [[d] for d in change.documents])
            count = self.con.execute("SELECT count(*) FROM documents").fetchone()[0]
            self.con.execute(
                "INSERT INTO meta VALUES ('fused_documents', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [str(count)])

    @contextmanager
    def _fusion_transaction(self, full: bool):
        """One transaction; for a first fusion, the dossier marked unfused first, then each statement
        committed on its own (the marks are written last: an interruption leaves it unfused)."""
        if not full:
            with self.transaction():
                yield
            return
        with self.transaction():
            self.con.execute("DELETE FROM meta WHERE key = 'fused_documents'")
            self.con.execute("DELETE FROM fusion_documents")
        yield

    def _replace_records(self, table: str, removed, records: list, row: Callable) -> None:
        """Delete the rows of these ids and of the records given (dicts with an `id`), then insert the
        records' rows, made a chunk at a time: a first fusion writes every record of the dossier, and
        all their rows at once would double its memory."""
        ids = sorted(set(removed) | {r["id"] for r in records})
        if ids:
            self.con.execute(f"DELETE FROM {table} WHERE id IN (SELECT unnest(?))", [ids])
        self._insert(table, (row(r) for r in records))

    @staticmethod
    def _quote_row(q: dict) -> list:
        return [q["id"], q["doc"], q["content"][0], q["content"][1], q["kind"],
                q["cue"][0] if q["cue"] else None, q["cue"][1] if q["cue"] else None,
                q["speaker"]["name"], q["speaker"]["entity"], json.dumps(q["speaker"]["entities"]),
                q["speaker"]["span"][0] if q["speaker"]["span"] else None,
                q["speaker"]["span"][1] if q["speaker"]["span"] else None,
                q["group"], q["speaker"].get("kind"), json.dumps(q["pieces"]), q["act"]]

    def _write_entities(self, change) -> None:
        self._replace_records("entities", change.entities_removed, change.entities,
                              lambda e: (e["id"], e["name"], e["type"], json.dumps(e["aliases"]), e.get("country")))
        names = sorted(change.names.items())
        self._replace_by_key("fusion_names", "canonical", [c for c, _ in names], [list(r) for r in names])
        self._replace_by_key("fusion_forms", "form", change.forms_removed, [list(r) for r in change.forms])
        # recognised mentions: those of the new documents and of the names whose entity changed,
        # computed here from the mentions and the names' entities
        touched = [c for c, _ in names]
        documents = sorted(change.documents)
        where = "(m.canonical IN (SELECT unnest(?)) OR m.doc IN (SELECT unnest(?)))"
        self.con.execute(
            "DELETE FROM entity_mentions e WHERE NOT coalesce(e.found, false) AND EXISTS (SELECT 1 FROM mentions m"
            f" WHERE m.doc = e.doc AND m.start_char = e.start_char AND m.end_char = e.end_char AND {where})",
            [touched, documents])
        self.con.execute(
            "INSERT INTO entity_mentions (entity, doc, start_char, end_char, found)"
            " SELECT n.entity, m.doc, m.start_char, m.end_char, false FROM mentions m JOIN fusion_names n USING (canonical)"
            f" WHERE n.entity IS NOT NULL AND NOT coalesce(m.ambiguous, false) AND {where}", [touched, documents])
        # mentions found again: those of every document searched again
        searched = sorted(change.found)
        if searched:
            self.con.execute("DELETE FROM entity_mentions WHERE found AND doc IN (SELECT unnest(?))", [searched])
        self._insert("entity_mentions", ((eid, doc, s, e, True) for doc in searched for s, e, eid in change.found[doc]))
        self._replace_by_key("entity_redirects", "old", change.redirects_removed,
                             [list(r) for r in sorted(change.redirects.items())])

    def _replace_by_key(self, table: str, key: str, removed, rows: list) -> None:
        keys = sorted(set(removed) | {r[0] for r in rows})
        if keys:
            self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [keys])
        self._insert(table, rows)

    # ---- fused tables ---------------------------------------------------------------------
    def replace_fused(self, fused) -> None:
        """Replace every derived table with a `fuse.Fused` made by hand (benchmarks/web_latency.py
        writes a generated store this way); a build writes through `write_fusion`.

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
                ([e["id"], *_span(m), False] for e in fused.entities for m in e["mentions"]),
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
                         q["group"], q["speaker"].get("kind"), json.dumps(q["pieces"]), q["act"]]
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
            "SELECT entity, doc, start_char, end_char FROM entity_mentions ORDER BY entity, doc, start_char, end_char"
        ).fetchall():
            mentions.setdefault(entity, []).append({"doc": doc, "start": start, "end": end})
        return [
            {"id": i, "name": n, "type": t, "aliases": json.loads(a), "mentions": mentions.get(i, []), "country": c}
            for i, n, t, a, c in ents
        ]

    def quotes(self, ids: Optional[list[str]] = None) -> list[dict]:
        where = " WHERE id IN (SELECT unnest(?))" if ids is not None else ""
        rows = self.con.execute(
            "SELECT id, doc, content_start, content_end, kind, cue_start, cue_end, speaker_name, speaker_entity,"
            " speaker_entities, speaker_start, speaker_end, quote_group, speaker_kind, pieces, act"
            " FROM quotes" + where + " ORDER BY doc, content_start, id", [sorted(ids)] if ids is not None else None
        ).fetchall()
        return [
            {
                "id": r[0], "doc": r[1], "content": [r[2], r[3]],
                "pieces": json.loads(r[14]) if r[14] else [],
                "kind": r[4], "act": r[15] or "say",
                "speaker": {
                    "name": r[7], "entity": r[8], "entities": json.loads(r[9]) if r[9] else [],
                    "span": [r[10], r[11]] if r[10] is not None else None,
                    "kind": r[13] or ("named" if r[8] else "description" if r[7] else "unresolved"),
                },
                "cue": [r[5], r[6]] if r[5] is not None else None,
                "group": r[12],
            }
            for r in rows
        ]

    def quote_groups(self, ids: Optional[list[str]] = None) -> list[dict]:
        """The quote groups (all, or those of these ids), by id."""
        where = " WHERE id IN (SELECT unnest(?))" if ids is not None else ""
        return [
            {"id": i, "speaker": s, "members": _loads(m), "note": n, "diff": _loads(d) if d else None}
            for i, s, m, n, d in self.con.execute(
                f"SELECT id, speaker, members, note, diff FROM quote_groups{where} ORDER BY id",
                [list(ids)] if ids is not None else None).fetchall()
        ]

    def quote_group_members(self) -> list[tuple[str, list[str]]]:
        """(id, member quote ids) of every quote group: what fusing again reads of the groups it keeps
        (a group's wording differences are most of its row)."""
        return [(i, _loads(m)) for i, m in self.con.execute("SELECT id, members FROM quote_groups").fetchall()]

    def records(self, table: str, ids: Optional[list[str]] = None) -> list[dict]:
        """The records of a fused table (all, or those of these ids), by id."""
        if table not in ("events", "claims", "disagreements"):
            raise ValueError(table)
        where = " WHERE id IN (SELECT unnest(?))" if ids is not None else ""
        return [_loads(r[0]) for r in self.con.execute(
            f"SELECT record FROM {table}{where} ORDER BY id", [list(ids)] if ids is not None else None).fetchall()]

    def query_arrow(self, sql: str, params: list | None = None):
        """A user's own SQL, as given (the Python API's `Dossier.sql`), as a pyarrow table; None for a
        statement that returns no rows."""
        relation = self.con.sql(sql, params=params) if params else self.con.sql(sql)
        if relation is None:
            return None
        return relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()

    def problems(self) -> list[tuple[str, str]]:
        return self.con.execute("SELECT source, reason FROM problems ORDER BY source").fetchall()
