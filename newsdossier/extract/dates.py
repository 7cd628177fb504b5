"""Date expressions resolved against a document's publication date, keeping their precision.

Pure functions. `resolve("Thursday, September 15", date(2022, 9, 20))` → 2022-09-15 (day): the
year in which that weekday fits, at or before the reference. Handled: full and partial dates
("September 1st, 2025", "on February 4", "February 2022", "March of 2023", "in May"), weekdays
("Thursday", "Wednesday through Thursday"), years alone ("in 2017"), relative expressions
("today", "yesterday", "this week", "last week", "earlier this month", "last month", "last year",
"next year", "three years ago"), and ranges ("September 1-7", "from X to Y", "X through Y").
Anything else is handed to dateparser (relative to the reference) as a last resort.

A date without a year is put at or before the reference, unless it falls at most a month after it
(an upcoming event: "a parade on September 3rd" in an article of September 1st) or the caller
says the mention looks forward (`future=True`).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Optional

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower()[:3]: i for i, name in enumerate(calendar.day_name)})
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "a": 1, "an": 1, "several": None, "few": None}
PRECISIONS = ("day", "month", "year")
# the earliest year a stated date is taken as a news date (older ones are history, or misreadings)
EARLIEST_YEAR = 1990

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"


@dataclass(frozen=True)
class DateValue:
    start: date
    end: date
    precision: str  # day, month or year
    weekday_mismatch: bool = False  # a stated weekday that no nearby year fits: a signal, not noise

    def iso(self) -> dict:
        """The export shape: {start, end, precision}, ISO as precise as known."""
        return {"start": _iso(self.start, self.precision), "end": _iso(self.end, self.precision),
                "precision": self.precision}

    def contains(self, other: "DateValue") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "DateValue") -> bool:
        return self.start <= other.end and other.start <= self.end


def _iso(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def day(d: date) -> DateValue:
    return DateValue(d, d, "day")


def month(year: int, m: int) -> DateValue:
    return DateValue(date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1]), "month")


def year(y: int) -> DateValue:
    return DateValue(date(y, 1, 1), date(y, 12, 31), "year")


def span(a: DateValue, b: DateValue) -> DateValue:
    """The range from a to b, at the coarser of their precisions."""
    precision = max(a.precision, b.precision, key=PRECISIONS.index)
    return DateValue(min(a.start, b.start), max(a.end, b.end), precision)


def from_record(record: Optional[dict]) -> Optional[DateValue]:
    """An exported/stored date {start, end, precision} → DateValue (None when absent or unreadable)."""
    if not record:
        return None
    start, end = parse_iso(record.get("start")), parse_iso(record.get("end"))
    if start is None or end is None:
        return None
    return DateValue(start.start, end.end, record["precision"])


def parse_iso(value: Optional[str]) -> Optional[DateValue]:
    """'2024-07-03' / '2024-07' / '2024' (as stored for publication dates) → DateValue."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        if d:
            return day(date(int(y), int(mo), int(d)))
        if mo:
            return month(int(y), int(mo))
        return year(int(y))
    except ValueError:
        return None


def reference(published: Optional[str], published_range=None) -> Optional[DateValue]:
    """The date relative expressions are resolved against: the publication date, else the start of
    the published range (a document is never older than the dated content it reports)."""
    ref = parse_iso(published)
    if ref is None and published_range:
        ref = parse_iso(published_range[0])
    return ref


