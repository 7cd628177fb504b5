"""Document metadata: title, author, publication date (or a plausible published range).

Two entry points:

- :func:`text_metadata` for plain text (``text`` untouched, ``body`` the article spans);
- :func:`html_metadata` for HTML (page markup plus its visible text and body spans).

Everything here is general rules about how news pages print their metadata; nothing is tuned
to one corpus.

Plain text
----------
- title: in the block before the article (or its first line), the first headline-like line:
  3-30 words, starts upper-case, no sentence-final period, not page furniture ("Click to ...",
  "Support ..."), not a byline/dateline/name; a line printed twice there wins.
- author: a byline ("By A and B", "Written by A, analyst", "Author: A") before or just after the
  article; else a name-only signature line right after the last article line (possibly printed
  twice, possibly followed by a role line such as "Author and editor ..."); else a name-only
  line in the headline block next to a dateline. Comment bylines ("... ago by user") and
  furniture ("Support Outlet", "Newest Most Voted") are not names.

HTML
----
- title: the page's <h1> when it is a plausible headline (it is what readers see; og:title is
  often an SEO variant), choosing among several <h1> the one closest to og:title / JSON-LD
  headline / <title>; else those, cleaned of " | Site", " - Site" and short section segments.
- author: JSON-LD author, else meta author tags, else trafilatura's byline search (real
  person names only); outlet names and furniture are dropped. When the visible text carries a
  byline naming a subset of those (structured data often lists every contributor), the visible
  byline wins. Without any of these: a visible byline, then a signature line that is printed
  twice or followed by a role line or a dateline.
- published: a dateline printed next to the headline in the visible text (the outlet's local
  date), else htmldate's original publication date (via trafilatura), else the plain-text rules.
- outlet: og:site_name (else trafilatura's site name).

Dates
-----
``published`` is a *stated* date: a dateline near the headline or just after the article
("Published September 16, 2022", "Sept. 16, 2022 9:00 am ET", "Wed, 07/03/2024 – 18:10"),
or in HTML the page's meta / JSON-LD date (via htmldate). It is ISO ``YYYY-MM-DD``; an all-numeric
date whose day/month order cannot be told (both parts <= 12, no weekday to confirm) gives
``YYYY`` only. No date after ``today`` is ever returned.

``today`` is explicit: the latest day the page can be from, which the build takes from the input
(a WARC record's capture date, else the file's modification day; see ``clean.clean_document``).
Nothing here reads the clock: with ``today=None`` no upper bound is imposed, and a weekday with a
month-day is placed only among the years up to the last one the text mentions. Date tables,
date finding in running text and dateparser live in ``extract/dates.py``, shared with events.

``published_range`` is filled only when no date is stated, from dates the article body gives
its own content:

- a weekday with a month-day and no year ("On Thursday, September 15") fixes the year to
  those where that day falls on that weekday; among those not after ``today`` we take the
  earliest one >= the largest explicit year the body mentions (articles do not usually mention
  years after their own), else the latest one not after ``today``;
- a fully written past date in the body ("concluding September 1st, 2025"), or the date of an
  embedded post ("— Name (@handle) July 3, 2024"), shows the page is no older than that date.

The range is ``[L, min(L + 14 days, today)]`` with ``L`` the latest such evidence date: the page
is no older than ``L`` and news is usually published within a fortnight of what it reports.
A month-day with neither year nor weekday ("on September 12"), a bare month ("in May") or a
relative phrase ("two months ago") is never turned into a range.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import html as _htmlmod
import json
import re
import unicodedata
from typing import Iterable, Optional

from newsdossier.extract.dates import (EARLIEST_YEAR, StatedDate, find_full_dates, find_weekday_month_days,
                                       parse_stated_date, years_on_weekday)
from newsdossier import names as N
from newsdossier.records import Metadata

Span = tuple[int, int]

# ---------------------------------------------------------------------------------------------
# Date vocabulary and patterns
# ---------------------------------------------------------------------------------------------

_RE_YEAR = re.compile(r"(?<![\d$£€.,/])(?:19[5-9]\d|20\d\d)(?![\d%])")

# A line that announces a date.
_RE_DATE_PREFIX = re.compile(
    r"^\W*(?P<kind>published|first published|originally published|posted|updated|last updated|"
    r"last modified|modified|date|dated|created|released)\b\s*(?:on|at|:)?\s*", re.I)
# An embedded social-media post attribution: "— Name (@handle) July 3, 2024".
_RE_POST_ATTRIB = re.compile(r"(?:^|\s)[—–-]{1,2}\s*[^\n]{0,120}?\(@\w{1,30}\)\s*(?P<rest>.*)$")
# Words announcing that a date is still to come (then it does not bound the publication from below).
_RE_FUTURE_CUE = re.compile(
    r"\b(?:will|would|shall|scheduled|expected|due|until|till|by\s+the\s+end\s+of|no\s+later\s+than|"
    r"deadline|upcoming|next|planned|plans?|set\s+for|slated|starting|beginning|before|"
    r"ahead\s+of)\b[^.;]{0,40}$", re.I)


# htmldate needs a latest date (its default is the clock's today); without one, none is imposed
_NO_LATEST = _dt.date(9999, 12, 31)


def _plausible(f: StatedDate, today: Optional[_dt.date]) -> bool:
    """A stated date can be the page's: from EARLIEST_YEAR on, and not after `today` (the latest day the
    page can be from, when known)."""
    year = int(f.iso[:4])
    if year < EARLIEST_YEAR:
        return False
    if today is None:
        return True
    if f.date is not None:
        return f.date <= today
    return year <= today.year


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

# Words that make a capitalised line page furniture (or a job title) rather than a person's name.
_NOT_NAME_WORDS = set("""
support subscribe share follow donate read more click sign up login log in out register join
related latest stories story articles article news home menu search privacy policy terms contact
about advertisement advertise newsletter trending popular top editor editors picks view all notify
inline feedbacks newest oldest most voted comments comment reply leave continue next previous back
print email copy link tags topics tag topic photo photos image images video videos watch listen
audio podcast gallery staff team desk wire wires agency press associated reuters service services
editorial board contributor contributors columnist correspondent reporter writer author authors
analyst senior chief bureau political independent international national world business sports
opinion politics health science tech technology culture entertainment lifestyle travel weather
live updates update breaking exclusive tickets buy footer links licensing rights purchase ended
mobile site desktop copied app apps store shop deals coupons careers jobs help faq feedback sponsored partner content premium free trial get our the
of and for with your you we us this that min mins minute minutes read ago
published posted by on at from via source sources credit credits getty afp ap newsroom media
group limited ltd inc llc corp company foundation institute university report reports review
guide how what why when who best new old open close skip main navigation toggle accept cookies
settings account profile my edition english español français deutsch more less show hide
""".split())


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _clean_name(s: str) -> Optional[str]:
    """``s`` as a person's name for a byline (normalised spacing), or None (names.as_person_name)."""
    return N.as_person_name(s, _NOT_NAME_WORDS)


