"""Topic filters: subjects (history, politics and endings, terminology, networks, partners),
a country, or a place.

Subjects are combined with "or", scopes (countries and places) with "or", and the two groups
with "and": ``history`` + ``France`` means history items about France.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pycountry

from twintowns.errors import InputError
from twintowns.learn.regions import country_name
from twintowns.registry import Registry

SUBJECTS: dict[str, str] = {
    "history": "history",
    "politics": "politics",
    "politics-and-endings": "politics",
    "endings": "politics",
    "terminology": "terminology",
    "terms": "terminology",
    "networks": "networks",
    "partners": "partners",
    "world": "partners",
}


@dataclass(frozen=True, slots=True)
class Topic:
    """One filter: its tag (``history``, ``country:FR``, ``place:coventry``) and a label."""

    tag: str
    label: str

    @property
    def is_scope(self) -> bool:
        """True for a country or place filter."""
        return ":" in self.tag


def _country(text: str) -> str | None:
    """The ISO code ``text`` names (code, name or official name), if any."""
    cleaned = text.strip()
    if len(cleaned) == 2 and cleaned.isalpha():
        code = cleaned.upper()
        known = pycountry.countries.get(alpha_2=code) or any(
            c.alpha_2 == code for c in pycountry.historic_countries
        )
        return code if known else None
    try:
        return str(pycountry.countries.lookup(cleaned).alpha_2)
    except LookupError:
        return None


def _prefixed(registry: Registry, value: str) -> Topic:
    """``country:XX`` or ``place:NAME``."""
    prefix, rest = value.split(":", 1)
    if prefix.lower() == "place":
        place = registry.resolve(rest)
        return Topic(f"place:{place.id}", place.name())
    code = _country(rest)
    if code is None:
        raise InputError(f"--topic: unknown country {rest!r}")
    return Topic(f"country:{code}", country_name(code))


def parse_topic(registry: Registry, text: str) -> Topic:
    """Read one ``--topic`` value.

    Parameters
    ----------
    registry:
        Used to resolve place names.
    text:
        A subject (``history``, ``politics``, ``politics-and-endings``, ``terminology``,
        ``networks``, ``partners``), a country (``FR``, ``France``, ``country:SU``) or a place
        (``Coventry``, ``place:toledo-es``, ``Toledo (Spain)``).

    Returns
    -------
    Topic
        The filter.

    Raises
    ------
    InputError
        For an empty value or an unknown country code after ``country:``.
    NotFoundError, AmbiguousNameError
        When a place name matches no place or several.
    """
    value = text.strip()
    if not value:
        raise InputError("--topic: empty topic")
    lowered = value.lower()
    if lowered in SUBJECTS:
        return Topic(SUBJECTS[lowered], SUBJECTS[lowered])
    if lowered.startswith(("country:", "place:")):
        return _prefixed(registry, value)
    code = _country(value)
    if code is not None:
        return Topic(f"country:{code}", country_name(code))
    place = registry.resolve(value)
    return Topic(f"place:{place.id}", place.name())


def matches(topics: Sequence[Topic], tags: Sequence[str]) -> bool:
    """True when an item tagged ``tags`` passes the filters ``topics`` (all pass when empty).

    Parameters
    ----------
    topics:
        The deck's filters.
    tags:
        The item's (or candidate's) topic tags.
    """
    subjects = [t.tag for t in topics if not t.is_scope]
    scopes = [t.tag for t in topics if t.is_scope]
    wanted = set(tags)
    return (not subjects or bool(wanted.intersection(subjects))) and (
        not scopes or bool(wanted.intersection(scopes))
    )