def _safe_day(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _place_year(m: int, d: Optional[int], ref: date, future: bool) -> int:
    """The year for a month (and day) stated without one: at or before the reference, unless at
    most a month ahead of it (or the mention looks forward)."""
    probe = _safe_day(ref.year, m, d or 1) or date(ref.year, m, 28)
    if future:
        # looking forward, but a date up to two months back is still this year's (a statement's date)
        end = probe if d else date(ref.year, m, calendar.monthrange(ref.year, m)[1])
        return ref.year if end >= ref - timedelta(days=62) else ref.year + 1
    if d is None:
        return ref.year if m <= ref.month + (1 if ref.day > 20 else 0) else ref.year - 1
    if probe <= ref + timedelta(days=31):
        return ref.year
    return ref.year - 1


def _weekday_year(m: int, d: int, weekday: int, ref: date) -> Optional[int]:
    """The latest year at or before the reference's (plus a week) in which m/d falls on weekday."""
    for y in years_on_weekday(m, d, weekday, range(ref.year, ref.year - 12, -1)):
        if date(y, m, d) <= ref + timedelta(days=7):
            return y
    return next(iter(years_on_weekday(m, d, weekday, [ref.year + 1])), None)


def _nearest_weekday(weekday: int, ref: date, future: bool) -> date:
    if future:
        return ref + timedelta(days=(weekday - ref.weekday()) % 7)
    return ref - timedelta(days=(ref.weekday() - weekday) % 7)


_RE_FULL = re.compile(rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?$", re.I)
_RE_FULL_DM = re.compile(rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?$", re.I)
_RE_MONTH_YEAR = re.compile(rf"^{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?$", re.I)
_RE_YEAR = re.compile(rf"^(?:the\s+year\s+)?{_YEAR}$", re.I)
_RE_WEEKDAY = re.compile(rf"^(?:(?P<rel>last|this|next|on)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?$", re.I)
_RE_DECADE = re.compile(r"^(?:the\s+)?((?:1[89]|20)\d0)'?s$", re.I)
_RE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RE_AGO = re.compile(r"^(?P<n>\d+|\w+)\s+(?P<unit>day|week|month|year)s?\s+ago$", re.I)
_RE_RANGE = re.compile(r"^(?P<a>.+?)\s*(?:\bthrough\b|\bthru\b|\bto\b|\buntil\b|\btill\b|\band\b|–|—|-)\s*(?P<b>.+)$", re.I)
_LEAD = re.compile(r"^(?:(?:on|in|at|since|from|by|during|between|as\s+of|of|back\s+in|back|around|about|until|"
                   r"till|through|early|late|mid|earlier|later)\b[\s-]*)+", re.I)
_TRAIL = re.compile(r"[\s,.;:)]+$")


def _clean(expr: str) -> str:
    expr = " ".join(expr.replace("’", "'").split()).strip(" ,.;:()")
    return expr


@lru_cache(maxsize=1 << 16)  # a pure function, and fusion asks it again for every reprint of a text
def resolve(expr: str, ref: Optional[DateValue] = None, future: bool = False) -> Optional[DateValue]:
    """The date an expression names, relative to `ref` (the document's reference date), or None."""
    try:
        return _resolve(expr, ref, future)
    except (ValueError, OverflowError):
        # a date outside the calendar's years 1..9999 ("10000 years ago", "99999999999 weeks ago",
        # "next year" against a reference in 9999) raised out of the date arithmetic: it names no date
        return None


def _resolve(expr: str, ref: Optional[DateValue], future: bool) -> Optional[DateValue]:
    text = _clean(expr)
    if not text:
        return None
    found = _resolve_relative(text.lower(), ref, future)
    if found is not None:
        return found
    bare = _TRAIL.sub("", _LEAD.sub("", text)).strip()
    if not bare or bare in ("may", "march", "sat", "sun", "wed"):
        return None  # lower-case: a verb or a word, not a month or a day
    found = _resolve_simple(bare, ref, future)
    if found is not None:
        return found
    found = _resolve_range(bare, ref, future)
    if found is not None:
        return found
    return _dateparser(bare, ref, future)


def _resolve_relative(low: str, ref: Optional[DateValue], future: bool) -> Optional[DateValue]:
    if ref is None:
        return None
    r = ref.start
    low = re.sub(r"^(?:earlier|later|early|late|so\s+far|since|back|in|on|at|during|over|from)\s+", "", low)
    low = re.sub(r"^(?:earlier|later|early|late)\s+", "", low)
    if ref.precision == "day":
        if low in ("today", "tonight", "this morning", "this afternoon", "this evening", "now"):
            return day(r)
        if low in ("yesterday", "last night"):
            return day(r - timedelta(days=1))
        if low == "tomorrow":
            return day(r + timedelta(days=1))
        if low in ("this week", "the week", "the past week", "the past few days", "recent days", "the last few days"):
            monday = r - timedelta(days=r.weekday())
            return DateValue(monday, monday + timedelta(days=6), "day")
        if low in ("last week", "the previous week"):
            monday = r - timedelta(days=r.weekday() + 7)
            return DateValue(monday, monday + timedelta(days=6), "day")
        if low == "next week":
            monday = r - timedelta(days=r.weekday() - 7)
            return DateValue(monday, monday + timedelta(days=6), "day")
    if ref.precision in ("day", "month"):
        if low in ("this month", "the month", "the current month"):
            return month(r.year, r.month)
        if low in ("last month", "the previous month", "the past month"):
            prev = r.replace(day=1) - timedelta(days=1)
            return month(prev.year, prev.month)
        if low == "next month":
            nxt = r.replace(day=28) + timedelta(days=7)
            return month(nxt.year, nxt.month)
    if low in ("this year", "the year", "the current year"):
        return year(r.year)
    if low in ("last year", "the previous year", "the past year"):
        return year(r.year - 1)
    if low == "next year":
        return year(r.year + 1)
    m = _RE_AGO.match(low)
    if m:
        n = int(m.group("n")) if m.group("n").isdigit() else NUMBERS.get(m.group("n"))
        if not n:
            return None
        unit = m.group("unit")
        if unit == "year":
            return year(r.year - n)
        if unit == "month" and ref.precision != "year":
            back = date(r.year - (n - r.month + 12) // 12 if n >= r.month else r.year, (r.month - n - 1) % 12 + 1, 1)
            return month(back.year, back.month)
        if ref.precision == "day":
            return day(r - timedelta(days=n * (7 if unit == "week" else 1))) if unit != "month" else None
    return None


def _resolve_simple(text: str, ref: Optional[DateValue], future: bool) -> Optional[DateValue]:
    m = _RE_ISO.match(text)
    if m:
        d = _safe_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return day(d) if d else None
    m = _RE_YEAR.match(text)
    if m:
        return year(int(m.group("year")))
    m = _RE_DECADE.match(text)
    if m:
        first = int(m.group(1))
        return DateValue(date(first, 1, 1), date(first + 9, 12, 31), "year")
    for pattern in (_RE_FULL, _RE_FULL_DM):
        m = pattern.match(text)
        if m:
            mo, d = MONTHS[m.group("month").lower()], int(m.group("day"))
            if not 1 <= d <= 31:
                return None
            weekday = WEEKDAYS.get((m.group("weekday") or "").lower())
            if m.group("year"):
                found = _safe_day(int(m.group("year")), mo, d)
                if found is None:
                    return None
                return DateValue(found, found, "day", weekday is not None and found.weekday() != weekday)
            if ref is None:
                return None
            mismatch = False
            y = None
            if weekday is not None:
                y = _weekday_year(mo, d, weekday, ref.start)
                mismatch = y is None
            if y is None:
                y = _place_year(mo, d, ref.start, future)
            found = _safe_day(y, mo, d)
            return DateValue(found, found, "day", mismatch) if found else None
    m = _RE_MONTH_YEAR.match(text)
    if m:
        mo = MONTHS[m.group("month").lower()]
        if m.group("year"):
            return month(int(m.group("year")), mo)
        if ref is None or m.group("month").lower() in ("may", "march") and text[0].islower():
            return None  # "may", "march" in lower case are a verb, not a month
        return month(_place_year(mo, None, ref.start, future), mo)
    m = _RE_WEEKDAY.match(text)
    if m and ref is not None and ref.precision == "day":
        rel = (m.group("rel") or "").lower()
        weekday = WEEKDAYS[m.group("weekday").lower()]
        r = ref.start
        if rel == "last":
            return day(r - timedelta(days=(r.weekday() - weekday) % 7 or 7))
        if rel == "next":
            return day(r + timedelta(days=(weekday - r.weekday()) % 7 or 7))
        return day(_nearest_weekday(weekday, r, future))
    return None


def _resolve_range(text: str, ref: Optional[DateValue], future: bool) -> Optional[DateValue]:
    m = _RE_RANGE.match(text)
    if not m:
        return None
    a_text, b_text = m.group("a").strip(), _LEAD.sub("", m.group("b").strip())
    # weekday ranges ("Wednesday through Thursday"): the week around the reference
    wa, wb = WEEKDAYS.get(a_text.lower().rstrip(".")), WEEKDAYS.get(b_text.lower().rstrip("."))
    if wa is not None and wb is not None:
        if ref is None or ref.precision != "day":
            return None
        r = ref.start
        offset = (wa - r.weekday()) % 7
        start = r + timedelta(days=offset if offset <= 3 else offset - 7)
        end = start + timedelta(days=(wb - wa) % 7)
        return DateValue(start, end, "day")
    a = _resolve_simple(a_text, ref, future)
    if a is None:
        return None
    b = _resolve_simple(b_text, ref, future)
    if b is None and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?(?:,?\s+" + _YEAR + ")?", b_text, re.I) and a.precision == "day":
        # "September 1-7" / "September 1 to 7, 2022": the second side inherits the month (and year)
        mm = re.match(r"(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", b_text)
        y = int(mm.group(2)) if mm.group(2) else a.start.year
        end = _safe_day(y, a.start.month, int(mm.group(1)))
        if end is None:
            return None
        start = a.start.replace(year=y) if mm.group(2) else a.start
        b = day(end)
        a = DateValue(start, start, "day", a.weekday_mismatch)
    if b is None:
        return None
    if b.start < a.start and a.precision == "day" and b.precision == "day":
        b = DateValue(b.start.replace(year=a.start.year + 1), b.end.replace(year=a.start.year + 1), "day")
    return span(a, b)


def _parse_with_dateparser(text: str, settings: dict) -> Optional[datetime]:
    """dateparser's reading of `text` in English, or None (not installed, nothing read, or it raised)."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover
        return None
    try:
        return dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:
        return None


def _dateparser(text: str, ref: Optional[DateValue], future: bool) -> Optional[DateValue]:
    """dateparser for what the rules above do not know; precision from the parts it found."""
    if not re.search(r"\d|" + _MONTH, text, re.I):
        return None
    if ref is None and not re.search(_YEAR, text):
        return None  # without a reference only a stated year can anchor the date
    settings = {"PREFER_DATES_FROM": "future" if future else "past", "RETURN_TIME_AS_PERIOD": False,
                "REQUIRE_PARTS": ["year"] if ref is None else [], "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False}
    if ref is not None:
        settings["RELATIVE_BASE"] = datetime(ref.start.year, ref.start.month, ref.start.day)
    parsed = _parse_with_dateparser(text, settings)
    if parsed is None:
        return None
    has_day = bool(re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", re.sub(_YEAR, "", text)))
    has_month = bool(re.search(_MONTH, text, re.I))
    if has_day and has_month:
        return day(parsed.date())
    if has_month:
        return month(parsed.year, parsed.month)
    if re.search(_YEAR, text):
        return year(parsed.year)
    return None


# ---- dates stated in running text (datelines, bylines, a body's dated content) ------------------
# `resolve` reads one date expression; these find the fully stated dates inside a line of text, as
# page metadata needs them (clean/metadata.py), with the same month and weekday tables.
_TEXT_MON = (r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
             r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_TEXT_WD = r"(?P<wd>Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_ORD = r"(?:st|nd|rd|th)?"
_TEXT_MDY = re.compile(rf"(?:\b{_TEXT_WD},?\s+)?\b{_TEXT_MON}\s+(?P<day>\d{{1,2}}){_ORD}(?:,\s*|\s+)(?P<year>\d{{4}})\b",
                       re.I)
_TEXT_DMY = re.compile(rf"(?:\b{_TEXT_WD},?\s+)?\b(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_TEXT_MON},?\s+(?P<year>\d{{4}})\b",
                       re.I)
_TEXT_NUM = re.compile(rf"(?:\b{_TEXT_WD},?\s+)?(?<![\d/.\-])(?P<a>\d{{1,2}})(?P<sep>[/.\-])(?P<b>\d{{1,2}})(?P=sep)"
                       rf"(?P<year>\d{{4}})(?![\d/.\-]\d)", re.I)
_TEXT_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?!\d)")
# A weekday with a month-day and no year ("On Thursday, September 15", "Thursday (Sept. 15)").
_TEXT_WD_MD = re.compile(rf"\b{_TEXT_WD},?\s+\(?(?:{_TEXT_MON}\s+(?P<day>\d{{1,2}}){_ORD}|(?P<day2>\d{{1,2}}){_ORD}\s+"
                         rf"(?:of\s+)?(?P<mon2>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|"
                         rf"July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?)"
                         rf"\)?(?!\d|,?\s*\d{{4}})", re.I)


def _weekday_number(token: Optional[str]) -> Optional[int]:
    return WEEKDAYS.get(token[:3].lower()) if token else None


def _month_number(token: Optional[str]) -> Optional[int]:
    return MONTHS.get(token.lower().rstrip(".")) if token else None


def _capitalised(token: Optional[str]) -> bool:
    # "may" the verb, "sun" the star: month and day names are capitalised in English prose
    return bool(token) and token[0].isupper()


@dataclass(frozen=True)
class StatedDate:
    """A fully stated date found in a string: `iso` is YYYY-MM-DD, or YYYY alone when the order of
    an all-numeric day and month cannot be told (then `date` is None)."""

    start: int
    end: int
    iso: str
    date: Optional[date]


def find_full_dates(s: str) -> list[StatedDate]:
    """Every fully stated date (with a year) in `s`, earliest position first, no overlaps."""
    out: list[StatedDate] = []
    for rx in (_TEXT_MDY, _TEXT_DMY):
        for m in rx.finditer(s):
            if not _capitalised(m.group("mon")):
                continue
            d = _safe_day(int(m.group("year")), _month_number(m.group("mon")) or 0, int(m.group("day")))
            if d is not None:
                out.append(StatedDate(m.start(), m.end(), d.isoformat(), d))
    for m in _TEXT_ISO.finditer(s):
        d = _safe_day(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        if d is not None:
            out.append(StatedDate(m.start(), m.end(), d.isoformat(), d))
    for m in _TEXT_NUM.finditer(s):
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        weekday = _weekday_number(m.group("wd"))
        candidates = [d for d in (_safe_day(y, a, b), _safe_day(y, b, a)) if d is not None]
        if weekday is not None:
            candidates = [d for d in candidates if d.weekday() == weekday]
        candidates = list(dict.fromkeys(candidates))
        if len(candidates) == 1:
            out.append(StatedDate(m.start(), m.end(), candidates[0].isoformat(), candidates[0]))
        elif len(candidates) == 2 and EARLIEST_YEAR <= y <= 2100:
            out.append(StatedDate(m.start(), m.end(), f"{y:04d}", None))  # day/month order unknown
    out.sort(key=lambda f: (f.start, -f.end))
    kept: list[StatedDate] = []
    for f in out:
        if not kept or f.start >= kept[-1].end:
            kept.append(f)
    return kept


def find_weekday_month_days(s: str) -> list[tuple[int, int, int, int]]:
    """(position, month, day, weekday) of each weekday stated with a month-day and no year."""
    out = []
    for m in _TEXT_WD_MD.finditer(s):
        mon_token = m.group("mon") or m.group("mon2")
        day_token = m.group("day") or m.group("day2")
        if not (_capitalised(mon_token) and day_token and _capitalised(m.group("wd"))):
            continue
        weekday, mon = _weekday_number(m.group("wd")), _month_number(mon_token)
        if weekday is not None and mon is not None:
            out.append((m.start(), mon, int(day_token), weekday))
    return out


def years_on_weekday(m: int, d: int, weekday: int, years) -> list[int]:
    """The years, of those given, in which month m, day d falls on `weekday` (0 = Monday)."""
    return [y for y in years if (probe := _safe_day(y, m, d)) is not None and probe.weekday() == weekday]


def parse_stated_date(s: str, latest: Optional[date]) -> Optional[date]:
    """A whole date (day, month and year all written) that dateparser reads at the start of `s`
    ("Sept. 16th, 2022 at 9:00"), from EARLIEST_YEAR on and not after `latest` when one is given."""
    s = s.strip()[:80]
    if not s:
        return None
    settings = {"PREFER_DATES_FROM": "past", "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    if latest is not None:
        settings["RELATIVE_BASE"] = datetime(latest.year, latest.month, latest.day, 23, 59)
    parsed = _parse_with_dateparser(s, settings)
    if parsed is None:
        return None
    found = parsed.date()
    if found.year < EARLIEST_YEAR or (latest is not None and found > latest):
        return None
    return found
