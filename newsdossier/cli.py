"""The command line: thin wrappers over `pipeline.build`, `export` and `report`.

Exit status: 0 when every input was built; 1 when some inputs could not be used (each named on
stderr, everything else still built); 2 for a usage error or when nothing could be opened.
"""
from __future__ import annotations

import logging
import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .ingest import DEFAULT_MAX_BYTES, KNOWN_SUFFIXES
from .ingest.warc import ARCHIVE_SUFFIXES

# what a folder is searched for, as help texts print it
INPUT_SUFFIXES = " ".join(sorted(KNOWN_SUFFIXES) + list(ARCHIVE_SUFFIXES))

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Build a sourced dossier from news coverage of one story.")
err = Console(stderr=True, soft_wrap=True, highlight=False)

EXIT_OK, EXIT_SOME_FAILED, EXIT_ERROR = 0, 1, 2


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"
    parquet = "parquet"
    graphml = "graphml"


def _print_problem(problem) -> None:
    """One line on stderr per input not used (or used with a caveat), naming it and the reason."""
    err.print(f"[yellow]newsdossier: {problem.source}: {problem.reason}[/yellow]", highlight=False)


def _open_store(db: Path, read_only: bool):
    from .store import Store, StoreError

    try:
        return Store(db, read_only=read_only)
    except StoreError as exc:
        err.print(f"newsdossier: {exc}")
        raise typer.Exit(EXIT_ERROR)


