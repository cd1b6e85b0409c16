"""Fixtures of the suggestion tests: a planted world of 300 towns whose twinning rule is known.

Five countries of 60 towns each (positions scattered around a centre per country, lognormal
populations).  Links are drawn one at a time: a random town either closes a triangle (a
partner's partner, 40 %) or picks a country by a fixed propensity matrix (GB-FR, DE-PL, FR-IT
and DE-FR favoured) and a town there with odds growing with population and falling with
distance.  The first 30 % of links drawn get signing dates 1950-1999 in draw order, the
last 15 % dates 2000-2020, the rest none.  Coventry-like extras: one doubtful, one ended and
one suspended twinning of town ``gb-0``, a province and a fictional place (other level
groups, never suggested to a town).  :func:`waved_bundle` adds a wave of suspended GB–PL
twinnings (the 2022 wave in miniature).
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from twintowns.model import (
    Bundle,
    Citation,
    Claim,
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
)
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.snapshot import RegistrySnapshot

SOURCE = Source("planted", "Planted world (test fixture)", publisher="tests", licence="CC0-1.0")
CITE = Citation(SOURCE.id, "fixture")
COUNTRIES = {
    "GB": (52.0, -1.5),
    "FR": (47.0, 2.5),
    "DE": (51.0, 10.0),
    "PL": (52.0, 19.0),
    "IT": (43.0, 12.0),
}
PROPENSITY = {("GB", "FR"): 6.0, ("DE", "PL"): 6.0, ("FR", "IT"): 4.0, ("DE", "FR"): 4.0}
PER_COUNTRY = 60
LINKS = 700


def _places(rng: np.random.Generator) -> list[Place]:
    found = []
    for iso, (lat, lon) in COUNTRIES.items():
        for i in range(PER_COUNTRY):
            found.append(
                Place(
                    f"{iso.lower()}-{i}",
                    PlaceLevel.TOWN,
                    (PlaceName(f"{iso} Town {i}"),),
                    (CountryPeriod(iso),),
                    coordinates=Coordinates(
                        float(lat + rng.normal(0, 1.5)), float(lon + rng.normal(0, 2.0))
                    ),
                    population=int(math.exp(rng.normal(10, 1.2))),
                    citation=CITE,
                )
            )
    found.append(
        Place(
            "gb-shire",
            PlaceLevel.PROVINCE,
            (PlaceName("Planted Shire"),),
            (CountryPeriod("GB"),),
            citation=CITE,
        )
    )
    found.append(Place("utopia", PlaceLevel.FICTIONAL, (PlaceName("Utopia"),), citation=CITE))
    return found


def _km(a: Place, b: Place) -> float:
    assert a.coordinates is not None
    assert b.coordinates is not None
    p1, p2 = math.radians(a.coordinates.lat), math.radians(b.coordinates.lat)
    dlon = math.radians(b.coordinates.lon - a.coordinates.lon)
    return 6371.0 * math.acos(
        min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dlon))
    )


def _pick(
    towns: list[Place], u: int, partners: dict[int, set[int]], rng: np.random.Generator
) -> int:
    hops = {w for p in partners[u] for w in partners[p]} - partners[u] - {u}
    if hops and rng.random() < 0.4:
        return int(rng.choice(sorted(hops)))
    home = towns[u].country()
    home = home or ""
    weights = [PROPENSITY.get((home, c), PROPENSITY.get((c, home), 1.0)) for c in COUNTRIES]
    country = list(COUNTRIES)[int(rng.choice(len(COUNTRIES), p=np.asarray(weights) / sum(weights)))]
    pool = [i for i, t in enumerate(towns) if t.country() == country and i != u]
    odds = np.asarray(
        [(towns[i].population or 1) * math.exp(-_km(towns[u], towns[i]) / 800) for i in pool]
    )
    return pool[int(rng.choice(len(pool), p=odds / odds.sum()))]


def _twinning(a: str, b: str, events: tuple[Event, ...] = (), confidence: float = 1.0) -> Twinning:
    one, other = sorted((a, b))
    claims = (Claim(one, other, CITE, confidence=confidence),)
    return Twinning(one, other, TwinningKind.TWIN_TOWN, CITE, claims=claims, events=events)


def _signed(year: int) -> tuple[Event, ...]:
    return (Event(EventType.SIGNING, FuzzyDate(year), CITE),)


def planted_bundle(seed: int = 0) -> Bundle:
    """The planted world of the module docstring."""
    rng = np.random.default_rng(seed)
    places = _places(rng)
    towns = places[: len(COUNTRIES) * PER_COUNTRY]
    partners: dict[int, set[int]] = {i: set() for i in range(len(towns))}
    drawn: list[tuple[int, int]] = []
    while len(drawn) < LINKS:
        u = int(rng.integers(len(towns)))
        v = _pick(towns, u, partners, rng)
        if v in partners[u] or {u, v} & {0}:  # gb-0's twinnings are set by hand below
            continue
        partners[u].add(v)
        partners[v].add(u)
        drawn.append((u, v))
    twinnings = []
    for k, (u, v) in enumerate(drawn):
        events: tuple[Event, ...] = ()
        if k < 0.3 * LINKS:
            events = _signed(1950 + k * 50 // int(0.3 * LINKS))
        elif k >= 0.85 * LINKS:
            events = _signed(2000 + (k - int(0.85 * LINKS)) * 20 // int(0.15 * LINKS + 1))
        twinnings.append(_twinning(towns[u].id, towns[v].id, events))
    ended = (
        Event(EventType.SIGNING, FuzzyDate(1960), CITE),
        Event(EventType.TERMINATION, FuzzyDate(1990), CITE),
    )
    halted = (
        Event(EventType.SIGNING, FuzzyDate(1970), CITE),
        Event(EventType.SUSPENSION, FuzzyDate(2022), CITE),
    )
    twinnings += [
        _twinning("gb-0", "fr-1"),
        _twinning("gb-0", "fr-2"),
        _twinning("gb-0", "de-1"),
        _twinning("gb-0", "pl-1", ended),
        _twinning("gb-0", "it-1", halted),
        _twinning("gb-0", "de-2", confidence=0.5),  # doubtful
    ]
    return Bundle(
        sources=(SOURCE,), places=tuple(places), twinnings=tuple(twinnings), dataset="planted"
    )


@pytest.fixture(scope="session")
def planted_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of an SQLite registry holding only the planted world."""
    path: Path = tmp_path_factory.mktemp("planted") / "planted.sqlite"
    url = f"sqlite:///{path}"
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(planted_bundle(), action="load planted fixture")
    registry.engine.dispose()
    return url


