"""`build --workers 2` beside `build --workers 1` on the same documents, in one run.

    .venv/bin/python -m benchmarks.workers [N]     # N articles of the big corpus (default 300)

Each build is the whole command a user runs (`newsdossier build`, models loaded, fusion and
all), timed from start to exit. The two exports must be identical but for `generated_at`.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._big_corpus import write_corpus


def timed_build(corpus: Path, db: Path, workers: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsdossier", "build", str(corpus), "--db", str(db), "--quiet",
                    "--workers", str(workers)], check=True)
    return time.perf_counter() - start


def export(db: Path) -> dict:
    out = db.with_suffix(".json")
    subprocess.run([sys.executable, "-m", "newsdossier", "export", "--db", str(db), "--out", str(out)],
                   check=True, capture_output=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("generated_at")
    return data


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 300
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        write_corpus(corpus, count)
        one = timed_build(corpus, work / "one.duckdb", 1)
        two = timed_build(corpus, work / "two.duckdb", 2)
        same = export(work / "one.duckdb") == export(work / "two.duckdb")
    print(f"command: .venv/bin/python -m benchmarks.workers {count}")
    print(f"documents {count}")
    print(f"--workers 1  {count / one:6.2f} docs/s  ({one:.1f} s)")
    print(f"--workers 2  {count / two:6.2f} docs/s  ({two:.1f} s)")
    print(f"throughput --workers 2 ÷ --workers 1: {one / two:.2f}")
    print(f"exports identical: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
