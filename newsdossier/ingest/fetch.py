"""`newsdossier fetch`: a story's coverage, from article URLs, feeds and sitemaps, into a gzipped
WARC that `build` reads.

    URLs, --urls FILE ─┐
    --feed URL ────────┼→ targets (discover.py; each with what its list said) → polite GETs on a
    --sitemap URL ─────┘   few threads (polite.py), redirects followed hop by hop → ArchiveWriter

Only this thread writes the archive, one page at a time (warc.py), so the archive is whole after
any interruption, and a rerun requests nothing already in it. Feeds, sitemaps and robots.txt are
read again on each run (they are the lists, not the coverage) and are not archived.
"""
from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional
from urllib.parse import urljoin, urldefrag

from .. import __version__
from .common import Problem
from .discover import Target, feed_targets, interleave_hosts, is_web_url, sitemap_targets, unique
from .polite import Politeness, PoliteClient, Reply, is_page_type
from .warc import ArchiveWriter

LOGGER = logging.getLogger(__name__)

MAX_REDIRECTS = 5
MAX_SITEMAPS = 1000  # sitemaps read from one index tree, at most
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
              "application/feed+json", "text/html", "text/plain", ""}
SITEMAP_TYPES = {"application/xml", "text/xml", "application/x-gzip", "application/gzip", "text/plain",
                 "application/octet-stream", ""}


@dataclass
class FetchResult:
    archived: int = 0  # pages added to the archive in this run
    already: int = 0  # pages the archive held before this run (not requested)
    listed: int = 0  # pages the inputs named
    failures: list = field(default_factory=list)  # Problem: a URL not archived, and why


@dataclass
class _Outcome:
    target: Target
    hops: list = field(default_factory=list)  # Reply: the redirects, then the page
    failure: Optional[str] = None
    already: bool = False  # the chain reached a page the archive holds


def fetch(urls: Iterable[str] = (), feeds: Iterable[str] = (), sitemaps: Iterable[str] = (), out: Path = None,
          since: Optional[str] = None, politeness: Optional[Politeness] = None, connections: int = 4,
          on_failure: Optional[Callable[[Problem], None]] = None,
          on_progress: Optional[Callable[[int, int, str], None]] = None) -> FetchResult:
    """Archive the pages that `urls`, `feeds` and `sitemaps` name into the WARC at `out` (appended
    to when it exists). Every URL not archived is a `Problem` in the result (and `on_failure`)."""
    if out is None:
        raise ValueError("fetch needs an output archive")
    politeness = politeness or Politeness()
    result = FetchResult()

    def fail(url: str, reason: str) -> None:
        problem = Problem(url, reason)
        result.failures.append(problem)
        if on_failure:
            on_failure(problem)

    client = PoliteClient(politeness)
    try:
        with ArchiveWriter(Path(out), software=f"newsdossier/{__version__}") as writer:
            targets = [Target(u, {"via": "list"}) for u in urls]
            targets += _from_feeds(client, feeds, since, fail)
            targets += _from_sitemaps(client, sitemaps, since, fail)
            targets = unique(Target(urldefrag(t.url.strip())[0], t.metadata) for t in targets)
            result.listed = len(targets)
            todo = []
            for target in targets:
                if not is_web_url(target.url):
                    fail(target.url, "not an http or https URL")
                elif target.url in writer.answered:
                    result.already += 1
                else:
                    todo.append(target)
            done = 0
            for outcome in _run(client, interleave_hosts(todo), writer.answered, connections):
                done += 1
                if outcome.failure:
                    fail(outcome.target.url, outcome.failure)
                else:
                    _write(writer, outcome)
                    if outcome.already:
                        result.already += 1
                    else:
                        result.archived += 1
                if on_progress:
                    on_progress(done, len(todo), outcome.target.url)
    finally:
        client.close()
    return result


def _run(client: PoliteClient, targets: list[Target], answered: set, connections: int) -> Iterator[_Outcome]:
    """Outcomes as they finish, with at most twice `connections` targets in flight (a long list
    costs its targets, not its futures)."""
    pool = ThreadPoolExecutor(max_workers=max(1, connections), thread_name_prefix="fetch")
    try:
        queue = iter(targets)
        in_flight: deque = deque()
        for target in queue:
            in_flight.append(pool.submit(_follow, client, target, answered))
            if len(in_flight) >= 2 * connections:
                break
        while in_flight:
            yield _result(in_flight.popleft())
            for target in queue:
                in_flight.append(pool.submit(_follow, client, target, answered))
                break
    finally:  # on Ctrl-C: no request is started any more, and the one in progress is not waited for
        client.stop()
        pool.shutdown(wait=False, cancel_futures=True)


