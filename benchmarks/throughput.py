"""Build throughput beside a bare spaCy parse of the same texts, measured in one run.

    .venv/bin/python -m benchmarks.throughput [N]     # N PolNeAR texts (default 300)

Words are whitespace-separated tokens of the input files. The bare parse runs the same spaCy
pipeline over the whole text of each file with nlp.pipe; the build runs every stage (ingest,
cleaning, metadata, language, parse of the body, entities, quotes, store, fusion).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks._shared import EVAL


def polnear_texts(limit: int) -> list[Path]:
    files = sorted((EVAL / "polnear" / "dev" / "text").glob("*.txt")) + sorted(
        (EVAL / "polnear" / "train" / "text").glob("*.txt")
    )
    return files[:limit]


def main(argv: list[str]) -> int:
    from newsdossier.nlp import load_nlp
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    limit = int(argv[0]) if argv else 300
    files = polnear_texts(limit)
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    list(nlp.pipe(texts[:5]))  # warm up

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    bare = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for f, t in zip(files, texts):
            (folder / f.name).write_text(t, encoding="utf-8")
        with Store(Path(tmp) / "b.duckdb") as store:
            start = time.perf_counter()
            result = build([str(folder)], store)
            ours = time.perf_counter() - start
    print("command: .venv/bin/python -m benchmarks.throughput", limit)
    print(f"documents {len(files)}, words {words:,}, built {result.added}")
    print(f"bare spaCy parse   {words / bare:10,.0f} words/s  ({bare:.1f} s)")
    print(f"newsdossier build  {words / ours:10,.0f} words/s  ({ours:.1f} s)")
    print(f"ratio build ÷ bare parse: {bare / ours:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
