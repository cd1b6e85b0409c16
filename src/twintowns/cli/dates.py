"""Date options: ``--as-of``, ``--since``, ``--until`` parsed into days."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from twintowns.cli.inputs import bounded
from twintowns.errors import InputError

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluate statuses on this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
]


def day(text: str | None, option: str, *, first: bool = False) -> dt.date | None:
    """Parse a date option; a year or month means its last day (its first with ``first``).

    Raises
    ------
    InputError
        For text that is not a date, naming ``option``.
    """
    if text is None:
        return None
    from twintowns.model import FuzzyDate

    try:
        date = FuzzyDate.parse(bounded(text, option))
    except InputError as exc:
        raise InputError(f"{option}: {exc.message}") from exc
    return date.start if first else date.end