@pytest.fixture(scope="session")
def planted(planted_url: str) -> RegistrySnapshot:
    """The planted world's snapshot."""
    return Registry.open(Settings(database_url=planted_url, auto_load=False)).snapshot()


WAVE = 40
"""Suspended GB–PL twinnings :func:`waved_bundle` adds (the planted world has far fewer)."""


def waved_bundle() -> Bundle:
    """The planted world plus :data:`WAVE` twinnings between GB and PL towns, signed 1975 and
    suspended 2022."""
    base = planted_bundle()
    halted = (
        Event(EventType.SIGNING, FuzzyDate(1975), CITE),
        Event(EventType.SUSPENSION, FuzzyDate(2022), CITE),
    )
    have = {(t.a, t.b) for t in base.twinnings}
    extra: list[Twinning] = []
    for i in range(1, PER_COUNTRY):
        for j in range(2, PER_COUNTRY):
            one, other = sorted((f"gb-{i}", f"pl-{j}"))
            if len(extra) < WAVE and (one, other) not in have and (i + j) % 7 == 0:
                extra.append(_twinning(one, other, halted))
    return dataclasses.replace(base, twinnings=base.twinnings + tuple(extra))


@pytest.fixture(scope="session")
def waved(tmp_path_factory: pytest.TempPathFactory) -> RegistrySnapshot:
    """The snapshot of :func:`waved_bundle`'s world."""
    url = f"sqlite:///{tmp_path_factory.mktemp('waved') / 'waved.sqlite'}"
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(waved_bundle(), action="load planted fixture with a suspension wave")
    return registry.snapshot()