_RE_NAME_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+with\s+)\s*")
_ROLE_CUT = re.compile(
    r"\s+(?:[|•·/]|[-–—]{1,2}|for\b|at\b|in\b|is\b|was\b|who\b|from\b|on\b|via\b|reporting\b|"
    r"updated\b|published\b|posted\b|\d|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)", re.I)
_RE_BYLINE = re.compile(
    r"^\W{0,3}(?:(?:written|words|reported|story|text|compiled|edited|article|posted|"
    r"analysis|commentary|opinion|report)\s+)?by\s*:?\s+(?P<rest>\S.*)$"
    r"|^\W{0,3}(?:authors?|writer|byline|reporter)\s*:\s*(?P<rest2>\S.*)$", re.I)


def _names_from_byline(rest: str) -> list[str]:
    """'Jane Doe and John Roe, staff writers | May 5, 2023' -> ['Jane Doe', 'John Roe']."""
    m = _ROLE_CUT.search(rest)
    if m:
        rest = rest[: m.start()]
    parts = _RE_NAME_SPLIT.split(rest.strip())
    names: list[str] = []
    for i, p in enumerate(parts):
        p = p.strip()
        if not p:
            continue
        # "Jane Doe, independent analyst": a part after a comma starting lower-case is a role.
        if i and p[0].islower():
            break
        n = _clean_name(p)
        if n is None:
            if i == 0:
                return []
            break
        names.append(n)
    return names


# ---------------------------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------------------------


class _Line:
    __slots__ = ("i", "start", "end", "s", "body")

    def __init__(self, i: int, start: int, end: int, s: str):
        self.i, self.start, self.end, self.s, self.body = i, start, end, s, False


