"""A small news site on 127.0.0.1 for the fetch tests and benchmark: a threaded HTTP server that
logs every request it gets.

40 articles under /news/, an RSS feed and an Atom feed, a sitemap index with a news sitemap and a
plain one, robots.txt disallowing /private/, a redirect chain, a redirect loop, a 404, a page that
answers 503 once and then succeeds, a page slower than the client's timeout, an oversized page
and a PDF. Every page is the same bytes on every request, so two fetches archive the same pages.
"""
from __future__ import annotations

import threading
import time
from email.utils import format_datetime
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional

ARTICLES = 40
SLOW_SECONDS = 3.0
BIG_BYTES = 300_000
NO_TITLE = range(1, 6)  # articles whose page has no <title>, byline or date: the feed supplies them

TOPICS = ["the harbour", "the new ferry", "the river bridge", "the school board", "the water plant",
          "the city budget", "the rail line", "the market hall"]
NAMES = ["Joan Appleby", "Peter Lindqvist", "Maria Ortega", "Karl Brenner", "Aisha Rahman", "Tomas Novak"]


def article_path(n: int) -> str:
    return f"/news/article-{n:02d}.html"


def article_date(n: int) -> str:
    return f"2024-05-{n % 28 + 1:02d}"


def article_title(n: int) -> str:
    return f"Council debates {TOPICS[n % len(TOPICS)]} (report {n})"


def article_html(n: int) -> bytes:
    topic, speaker, other = TOPICS[n % len(TOPICS)], NAMES[n % len(NAMES)], NAMES[(n + 2) % len(NAMES)]
    head = "" if n in NO_TITLE else (
        f"<title>{article_title(n)}</title><meta name='author' content='{NAMES[(n + 1) % len(NAMES)]}'>"
        f"<meta property='article:published_time' content='{article_date(n)}T09:00:00Z'>")
    paragraphs = [
        f"The town council met on Tuesday to discuss {topic}, and members argued for more than three hours "
        f"about the cost of the work and about who should pay for it in the years to come.",
        f"\u201cWe cannot wait another year for {topic},\u201d said {speaker}, who chairs the committee. "
        f"{speaker} added that the plan had been agreed with the regional authority after weeks of talks.",
        f"{other} said the council would meet {speaker} again next month to settle the budget. "
        f"The plan would cost about {n + 2} million euros, according to the council's own estimate.",
        f"Residents who spoke at the meeting said they wanted a clear timetable, and several asked why "
        f"the earlier plan for {topic} had been dropped without a public vote in report number {n}.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    h1 = "" if n in NO_TITLE else f"<h1>{article_title(n)}</h1>"
    return (f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body><nav>Home | News</nav>"
            f"<article>{h1}{body}</article><footer>Town Gazette</footer></body></html>").encode("utf-8")


def _rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>{article_title(n)}</title><link>{base}{article_path(n)}</link>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(article_date(n) + 'T09:00:00+00:00'))}</pubDate>"
        f"<author>news@example.org ({NAMES[(n + 1) % len(NAMES)]})</author></item>"
        for n in range(1, 16))
    items += f"<item><title>Members only</title><link>{base}/private/members.html</link></item>"
    items += f"<item><title>Moved story</title><link>{base}/redirect/1</link></item>"
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Town Gazette</title>"
            f"<link>{base}/</link><description>News</description>{items}</channel></rss>").encode("utf-8")


def _atom(base: str) -> bytes:
    entries = "".join(
        f"<entry><title>{article_title(n)}</title><link href='{base}{article_path(n)}'/>"
        f"<id>{base}{article_path(n)}</id><updated>{article_date(n)}T09:00:00Z</updated>"
        f"<author><name>{NAMES[(n + 1) % len(NAMES)]}</name></author></entry>"
        for n in range(16, 26))
    entries += f"<entry><title>Secret</title><link href='{base}/private/secret.html'/><id>s</id>" \
               f"<updated>2024-05-01T00:00:00Z</updated></entry>"
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Town Gazette</title><id>{base}/</id><updated>2024-05-30T00:00:00Z</updated>"
            f"{entries}</feed>").encode("utf-8")


def _sitemap_index(base: str) -> bytes:
    return (f"<?xml version='1.0' encoding='UTF-8'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>"
            f"<sitemap><loc>{base}/sitemap-pages.xml</loc></sitemap></sitemapindex>").encode("utf-8")


