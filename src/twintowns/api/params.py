"""Query parameters shared by the routes, and their parsing into library values.

Text is bounded (:data:`MAX_TEXT` characters, in the OpenAPI schema too) and free of control
characters; a name to search or resolve must fold to something (``%`` or an emoji alone would
otherwise match every place).  Dates take the registry's forms (``2000``, ``2000-06``,
``2000-06-30``): as ``as_of`` and ``until`` a year or month means its last day, as ``since``
its first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Query

from twintowns.errors import InputError, NotFoundError
from twintowns.learn import Topic, parse_topic
from twintowns.learn.topics import SUBJECTS
from twintowns.model import FuzzyDate, normalise_name
from twintowns.model.dates import DATE_PATTERN as DATE_PATTERN  # the model's: one rule

if TYPE_CHECKING:
    from twintowns.registry import Registry

MAX_TEXT = 200
"""Longest place reference, name, topic or search text (characters)."""
MAX_REPEATS = 20
"""Most values of a repeatable parameter."""
NAME_PATTERN = r"^[^\x00-\x1f\x7f]*[^\W_][^\x00-\x1f\x7f]*$"
"""A name to search or resolve: no control character, at least one letter or digit."""
NOTE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""Free text: no control character but tab and line breaks."""

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
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (at most 1000).")]


def place_query(alias: str) -> Any:
    """A required place id or name, bounded like every name, under the query name ``alias``."""
    return Query(
        alias=alias,
        min_length=1,
        max_length=MAX_TEXT,
        pattern=NAME_PATTERN,
        description=f"Place id or name (at most {MAX_TEXT} characters).",
    )


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
    if len(text) > MAX_TEXT:
        raise InputError(f"parameter {name!r}: at most {MAX_TEXT} characters")
    return text


def name_text(text: str, name: str) -> str:
    """A name to search or resolve: plain text (:func:`plain_text`) with a letter or digit.

    Raises
    ------
    InputError
        If ``text`` holds a control character, is too long, or folds to nothing (only
        punctuation, spaces or symbols: it would match every place).
    """
    plain_text(text, name)
    if not normalise_name(text):
        raise InputError(f"parameter {name!r}: a name needs a letter or digit, got {text!r}")
    return text


MAX_TOPICS = 10
"""Topic filters one request may give (a quiz's ``topic`` parameters, a course's topics)."""


def parse_topics(names: Registry, texts: Sequence[str]) -> tuple[Topic, ...]:
    """Topic filters (a quiz's ``topic`` parameters, a course's topics), place names
    resolved by ``names`` (the app state's resolver over one snapshot).

    Raises
    ------
    InputError
        For more than :data:`MAX_TOPICS`, a control character, or a topic that is no
        subject, country or place (a bad parameter: 422).
    AmbiguousNameError
        For a place name several places carry (409, with its candidates).
    """
    name = "query parameter 'topic'"
    if len(texts) > MAX_TOPICS:
        raise InputError(f"{name}: at most {MAX_TOPICS} topics")
    out = []
    for text in texts:
        cleaned = plain_text(text, "topic")
        try:
            out.append(parse_topic(names, cleaned))
        except NotFoundError as exc:
            subjects = ", ".join(sorted(set(SUBJECTS.values())))
            raise InputError(
                f"{name}: {exc}; a topic is a subject ({subjects}), a country or a place"
            ) from exc
        except InputError as exc:
            raise InputError(f"{name}: {exc.message.removeprefix('--topic: ')}") from exc
    return tuple(out)