def _lines(text: str, body: list[Span]) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for i, raw in enumerate(text.splitlines(keepends=True)):
        s = raw.rstrip("\r\n")
        out.append(_Line(i, pos, pos + len(s), s))
        pos += len(raw)
    spans = sorted((max(0, a), b) for a, b in body if b > a)
    if spans:
        starts = [a for a, _ in spans]
        for ln in out:
            nonblank = sum(1 for c in ln.s if not c.isspace())
            if not nonblank:
                continue
            covered = 0
            k = max(0, bisect.bisect_right(starts, ln.start) - 1)
            while k < len(spans) and spans[k][0] < ln.end:
                a, b = max(spans[k][0], ln.start), min(spans[k][1], ln.end)
                if b > a:
                    covered += sum(1 for c in ln.s[a - ln.start:b - ln.start] if not c.isspace())
                k += 1
            ln.body = covered * 2 >= nonblank
    else:
        # No spans given: long prose lines stand in for the article body.
        for ln in out:
            ln.body = len(ln.s.split()) >= 20
    return out


def _nonblank(lines: Iterable[_Line]) -> list[_Line]:
    return [ln for ln in lines if ln.s.strip()]


# ---------------------------------------------------------------------------------------------
# Title
# ---------------------------------------------------------------------------------------------

_RE_FURNITURE_START = re.compile(
    r"^\W*(?:click|tap|support|subscribe|sign\s+up|sign\s+in|log\s*in|share|follow|read\s+more|"
    r"related|advertisement|sponsored|skip\s+to|table\s+of\s+contents|contents|menu|home\b|"
    r"latest|trending|most\s+(?:read|popular)|listen|watch|image|photo|video|copyright|©|"
    r"leave\s+a|please|continue|get\s+the|download|join|donate|newsletter|cookie|we\s+use|"
    r"this\s+(?:article|story|post)|by\s|written\s+by|posted\s|published\s|updated\s)", re.I)


def _title_like(s: str) -> bool:
    s = s.strip()
    words = s.split()
    if not (3 <= len(words) <= 30) or len(s) > 250:
        return False
    letters = sum(c.isalpha() for c in s)
    if letters < 0.6 * len(s.replace(" ", "")):
        return False
    if re.search(r"[.,;:]$", s) and not s.endswith("..."):
        return False
    if s.endswith("..."):
        return False
    first = next((c for c in s if c.isalnum()), "")
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if _RE_FURNITURE_START.match(s):
        return False
    if s.startswith(("- ", "* ", "• ", "|")):
        return False
    # A long line with several sentence breaks is prose, not a headline.
    if len(re.findall(r"[.!?]\s+[A-Z]", s)) >= 2:
        return False
    if _full_dates_line(s):
        return False
    return True


def _full_dates_line(s: str) -> bool:
    """True when the line is mostly a date (a dateline)."""
    found = find_full_dates(s)
    if not found:
        return False
    rest = s
    for f in reversed(found):
        rest = rest[: f.start] + rest[f.end:]
    return len(rest.split()) <= 6


