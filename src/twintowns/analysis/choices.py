"""The lab's enumerated choices (what to rank by, at which level), importable without the
numerical stack so that shells can declare their options cheaply."""

from __future__ import annotations

from enum import StrEnum


class Measure(StrEnum):
    """What to rank by."""

    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    PAGERANK = "pagerank"


class Level(StrEnum):
    """Rank places or countries."""

    PLACE = "place"
    COUNTRY = "country"

    @property
    def plural(self) -> str:
        """``places`` or ``countries``."""
        return "places" if self is Level.PLACE else "countries"
