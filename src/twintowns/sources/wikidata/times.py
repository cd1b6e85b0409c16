"""Wikibase time values and what the registry can keep of them.

A Wikibase time is a signed, zero-padded year with month and day (``+1953-00-00T00:00:00Z``),
a precision from 0 (a billion years) to 14 (a second) and a calendar model.  The registry's
:class:`~twintowns.model.FuzzyDate` knows years 1..9999 at year, month or day precision, so
:meth:`TimeValue.to_fuzzy` keeps what fits and explains the rest in a note: coarser
precisions, years BCE (Wikibase has no year 0: ``-0044`` is 44 BCE) and dates written in the
Julian calendar, which are kept as written rather than converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from twintowns.errors import DateError
from twintowns.model import FuzzyDate

__all__ = ["GREGORIAN", "JULIAN", "PRECISION_NAMES", "TimeValue"]

GREGORIAN = "Q1985727"
JULIAN = "Q1985786"

PRECISION_NAMES = (
    "billion years",
    "hundred million years",
    "ten million years",
    "million years",
    "hundred thousand years",
    "ten thousand years",
    "millennium",
    "century",
    "decade",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
)

_TIME = re.compile(r"^([+-])(\d+)-(\d\d)-(\d\d)T\d\d:\d\d:\d\dZ$")
_YEAR, _MONTH, _DAY = 9, 10, 11


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A Wikibase time datavalue as written in the dump.

    Attributes
    ----------
    raw:
        The ``time`` string (``+1953-00-00T00:00:00Z``).
    precision:
        0 (billion years) .. 14 (second); 9 is a year, 10 a month, 11 a day.
    calendar:
        The calendar model's item id: ``Q1985727`` (Gregorian) or ``Q1985786`` (Julian).
    """

    raw: str
    precision: int
    calendar: str = GREGORIAN

    def __str__(self) -> str:
        return f"{self.raw}/{self.precision}" + ("" if self.calendar == GREGORIAN else " Julian")

    @property
    def precision_name(self) -> str:
        """``year``, ``month``, ``day``, ``century``... (``precision N`` when out of range)."""
        if 0 <= self.precision < len(PRECISION_NAMES):
            return PRECISION_NAMES[self.precision]
        return f"precision {self.precision}"

    def to_fuzzy(self) -> tuple[FuzzyDate | None, str]:
        """The registry date this value denotes, and a note on what could not be kept.

        Returns
        -------
        tuple
            ``(date, note)``: ``date`` is ``None`` when nothing fits a :class:`FuzzyDate`
            (precision coarser than a year, a year BCE or beyond 9999, an unreadable value);
            ``note`` is empty when the value was kept whole.
        """
        match = _TIME.match(self.raw)
        if match is None:
            return None, f"unreadable time {self.raw!r}"
        sign, year_text, month_text, day_text = match.groups()
        year = int(year_text)
        if sign == "-":
            era = f"{year} BCE" if year else "year 0, which Wikibase does not have"
            return None, f"{self.raw} is {era}: not kept as a date"
        if self.precision < _YEAR:
            return None, f"{self.raw} is known only to the {self.precision_name}"
        if not 1 <= year <= 9999:
            return None, f"year {year} is outside 1..9999"
        date, note = _fuzzy(year, int(month_text), int(day_text), min(self.precision, _DAY))
        if self.calendar == JULIAN and date is not None:
            note = _join(note, "Julian calendar date, kept as written (not converted)")
        elif self.calendar not in (GREGORIAN, JULIAN):
            note = _join(note, f"calendar model {self.calendar}, kept as written")
        return date, note


def _fuzzy(year: int, month: int, day: int, precision: int) -> tuple[FuzzyDate | None, str]:
    """Cut a date to its precision, degrading a missing or impossible month or day."""
    if precision == _YEAR or month == 0:
        note = "" if precision == _YEAR else "month missing: kept the year"
        return FuzzyDate(year), note
    if precision == _MONTH or day == 0:
        note = "" if precision == _MONTH else "day missing: kept the month"
        try:
            return FuzzyDate(year, month), note
        except DateError as exc:
            return FuzzyDate(year), f"{exc.message}: kept the year"
    try:
        return FuzzyDate(year, month, day), ""
    except DateError as exc:
        return FuzzyDate(year), f"{exc.message}: kept the year"


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second
