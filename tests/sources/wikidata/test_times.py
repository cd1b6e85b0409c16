"""Wikibase time values: what fits a FuzzyDate is kept, the rest is explained."""

from __future__ import annotations

import pytest

from twintowns.model import FuzzyDate
from twintowns.sources.wikidata.times import JULIAN, TimeValue


@pytest.mark.parametrize(
    ("raw", "precision", "expected"),
    [
        ("+1953-00-00T00:00:00Z", 9, FuzzyDate(1953)),  # Bielefeld's year precision
        ("+1974-01-01T00:00:00Z", 9, FuzzyDate(1974)),  # Q42's year written as 1 January
        ("+1991-08-00T00:00:00Z", 10, FuzzyDate(1991, 8)),
        ("+1967-06-27T00:00:00Z", 11, FuzzyDate(1967, 6, 27)),
        ("+1967-06-27T12:30:00Z", 14, FuzzyDate(1967, 6, 27)),
        ("+1967-06-00T00:00:00Z", 11, FuzzyDate(1967, 6)),  # day missing: the month is kept
        ("+1967-02-30T00:00:00Z", 11, FuzzyDate(1967)),
    ],
)
def test_kept_dates(raw: str, precision: int, expected: FuzzyDate) -> None:
    date, _ = TimeValue(raw, precision).to_fuzzy()
    assert date == expected


@pytest.mark.parametrize(
    ("raw", "precision", "note"),
    [
        ("-13798000000-00-00T00:00:00Z", 3, "13798000000 BCE"),  # Q1, the universe
        ("-0044-03-15T00:00:00Z", 11, "44 BCE"),
        ("-0000-00-00T00:00:00Z", 9, "year 0"),
        ("+1900-00-00T00:00:00Z", 7, "century"),
        ("+1950-00-00T00:00:00Z", 8, "decade"),
        ("+12000-00-00T00:00:00Z", 9, "outside 1..9999"),
        ("1953", 9, "unreadable"),
    ],
)
def test_dropped_dates_have_a_note(raw: str, precision: int, note: str) -> None:
    date, text = TimeValue(raw, precision).to_fuzzy()
    assert date is None
    assert note in text


def test_julian_dates_are_kept_as_written_with_a_note() -> None:
    date, note = TimeValue("+1650-05-01T00:00:00Z", 11, JULIAN).to_fuzzy()
    assert date == FuzzyDate(1650, 5, 1)
    assert "Julian" in note
    assert str(TimeValue("+1650-05-01T00:00:00Z", 11, JULIAN)).endswith("Julian")