def _result(future):
    """The future's result, waited for in short steps: a Ctrl-C delivered to another thread is
    acted on at the next step (a wait without a timeout does not wake up for it)."""
    while True:
        try:
            return future.result(timeout=0.2)
        except FutureTimeout:
            continue


def _follow(client: PoliteClient, target: Target, answered: set, accept: Callable[[str], bool] = None) -> _Outcome:
    """GET the target, following redirects hop by hop (robots.txt asked about each hop); `accept`
    tells the content types wanted (default: pages)."""
    outcome = _Outcome(target)
    url, seen = target.url, set()
    for _ in range(MAX_REDIRECTS + 1):
        if url in answered:  # another URL of the list led here and it is archived already
            outcome.already = True
            return outcome
        if not is_web_url(url):
            outcome.failure = f"redirected to a URL that is not http or https ({url})"
            return outcome
        why = client.disallowed(url)
        if why:
            outcome.failure = why if url == target.url else f"{why} (redirected to {url})"
            return outcome
        seen.add(url)
        reply = client.get(url, accept or is_page_type)
        if reply.failure:
            outcome.failure = reply.failure
            return outcome
        outcome.hops.append(reply)
        if 300 <= reply.status < 400 and reply.header("Location"):
            url = urldefrag(urljoin(url, reply.header("Location")))[0]
            if url in seen:
                outcome.failure = f"redirect loop (back to {url})"
                return outcome
            continue
        if not 200 <= reply.status < 300:
            outcome.failure = f"HTTP {reply.status}" + (f" {reply.reason}" if reply.reason else "")
        return outcome
    outcome.failure = f"more than {MAX_REDIRECTS} redirects"
    return outcome


def _write(writer: ArchiveWriter, outcome: _Outcome) -> None:
    """The redirects (so a rerun knows where they led), then the page with what its list said."""
    redirects, page = (outcome.hops, None) if outcome.already else (outcome.hops[:-1], outcome.hops[-1])
    for reply in redirects:
        _write_reply(writer, reply)
    if page is None or page.url in writer.answered:  # reached by two URLs of the list at once: archived once
        return
    metadata = dict(outcome.target.metadata)
    if outcome.target.url != page.url:
        metadata["requested"] = outcome.target.url
    metadata["software"] = f"newsdossier/{__version__}"
    _write_reply(writer, page, metadata)


def _write_reply(writer: ArchiveWriter, reply: Reply, metadata: Optional[dict] = None) -> None:
    writer.write(reply.url, reply.request_headers, reply.status, reply.reason, reply.headers, reply.body, metadata)


def _from_feeds(client: PoliteClient, feeds: Iterable[str], since, fail) -> list[Target]:
    targets = []
    for url in feeds:
        reply = _get_list(client, url, _is_feed_type, fail)
        if reply is None:
            continue
        found, error = feed_targets(reply.body, url, since)
        if error:
            fail(url, error)
        targets += found
    return targets


def _from_sitemaps(client: PoliteClient, sitemaps: Iterable[str], since, fail) -> list[Target]:
    targets, queue, seen = [], deque(sitemaps), set()
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        reply = _get_list(client, url, _is_sitemap_type, fail)
        if reply is None:
            continue
        pages, children, error = sitemap_targets(reply.body, url, since)
        if error:
            fail(url, error)
        targets += pages
        queue.extend(children)
    for url in queue:
        fail(url, f"skipped: more than {MAX_SITEMAPS} sitemaps")
    return targets


def _get_list(client: PoliteClient, url: str, accept: Callable[[str], bool], fail) -> Optional[Reply]:
    """A feed or sitemap, redirects followed; None (and the failure said) when it cannot be had."""
    if not is_web_url(url):
        fail(url, "not an http or https URL")
        return None
    outcome = _follow(client, Target(url), answered=set(), accept=accept)
    if outcome.failure:
        fail(url, outcome.failure)
        return None
    return outcome.hops[-1]


def _is_feed_type(mime: str) -> bool:
    return mime in FEED_TYPES or mime.endswith("+xml")


def _is_sitemap_type(mime: str) -> bool:
    return mime in SITEMAP_TYPES or mime.endswith("+xml")
