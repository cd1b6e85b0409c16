"""What the municipal partnership registers share: a start year that becomes a dated signing.

The German (2015) and Czech (2013) registers give each link the year it began.  This module
owns reading that year -- a placeholder or an unknown marker means *no date*, a value outside
the registers' plausible range is a malformed field reported with its file and line -- and the
signing event a year becomes (year precision, citing the row).
"""

from __future__ import annotations

from collections.abc import Collection

from twintowns.model import Citation, Event, EventType, FuzzyDate, RowProblem
from twintowns.sources.base import OnProblem
from twintowns.sources.tabular import Row

__all__ = ["FIRST_YEAR", "signing", "start_year"]

FIRST_YEAR = 1900
"""No municipal partnership of either register is older (their earliest: Rottweil-Brugg,
1913); a smaller number is a typing error (the Czech register's 1238), not a year."""


def start_year(
    text: str,
    row: Row,
    on_problem: OnProblem,
    *,
    unknown: Collection[str],
    last_year: int,
) -> int | None:
    """The start year a register row gives, or None when it gives none.

    Parameters
    ----------
    text:
        The field as written.
    row:
        The row, for the problem's file and line.
    on_problem:
        Receives a malformed value (not a whole number, or outside ``FIRST_YEAR..last_year``);
        the row's link is still read, without a date.
    unknown:
        Values the register writes for "not known" (``0``; ``2000`` in the German register,
        a placeholder on 922 rows): no date, and no problem either.
    last_year:
        The register's own year: no link can have begun after it was compiled.
    """
    value = text.strip()
    if not value or value in unknown:
        return None
    year = int(value) if value.isdigit() else None
    if year is None or not FIRST_YEAR <= year <= last_year:
        on_problem(
            RowProblem(
                str(row.path),
                row.line,
                f"start year {value!r} is not a year {FIRST_YEAR}-{last_year}; "
                "the link is kept without a date",
            )
        )
        return None
    return year


def signing(year: int | None, source_id: str, row: Row, description: str) -> tuple[Event, ...]:
    """The dated signing a register's start year stands for (none without a year)."""
    if year is None:
        return ()
    return (
        Event(
            EventType.SIGNING,
            FuzzyDate(year),
            Citation(source_id, row.locator),
            description=description,
        ),
    )
