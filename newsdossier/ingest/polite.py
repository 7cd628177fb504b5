"""The polite HTTP client behind `fetch`: robots.txt obeyed (protego), one request at a time per
host with a delay between them, timeouts, a size cap, retries with backoff on 429 and 5xx
(honouring Retry-After), a User-Agent naming newsdossier. Thread-safe: `fetch` runs several
requests at once, on different hosts.

Redirects are not followed here (`fetch` follows them hop by hop, so robots.txt is asked about
every hop and each hop is archived).
"""
from __future__ import annotations

import email.utils
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import urlsplit

from .. import __version__

USER_AGENT = f"newsdossier/{__version__} (news research; obeys robots.txt)"
ROBOTS_AGENT = "newsdossier"
RETRY_STATUSES = {429, 500, 502, 503, 504}
PAGE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}


def is_page_type(mime: str) -> bool:
    return mime in PAGE_TYPES


@dataclass
class Politeness:
    delay: float = 1.0  # seconds between two requests to one host (robots.txt's Crawl-delay when longer)
    per_host: int = 1  # requests at once to one host
    timeout: float = 30.0  # seconds to connect, and between two reads of a response
    max_bytes: int = 20 * 1024 * 1024
    retries: int = 3  # after the first try, on 429, 5xx and dropped connections
    backoff: float = 2.0  # seconds before the first retry, doubling after each
    max_retry_wait: float = 120.0  # a longer Retry-After is a failure, not a wait
    user_agent: str = USER_AGENT


@dataclass
class Reply:
    """A complete HTTP response (any status), or `failure` saying why there is none."""

    url: str
    status: int = 0
    reason: str = ""
    headers: list = field(default_factory=list)  # (name, value) as received
    body: bytes = b""
    request_headers: list = field(default_factory=list)
    failure: Optional[str] = None

    def header(self, name: str) -> str:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), "")


class _Host:
    """One host's turn-taking: `per_host` requests at once, `delay` seconds from the end of one
    request to the start of the next."""

    def __init__(self, per_host: int):
        self.slots = threading.Semaphore(per_host)
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.robots = None  # protego parser, or a failure string; set once under robots_lock
        self.crawl_delay = 0.0  # robots.txt's Crawl-delay for us
        self.robots_lock = threading.Lock()

    @contextmanager
    def turn(self, delay: float, sleep: Callable[[float], None]):
        with self.slots:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start)
                self.next_start = start + delay
            if start > now:
                sleep(start - now)
            try:
                yield
            finally:
                with self.lock:
                    self.next_start = max(self.next_start, time.monotonic() + delay)


class PoliteClient:
    def __init__(self, politeness: Politeness, sleep: Callable[[float], None] = time.sleep):
        import httpx

        self.politeness = politeness
        self.sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._stopping = threading.Event()
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=32)
        self._client = httpx.Client(timeout=httpx.Timeout(politeness.timeout), follow_redirects=False,
                                    headers={"User-Agent": politeness.user_agent}, limits=limits)

    def stop(self) -> None:
        """Start no request from now on (each answers "interrupted"); used on Ctrl-C."""
        self._stopping.set()

    def close(self) -> None:
        self._client.close()

    def _host(self, url: str) -> _Host:
        key = _host_key(url)
        with self._hosts_lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(self.politeness.per_host)
            return self._hosts[key]

    # ---- robots.txt ---------------------------------------------------------------------------------
    def disallowed(self, url: str) -> Optional[str]:
        """Why robots.txt forbids `url` (None when it is allowed)."""
        host = self._host(url)
        with host.robots_lock:
            if host.robots is None:
                host.robots = self._load_robots(url, host)
        if isinstance(host.robots, str):
            return host.robots
        if not host.robots.can_fetch(url, ROBOTS_AGENT):
            return "robots.txt disallows it"
        return None

    def _load_robots(self, url: str, host: _Host):
        from protego import Protego

        parts = urlsplit(url)
        reply = self._get(f"{parts.scheme}://{parts.netloc}/robots.txt", host, lambda mime: True)
        if reply.failure or reply.status >= 500:
            # RFC 9309: an unreachable robots.txt means the whole site is off limits for now
            return f"robots.txt unreachable ({reply.failure or f'HTTP {reply.status}'}); not requested"
        if reply.status >= 400:  # none: everything is allowed
            return Protego.parse("")
        robots = Protego.parse(reply.body.decode("utf-8", "replace"))
        delay = robots.crawl_delay(ROBOTS_AGENT)
        if delay:
            host.crawl_delay = float(delay)
        return robots

    # ---- GET -----------------------------------------------------------------------------------------
    def get(self, url: str, accept: Callable[[str], bool] = is_page_type) -> Reply:
        """GET `url` in its host's turn, with retries; the body only when `accept` takes its
        Content-Type ("" when none is given) and it is within the size cap."""
        return self._get(url, self._host(url), accept)

    def _get(self, url: str, host: _Host, accept: Callable[[str], bool]) -> Reply:
        p = self.politeness
        reply = Reply(url)
        for attempt in range(p.retries + 1):
            delay = max(p.delay, host.crawl_delay)
            with host.turn(delay, self.sleep):
                if self._stopping.is_set():
                    return Reply(url, failure="interrupted")
                reply = self._once(url, accept)
            retry = reply.status in RETRY_STATUSES or (reply.failure or "").startswith("connection failed")
            if not retry or attempt == p.retries:
                break
            wait = _retry_after(reply.header("Retry-After")) if reply.status else None
            if wait is None:
                wait = p.backoff * (2 ** attempt)
            if wait > p.max_retry_wait:
                reply.failure = f"HTTP {reply.status}, Retry-After {wait:.0f} s is over {p.max_retry_wait:.0f} s"
                break
            self.sleep(wait)
        if reply.failure is None and reply.status in RETRY_STATUSES:
            reply.failure = f"HTTP {reply.status} after {p.retries + 1} tries"
        return reply

    def _once(self, url: str, accept: Callable[[str], bool]) -> Reply:
        import httpx

        p = self.politeness
        reply = Reply(url)
        started = time.monotonic()
        try:
            with self._client.stream("GET", url) as response:
                reply.status, reply.reason = response.status_code, response.reason_phrase
                reply.headers = list(response.headers.items())
                reply.request_headers = list(response.request.headers.items())
                if not 200 <= response.status_code < 300:
                    return reply
                mime = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if not accept(mime):
                    reply.failure = f"not HTML or text ({mime or 'no content type'})"
                    return reply
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > p.max_bytes:
                    reply.failure = f"too large ({int(length):,} bytes, over --max-bytes {p.max_bytes:,})"
                    return reply
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > p.max_bytes:
                        reply.failure = f"too large (over --max-bytes {p.max_bytes:,})"
                        return reply
                    if time.monotonic() - started > 4 * p.timeout:  # a server dripping bytes
                        reply.failure = f"timeout (still reading after {4 * p.timeout:g} s)"
                        return reply
                    chunks.append(chunk)
                reply.body = b"".join(chunks)
        except httpx.TimeoutException:
            reply.status, reply.failure = 0, f"timeout (no answer within {p.timeout:g} s)"
        except httpx.DecodingError as exc:
            reply.status, reply.failure = 0, f"undecodable response ({exc})"
        except (httpx.TransportError, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            reply.status, reply.failure = 0, f"connection failed ({exc.__class__.__name__}: {str(exc)[:100]})"
        return reply


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _retry_after(value: str) -> Optional[float]:
    """Seconds a Retry-After header asks for (a number, or an HTTP date); None when absent or bad."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