@app.command()
def build(
    paths: Optional[List[Path]] = typer.Argument(None, help=f"Files and/or folders (recursive; from folders only {INPUT_SUFFIXES}; a file named here is taken whatever its suffix)."),
    db: Path = typer.Option(..., "--db", help="DuckDB file to create or add to."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Skip any input larger than this many bytes: a file, a JSONL line, a WARC record."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes for the per-document stages (one core each)."),
    from_parquet: Optional[Path] = typer.Option(None, "--from-parquet", help="Load the per-document results of `spark-build --out DIR` instead of reading inputs."),
):
    """Read articles, clean them, find entities, quotes, events, claims and loaded wording, fuse them
    across documents, and store the dossier in DB (building again adds only what is new).

    Example: newsdossier build articles/ more.jsonl --db story.duckdb
    """
    from .pipeline import build as run_build

    if bool(paths) == bool(from_parquet):
        err.print("newsdossier: build needs input files or folders, or --from-parquet DIR (not both)")
        raise typer.Exit(EXIT_ERROR)
    if from_parquet:
        _build_from_parquet(from_parquet, db)
    store = _open_store(db, read_only=False)
    failed = []

    def on_problem(problem):
        _print_problem(problem)

    with store, Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=quiet, transient=True,
    ) as progress:
        task = progress.add_task("building", total=None)

        def on_progress(source, count):
            progress.update(task, completed=count, description=f"building {source[-40:]}")

        result = run_build([str(p) for p in paths], store, max_bytes=max_bytes, on_progress=on_progress,
                           on_problem=on_problem, workers=workers,
                           on_fuse=lambda stage: progress.update(task, description=f"fusing across documents: {stage}"))
        failed = result.problems
        docs = len(store.known_document_ids())
    err.print(
        f"newsdossier: {result.added} added, {result.already_present} already present, "
        f"{len(failed)} not usable; {docs} documents in {db}",
        highlight=False,
    )
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@app.command()
def fetch(
    urls: Optional[List[str]] = typer.Argument(None, help="Article URLs."),
    urls_file: Optional[Path] = typer.Option(None, "--urls", help="A file of article URLs, one a line (# comments)."),
    feed: Optional[List[str]] = typer.Option(None, "--feed", help="An RSS or Atom feed: its items' links (repeatable)."),
    sitemap: Optional[List[str]] = typer.Option(None, "--sitemap", help="A sitemap, sitemap index or news sitemap (repeatable)."),
    since: Optional[str] = typer.Option(None, "--since", help="Only feed and sitemap entries published on or after this date (YYYY-MM-DD)."),
    out: Path = typer.Option(..., "--out", help="The gzipped WARC to write (appended to when it exists)."),
    delay: float = typer.Option(1.0, "--delay", min=0, help="Seconds between two requests to one host."),
    connections: int = typer.Option(4, "--connections", min=1, help="Requests at once, across hosts."),
    per_host: int = typer.Option(1, "--per-host", min=1, help="Requests at once to one host."),
    timeout: float = typer.Option(30.0, "--timeout", min=0.1, help="Seconds to wait for a server before giving up."),
    retries: int = typer.Option(3, "--retries", min=0, help="Retries on 429, 5xx and dropped connections (with backoff)."),
    backoff: float = typer.Option(2.0, "--backoff", min=0, help="Seconds before the first retry (doubled each time) when the server sets no Retry-After."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Skip pages larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
):
    """Archive a story's coverage (article URLs, feeds, sitemaps) into a gzipped WARC for `build`.

    Polite: robots.txt obeyed, one request at a time per host with --delay between them. Running
    it again requests nothing already in the archive. Every URL not archived gets a line on stderr.

    Example: newsdossier fetch --feed https://example.org/rss.xml --since 2024-07-01 --out story.warc.gz
    """
    from .ingest.discover import read_url_list
    from .ingest.fetch import fetch as run_fetch
    from .ingest.polite import Politeness

    listed = list(urls or [])
    if urls_file:
        try:
            listed += read_url_list(urls_file.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            err.print(f"newsdossier: {urls_file}: cannot read ({exc})")
            raise typer.Exit(EXIT_ERROR)
    if not (listed or feed or sitemap):
        err.print("newsdossier: fetch needs URLs, --urls FILE, --feed URL or --sitemap URL")
        raise typer.Exit(EXIT_ERROR)
    if since and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", since):
        err.print(f"newsdossier: --since {since}: give a date as YYYY-MM-DD")
        raise typer.Exit(EXIT_ERROR)
    politeness = Politeness(delay=delay, per_host=per_host, timeout=timeout, max_bytes=max_bytes, retries=retries,
                            backoff=backoff)
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, disable=quiet, transient=True) as progress:
        task = progress.add_task("reading feeds and sitemaps", total=None)

        def on_progress(done, total, url):
            progress.update(task, completed=done, total=total, description=f"fetching {url[-40:]}")

        try:
            result = run_fetch(listed, feed or [], sitemap or [], out, since=since, politeness=politeness,
                               connections=connections, on_failure=_print_problem, on_progress=on_progress)
        except OSError as exc:
            err.print(f"newsdossier: {out}: cannot write the archive ({exc})")
            raise typer.Exit(EXIT_ERROR)
        except KeyboardInterrupt:
            # every page in the archive is whole (only this thread writes, a page at a time): leave at
            # once instead of waiting for the requests in flight
            progress.stop()
            err.print(f"newsdossier: interrupted; {out} holds every page archived so far: run the same fetch "
                      f"again to go on")
            sys.stderr.flush()
            os._exit(130)
    err.print(f"newsdossier: {result.archived} pages archived, {result.already} already in the archive, "
              f"{len(result.failures)} not archived; {out}", highlight=False)
    raise typer.Exit(EXIT_SOME_FAILED if result.failures else EXIT_OK)


@app.command()
def export(
    db: Path = typer.Option(..., "--db", help="DuckDB file made by `build`."),
    format: ExportFormat = typer.Option(ExportFormat.json, "--format", help="json (the spec's format), csv or parquet (a folder of flat tables), graphml (the entity graph)."),
    out: Path = typer.Option(..., "--out", help="Output file (json, graphml) or folder (csv, parquet)."),
    no_text: bool = typer.Option(False, "--no-text", help="Leave document texts out (share without republishing)."),
):
    """Write the dossier as JSON, as flat CSV or Parquet tables (one per list, the words beside
    their offsets), or its entity graph as GraphML.

    Example: newsdossier export --db story.duckdb --format parquet --out story-parquet/
    """
    from . import export as exporter

    with _open_store(db, read_only=True) as store:
        _warn_if_unfused(store, db)
        if format is ExportFormat.json:
            exporter.write_json(store, out, include_text=not no_text)
        elif format is ExportFormat.csv:
            exporter.write_csv(store, out, include_text=not no_text)
        elif format is ExportFormat.parquet:
            exporter.write_parquet(store, out, include_text=not no_text)
        else:
            exporter.write_graphml(store, out)
    typer.echo(str(out))


@app.command()
def report(
    db: Path = typer.Option(..., "--db", help="DuckDB file made by `build`."),
    out: Path = typer.Option(..., "--out", help="HTML file to write."),
):
    """Write one self-contained, readable HTML dossier.

    Example: newsdossier report --db story.duckdb --out story.html
    """
    from .report import write_report

    with _open_store(db, read_only=True) as store:
        _warn_if_unfused(store, db)
        write_report(store, out)
    typer.echo(str(out))


def _version(value: bool):
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True),
):
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def serve(
    db: Path = typer.Option(..., "--db", help="DuckDB file made by `build` (opened read-only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; the default serves this machine only."),
):
    """Browse the dossier in a local web app; the database is opened read-only, never written.

    Example: newsdossier serve --db story.duckdb --port 8000
    """
    import uvicorn

    from .store import StoreError
    from .web import create_app

    try:
        web_app = create_app(db)
    except StoreError as exc:
        err.print(f"newsdossier: {exc}")
        raise typer.Exit(EXIT_ERROR)
    address = f"[{host}]" if ":" in host else host
    typer.echo(f"newsdossier: serving {db} at http://{address}:{port}/ (read-only; Ctrl+C stops)")
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


