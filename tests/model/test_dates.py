"""FuzzyDate parsing, intervals and text forms."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twintowns.errors import DateError
from twintowns.model import FuzzyDate, Precision, parse_day


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("1944", Precision.YEAR, dt.date(1944, 1, 1), dt.date(1944, 12, 31)),
        ("2022-02", Precision.MONTH, dt.date(2022, 2, 1), dt.date(2022, 2, 28)),
        ("2024-02", Precision.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2022-02-22", Precision.DAY, dt.date(2022, 2, 22), dt.date(2022, 2, 22)),
        ("836", Precision.YEAR, dt.date(836, 1, 1), dt.date(836, 12, 31)),
    ],
)
def test_parse_gives_interval(
    text: str, precision: Precision, start: dt.date, end: dt.date
) -> None:
    date = FuzzyDate.parse(text)
    assert date.precision is precision
    assert (date.start, date.end) == (start, end)


@pytest.mark.parametrize("text", ["~1905", "c. 1905", "circa 1905"])
def test_circa_forms(text: str) -> None:
    date = FuzzyDate.parse(text)
    assert date.circa
    assert date.isoformat() == "~1905"
    assert date.human() == "c. 1905"


@pytest.mark.parametrize("text", ["", "2022-13", "2022-02-30", "1944-1", "yesterday", "0", "12345"])
def test_bad_dates_are_rejected(text: str) -> None:
    with pytest.raises(DateError):
        FuzzyDate.parse(text)


def test_human_forms() -> None:
    assert FuzzyDate.parse("2022-02-22").human() == "22 February 2022"
    assert FuzzyDate.parse("2022-02").human() == "February 2022"


def test_parse_day_takes_the_last_day_of_coarse_dates() -> None:
    assert parse_day("2021") == dt.date(2021, 12, 31)
    assert parse_day("2022-02") == dt.date(2022, 2, 28)


def test_before_relations_for_straddling_day() -> None:
    year = FuzzyDate(2022)
    inside = dt.date(2022, 6, 1)
    assert year.possibly_before(inside)
    assert not year.certainly_before(inside)
    assert year.certainly_before(dt.date(2023, 1, 1))
    assert not year.possibly_before(dt.date(2021, 12, 31))


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), st.booleans())
def test_text_form_round_trips(day: dt.date, circa: bool) -> None:
    for date in (
        FuzzyDate(day.year, circa=circa),
        FuzzyDate(day.year, day.month, circa=circa),
        FuzzyDate(day.year, day.month, day.day, circa=circa),
    ):
        assert FuzzyDate.parse(date.isoformat()) == date
        assert date.start <= day or date.precision is not Precision.DAY
        assert date.start <= date.end
