"""Where adding a few documents to a fused database goes, fusion stage by fusion stage.

    .venv/bin/python -m benchmarks.add_stages DIR/c1000.duckdb [--add 10] [--check] [--profile]

The database (kept by `benchmarks.scale --keep DIR`) is copied, and `--add` new documents (the
ones `benchmarks.scale` adds) are built into the copy in this process with one worker, the models
loaded before the clock starts; the analysis and each fusion stage are timed as `pipeline.build`
names them. `--check`: the grown copy's export is compared with the same documents fused from
scratch. `--profile`: the functions the add spent most time in.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.scale import exported, new_documents, refuse_from_scratch


def timed_add(database: Path, folder: Path) -> dict[str, float]:
    """Seconds of the analysis and of each fusion stage of one build adding `folder` to `database`."""
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    marks = [("analysis", time.perf_counter())]
    with Store(database) as store:
        build([str(folder)], store, workers=1, on_fuse=lambda stage: marks.append((stage, time.perf_counter())))
    marks.append(("end", time.perf_counter()))
    return {name: end - start for (name, start), (_, end) in zip(marks, marks[1:])}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("--add", type=int, default=10)
    parser.add_argument("--check", action="store_true", help="Compare the export with a fusion from scratch.")
    parser.add_argument("--profile", action="store_true", help="Print the functions the add spent most time in.")
    args = parser.parse_args(argv)
    from newsdossier.embed import load_embedder
    from newsdossier.nlp import load_nlp
    from newsdossier.store import Store

    load_nlp()
    load_embedder()
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
        print(f"adding {args.add} documents to {documents}: " + ", ".join(f"{name} {s:.1f} s" for name, s in seconds.items())
              + f"; fusion {fusion:.1f} s", flush=True)
        if args.check:
            fresh = work / "fresh.duckdb"
            shutil.copy(target, fresh)
            took = refuse_from_scratch(fresh)
            same = exported(target, work / "grown.json") == exported(fresh, work / "fresh.json")
            print(f"export of the grown database {'equals' if same else 'DIFFERS FROM'} a fusion from scratch ({took:.0f} s)")
            return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
