"""The per-document stages and the build that runs them.

    ingest → clean → nlp → extract (entities, quotes) → store (one transaction a document)
    → fuse (across documents) → store (fused tables)

`analyse_document` is a pure function of one raw input, so the same code runs in one process,
in a worker pool or inside Spark; `build` streams inputs through it and writes as it goes.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable, Iterator, Optional, Union

from .clean import NotText, clean_document
from .extract.claims import find_claims
from .extract.entities import find_mentions
from .extract.events import find_events
from .extract.loaded import find_loaded
from .extract.quotes import find_quotes
from .nlp import parse_body, parse_many
from .ingest import DEFAULT_MAX_BYTES, Problem, iter_inputs
from .ids import document_id
from .records import DocumentAnalysis, RawDocument

LOGGER = logging.getLogger(__name__)


def analyse_document(raw: RawDocument) -> Union[DocumentAnalysis, Problem]:
    """Every per-document stage for one input. Never raises for bad input: returns a Problem."""
    return analyse_documents([raw])[0]


def analyse_documents(raws: list[RawDocument]) -> list[Union[DocumentAnalysis, Problem]]:
    """`analyse_document` for a batch: the same result, with spaCy run over the batch at once."""
    results: list[Union[DocumentAnalysis, Problem]] = [_clean(raw) for raw in raws]
    todo = [a for a in results if isinstance(a, DocumentAnalysis) and a.error is None]
    try:
        parsed = list(parse_many([(a.document.text, a.document.body) for a in todo]))
    except Exception:  # one document that breaks the batch must not take the others with it
        LOGGER.exception("batch parse failed; parsing one by one")
        parsed = [None] * len(todo)
    for analysis, sdoc in zip(todo, parsed):
        _extract(analysis, sdoc)
    return results


def _clean(raw: RawDocument) -> Union[DocumentAnalysis, Problem]:
    try:
        document = clean_document(raw)
    except NotText as exc:
        return Problem(raw.source, str(exc))
    except Exception as exc:  # a cleaner bug must not stop the batch; report it with the input's name
        LOGGER.exception("cleaning failed for %s", raw.source)
        return Problem(raw.source, f"could not clean ({exc.__class__.__name__}: {exc})")
    analysis = DocumentAnalysis(document=document)
    if not document.body:
        analysis.error = "no article text found (kept, not analysed)"
    elif not document.analysable:
        analysis.error = f"language '{document.language}' is not analysed (kept, cleaned)"
    return analysis


def _extract(analysis: DocumentAnalysis, sdoc) -> None:
    document = analysis.document
    try:
        if sdoc is None:
            sdoc = parse_body(document.text, document.body)
        analysis.mentions = find_mentions(document.id, sdoc)
        analysis.quotes = find_quotes(document.id, document.text, sdoc, analysis.mentions, document.body)
    except Exception as exc:
        LOGGER.exception("analysis failed for %s", document.source)
        analysis.mentions, analysis.quotes = [], []
        analysis.error = f"analysis failed ({exc.__class__.__name__}: {exc}); kept unanalysed"
        return
    try:  # events: a failure here loses this document's events, not its entities and quotes
        analysis.events = find_events(document.id, document.text, sdoc, analysis.mentions,
                                      document.published, document.published_range,
                                      quotes=analysis.quotes, title=document.title, body=document.body)
    except Exception:
        LOGGER.exception("event extraction failed for %s", document.source)
        analysis.events = []
    try:  # claims: a failure here loses this document's claims only
        analysis.claims = find_claims(document.id, document.text, sdoc, analysis.mentions, analysis.quotes,
                                      analysis.events, document.body, document.published, document.published_range)
    except Exception:
        LOGGER.exception("claim extraction failed for %s", document.source)
        analysis.claims = []
    try:  # loaded wording: a failure here loses this document's loaded terms only
        analysis.loaded = find_loaded(document.id, document.text, sdoc, analysis.quotes, document.body)
    except Exception:
        LOGGER.exception("loaded-wording extraction failed for %s", document.source)
        analysis.loaded = []


@dataclass
class BuildResult:
    added: int = 0
    already_present: int = 0
    problems: list = field(default_factory=list)  # Problem: inputs not built
    notes: list = field(default_factory=list)  # Problem-shaped: built, but with a caveat


def build(
    paths: Iterable[str],
    store,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: Optional[Callable[[str, int], None]] = None,
    on_problem: Optional[Callable[[Problem], None]] = None,
    batch_size: int = 16,
    workers: int = 1,
    on_fuse: Optional[Callable[[str], None]] = None,
) -> BuildResult:
    """Add every new input under `paths` to `store`, then re-fuse the whole corpus.

    Inputs already in the store (same bytes, same source) are not processed again. With
    `workers` > 1 the per-document stages run in that many processes; batches are written in
    input order whatever order they finish in, so the store and the export are the same.
    """
    result = BuildResult()
    known = store.known_document_ids()

    def problem(item: Problem) -> None:
        result.problems.append(item)
        if on_problem:
            on_problem(item)

    def write(batch: list[RawDocument], analyses: list) -> None:
        # the batch is written in one transaction: an interruption loses it whole, never half a document
        store.add_analyses([a for a in analyses if not isinstance(a, Problem)])
        for raw, analysis in zip(batch, analyses):
            if isinstance(analysis, Problem):
                problem(analysis)
                continue
            result.added += 1
            if analysis.error:
                note = Problem(raw.source, analysis.error)
                result.notes.append(note)
                if on_problem:
                    on_problem(note)
            if on_progress:
                on_progress(raw.source, result.added)

    def batches() -> Iterator[list[RawDocument]]:
        batch: list[RawDocument] = []
        for item in iter_inputs(paths, max_bytes=max_bytes):
            if isinstance(item, Problem):
                problem(item)
                continue
            doc_id = document_id(item.source, item.data)
            if doc_id in known:
                result.already_present += 1
                continue
            known.add(doc_id)  # the same input named twice in one run is built once
            batch.append(item)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    # with workers, the pool stays up through fusion: its processes have the embedder loaded and
    # embed the quote passages on every core, so the main process never loads the model
    pool = _WorkerPool(workers) if workers > 1 else None
    try:
        if pool:
            analysed = pool.analyse(batches())
        else:
            analysed = ((batch, analyse_documents(batch)) for batch in batches())
        for batch, analyses in analysed:
            write(batch, analyses)
        store.record_problems(result.problems)
        if result.added or not store.is_fused():
            if result.added >= RELEASE_PARSER_AFTER:
                # a large fusion needs the memory more than a later build needs a warm parser
                from .nlp import release_pipeline

                release_pipeline()
                if pool:  # fresh workers with the embedder only: none of the analysis's memory
                    pool.close()
                    pool = _WorkerPool(workers, parser=False)

            def on_stage(stage: str) -> None:
                if pool and stage in STAGES_AFTER_EMBEDDING:
                    pool.close()  # nothing left to embed: the workers' memory goes back before the writes
                if on_fuse:
                    on_fuse(stage)

            refuse(store, embed_texts=pool.embed if pool else None, on_stage=on_stage)
    finally:
        if pool:
            pool.close()
    return result


RELEASE_PARSER_AFTER = 1000  # documents added in one build
STAGES_AFTER_EMBEDDING = ("events", "writing")  # fusion stages that embed nothing (fuse.fuse)
BATCHES_PER_WORKER_PROCESS = 64  # about a thousand documents; reloading the models costs a few seconds


class _WorkerPool:
    """`workers` processes, each with the models loaded once: they analyse batches, then embed
    texts for fusion."""

    def __init__(self, workers: int, parser: bool = True):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # one thread per worker for every numeric library, so N workers use N cores without contention;
        # children inherit the environment, and these are read when the libraries load
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
            os.environ.setdefault(name, "false" if name == "TOKENIZERS_PARALLELISM" else "1")
        context = multiprocessing.get_context("spawn")  # fork after models load is unsafe with torch
        self.workers = workers
        options = dict(max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(parser,))
        try:
            # a fresh process now and then: a long-lived parser's memory creeps up by a little per document
            self._executor = ProcessPoolExecutor(**options, max_tasks_per_child=BATCHES_PER_WORKER_PROCESS)
        except TypeError:  # Python 3.10 has no max_tasks_per_child
            self._executor = ProcessPoolExecutor(**options)

    def analyse(self, batches: Iterator[list[RawDocument]]):
        """(batch, analyses) in input order. At most two batches per worker are in flight, so
        memory is bounded by the work in flight, not by the corpus."""
        from collections import deque

        in_flight: deque = deque()
        for batch in batches:
            in_flight.append((batch, self._executor.submit(analyse_documents, batch)))
            if len(in_flight) >= 2 * self.workers:
                done_batch, future = in_flight.popleft()
                yield done_batch, future.result()
        while in_flight:
            done_batch, future = in_flight.popleft()
            yield done_batch, future.result()

    def embed(self, texts: list[str]):
        """`embed.embed(texts)`, the texts shared out among the workers."""
        import numpy as np

        from .embed import EMBEDDING_SIZE, embed

        if not texts:
            return embed([])
        # every task gets a like share of short and long texts (the cost of a text grows with its
        # length), so the workers finish together
        tasks = max(1, -(-len(texts) // EMBED_CHUNK))
        tasks = -(-tasks // self.workers) * self.workers
        by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        shares = [by_length[k::tasks] for k in range(tasks)]
        vectors = np.zeros((len(texts), EMBEDDING_SIZE), dtype="float32")
        for share, share_vectors in zip(shares, self._executor.map(embed, [[texts[i] for i in s] for s in shares])):
            vectors[share] = share_vectors
        return vectors

    def close(self) -> None:
        """Stop the workers (again is a no-op). On an interruption, the queued batches are dropped
        instead of finished."""
        self._executor.shutdown(wait=True, cancel_futures=True)


EMBED_CHUNK = 2048  # texts a worker embeds in one task, at most


def _init_worker(parser: bool = True) -> None:
    """Load the models once per worker process, before its first task (spaCy too unless `parser`
    is false: a pool that only embeds for fusion)."""
    import atexit
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # a worker's results are all with the parent by the time it exits: skip the second of
    # interpreter teardown (torch, spaCy) the parent would otherwise wait for
    atexit.register(_exit_at_once)
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    from .embed import load_embedder
    from .nlp import load_nlp

    if parser:
        load_nlp()
    load_embedder()  # the event types are told apart with sentence embeddings


def _exit_at_once() -> None:
    logging.shutdown()
    os._exit(0)


def refuse(store, embed_texts: Optional[Callable] = None, on_stage: Optional[Callable[[str], None]] = None):
    """Bring the fused, corpus-level tables of `store` up to date with its documents: the first
    time, all of them; after documents were added, only what they change (fuse/update.py), with the
    result a fusion of everything from scratch gives.

    embed_texts: texts → unit vectors, for the texts not cached in the store yet (default: the
    model in this process); on_stage: called with the name of each fusion stage as it starts,
    then with "writing" before the fused tables are written. Returns what was written
    (`fuse.update.Change`)."""
    from .fuse.update import refuse as update

    return update(store, embed=_cached_embedder(store, embed_texts),
           signature_cache=(partial(store.cached, "body_signatures"), partial(store.add_cached, "body_signatures")),
           on_stage=on_stage)


def _cached_embedder(store, embed_texts: Optional[Callable] = None):
    """The sentence embedder with the store as a cache: each text is embedded once, whatever the build."""
    import hashlib

    import numpy as np

    from .embed import MODEL_NAME, embed

    embed_texts = embed_texts or embed

    def key(text: str) -> str:
        return hashlib.sha1(f"{MODEL_NAME}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def cached(texts: list[str]):
        if not texts:
            return embed([])
        keys = [key(t) for t in texts]
        stored = store.cached("embeddings", sorted(set(keys)))
        missing = sorted({t for t, k in zip(texts, keys) if k not in stored})
        if missing:
            vectors = embed_texts(missing)
            fresh = {key(t): v.astype("float32").tobytes() for t, v in zip(missing, vectors)}
            store.add_cached("embeddings", fresh)
            stored.update(fresh)
        return np.stack([np.frombuffer(stored[k], dtype="float32") for k in keys])

    return cached
