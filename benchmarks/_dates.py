"""ISO dates as intervals, for scoring: the benchmarks' own reading of 'YYYY', 'YYYY-MM' and
'YYYY-MM-DD', so that a date is never judged by the code under test (newsdossier.extract.dates)."""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import NamedTuple, Optional

PRECISIONS = ("day", "month", "year")  # finest first


class Interval(NamedTuple):
    start: date
    end: date
    precision: str

    def contains(self, other: "Interval") -> bool:
        return self.start <= other.start and other.end <= self.end


def interval(value: Optional[str]) -> Optional[Interval]:
    """'2024-07-03' / '2024-07' / '2024' (a prefix of a longer ISO string is enough) → Interval."""
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", (value or "").strip())
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            day = date(y, int(mo), int(d))
            return Interval(day, day, "day")
        if mo:
            return Interval(date(y, int(mo), 1), date(y, int(mo), calendar.monthrange(y, int(mo))[1]), "month")
        return Interval(date(y, 1, 1), date(y, 12, 31), "year")
    except ValueError:
        return None


def gold_interval(value: str) -> Interval:
    """A gold date 'A' or range 'A/B': from the start of A to the end of B, at A's precision."""
    parts = value.split("/")
    a, b = interval(parts[0]), interval(parts[-1])
    return Interval(a.start, b.end, a.precision)


def record_interval(record: Optional[dict]) -> Optional[Interval]:
    """An exported date {start, end, precision} → Interval (None when absent or unreadable)."""
    if not record:
        return None
    a, b = interval(record.get("start")), interval(record.get("end"))
    if a is None or b is None or record.get("precision") not in PRECISIONS:
        return None
    return Interval(a.start, b.end, record["precision"])