def _norm_title(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def _text_title(lines: list[_Line]) -> Optional[str]:
    nb = _nonblank(lines)
    if not nb:
        return None
    first_body = next((k for k, ln in enumerate(nb) if ln.body), None)
    head = nb[:first_body] if first_body is not None else nb[:15]
    head = head[:25]
    cands = [ln for ln in head if _title_like(ln.s) and _clean_name(ln.s) is None]
    # The first body line may itself be the headline (it is often kept with the article).
    if first_body is not None and _title_like(nb[first_body].s) and len(nb[first_body].s.split()) <= 25:
        cands.append(nb[first_body])
    if not cands:
        return None
    window = [ln.s for ln in nb[: (first_body or 0) + 25]]
    counts: dict[str, int] = {}
    for s in window:
        counts[_norm_title(s)] = counts.get(_norm_title(s), 0) + 1
    dup = [ln for ln in cands if counts.get(_norm_title(ln.s), 0) >= 2]
    if dup:
        return dup[0].s.strip()
    longish = [ln for ln in cands if len(ln.s.split()) >= 4]
    return (longish or cands)[0].s.strip()


# ---------------------------------------------------------------------------------------------
# Author
# ---------------------------------------------------------------------------------------------

_RE_ROLE_LINE = re.compile(
    r"^\W*(?:(?:an?\s+)?(?:author|editor|reporter|writer|journalist|correspondent|columnist|"
    r"contributor|analyst|staff|senior|freelance|political|foreign|chief|producer|host)\b|"
    r"(?:is|was)\s+an?\b|covers\b|writes\b|reports\b)", re.I)


def _byline_names(s: str) -> list[str]:
    if len(s.split()) > 30:
        return []
    m = _RE_BYLINE.match(s.strip())
    if not m:
        return []
    return _names_from_byline(m.group("rest") or m.group("rest2") or "")


def _text_author(lines: list[_Line], today: _dt.date, bylines_only: bool = False,
                 need_support: bool = False) -> Optional[str]:
    nb = _nonblank(lines)
    if not nb:
        return None
    body_idx = [k for k, ln in enumerate(nb) if ln.body]
    first_body = body_idx[0] if body_idx else min(len(nb), 15)
    last_body = body_idx[-1] if body_idx else -1
    tail = nb[last_body + 1: last_body + 1 + 4] if body_idx else []

    # 1. An explicit byline anywhere up to a few lines after the article.
    scan = nb[: last_body + 1 + 4] if body_idx else nb[:25]
    for ln in scan:
        names = _byline_names(ln.s)
        if names:
            return ", ".join(dict.fromkeys(names))
    if bylines_only:
        return None

    # 2. A name-only line just after the article (signature), optionally printed twice and
    #    followed by a role line or a dateline.
    for k, ln in enumerate(tail):
        if _is_dateline(ln.s, today):
            continue
        n = _clean_name(ln.s)
        if n is None:
            # Signatures come first; page furniture after them ends the search.
            break
        if need_support:
            nxt = tail[k + 1: k + 3]
            if not any(_norm_title(o.s) == _norm_title(ln.s) or _RE_ROLE_LINE.match(o.s)
                       or _is_dateline(o.s, today) for o in nxt):
                break
        return n

    # 3. A name-only line in the headline block, next to a dateline or a role line.
    head = nb[:first_body]
    for k, ln in enumerate(head):
        n = _clean_name(ln.s)
        if n is None:
            continue
        near = head[max(0, k - 1): k] + head[k + 1: k + 3]
        if any(_is_dateline(o.s, today) or _RE_ROLE_LINE.match(o.s) for o in near):
            return n
    return None


# ---------------------------------------------------------------------------------------------
# Stated date
# ---------------------------------------------------------------------------------------------


def _is_dateline(s: str, today: _dt.date) -> bool:
    return _dateline_date(s, today) is not None


def _dateline_date(s: str, today: _dt.date) -> Optional[tuple[str, str]]:
    """(iso, kind) when the line states a date as the page's own; kind is 'published', 'updated' or ''."""
    s = s.strip()
    if not s or len(s) > 200:
        return None
    if _RE_POST_ATTRIB.search(s):
        return None  # an embedded post's date: evidence, not the page's date
    found = [f for f in find_full_dates(s) if _plausible(f, today)]
    pm = _RE_DATE_PREFIX.match(s)
    kind = ""
    if pm:
        k = pm.group("kind").lower()
        kind = "updated" if ("updated" in k or "modified" in k) else "published"
    if not found:
        if pm and re.search(r"\b(?:19|20)\d\d\b", s):
            d = parse_stated_date(s[pm.end():], today)
            if d is not None:
                return d.isoformat(), kind
        return None
    rest = s
    for f in reversed(found):
        rest = rest[: f.start] + " " + rest[f.end:]
    rest_words = re.findall(r"[A-Za-z]+", rest)
    # Allow times, zones and short labels around the date; a sentence is not a dateline.
    filler = {"am", "pm", "a", "m", "et", "est", "edt", "pt", "pst", "pdt", "ct", "cst", "cdt", "utc",
              "gmt", "bst", "cet", "cest", "msk", "ist", "at", "on", "and", "updated", "published",
              "posted", "last", "first", "originally", "date", "dated", "modified", "created", "released"}
    others = [w for w in rest_words if w.lower() not in filler]
    if not pm and len(others) > 8:
        return None
    if pm and len(others) > 12:
        return None
    # "Published X | Updated Y": take the first (published) date.
    return found[0].iso, kind


_RE_AGENCY_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'’()/-]{1,60}?[,(]\s*")


def _text_published(lines: list[_Line], today: _dt.date, near_only: bool = False) -> Optional[str]:
    """The stated date: a dateline in the headline block, among the non-body lines inside the
    article, or (``near_only`` False) in the few lines right after it."""
    nb = _nonblank(lines)
    if not nb:
        return None
    body_idx = [k for k, ln in enumerate(nb) if ln.body]
    first_body = body_idx[0] if body_idx else min(len(nb), 15)
    last_body = body_idx[-1] if body_idx else len(nb)
    region = nb[: first_body][-8 if near_only else -25:] \
        + [ln for ln in nb[first_body: last_body + 1] if not ln.body]
    if not near_only:
        region += nb[last_body + 1: last_body + 1 + 4]
    published: list[str] = []
    updated: list[str] = []
    for ln in region:
        got = _dateline_date(ln.s, today)
        if got is None:
            continue
        (updated if got[1] == "updated" else published).append(got[0])
    if published:
        return published[0]
    # A wire dateline opening the first paragraph: "WASHINGTON, Sept. 16, 2022 — ...".
    if body_idx:
        first = nb[first_body].s
        m = _RE_AGENCY_DATELINE.match(first)
        if m:
            found = find_full_dates(first[m.end(): m.end() + 40])
            if found and found[0].start == 0 and _plausible(found[0], today):
                after = first[m.end() + found[0].end: m.end() + found[0].end + 20]
                if re.match(r"\s*\)?\s*(?:\([A-Za-z ]+\)\s*)?[-—–:]", after):
                    return found[0].iso
    if updated:
        return updated[0]
    return None


# ---------------------------------------------------------------------------------------------
# Published range
# ---------------------------------------------------------------------------------------------


def _body_text(lines: list[_Line]) -> list[str]:
    return [ln.s for ln in lines if ln.body]


def _weekday_year(month: int, day: int, wd: int, years_mentioned: list[int],
                  today: Optional[_dt.date]) -> Optional[_dt.date]:
    # without a latest day, the years the text mentions bound the search (none: no year can be told)
    last = today.year if today else (max(years_mentioned) + 1 if years_mentioned else None)
    if last is None:
        return None
    fits = [y for y in years_on_weekday(month, day, wd, range(EARLIEST_YEAR, last + 1))
            if today is None or _dt.date(y, month, day) <= today]
    if not fits:
        return None
    if years_mentioned:
        ymax = max(years_mentioned)
        later = [y for y in fits if y >= ymax]
        if later:
            return _dt.date(min(later), month, day)
    return _dt.date(max(fits), month, day)


def _range_evidence(body_lines: list[str], today: _dt.date) -> list[_dt.date]:
    joined = "\n".join(body_lines)
    years = [int(m.group(0)) for m in _RE_YEAR.finditer(joined) if today is None or int(m.group(0)) <= today.year]
    ev: list[_dt.date] = []
    for s in body_lines:
        pa = _RE_POST_ATTRIB.search(s)
        if pa:
            for f in find_full_dates(pa.group("rest")):
                if f.date is not None and _plausible(f, today):
                    ev.append(f.date)
            continue
        for f in find_full_dates(s):
            if f.date is None or not _plausible(f, today):
                continue
            if _RE_FUTURE_CUE.search(s[max(0, f.start - 45): f.start]):
                continue
            # A dated past event bounds the page from below, but only the most recent one the
            # text mentions: "On February 24, 2022, ..." in a text that also speaks of 2025
            # says little about when the text was written.
            if years and f.date.year < max(years):
                continue
            ev.append(f.date)
        for at, mon, day_of_month, wd in find_weekday_month_days(s):
            if _RE_FUTURE_CUE.search(s[max(0, at - 45): at]):
                continue
            d = _weekday_year(mon, day_of_month, wd, years, today)
            if d is not None:
                ev.append(d)
    return ev


def _range_from(ev: list[_dt.date], today: _dt.date) -> Optional[tuple[str, str]]:
    if not ev:
        return None
    start = max(ev)
    end = start + _dt.timedelta(days=14)
    if today is not None:
        end = min(end, today)
    return start.isoformat(), end.isoformat()


# ---------------------------------------------------------------------------------------------
# Public: plain text
# ---------------------------------------------------------------------------------------------


def text_metadata(text: str, body: list[tuple[int, int]], today: _dt.date | None = None) -> Metadata:
    """Title, author and date of a plain-text article (``body``: its article spans in ``text``)."""
    md = Metadata()
    if not text or not text.strip():
        return md
    try:
        lines = _lines(text, body or [])
        md.title = _text_title(lines)
        md.author = _text_author(lines, today)
        md.published = _text_published(lines, today)
        if md.published is None:
            md.published_range = _range_from(_range_evidence(_body_text(lines), today), today)
    except Exception:  # never let metadata break ingestion
        return md
    return md


# ---------------------------------------------------------------------------------------------
# Public: HTML
# ---------------------------------------------------------------------------------------------

_TITLE_SEPS = re.compile(r"\s+(?:[|–—·•»:]|-{1,2}|::)\s+")


def _squash(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _strip_accents(s).casefold())


def _clean_html_title(title: str, site_names: list[str], h1: Optional[str]) -> str:
    """Strip ' | Site', ' - Site' and 'Site: ' from a page title."""
    t = re.sub(r"\s+", " ", _htmlmod.unescape(title)).strip()
    if not t:
        return t
    if h1:
        h = re.sub(r"\s+", " ", h1).strip()
        if h and len(h) >= 10 and _squash(h) and _squash(h) in _squash(t) and len(h) >= 0.5 * len(t):
            # The page title is the headline plus decoration.
            if _squash(t).startswith(_squash(h)) or _squash(t).endswith(_squash(h)):
                return h
    sites = {_squash(s) for s in site_names if s and _squash(s)}
    parts = _TITLE_SEPS.split(t)
    if len(parts) >= 2:
        def is_site(p: str) -> bool:
            q = _squash(p)
            return bool(q) and any(q == s or q in s or (len(s) >= 4 and s in q and len(q) <= len(s) + 12)
                                   for s in sites)
        while len(parts) >= 2 and is_site(parts[-1]):
            parts.pop()
        while len(parts) >= 2 and is_site(parts[0]):
            parts.pop(0)
        # A trailing short segment after a long headline is usually the site or section name.
        if len(parts) >= 2 and len(parts[-1].split()) <= 3 and len(" ".join(parts[:-1]).split()) >= 4 \
                and re.search(r"\s[|–—·•»]\s", t):
            last_sep = list(re.finditer(r"\s[|–—·•»]\s", t))
            if last_sep and t[last_sep[-1].end():].strip() == parts[-1].strip():
                parts.pop()
        # Rebuild with the original separators.
        if parts:
            i0 = t.find(parts[0])
            i1 = t.rfind(parts[-1]) + len(parts[-1])
            if 0 <= i0 < i1:
                t = t[i0:i1].strip()
    return t


def _jsonld_objects(tree) -> list[dict]:
    out: list[dict] = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (node.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except Exception:
            try:
                data = json.loads(re.sub(r"[\x00-\x1f]", " ", raw))
            except Exception:
                continue
        stack = [data]
        while stack:
            x = stack.pop()
            if isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, dict):
                out.append(x)
                for k in ("@graph", "mainEntity", "itemListElement"):
                    if k in x:
                        stack.append(x[k])
    return out


_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "webpage",
                  "liveblogposting", "review", "report", "techarticle", "scholarlyarticle")