def _news_sitemap(base: str) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{article_path(n)}</loc><news:news><news:publication><news:name>Town Gazette</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{article_date(n)}T09:00:00Z"
        f"</news:publication_date><news:title>{article_title(n)}</news:title></news:news></url>"
        for n in range(26, 36))
    return (f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{urls}</urlset>").encode("utf-8")


def _pages_sitemap(base: str) -> bytes:
    paths = [article_path(n) for n in range(36, ARTICLES + 1)]
    paths += ["/missing.html", "/slow.html", "/big.html", "/report.pdf", "/loop/a", "/private/hidden.html"]
    urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>2024-05-20</lastmod></url>" for p in paths)
    return (f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"{urls}</urlset>").encode("utf-8")


FLAKY = ARTICLES - 1  # answers 503 (Retry-After: 0) to its first request, then the page
REDIRECTED_TO = ARTICLES  # /redirect/1 → /redirect/2 → /redirect/3 → this article


class Site:
    """The site, served on a free port of 127.0.0.1 while in a `with` block. `log` lists the paths
    requested, in order. `hold_after`: article requests past that many wait until `release()`."""

    def __init__(self, hold_after: Optional[int] = None):
        self.log: list[str] = []
        self.agents: set[str] = set()
        self.active = 0  # requests being answered now
        self.most_active = 0  # the most answered at once
        self.lock = threading.Lock()
        self.flaky_seen = False
        self.hold_after = hold_after
        self.released = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                site._serve(self)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a client that gave up is no error here
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def release(self) -> None:
        self.released.set()

    def requests(self, path: str) -> int:
        with self.lock:
            return self.log.count(path)

    def article_requests(self) -> int:
        with self.lock:
            return sum(1 for p in self.log if p.startswith("/news/"))

    @staticmethod
    def reachable() -> list[str]:
        """The article paths a fetch of the whole site must archive."""
        return [article_path(n) for n in range(1, ARTICLES + 1)]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        with self.lock:
            self.log.append(path)
            self.agents.add(handler.headers.get("User-Agent", ""))
            self.active += 1
            self.most_active = max(self.most_active, self.active)
            held = path.startswith("/news/") and self.hold_after is not None and \
                sum(1 for p in self.log if p.startswith("/news/")) > self.hold_after
        if held:
            self.released.wait(60)
        self._answer(handler, path)

    def _answered(self) -> None:
        """Called before a response is sent (or before the slow page's wait, which the client gives
        up on): a request arriving after this one was answered is not counted as alongside it."""
        with self.lock:
            self.active -= 1

    def _answer(self, handler: BaseHTTPRequestHandler, path: str) -> None:
        base = self.base
        status, headers, body = 200, {"Content-Type": "text/html; charset=utf-8"}, b""
        if path == "/robots.txt":
            headers["Content-Type"], body = "text/plain", b"User-agent: *\nDisallow: /private/\n"
        elif path == "/feed.rss":
            headers["Content-Type"], body = "application/rss+xml", _rss(base)
        elif path == "/feed.atom":
            headers["Content-Type"], body = "application/atom+xml", _atom(base)
        elif path == "/sitemap.xml":
            headers["Content-Type"], body = "application/xml", _sitemap_index(base)
        elif path == "/sitemap-news.xml":
            headers["Content-Type"], body = "application/xml", _news_sitemap(base)
        elif path == "/sitemap-pages.xml":
            headers["Content-Type"], body = "application/xml", _pages_sitemap(base)
        elif path.startswith("/news/article-") and path.endswith(".html"):
            n = int(path[len("/news/article-"):-len(".html")])
            if not 1 <= n <= ARTICLES:
                status, body = 404, b"<html><body>Not found</body></html>"
            elif n == FLAKY and not self._flaky_once():
                status, headers["Retry-After"], body = 503, "0", b"<html><body>Busy</body></html>"
            else:
                body = article_html(n)
        elif path.startswith("/bulk/"):  # any number of pages, for the benchmark: /bulk/N.html
            body = article_html(int(path[len("/bulk/"):].split(".")[0]) % ARTICLES + 1)
        elif path.startswith("/redirect/"):
            step = int(path.rsplit("/", 1)[1])
            status = 301 if step == 1 else 302
            headers["Location"] = f"/redirect/{step + 1}" if step < 3 else article_path(REDIRECTED_TO)
        elif path == "/loop/a":
            status, headers["Location"] = 302, "/loop/b"
        elif path == "/loop/b":
            status, headers["Location"] = 302, f"{base}/loop/a"
        elif path == "/slow.html":
            self._answered()
            time.sleep(SLOW_SECONDS)
            body = b"<html><body><p>Too late.</p></body></html>"
        elif path == "/big.html":
            body = b"<html><body><p>" + b"All work and no play. " * (BIG_BYTES // 22) + b"</p></body></html>"
        elif path == "/report.pdf":
            headers["Content-Type"], body = "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
        else:
            status, body = 404, b"<html><body>Not found</body></html>"
        headers["Content-Length"] = str(len(body))
        if path != "/slow.html":
            self._answered()
        try:
            handler.send_response(status)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout, a kill)
            pass

    def _flaky_once(self) -> bool:
        with self.lock:
            seen, self.flaky_seen = self.flaky_seen, True
        return seen
