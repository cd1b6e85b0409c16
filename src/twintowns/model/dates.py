"""Dates with precision: the "1944", "February 2022" and "c. 1905" of twinning history.

A :class:`FuzzyDate` is a calendar interval (a year, a month or a day) plus a *circa* flag.
Its text form, used in data files, the database and JSON, is ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``, prefixed with ``~`` for circa (``~1905``).  Years run from 1 to 9999: the
registry's events are all Common Era (Paderborn-Le Mans, 836, is the oldest).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from twintowns.errors import DateError

DATE_PATTERN = (
    r"^~?([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
)
"""The text form ``[~]YYYY[-MM[-DD]]`` as a schema pattern (the API's query parameters): years
0001-9999, months 01-12, days 01-31, no lookarounds (JSON Schema and Rust regex engines take it).
Whether the day exists in its month (``2021-02-30``) is :meth:`FuzzyDate.parse`'s check."""

_PATTERN = re.compile(
    r"^(?P<circa>~|c\.\s*|circa\s+)?(?P<y>\d{1,4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$"
)


class Precision(StrEnum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True, order=False)
class FuzzyDate:
    """A date known to a year, a month or a day, possibly only approximately.

    Attributes
    ----------
    year, month, day:
        The known parts; ``month``/``day`` are ``None`` below that precision.
    circa:
        The date is approximate ("about 1905").
    """

    year: int
    month: int | None = None
    day: int | None = None
    circa: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is outside 1..9999")
        if self.month is None and self.day is not None:
            raise DateError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is not 1..12")
        if self.day is not None and self.month is not None:
            last = _last_day(self.year, self.month)
            if not 1 <= self.day <= last:
                raise DateError(f"{self.year:04d}-{self.month:02d} has no day {self.day}")

    @property
    def precision(self) -> Precision:
        """The finest known part."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def start(self) -> dt.date:
        """First day the date may denote."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """Last day the date may denote."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, _last_day(self.year, month))

    def certainly_before(self, when: dt.date) -> bool:
        """True when every day this date may denote is on or before ``when``."""
        return self.end <= when

    def possibly_before(self, when: dt.date) -> bool:
        """True when some day this date may denote is on or before ``when``."""
        return self.start <= when

    def isoformat(self) -> str:
        """Text form: ``[~]YYYY[-MM[-DD]]``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return ("~" if self.circa else "") + text

    def human(self) -> str:
        """Readable form: ``22 February 2022``, ``February 2022``, ``c. 1905``."""
        if self.day is not None and self.month is not None:
            text = f"{self.day} {calendar.month_name[self.month]} {self.year}"
        elif self.month is not None:
            text = f"{calendar.month_name[self.month]} {self.year}"
        else:
            text = str(self.year)
        return ("c. " if self.circa else "") + text

    def __str__(self) -> str:
        return self.isoformat()

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse ``[~|c.|circa ]YYYY[-MM[-DD]]``.

        Raises
        ------
        DateError
            If ``text`` is not such a date or names an impossible day.
        """
        match = _PATTERN.match(text.strip())
        if match is None:
            raise DateError(f"{text!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        month, day = match["m"], match["d"]
        return cls(
            year=int(match["y"]),
            month=int(month) if month else None,
            day=int(day) if day else None,
            circa=match["circa"] is not None,
        )

    @classmethod
    def of(cls, day: dt.date) -> FuzzyDate:
        """The day-precision date of a :class:`datetime.date`."""
        return cls(day.year, day.month, day.day)


def parse_day(text: str) -> dt.date:
    """Parse an "as of" style argument: a full day, or a year/month meaning its last day.

    ``2021`` means 31 December 2021 (the state at the end of that year).

    Raises
    ------
    DateError
        If ``text`` is not a date.
    """
    return FuzzyDate.parse(text).end


@functools.lru_cache(maxsize=8192)
def _last_day(year: int, month: int) -> int:
    # calendar.monthrange also works out the weekday; status and export code ask this for
    # every dated event of every twinning, so once per month is enough
    return calendar.monthrange(year, month)[1]