def _ld_type(o: dict) -> list[str]:
    t = o.get("@type")
    if isinstance(t, str):
        return [t.lower()]
    if isinstance(t, list):
        return [str(x).lower() for x in t]
    return []


def _ld_names(v) -> list[str]:
    out: list[str] = []
    if isinstance(v, str):
        out.append(v)
    elif isinstance(v, dict):
        if "person" in _ld_type(v) or "name" in v and not _ld_type(v):
            n = v.get("name")
            if isinstance(n, str):
                out.append(n)
            elif isinstance(n, list):
                out.extend(x for x in n if isinstance(x, str))
    elif isinstance(v, list):
        for x in v:
            out.extend(_ld_names(x))
    return out


def _meta(tree, *keys: str) -> Optional[str]:
    for k in keys:
        for attr in ("property", "name", "itemprop"):
            vals = tree.xpath(f'//meta[@{attr}="{k}"]/@content')
            for v in vals:
                v = re.sub(r"\s+", " ", v).strip()
                if v:
                    return v
    return None


_RE_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,5}|Ph\.?\s?D\.?|M\.D\.|R\.N\.)$")


def _structured_name(p: str, site_names: list[str]) -> Optional[str]:
    """One author credited in markup: a person's name, or failing that a byline handle / desk,
    but never the outlet itself nor page furniture."""
    p = re.sub(r"\s+", " ", p).strip(" ,;|")
    p = re.sub(r"^(?:by|written\s+by|words\s+by|author:?)\s+", "", p, flags=re.I)
    p = re.sub(r"\s+(?:published|updated|posted|last\s+updated)\b.*$", "", p, flags=re.I)
    toks = p.split()
    while len(toks) > 2 and _RE_CREDENTIAL.match(toks[-1].strip(",")) and not toks[0].isupper():
        toks.pop()
    p = " ".join(toks).strip(" ,")
    if not p or _RE_CREDENTIAL.match(p) or re.search(r"https?:|www\.|@|\.com\b|[<>{}\[\]=\d]", p):
        return None
    q = _squash(p)
    for x in site_names:
        sx = _squash(x or "")
        if sx and (q == sx or (len(sx) >= 5 and sx in q)):
            return None
    n = _clean_name(p)
    if n:
        return n
    if len(toks) > 5 or not p[0].isupper():
        return None
    if any(t.lower().strip(".") in _NOT_NAME_WORDS for t in toks):
        return None
    if _RE_FURNITURE_START.match(p):
        return None
    return p


