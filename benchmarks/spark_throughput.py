"""Spark local[2] throughput beside `newsdossier build --workers 2`, on the same documents, in one run.

    .venv/bin/python -m benchmarks.spark_throughput [N]     # N PolNeAR texts (default 300)

Both are timed end to end from a cold start (processes, models, the JVM for Spark, fusion at the
end). For Spark the analysis stage alone is timed too: that is the part a cluster scales out, and
the per-core figure behind "cores to keep pace with 150,000 articles a day" comes from it
(fusion runs once on the driver and is reported apart).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.throughput import polnear_texts

ARTICLES_A_DAY = 150_000
CORES = 2


def main(argv: list[str]) -> int:
    limit = int(argv[0]) if argv else 300
    files = polnear_texts(limit)
    newsdossier = str(Path(sys.executable).with_name("newsdossier"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for f in files:
            (folder / f.name).write_bytes(f.read_bytes())

        start = time.perf_counter()
        subprocess.run([newsdossier, "build", str(folder), "--db", str(Path(tmp) / "w2.duckdb"), "--workers",
                        str(CORES), "--quiet"], check=True)
        workers = time.perf_counter() - start

        from newsdossier.spark import session, spark_build

        start = time.perf_counter()
        spark = session(f"local[{CORES}]", partitions=2 * CORES)
        try:
            result = spark_build([str(folder)], str(Path(tmp) / "out"), partitions=2 * CORES, spark=spark)
        finally:
            spark.stop()
        spark_wall = time.perf_counter() - start

    docs = result.documents
    analyse = result.seconds["analyse"]
    per_core = docs / analyse / CORES
    needed = ARTICLES_A_DAY / 86_400 / per_core
    print("command: .venv/bin/python -m benchmarks.spark_throughput", limit)
    print(f"documents {docs}")
    print(f"build --workers {CORES}          {docs / workers:6.2f} docs/s  ({workers:.1f} s end to end)")
    print(f"spark-build local[{CORES}]         {docs / spark_wall:6.2f} docs/s  ({spark_wall:.1f} s end to end)")
    print(f"  of which Spark analysis      {docs / analyse:6.2f} docs/s  ({analyse:.1f} s, "
          f"model loads included), driver fusion {result.seconds['fuse']:.1f} s")
    print(f"ratio spark ÷ workers (end to end): {workers / spark_wall:.2f}")
    print(f"per core (Spark analysis): {per_core:.2f} docs/s = {per_core * 86_400:,.0f} docs/day")
    print(f"cores to keep pace with {ARTICLES_A_DAY:,} articles a day: {needed:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
