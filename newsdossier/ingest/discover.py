"""Where `fetch` finds the pages to archive: URL lists, RSS/Atom feeds (feedparser) and sitemaps
(sitemap indexes, plain and news sitemaps; lxml). Each page becomes a `Target` carrying what its
list said about it (title, date, author, outlet), which the archive keeps as a metadata record.

Pure functions of the bytes: fetching the feeds and sitemaps is `fetch.py`'s.
"""
from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from typing import Iterable, Optional
from urllib.parse import urlsplit

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass
class Target:
    """A page to archive, and what the list that named it said about it."""

    url: str
    metadata: dict = field(default_factory=dict)  # via, list, title, published, author, outlet


def is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def read_url_list(text: str) -> list[str]:
    """One URL a line; blank lines and `#` comments skipped."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def published_on_or_after(published: Optional[str], since: Optional[str]) -> bool:
    """Whether an entry dated `published` (ISO, any precision; None: undated, kept) passes `--since`."""
    if not since or not published:
        return True
    return published[:len(since)] >= since[:len(published)]


def feed_targets(data: bytes, feed_url: str, since: Optional[str] = None) -> tuple[list[Target], Optional[str]]:
    """The items of an RSS or Atom feed, each with its title, date and author; and an error when
    the bytes are not a feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and parsed.get("bozo") and not parsed.get("feed"):
        return [], f"not an RSS or Atom feed ({parsed.get('bozo_exception', 'unreadable')})"
    targets = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", stamp) if stamp else None
        if not published_on_or_after(published, since):
            continue
        # RSS writes an author as "email (Name)": the name is what a byline holds
        author = (entry.get("author_detail") or {}).get("name") or entry.get("author") or ""
        metadata = {"via": "feed", "list": feed_url, "title": (entry.get("title") or "").strip() or None,
                    "published": published, "author": author.strip() or None}
        targets.append(Target(link, {k: v for k, v in metadata.items() if v}))
    return targets, None


def sitemap_targets(data: bytes, sitemap_url: str, since: Optional[str] = None
                    ) -> tuple[list[Target], list[str], Optional[str]]:
    """(pages, child sitemaps, error) of a sitemap or sitemap index (gzipped or not). A news
    sitemap's entries keep their title, publication date and publication name."""
    from lxml import etree

    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            return [], [], f"not a sitemap (bad gzip: {exc})"
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True, recover=False,
                                                             huge_tree=False))
    except etree.XMLSyntaxError as exc:
        return [], [], f"not a sitemap (XML: {exc})"
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        children = [_text(s, "loc") for s in _children(root, "sitemap")]
        kept = [url for url, s in zip(children, _children(root, "sitemap"))
                if url and published_on_or_after(_date(_text(s, "lastmod")), since)]
        return [], kept, None
    if tag != "urlset":
        return [], [], f"not a sitemap (root element <{tag}>)"
    targets = []
    for entry in _children(root, "url"):
        url = _text(entry, "loc")
        if not url:
            continue
        news = entry.find(f"{{{NEWS_NS}}}news")
        metadata = {"via": "sitemap", "list": sitemap_url, "published": _date(_text(entry, "lastmod"))}
        if news is not None:
            metadata["title"] = _text(news, "title", NEWS_NS)
            metadata["published"] = _date(_text(news, "publication_date", NEWS_NS)) or metadata["published"]
            publication = news.find(f"{{{NEWS_NS}}}publication")
            if publication is not None:
                metadata["outlet"] = _text(publication, "name", NEWS_NS)
        if not published_on_or_after(metadata.get("published"), since):
            continue
        targets.append(Target(url, {k: v for k, v in metadata.items() if v}))
    return targets, [], None


def _children(root, name: str, ns: str = SITEMAP_NS) -> list:
    found = root.findall(f"{{{ns}}}{name}")
    return found or root.findall(name)  # a sitemap without its namespace is common enough


def _text(element, name: str, ns: str = SITEMAP_NS) -> Optional[str]:
    child = element.find(f"{{{ns}}}{name}")
    if child is None:
        child = element.find(name)
    return (child.text or "").strip() or None if child is not None else None


def _date(value: Optional[str]) -> Optional[str]:
    """The ISO date at the start of a W3C datetime ("2024-07-03T10:00:00+00:00" → "2024-07-03")."""
    if not value:
        return None
    head = value.strip()[:10]
    parts = head.split("-")
    if parts and len(parts[0]) == 4 and all(p.isdigit() for p in parts):
        return head
    return None


def unique(targets: Iterable[Target]) -> list[Target]:
    """Each URL once; a target with metadata is preferred over the same URL without."""
    by_url: dict[str, Target] = {}
    for target in targets:
        known = by_url.get(target.url)
        if known is None or (not known.metadata.get("title") and target.metadata.get("title")):
            by_url[target.url] = target
    return list(by_url.values())


def interleave_hosts(targets: list[Target]) -> list[Target]:
    """Round-robin over hosts, so the connections spread over hosts instead of queueing on one."""
    by_host: dict[str, list[Target]] = {}
    for target in targets:
        by_host.setdefault(urlsplit(target.url).netloc.lower(), []).append(target)
    queues = list(by_host.values())
    ordered = []
    for index in range(max((len(q) for q in queues), default=0)):
        ordered.extend(q[index] for q in queues if index < len(q))
    return ordered