def _warn_if_unfused(store, db: Path) -> None:
    """The fused tables lag the documents when a build was interrupted before fusion finished."""
    if not store.is_fused():
        err.print(f"[yellow]newsdossier: {db} is not fully fused (was a build interrupted?): run "
                  f"`newsdossier build` on it again; documents, quotes and claims may be missing or stale[/yellow]")


def _build_from_parquet(folder: Path, db: Path) -> None:
    from .parquet import ParquetError, load_parquet

    if not folder.is_dir():
        err.print(f"newsdossier: {folder}: no such folder (give the --out folder of `spark-build`)")
        raise typer.Exit(EXIT_ERROR)
    with _open_store(db, read_only=False) as store:
        try:
            result = load_parquet(folder, store)
        except ParquetError as exc:
            err.print(f"newsdossier: {exc}")
            raise typer.Exit(EXIT_ERROR)
        docs = len(store.known_document_ids())
    for problem in result.problems:
        _print_problem(problem)
    err.print(
        f"newsdossier: {result.added} added from {folder}, {result.already_present} already present, "
        f"{len(result.problems)} inputs spark-build could not use; {docs} documents in {db}",
        highlight=False,
    )
    raise typer.Exit(EXIT_SOME_FAILED if result.problems else EXIT_OK)


@app.command("spark-build")
def spark_build(
    inputs: List[str] = typer.Argument(..., help=f"Files, folders or URIs (hdfs://, s3a://, file://); from folders only {INPUT_SUFFIXES}."),
    out: str = typer.Option(..., "--out", help="Folder or URI for the Parquet output (replaced)."),
    partitions: Optional[int] = typer.Option(None, "--partitions", min=1, help="Partitions for the per-document work (default: Spark's parallelism)."),
    master: Optional[str] = typer.Option(None, "--master", help="Spark master, e.g. local[2]; default: spark-submit's, else local[*]."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Skip any input larger than this many bytes: a file, a JSONL line, a WARC record."),
):
    """Run the per-document stages in Spark; write per-document results and the fused dossier as Parquet.

    Example: newsdossier spark-build articles/ crawl.warc.gz --out story-parquet --master local[2]
    then:    newsdossier build --from-parquet story-parquet --db story.duckdb
    """
    from .spark import SparkBuildError, spark_build as run

    try:
        result = run(inputs, out, partitions=partitions, master=master, max_bytes=max_bytes)
    except SparkBuildError as exc:
        err.print(f"newsdossier: {exc}")
        raise typer.Exit(EXIT_ERROR)
    for problem in result.problems + result.notes:
        _print_problem(problem)
    err.print(
        f"newsdossier: {result.documents} documents, {len(result.problems)} not usable; "
        f"Parquet in {out} (analyses/, problems/, dossier/)",
        highlight=False,
    )
    raise typer.Exit(EXIT_SOME_FAILED if result.problems else EXIT_OK)


if __name__ == "__main__":
    sys.exit(app())