def _split_author_field(s: str, site_names: list[str], persons_only: bool = False) -> list[str]:
    s = _htmlmod.unescape(s)
    parts = re.split(r"\s*(?:;|,|\||\s+and\s+|\s*&\s*)\s*", s)
    persons, others = [], []
    for p in parts:
        n = _structured_name(p, site_names)
        if n:
            (persons if _clean_name(n) else others).append(n)
    # Beside real names, an odd credit is usually the outlet or a desk ("Jane Doe, Daily Planet").
    names = persons if (persons or persons_only) else others[:1]
    return list(dict.fromkeys(names))


def html_metadata(html: str, text: str, body: list[tuple[int, int]], url: str | None = None,
                  today: _dt.date | None = None) -> Metadata:
    """Title, author, date and outlet of an HTML page (``text``/``body``: its visible text and spans)."""
    md = Metadata(url=url)
    try:
        return _html_metadata(html or "", text or "", body or [], url, today, md)
    except Exception:
        try:
            return _merge_text(md, text or "", body or [], today)
        except Exception:
            return md


def _merge_text(md: Metadata, text: str, body: list[Span], today: _dt.date,
                with_author: bool = True) -> Metadata:
    """Fill what the markup did not give from the visible text."""
    tm = text_metadata(text, body, today) if text.strip() else Metadata()
    md.title = md.title or tm.title
    if with_author:
        md.author = md.author or tm.author
    if md.published is None:
        md.published = tm.published
        if md.published is None:
            md.published_range = tm.published_range
    return md


