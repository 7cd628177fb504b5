"""Where adding a few documents to a fused database goes, fusion stage by fusion stage.

    .venv/bin/python -m benchmarks.add_stages DIR/c1000.duckdb [--add 10] [--check] [--profile]
    .venv/bin/python -m benchmarks.add_stages DIR/c1000.duckdb --copies 3 --out DIR/x3000.duckdb  # then add to it

The database (kept by `benchmarks.scale --keep DIR`) is copied, and `--add` new documents (the
ones `benchmarks.scale` adds) are built into the copy in this process with one worker, the models
loaded before the clock starts; the analysis and each fusion stage are timed as `pipeline.build`
names them. `--check`: the grown copy's export is compared with the same documents fused from
scratch. `--profile`: the functions the add spent most time in.

`--copies K` makes a larger database cheaply instead (BENCHMARKS.md, "10,000 documents"): every
document and its per-document rows copied K - 1 times under new ids, as if K - 1 more outlets
reprinted every article word for word, then fused from scratch (timed). Word-for-word copies are
harder on fusion than the corpus's own reprints: every claim and quote has K - 1 identical twins.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.scale import new_documents, same_as_fresh


def timed_add(database: Path, folder: Path) -> dict[str, float]:
    """Seconds of the analysis and of each fusion stage of one build adding `folder` to `database`."""
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    marks = [("analysis", time.perf_counter())]
    with Store(database) as store:
        build([str(folder)], store, workers=1, on_fuse=lambda stage: marks.append((stage, time.perf_counter())))
    marks.append(("end", time.perf_counter()))
    return {name: end - start for (name, start), (_, end) in zip(marks, marks[1:])}


# the per-document tables, and the column holding the document's id; every other text column that
# holds the id (JSON records) gets the copy's id too. Fusion's own tables are left empty.
PER_DOCUMENT = {"documents": "id", "mentions": "doc", "quote_mentions": "doc", "event_mentions": "doc",
                "claim_mentions": "doc", "loaded_terms": "doc"}


def copy_documents(source: Path, target: Path, copies: int) -> None:
    """`target`: `source` with every document there `copies` times (see the module's docstring)."""
    import duckdb

    shutil.copy(source, target)
    con = duckdb.connect(str(target))
    with con.cursor() as cur:
        cur.execute("BEGIN")
        for n in range(1, copies):
            for table, doc in PER_DOCUMENT.items():
                columns = cur.execute(f"DESCRIBE {table}").fetchall()
                new_doc = f"substr({doc}, 1, 1) || substr(md5({doc} || '#{n}'), 1, length({doc}) - 1)"
                picked = []
                for name, kind, *_ in columns:
                    if name == doc:
                        picked.append(new_doc)
                    elif table == "quote_mentions" and name == "id":
                        picked.append(f"substr(id, 1, 1) || substr(md5(id || '#{n}'), 1, length(id) - 1)")
                    elif table == "documents" and name in ("source", "outlet"):
                        picked.append(f"{name} || ' #{n}'")
                    elif table == "documents" and name == "duplicate_of":
                        picked.append("NULL")
                    elif kind in ("VARCHAR", "JSON"):
                        picked.append(f"CAST(replace(CAST({name} AS VARCHAR), {doc}, {new_doc}) AS {kind})")
                    else:
                        picked.append(name)
                cur.execute(f"INSERT INTO {table} SELECT {', '.join(picked)} FROM {table} WHERE "
                            f"{doc} IN (SELECT id FROM documents WHERE source NOT LIKE '% #%')")
        cur.execute("DELETE FROM fusion_documents")  # the next fusion is a first, full one
        cur.execute("COMMIT")
    con.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("--add", type=int, default=10)
    parser.add_argument("--check", action="store_true", help="Compare the export with a fusion from scratch.")
    parser.add_argument("--profile", action="store_true", help="Print the functions the add spent most time in.")
    parser.add_argument("--copies", type=int, help="Make a database with every document this many times.")
    parser.add_argument("--out", type=Path, help="Where --copies writes the database.")
    args = parser.parse_args(argv)
    from newsdossier.embed import load_embedder
    from newsdossier.nlp import load_nlp
    from newsdossier.store import Store

    load_nlp()
    load_embedder()
    if args.copies:
        from newsdossier.pipeline import refuse

        copy_documents(args.database, args.out, args.copies)
        with Store(args.out) as store:
            start = time.perf_counter()
            refuse(store)
            print(f"{store.document_count()} documents ({args.copies} × {args.database.name}) fused from scratch "
                  f"in {time.perf_counter() - start:.0f} s: {args.out}")
        return 0
    with Store(args.database, read_only=True) as store:  # as it is: the copy is what changes
        documents = store.document_count()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        target = work / "target.duckdb"
        shutil.copy(args.database, target)
        extra = new_documents(work / "extra", args.add)
        if args.profile:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            seconds = profile.runcall(timed_add, target, extra)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        else:
            seconds = timed_add(target, extra)
        fusion = sum(s for name, s in seconds.items() if name != "analysis")
        stages = ", ".join(f"{name} {s:.1f} s" for name, s in seconds.items())
        print(f"adding {args.add} documents to {documents}: {stages}; fusion {fusion:.1f} s", flush=True)
        if args.check:
            same, took = same_as_fresh(target, work)
            print(f"export of the grown database {'equals' if same else 'DIFFERS FROM'} a fusion from scratch "
                  f"({took:.0f} s)")
            return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
