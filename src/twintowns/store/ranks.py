"""How name lookups rank places, without the database driver: a place that matched a name
(:class:`NameMatch`) and the prominence order every face ranks by (:func:`prominence_key`).

Kept apart from :mod:`twintowns.store.reader` so that the quick read path
(:mod:`twintowns.store.lite`) and the name resolver (:mod:`twintowns.lookup`) use them without
importing SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A place whose name matched a query, with what ranks it."""

    place_id: str
    proper: bool
    dataset: str
    population: int | None
    partners: int = 0


# Broad scopes before narrow ones when partners and population tie.
LEVEL_RANK = {"country": 0, "state": 1, "province": 1, "region": 1, "prefecture": 1, "city": 2}
"""Rank of a place level in name search (lower first); other levels rank 3."""


def prominence_key(
    place_id: str, partners: int, population: int | None, level: str
) -> tuple[int, int, int, str]:
    """The sort key of :func:`twintowns.store.reader.prominence`, for rankings made in memory
    (the API's snapshot ranks names exactly as the store does)."""
    return (
        -partners,
        -(population if population is not None else -1),
        LEVEL_RANK.get(level, 3),
        place_id,
    )
