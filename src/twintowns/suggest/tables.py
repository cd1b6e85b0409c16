"""The arrays partner suggestions stand on: every place's attributes and a graph of twinnings.

This module owns :class:`Places` (one row per registry place: id, label, country, continent,
level group, position on the unit sphere, log population, name key) and :class:`Links` (an
undirected graph over those rows in compressed sparse row form, with its country-pair and
continent-pair counts).  Both are plain numpy arrays, so a built suggester is saved and loaded
without pickle and used without SciPy, pandas or scikit-learn (what keeps ``twintowns suggest``
fast); :func:`places_of` builds them from a :class:`~twintowns.snapshot.RegistrySnapshot`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from twintowns.model import Place, PlaceLevel, normalise_name
from twintowns.model.vocab import MUNICIPAL_LEVELS

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]

EARTH_RADIUS_KM = 6371.0088
REGIONAL_LEVELS = frozenset(
    {
        PlaceLevel.COUNTY,
        PlaceLevel.PREFECTURE,
        PlaceLevel.PROVINCE,
        PlaceLevel.STATE,
        PlaceLevel.REGION,
    }
)
NO_GROUP = -1
"""Level group of places never suggested and never given suggestions (fictional places)."""


def level_group(level: PlaceLevel) -> int:
    """Which places are of a comparable level: municipalities (villages, towns, cities and
    city districts) with each other, regions (counties to regions) with each other, countries
    with countries; fictional places with none."""
    if level in MUNICIPAL_LEVELS:
        return 0
    if level in REGIONAL_LEVELS:
        return 1
    if level is PlaceLevel.COUNTRY:
        return 2
    return 3 if level is PlaceLevel.OTHER else NO_GROUP


@dataclass(frozen=True)
class Places:
    """Every registry place as one row of arrays (see the module docstring)."""

    ids: np.ndarray[Any, np.dtype[np.str_]]
    labels: np.ndarray[Any, np.dtype[np.str_]]
    countries: np.ndarray[Any, np.dtype[np.str_]]  # the ISO codes, by code
    country: IntArray  # code of each place's country today, -1 when unknown
    continent: IntArray  # code of its continent, -1 when unknown
    level: np.ndarray[Any, np.dtype[np.str_]]
    group: IntArray
    xyz: FloatArray  # unit vectors (NaN without coordinates)
    log_pop: FloatArray  # ln(population), NaN when unknown
    population: IntArray  # 0 when unknown
    name_key: IntArray  # code of the normalised English name

    @property
    def size(self) -> int:
        """Number of places."""
        return len(self.ids)

    def index(self) -> dict[str, int]:
        """Row of every place id."""
        return {str(pid): i for i, pid in enumerate(self.ids)}

    def km(self, u: int, v: IntArray) -> FloatArray:
        """Great-circle distances in km from row ``u`` to rows ``v`` (NaN without
        coordinates), from the chord between their unit vectors."""
        chord = np.linalg.norm(self.xyz[v] - self.xyz[u], axis=1)
        half = np.clip(chord / 2.0, 0.0, 1.0)
        return np.asarray(2.0 * EARTH_RADIUS_KM * np.arcsin(half), dtype=float)


def _unit_vector(place: Place) -> tuple[float, float, float]:
    if place.coordinates is None:
        return (math.nan, math.nan, math.nan)
    lat, lon = math.radians(place.coordinates.lat), math.radians(place.coordinates.lon)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def _codes(values: list[str | None]) -> tuple[list[str], IntArray]:
    known = sorted({v for v in values if v is not None})
    code = {v: i for i, v in enumerate(known)}
    return known, np.asarray([-1 if v is None else code[v] for v in values], dtype=np.int64)


def places_of(places: Mapping[str, Place]) -> Places:
    """The rows of every place, in id order."""
    from twintowns.analysis.continents import continent_of  # only when building

    ordered = [places[pid] for pid in sorted(places)]
    iso = [p.country() for p in ordered]
    countries, country = _codes(iso)
    _continents, continent = _codes([continent_of(c) if c else None for c in iso])
    _names, name_key = _codes([normalise_name(p.name()) for p in ordered])
    pops = [p.population if p.population and p.population > 0 else 0 for p in ordered]
    return Places(
        ids=np.asarray([p.id for p in ordered], dtype=np.str_),
        labels=np.asarray([p.name() for p in ordered], dtype=np.str_),
        countries=np.asarray(countries, dtype=np.str_),
        country=country,
        continent=continent,
        level=np.asarray([p.level.value for p in ordered], dtype=np.str_),
        group=np.asarray([level_group(p.level) for p in ordered], dtype=np.int64),
        xyz=np.asarray([_unit_vector(p) for p in ordered], dtype=float).reshape(-1, 3),
        log_pop=np.asarray([math.log(n) if n else math.nan for n in pops], dtype=float),
        population=np.asarray(pops, dtype=np.int64),
        name_key=name_key,
    )


@dataclass(frozen=True)
class Links:
    """An undirected simple graph over :class:`Places` rows (compressed sparse rows, both
    directions stored) with the counts the country-pair propensity reads.

    ``pairs[c, d]`` counts links between countries ``c`` and ``d`` (both orders; a domestic
    link counts twice on the diagonal, as in a degree sum), ``ends[c]`` the link ends in
    country ``c``; ``continent_pairs`` and ``continent_ends`` likewise by continent.
    """

    indptr: IntArray
    indices: IntArray
    pairs: FloatArray
    ends: FloatArray
    continent_pairs: FloatArray
    continent_ends: FloatArray

    @property
    def degree(self) -> IntArray:
        """Partners of every row."""
        return np.diff(self.indptr)

    @property
    def edges(self) -> int:
        """Number of links."""
        return len(self.indices) // 2

    def neighbours(self, u: int) -> IntArray:
        """The rows linked to row ``u``."""
        return self.indices[self.indptr[u] : self.indptr[u + 1]]

    def has(self, u: int, v: IntArray) -> BoolArray:
        """Whether each of ``v`` is linked to ``u``."""
        return np.isin(v, self.neighbours(u))


def _counts(codes: IntArray, a: IntArray, b: IntArray, size: int) -> tuple[FloatArray, FloatArray]:
    pairs = np.zeros((size, size), dtype=float)
    ca, cb = codes[a], codes[b]
    known = (ca >= 0) & (cb >= 0)
    np.add.at(pairs, (ca[known], cb[known]), 1.0)
    np.add.at(pairs, (cb[known], ca[known]), 1.0)
    return pairs, pairs.sum(axis=1)


def links_of(places: Places, edges: Iterable[tuple[int, int]]) -> Links:
    """The graph of ``edges`` (row pairs; duplicates and self-loops dropped)."""
    found = {(min(a, b), max(a, b)) for a, b in edges if a != b}
    pairs = np.asarray(sorted(found), dtype=np.int64).reshape(-1, 2)
    a, b = pairs[:, 0], pairs[:, 1]
    rows = np.concatenate([a, b])
    cols = np.concatenate([b, a])
    order = np.lexsort((cols, rows))
    indptr = np.zeros(places.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=places.size), out=indptr[1:])
    n_countries = len(places.countries)
    n_continents = int(places.continent.max(initial=-1)) + 1
    country_pairs, country_ends = _counts(places.country, a, b, n_countries)
    continent_pairs, continent_ends = _counts(places.continent, a, b, n_continents)
    return Links(indptr, cols[order], country_pairs, country_ends, continent_pairs, continent_ends)