def _html_metadata(html: str, text: str, body: list[Span], url: Optional[str], today: _dt.date,
                   md: Metadata) -> Metadata:
    if not html.strip():
        return _merge_text(md, text, body, today)
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return _merge_text(md, text, body, today)
    tm = extract_metadata(tree, default_url=url, date_config={
        "original_date": True, "extensive_search": True, "max_date": (today or _NO_LATEST).isoformat()})
    lds = _jsonld_objects(tree)
    arts = [o for o in lds if any(t in _ARTICLE_TYPES for t in _ld_type(o))]
    orgs = [o for o in lds if any(t in ("organization", "newsmediaorganization", "website") for t in _ld_type(o))]

    site_names = [x for x in [_meta(tree, "og:site_name", "application-name", "twitter:site"),
                              getattr(tm, "sitename", None)] if x]
    site_names += [o.get("name") for o in orgs if isinstance(o.get("name"), str)]
    for a in arts:
        pub = a.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            site_names.append(pub["name"])
    host = getattr(tm, "hostname", None) or (re.sub(r"^www\.", "", re.sub(r"^https?://", "", url).split("/")[0])
                                            if url else None)
    if host:
        labels = host.split(".")
        sld = labels[-2] if len(labels) >= 2 else labels[0]
        if sld in ("co", "com", "org", "net", "ac", "gov", "edu") and len(labels) >= 3:
            sld = labels[-3]
        site_names.append(host)
        site_names.append(sld)
    og_site = _meta(tree, "og:site_name")
    md.outlet = og_site.lstrip("@") if og_site else (getattr(tm, "sitename", None) or None)
    md.url = url or getattr(tm, "url", None)

    md.title = _html_title(tree, tm, arts, site_names)
    md.author = _html_author(tree, tm, arts, site_names, text, body, today)

    # Date: a dateline printed next to the headline (the outlet's own local date) beats the
    # markup; otherwise htmldate's original publication date, bounded by today.
    hd = None
    if tm.date:
        try:
            if _dt.date.fromisoformat(tm.date[:10]) <= (today or _NO_LATEST):
                hd = tm.date[:10]
        except ValueError:
            hd = None
    td = None
    if text.strip():
        try:
            td = _text_published(_lines(text, body), today, near_only=True)
        except Exception:
            td = None
    if td and not (len(td) == 4 and hd and hd.startswith(td)):
        md.published = td
    else:
        md.published = hd
    return _merge_text(md, text, body, today, with_author=False)


