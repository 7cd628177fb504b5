"""Date expressions resolved against the publication date, with their precision (extract/dates.py)."""
import pytest

from newsdossier.extract.dates import reference, resolve


def iso(expr, published=None, published_range=None, future=False):
    value = resolve(expr, reference(published, published_range), future=future)
    if value is None:
        return None
    d = value.iso()
    return (d["start"], d["end"], d["precision"])


@pytest.mark.parametrize("expr, published, expected", [
    # a weekday fixes the year: the latest year, at or before publication, where it fits
    ("Thursday, September 15", "2022-09-20", ("2022-09-15", "2022-09-15", "day")),
    ("Thursday, September 15", "2023-01-10", ("2022-09-15", "2022-09-15", "day")),
    ("Thursday, September 16", "2022-09-20", ("2021-09-16", "2021-09-16", "day")),
    ("on February 4", "2022-09-15", ("2022-02-04", "2022-02-04", "day")),
    ("September 7", "2022-09-15", ("2022-09-07", "2022-09-07", "day")),
    # up to a month ahead: an upcoming event of the same year
    ("on September 3rd", "2025-09-01", ("2025-09-03", "2025-09-03", "day")),
    ("in May", "2024-07-03", ("2024-05", "2024-05", "month")),
    ("in November", "2024-07-03", ("2023-11", "2023-11", "month")),
    ("earlier this month", "2022-09-15", ("2022-09", "2022-09", "month")),
    ("last month", "2024-01-10", ("2023-12", "2023-12", "month")),
    ("last year", "2024-07-03", ("2023", "2023", "year")),
    ("this week", "2024-07-03", ("2024-07-01", "2024-07-07", "day")),
    ("today", "2025-09-01", ("2025-09-01", "2025-09-01", "day")),
    ("yesterday", "2025-09-01", ("2025-08-31", "2025-08-31", "day")),
    ("three years ago", "2024-07-03", ("2021", "2021", "year")),
    ("in 2017", "2024-07-03", ("2017", "2017", "year")),
    ("Wednesday through Thursday", "2024-07-03", ("2024-07-03", "2024-07-04", "day")),
    ("September 1-7", "2022-09-20", ("2022-09-01", "2022-09-07", "day")),
    ("from June 24 to July 2", "2022-09-15", ("2022-06-24", "2022-07-02", "day")),
    ("Friday", "2024-07-03", ("2024-06-28", "2024-06-28", "day")),
])
def test_relative_expressions_resolve_against_the_publication_date(expr, published, expected):
    assert iso(expr, published) == expected


@pytest.mark.parametrize("expr, expected", [
    ("founded in 2001", None),  # only the date words are given to resolve; see the next ones
    ("2001", ("2001", "2001", "year")),
    ("September 1st, 2025", ("2025-09-01", "2025-09-01", "day")),
    ("February 2022", ("2022-02", "2022-02", "month")),
    ("back in March of 2023", ("2023-03", "2023-03", "month")),
    ("the 1990s", ("1990", "1999", "year")),
])
def test_absolute_dates_need_no_publication_date(expr, expected):
    assert iso(expr) == expected


def test_relative_expressions_without_a_reference_stay_unresolved():
    for expr in ("last year", "in May", "on February 4", "Thursday", "this week", "September 12"):
        assert iso(expr) is None, expr


def test_the_published_range_start_is_the_reference():
    assert iso("today", None, ("2025-09-01", "2025-09-15")) == ("2025-09-01", "2025-09-01", "day")


def test_a_weekday_no_nearby_year_fits_is_flagged():
    value = resolve("Monday, February 30", reference("2024-07-03"))
    assert value is None or value.weekday_mismatch
    value = resolve("Tuesday, July 3, 2024", reference("2024-07-10"))
    assert value.weekday_mismatch  # 2024-07-03 was a Wednesday: a signal, not noise


def test_looking_forward_takes_the_next_occurrence():
    assert iso("in February", "2024-07-03", future=True) == ("2025-02", "2025-02", "month")
    assert iso("on September 1", "2022-09-15", future=True) == ("2022-09-01", "2022-09-01", "day")


def test_words_that_are_not_dates():
    for expr in ("annual", "as many months", "may", ""):
        assert iso(expr, "2024-07-03") is None, expr
