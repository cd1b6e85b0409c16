"""Query parameters shared by the routes, and their parsing into library values.

Dates take the registry's forms (``2000``, ``2000-06``, ``2000-06-30``): as ``as_of`` and
``until`` a year or month means its last day, as ``since`` its first.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query

from twintowns.errors import InputError
from twintowns.model import FuzzyDate

DATE_PATTERN = (  # = twintowns.model.dates.DATE_PATTERN: year 0 and month 13+ are no dates
    r"^~?([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
)
ISO_PATTERN = r"^[A-Za-z]{2}$"

AsOf = Annotated[
    str | None,
    Query(
        description="Evaluate statuses on this day (YYYY, YYYY-MM or YYYY-MM-DD; a year means "
        "its last day). Default: today.",
        pattern=DATE_PATTERN,
        examples=["2000"],
    ),
]
Since = Annotated[
    str | None,
    Query(description="On or after this date (YYYY[-MM[-DD]]).", pattern=DATE_PATTERN),
]
Until = Annotated[
    str | None,
    Query(description="On or before this date (YYYY[-MM[-DD]]).", pattern=DATE_PATTERN),
]
Country = Annotated[
    str | None,
    Query(description="ISO 3166-1 alpha-2 country code (GB, RU...).", pattern=ISO_PATTERN),
]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]


def day(text: str | None, name: str, *, first: bool = False) -> dt.date | None:
    """Parse a date parameter (its first day with ``first``, else its last).

    Raises
    ------
    InputError
        If ``text`` is not a possible date; the message names the parameter.
    """
    if text is None:
        return None
    try:
        date = FuzzyDate.parse(text)
    except InputError as exc:
        raise InputError(f"query parameter {name!r}: {exc.message}") from exc
    return date.start if first else date.end


def country(text: str | None) -> str | None:
    """An ISO country code, upper-cased."""
    return text.upper() if text else None


def plain_text(text: str, name: str) -> str:
    """Reject control characters, which no name contains.

    Raises
    ------
    InputError
        If ``text`` holds one.
    """
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise InputError(f"parameter {name!r} contains control characters")
    return text