def _segments_clean(t: str) -> str:
    """Drop short section/site segments around ' | ' ("Opinion | X | Editorial" -> "X")."""
    parts = [p.strip() for p in re.split(r"\s+\|\s+", t)]
    if len(parts) < 2:
        return t
    main = max(range(len(parts)), key=lambda i: len(parts[i].split()))
    if len(parts[main].split()) < 4:
        return t
    lo, hi = main, main
    while hi + 1 < len(parts) and len(parts[hi + 1].split()) > 3:
        hi += 1
    while lo - 1 >= 0 and len(parts[lo - 1].split()) > 3:
        lo -= 1
    return " | ".join(parts[lo:hi + 1])


def _html_title(tree, tm, arts: list[dict], site_names: list[str]) -> Optional[str]:
    """The visible headline (<h1>) when there is a plausible one, else og:title / JSON-LD / <title>,
    with site and section decoration removed."""
    from rapidfuzz import fuzz

    raw_refs = [_meta(tree, "og:title", "twitter:title")]
    raw_refs += [a.get("headline") for a in arts if isinstance(a.get("headline"), str)]
    raw_refs += [getattr(tm, "title", None)]
    tnode = tree.xpath("//title")
    raw_refs += ["".join(tnode[0].itertext()) if tnode else None]
    refs = []
    for r in raw_refs:
        if r and r.strip():
            c = _segments_clean(_clean_html_title(r, site_names, None))
            if c and c not in refs:
                refs.append(c)
    ref = refs[0] if refs else None
    sites = {_squash(x) for x in site_names if x and _squash(x)}

    h1s = []
    for h in tree.xpath("//h1"):
        t = re.sub(r"\s+", " ", "".join(h.itertext())).strip()
        if not t or len(t) > 300 or len(t.split()) < 2:
            continue
        q = _squash(t)
        if not q or q in sites or any(s and s in q and len(q) <= len(s) + 12 for s in sites):
            continue
        h1s.append(t)

    def sim(h: str) -> float:
        return max((fuzz.token_set_ratio(h.casefold(), r.casefold()) for r in refs), default=0.0)

    best = None
    if h1s:
        scored = sorted(h1s, key=lambda h: -sim(h)) if refs else h1s
        cand = scored[0]
        sc = sim(cand) if refs else 100.0
        # A short h1 unrelated to the page title is a logo or section name, not the headline.
        if sc >= 50 or (len(cand.split()) >= 4 and not _RE_FURNITURE_START.match(cand)):
            best = _segments_clean(cand)
            # "Opinion What I'll ..." / "SNYDE | Headline": the page title without the prefix.
            if ref and _squash(ref) and _squash(best).endswith(_squash(ref)) and best != ref \
                    and len(best.split()) - len(ref.split()) <= 3:
                best = ref
    if not best:
        best = ref
    return best or None


def _html_author(tree, tm, arts, site_names, text, body, today) -> Optional[str]:
    raw: list[str] = []
    for a in arts:
        if "author" in a:
            raw = _ld_names(a["author"])
            if raw:
                break
    if not raw:
        v = _meta(tree, "author", "article:author", "byl", "dc.creator", "DC.creator", "sailthru.author",
                  "parsely-author")
        if v:
            raw = [v]
    structured: list[str] = []
    for r in raw:
        structured.extend(_split_author_field(r, site_names))
    if not structured and getattr(tm, "author", None):
        # trafilatura's own byline search: trusted for real names only.
        structured = _split_author_field(tm.author.replace(";", ","), site_names, persons_only=True)
    structured = list(dict.fromkeys(structured))
    visible = None
    if text and text.strip():
        try:
            visible = _text_author(_lines(text, body), today, bylines_only=True)
        except Exception:
            visible = None
    vis = [n.strip() for n in visible.split(",")] if visible else []
    if vis and structured:
        sset = {_squash(n) for n in structured}
        if all(_squash(n) in sset for n in vis):
            return ", ".join(vis)  # the visible byline (structured data often lists every contributor)
        return ", ".join(structured)
    if structured:
        return ", ".join(structured)
    if vis:
        return ", ".join(vis)
    # No byline anywhere: a signature line after the article, as in plain text.
    if text and text.strip():
        try:
            return _text_author(_lines(text, body), today, need_support=True)
        except Exception:
            return None
    return None
