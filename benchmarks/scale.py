"""Memory and time of large builds, and of adding a few documents to a large database.

    .venv/bin/python -m benchmarks.scale [--docs 1000,10000] [--workers 2] [--add 10] [--keep DIR]
    .venv/bin/python -m benchmarks.scale --add-to DIR/c10000.duckdb [--add 10]   # the add step alone

For each size, `newsdossier build` runs as a user runs it (its own process tree, models loaded
by the workers and, for fusion, by the main process) on a JSONL of that many articles
(`benchmarks/_big_corpus.py`); the memory of the whole tree (PSS summed over its processes, so the
libraries they share count once) is sampled every 0.2 s.
"Above the models" subtracts the peak of a 64-document build with the same workers (four batches,
so every worker has loaded its models), which holds the models and little else. Then `--add` new
documents go into the largest database, timed beside a build of those documents alone into an
empty database; the grown database's export is compared with the export of the same documents
fused from scratch (a copy whose fusion bookkeeping is cleared, then fused whole: the per-document
rows a build writes do not depend on how it ran, so this is a fresh build's export).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks._big_corpus import write_corpus
from benchmarks._memory import run_measured
from benchmarks._shared import SCO, EVAL

GIB = 1024**3
GB = 10**9


def measured_build(inputs: list[Path], db: Path, workers: int) -> tuple[float, int]:
    """(seconds, peak PSS in bytes of the whole process tree) of one `newsdossier build`."""
    command = [sys.executable, "-m", "newsdossier", "build", *map(str, inputs), "--db", str(db), "--quiet",
               "--workers", str(workers)]
    elapsed, peak, status, stderr = run_measured(command, pss=True)
    if status not in (0, 1):
        raise SystemExit(f"build failed ({status}): {stderr.decode()[-2000:]}")
    return elapsed, peak


def new_documents(folder: Path, count: int) -> Path:
    """`count` documents that are in no big corpus: the SCO corpus, then Giveme5W1H-free text."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(p for p in SCO.glob("*.txt"))
    sources += sorted((EVAL / "polnear" / "test" / "text").glob("*.txt"))  # empty when there is no test split
    for i, path in enumerate(sources[:count]):
        shutil.copy(path, folder / path.name)
    missing = count - min(count, len(sources))
    for i in range(missing):  # distinct short articles, when the shared sets run out
        (folder / f"extra-{i}.txt").write_text(
            f"Extra article {i}\n\nThe city council of Town {i} voted on Monday to repair {i + 3} bridges, "
            f"the mayor said. \"We will start in spring,\" she told reporters.\n", encoding="utf-8")
    return folder


def add_step(database: Path, count: int, workers: int) -> int:
    """Time adding `count` new documents to a copy of `database` beside building them alone, and
    compare the grown dossier with the same documents fused from scratch."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        target = work / "target.duckdb"
        shutil.copy(database, target)
        extra = new_documents(work / "extra", count)
        added, _ = measured_build([extra], target, workers)
        alone, _ = measured_build([extra], work / "alone.duckdb", workers)
        print(f"adding {count} documents to the database of {database.name}: {added:.1f} s; "
              f"building them alone: {alone:.1f} s; ratio {added / alone:.2f}", flush=True)
        same, seconds = same_as_fresh(target, work)
        print(f"export of the grown database {'equals' if same else 'DIFFERS FROM'} the export of the same "
              f"{count} + {database.stem[1:]} documents fused from scratch ({seconds:.0f} s)")
    return 0 if same else 1


def same_as_fresh(target: Path, work: Path) -> tuple[bool, float]:
    """Whether `target`'s export equals the export of its documents fused from scratch (in a copy
    under `work`), and the seconds that fusion took."""
    fresh = work / "fresh.duckdb"
    shutil.copy(target, fresh)
    seconds = refuse_from_scratch(fresh)
    return exported(target, work / "grown.json") == exported(fresh, work / "fresh.json"), seconds


def refuse_from_scratch(db: Path) -> float:
    """Fuse every document of `db` again as its first fusion did; returns the seconds it took."""
    import time

    from newsdossier.pipeline import refuse
    from newsdossier.store import Store

    with Store(db) as store:
        store.con.execute("DELETE FROM fusion_documents")
        start = time.perf_counter()
        assert refuse(store).full
        return time.perf_counter() - start


def exported(db: Path, out: Path) -> dict:
    import json
    import subprocess

    subprocess.run([sys.executable, "-m", "newsdossier", "export", "--db", str(db), "--out", str(out)], check=True,
                   capture_output=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("generated_at")
    return data


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", default="1000,10000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--add", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="Keep the corpora and databases in this folder.")
    parser.add_argument("--add-to", type=Path, help="Only time adding documents to a copy of this database.")
    args = parser.parse_args(argv)
    if args.add_to:
        return add_step(args.add_to, args.add, args.workers)
    sizes = [int(x) for x in args.docs.split(",")]
    print(f"command: .venv/bin/python -m benchmarks.scale --docs {args.docs} --workers {args.workers} --add {args.add}")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for old in work.glob("*.duckdb*"):  # a kept folder from an earlier run: build afresh
            old.unlink()
        tiny = work / "tiny.jsonl"
        write_corpus(tiny, 64)
        _, models = measured_build([tiny], work / "tiny.duckdb", args.workers)
        print(f"models loaded (64-document build, --workers {args.workers}): peak PSS {models / GIB:.2f} GiB", flush=True)
        above, peaks = {}, {}
        for size in sizes:
            corpus = work / f"c{size}.jsonl"
            write_corpus(corpus, size)
            seconds, peak = measured_build([corpus], work / f"c{size}.duckdb", args.workers)
            above[size], peaks[size] = peak - models, peak
            print(f"{size:>6} documents: {seconds:7.1f} s, {size / seconds:5.2f} docs/s, peak PSS {peak / GIB:.2f} GiB "
                  f"= {peak / GB:.2f} GB ({above[size] / GIB:.2f} GiB above the models)", flush=True)
        if len(sizes) >= 2:
            small, large = sizes[0], sizes[-1]
            # the small build can peak under the 64-document one (1.42 against 1.53 GiB with two
            # workers, once): then nothing of it is above the models, and only the peaks compare
            growth = f"{above[large] / above[small]:.2f}" if above[small] > 0 else \
                f"undefined (the {small}-document peak is under the models level)"
            print(f"peak above the models, {large} ÷ {small} documents: {growth}; peaks {large} ÷ {small}: "
                  f"{peaks[large] / peaks[small]:.2f}")
        if not args.add:
            return 0
        return add_step(work / f"c{sizes[-1]}.duckdb", args.add, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
