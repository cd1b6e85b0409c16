"""The arrays partner suggestions stand on: every place's attributes and a graph of twinnings.

This module owns :class:`Places` (one row per registry place, then per outsider — a GeoNames
town no twinning names, :mod:`twintowns.suggest.outsiders` — : id, label, country,
continent, level group, position on the unit sphere, log population, name key, whether it is
a registry place) and :class:`Links` (an
undirected graph over those rows in compressed sparse row form, with its country-pair and
continent-pair counts).  Both are plain numpy arrays, so a built suggester is saved and loaded
without pickle and used without SciPy, pandas or scikit-learn (what keeps ``twintowns suggest``
fast); :func:`places_of` builds them from a :class:`~twintowns.snapshot.RegistrySnapshot`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from twintowns.model import Place, PlaceLevel, normalise_name
from twintowns.model.vocab import MUNICIPAL_LEVELS

if TYPE_CHECKING:
    from twintowns.suggest.outsiders import Outsider

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
    """Every registry place and outsider as one row of arrays, in id order (see the module
    docstring)."""

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
    registered: BoolArray  # a registry place (False: a GeoNames outsider, no twinning known)

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


class _Row(NamedTuple):
    """What :class:`Places` keeps of a registry place or an outsider."""

    id: str
    name: str
    iso: str | None
    level: PlaceLevel
    lat: float
    lon: float
    population: int
    registered: bool


def _row(place: Place) -> _Row:
    where = place.coordinates
    return _Row(
        place.id,
        place.name(),
        place.country(),
        place.level,
        where.lat if where is not None else math.nan,
        where.lon if where is not None else math.nan,
        place.population if place.population and place.population > 0 else 0,
        True,
    )


def _unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    if math.isnan(lat) or math.isnan(lon):
        return (math.nan, math.nan, math.nan)
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def _codes(values: list[str | None]) -> tuple[list[str], IntArray]:
    known = sorted({v for v in values if v is not None})
    code = {v: i for i, v in enumerate(known)}
    return known, np.asarray([-1 if v is None else code[v] for v in values], dtype=np.int64)


def places_of(places: Mapping[str, Place], outsiders: Sequence[Outsider] = ()) -> Places:
    """The rows of every place and outsider, in id order."""
    from twintowns.analysis.continents import continent_of  # only when building

    rows = [_row(p) for p in places.values()]
    rows += [_Row(*o, registered=False) for o in outsiders if o.id not in places]
    rows.sort(key=lambda r: r.id)
    iso = [r.iso for r in rows]
    countries, country = _codes(iso)
    _continents, continent = _codes([continent_of(c) if c else None for c in iso])
    _names, name_key = _codes([normalise_name(r.name) for r in rows])
    return Places(
        ids=np.asarray([r.id for r in rows], dtype=np.str_),
        labels=np.asarray([r.name for r in rows], dtype=np.str_),
        countries=np.asarray(countries, dtype=np.str_),
        country=country,
        continent=continent,
        level=np.asarray([r.level.value for r in rows], dtype=np.str_),
        group=np.asarray([level_group(r.level) for r in rows], dtype=np.int64),
        xyz=np.asarray([_unit_vector(r.lat, r.lon) for r in rows], dtype=float).reshape(-1, 3),
        log_pop=np.asarray([math.log(r.population) if r.population else math.nan for r in rows]),
        population=np.asarray([r.population for r in rows], dtype=np.int64),
        name_key=name_key,
        registered=np.asarray([r.registered for r in rows], dtype=bool),
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
