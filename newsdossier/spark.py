"""spark-build: the per-document stages inside Spark, fusion on the driver.

    inputs ─(driver lists files)→ read + ingest on the executors ─(shuffle by document id:
    duplicates dropped, work spread)→ `pipeline.analyse_documents` in batches (`mapPartitions`;
    models load once per Python worker) → OUT/analyses, OUT/problems (Parquet)
    → driver: a temporary DuckDB store, `pipeline.refuse`, `export.dossier` → OUT/dossier/<list>

Local paths are listed on the driver and read where the tasks run (on a cluster they must be on a
filesystem every node mounts); URIs (hdfs://, s3a://, file://…) are read with Spark's own
filesystems. Fusion runs on the driver over the collected per-document results: it compares
documents with one another, which is fine at the scale of one story (300 documents: under a
minute with the Parquet written and read back, BENCHMARKS.md), not at a day of world news.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import parquet
from .ingest import DEFAULT_MAX_BYTES, Problem, is_input_name, list_inputs

MIN_JAVA = 17
_SPARK_TYPES = {"string": "StringType", "boolean": "BooleanType", "long": "LongType", "double": "DoubleType",
                "json": "StringType"}


class SparkBuildError(RuntimeError):
    pass


@dataclass
class SparkBuildResult:
    documents: int = 0
    problems: list = field(default_factory=list)  # Problem: inputs not built
    notes: list = field(default_factory=list)  # built, with a caveat (Document kept unanalysed, ...)
    seconds: dict = field(default_factory=dict)  # wall time of the Spark stages ("analyse") and of "fuse"


def java_version() -> Optional[int]:
    """The major version of the Java that Spark will start (JAVA_HOME's, else the one on PATH)."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not Path(java).exists():
        return None
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def check_java() -> None:
    version = java_version()
    if version is None or version < MIN_JAVA:
        found = "no Java runtime was found" if version is None else f"found Java {version}"
        raise SparkBuildError(
            f"spark-build needs Java {MIN_JAVA}+ ({found}): install one (Debian/Ubuntu: "
            f"`apt-get install default-jre-headless`, or `make java`) or point JAVA_HOME at it"
        )


def session(master: Optional[str] = None, partitions: Optional[int] = None):
    """A SparkSession: `master` when given, the one spark-submit set, else local[*]."""
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # under spark-submit the JVM is already running
        check_java()
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    conf = SparkConf().setAppName("newsdossier")
    if master:
        conf.setMaster(master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    if conf.get("spark.master", "").startswith("local"):
        # the Python workers are this interpreter, with the package it has; no UI to serve
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        conf.setIfMissing("spark.ui.enabled", "false")
        conf.setIfMissing("spark.ui.showConsoleProgress", "false")
    if partitions:
        conf.setIfMissing("spark.sql.shuffle.partitions", str(partitions))
    # one thread a worker: Spark runs one Python worker per core, and more threads only contend
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
        conf.setIfMissing(f"spark.executorEnv.{var}", "false" if var == "TOKENIZERS_PARALLELISM" else "1")
    spark = SparkSession.builder.config(conf=conf).getOrCreate()
    if conf.get("spark.master", "").startswith("local"):
        spark.sparkContext.setLogLevel("ERROR")  # a local run's warnings are about this machine, not the job
    return spark


def _is_uri(given: str) -> bool:
    return "://" in str(given)


def _read_local(item):
    from .ingest import read_input

    path, source, max_bytes = item
    return list(read_input(Path(path), source, max_bytes))


def _read_remote(root: str, max_bytes: int, manifests: dict):
    """Reads one (uri, bytes) pair as ingest reads a local file, with the hints of the nearest
    `sources.csv` (`manifests`: each manifest's rows by its folder URI)."""
    def read(pair):
        from .ingest.files import nearest_manifest_hints, read_data

        uri, data = pair
        name = uri.rsplit("/", 1)[-1]
        root_prefix = root.rstrip("/") + "/"
        source = uri[len(root_prefix):] if uri.startswith(root_prefix) else name
        hints = nearest_manifest_hints(uri, lambda folder: manifests.get(folder, {}))
        return list(read_data(data, source, name, hints, max_bytes))

    return read


def _wanted_remote(root: str):
    def wanted(pair) -> bool:
        uri = pair[0]
        if uri.rstrip("/") == root.rstrip("/"):  # a file named explicitly is taken whatever its suffix
            return True
        root_prefix = root.rstrip("/") + "/"
        return is_input_name(uri[len(root_prefix):] if uri.startswith(root_prefix) else uri.rsplit("/", 1)[-1])

    return wanted


def _remote_manifests(sc, root: str) -> dict:
    """The `sources.csv` files under `root`, read on the driver (they are small): rows by folder URI."""
    from .ingest.files import load_manifest, manifest_folder

    found = sc.binaryFiles(root).filter(lambda pair: manifest_folder(pair[0]) is not None).collect()
    return {manifest_folder(uri): load_manifest(data, uri) for uri, data in found}


def _analyse_partition(batch_size: int):
    def run(items):
        from .pipeline import analyse_documents

        try:  # one thread a worker (the environment sets it too; torch may have loaded before)
            import torch

            torch.set_num_threads(1)
        except ImportError:
            pass
        batch = []

        def flush():
            for result in analyse_documents(batch):
                if isinstance(result, Problem):
                    yield ("problem", (result.source, result.reason))
                else:
                    yield ("analysis", parquet.analysis_row(result))
            batch.clear()

        for item in items:
            if isinstance(item, Problem):
                yield ("problem", (item.source, item.reason))
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                yield from flush()
        yield from flush()

    return run


def _key(item):
    from .ids import document_id

    if isinstance(item, Problem):
        return ("p", item.source, item.reason), item
    return ("d", document_id(item.source, item.data)), item


def _schema(columns):
    from pyspark.sql import types as T

    return T.StructType([T.StructField(name, getattr(T, _SPARK_TYPES[kind])(), True) for name, kind in columns])


def _join(out: str, name: str) -> str:
    return out.rstrip("/") + "/" + name


def spark_build(
    inputs: list[str],
    out: str,
    partitions: Optional[int] = None,
    master: Optional[str] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
    spark=None,
) -> SparkBuildResult:
    """Analyse `inputs` in Spark and write OUT/analyses, OUT/problems and OUT/dossier/<list>.

    A given `spark` session is used and left running; otherwise one is made and stopped.
    """
    inputs = [str(i) for i in inputs]
    result = SparkBuildResult()
    listed = []
    for item in list_inputs([i for i in inputs if not _is_uri(i)]):
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            listed.append((str(item[0].resolve()), item[1], max_bytes))
    remote = [i for i in inputs if _is_uri(i)]
    if not listed and not remote:  # said before a JVM starts
        raise SparkBuildError("no inputs to build: " + "; ".join(str(p) for p in result.problems))
    own = spark is None
    if own:
        spark = session(master, partitions)
    try:
        return _run(spark, listed, remote, str(out), partitions, max_bytes, batch_size, result)
    finally:
        if own:
            spark.stop()


def _run(spark, listed, remote, out, partitions, max_bytes, batch_size, result) -> SparkBuildResult:
    from pyspark import StorageLevel

    started = time.perf_counter()
    sc = spark.sparkContext
    partitions = partitions or sc.defaultParallelism
    rdds = []
    if listed:
        rdds.append(sc.parallelize(listed, min(len(listed), partitions)).flatMap(_read_local))
    if remote:
        # nested folders too, as for local folders
        sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        for root in remote:
            manifests = _remote_manifests(sc, root)
            rdds.append(sc.binaryFiles(root).filter(_wanted_remote(root))
                        .flatMap(_read_remote(root, max_bytes, manifests)))
    items = sc.union(rdds) if len(rdds) > 1 else rdds[0]
    # keyed by document id: the same input named twice is built once, and documents from one big
    # WARC are spread over every partition
    rows = (items.map(_key).reduceByKey(lambda a, b: a, numPartitions=partitions).values()
            .mapPartitions(_analyse_partition(batch_size))
            .persist(StorageLevel.MEMORY_AND_DISK))
    try:
        columns = parquet.analysis_columns()
        spark.createDataFrame(rows.filter(lambda r: r[0] == "analysis").map(lambda r: r[1]), _schema(columns)) \
            .write.mode("overwrite").parquet(_join(out, parquet.ANALYSES))
        found = rows.filter(lambda r: r[0] == "problem").map(lambda r: r[1]).collect()
    finally:
        rows.unpersist()
    result.problems.extend(Problem(source, reason) for source, reason in sorted(found))
    result.seconds["analyse"] = time.perf_counter() - started
    spark.createDataFrame([(p.source, p.reason) for p in result.problems],
                          _schema([("source", "string"), ("reason", "string")])) \
        .coalesce(1).write.mode("overwrite").parquet(_join(out, parquet.PROBLEMS))
    started = time.perf_counter()
    _fuse_on_driver(spark, out, result)
    result.seconds["fuse"] = time.perf_counter() - started
    return result


def _fuse_on_driver(spark, out: str, result: SparkBuildResult) -> None:
    from . import export
    from .pipeline import refuse
    from .store import Store

    names = [name for name, _ in parquet.analysis_columns()]
    with tempfile.TemporaryDirectory(prefix="newsdossier-spark-") as tmp:
        with Store(Path(tmp) / "fuse.duckdb") as store:
            batch = []
            # streamed: the driver holds one batch of rows at a time, then the store holds them
            for row in spark.read.parquet(_join(out, parquet.ANALYSES)).select(*names).toLocalIterator():
                analysis = parquet.analysis_from_row(row.asDict())
                if analysis.error:
                    result.notes.append(Problem(analysis.document.source, analysis.error))
                batch.append(analysis)
                if len(batch) >= 64:
                    store.add_analyses(batch)
                    batch = []
            store.add_analyses(batch)
            store.record_problems(result.problems)
            refuse(store)
            result.documents = len(store.known_document_ids())
            dossier = export.dossier(store)
    for name in export.LISTS:
        rows = dossier[name]
        columns = parquet.table_columns(rows, export.EMPTY_COLUMNS.get(name, ["id"]))
        spark.createDataFrame(parquet.table_rows(rows, columns), _schema(columns)) \
            .coalesce(1).write.mode("overwrite").parquet(_join(_join(out, parquet.DOSSIER), name))
