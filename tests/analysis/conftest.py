"""Fixtures of the lab's tests: a nine-place registry whose numbers are checked by hand, and the
2016 Wikidata crawl as a real graph (10,055 places, 17,401 twinnings).

The fixture registry ("six towns", plus three places whose twinnings are over)
-------------------------------------------------------------------------------
Today's graph (active or undated twinnings) has six places and six twinnings::

    alpha(GB, town) ── beta(GB, town)          degrees: alpha 2, beta 2, gamma 3,
         \\            /                                toledo-es 3, epsilon 1, toledo-us 1
          gamma(FR, city)
               │
          toledo-es(ES, city) ── epsilon(DE, city)     (undated, claimed by toledo-es only)
               │
          toledo-us(US, city)                          (undated, claimed by both sides)

Hand-computed (see the tests): triangles 1, wedges 8, transitivity 3/8; distances between the 15
pairs: 6 at 1, 5 at 2, 4 at 3, so diameter 3, mean 28/15, median 2, effective diameters
1.3 (50 %) and 2.625 (90 %); degree assortativity -1/2; Gini of [1,1,2,2,3,3] = 16/72.

Dated lives: alpha-gamma signed 1947, alpha-beta 1956, beta-gamma charter 1965, gamma-toledo-es
2004; alpha-gone signed 1960 and ended 2014; beta-paused signed 1989 and suspended
2022-02-24; toledo-province-toledo-us signed 1970 and ended 1990.  gone, paused and
toledo-province have no coordinates; paused has no country; epsilon and the three others no
population.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from twintowns.analysis import RegistryData, TwinGraph, build_graph, graph_from_edges, load_data
from twintowns.analysis.geography import haversine_km
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

SOURCE = Source("six-towns", "Six towns (test fixture)", publisher="tests", licence="CC0-1.0")
CITE = Citation(SOURCE.id, "fixture")

# id, name, country, level, (lat, lon), population
Row = tuple[str, str, str | None, PlaceLevel, tuple[float, float] | None, int | None]
PLACES: tuple[Row, ...] = (
    ("alpha", "Alpha", "GB", PlaceLevel.TOWN, (52.0, 0.0), 10_000),
    ("beta", "Beta", "GB", PlaceLevel.TOWN, (52.0, 1.0), 20_000),
    ("gamma", "Gamma", "FR", PlaceLevel.CITY, (48.0, 2.0), 100_000),
    ("toledo-es", "Toledo", "ES", PlaceLevel.CITY, (39.86, -4.03), 85_000),
    ("epsilon", "Epsilon", "DE", PlaceLevel.CITY, (50.0, 8.0), None),
    ("toledo-us", "Toledo", "US", PlaceLevel.CITY, (41.65, -83.54), 270_000),
    ("gone", "Gone", "RU", PlaceLevel.CITY, None, None),
    ("paused", "Paused", None, PlaceLevel.TOWN, None, None),
    ("toledo-province", "Toledo", "ES", PlaceLevel.PROVINCE, None, None),
)


def _event(kind: EventType, when: str) -> Event:
    return Event(kind, FuzzyDate.parse(when), CITE, description=f"{kind.value} {when}")


def _twinning(
    a: str, b: str, events: tuple[Event, ...] = (), claimants: tuple[str, ...] = ()
) -> Twinning:
    one, other = sorted((a, b))
    claims = tuple(Claim(c, other if c == one else one, CITE) for c in claimants)
    return Twinning(one, other, TwinningKind.TWIN_TOWN, CITE, claims=claims, events=events)


def six_towns_bundle() -> Bundle:
    """The fixture registry described in the module docstring."""
    places = tuple(
        Place(
            pid,
            level,
            (PlaceName(name),),
            (CountryPeriod(iso),) if iso else (),
            coordinates=Coordinates(*where) if where else None,
            population=population,
            citation=CITE,
        )
        for pid, name, iso, level, where, population in PLACES
    )
    sign, end, halt = EventType.SIGNING, EventType.TERMINATION, EventType.SUSPENSION
    twinnings = (
        _twinning("alpha", "beta", (_event(sign, "1956"),)),
        _twinning("alpha", "gamma", (_event(sign, "1947"),)),
        _twinning("beta", "gamma", (_event(EventType.FORMAL_CHARTER, "1965"),)),
        _twinning("gamma", "toledo-es", (_event(sign, "2004"),)),
        _twinning("toledo-es", "epsilon", claimants=("toledo-es",)),
        _twinning("toledo-es", "toledo-us", claimants=("toledo-es", "toledo-us")),
        _twinning("alpha", "gone", (_event(sign, "1960"), _event(end, "2014"))),
        _twinning("beta", "paused", (_event(sign, "1989"), _event(halt, "2022-02-24"))),
        _twinning("toledo-province", "toledo-us", (_event(sign, "1970"), _event(end, "1990"))),
    )
    return Bundle(sources=(SOURCE,), places=places, twinnings=twinnings, dataset="six-towns")


@pytest.fixture(scope="session")
def six_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of an SQLite registry holding only the fixture (no bundled data)."""
    path = tmp_path_factory.mktemp("six") / "six.sqlite"
    url = f"sqlite:///{path}"
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(six_towns_bundle(), action="load six towns fixture")
    registry.engine.dispose()
    return url


@pytest.fixture(scope="session")
def six_registry(six_url: str) -> Registry:
    """The fixture registry."""
    return Registry.open(Settings(database_url=six_url, auto_load=False))


@pytest.fixture(scope="session")
def six_data(six_registry: Registry) -> RegistryData:
    """The fixture registry, read."""
    return load_data(six_registry)


@pytest.fixture
def six(six_data: RegistryData) -> TwinGraph:
    """Today's graph of the fixture (a fresh one per test: graphs cache rewired copies)."""
    return build_graph(six_data)


@pytest.fixture
def at(six_data: RegistryData) -> Callable[[str], TwinGraph]:
    """The fixture's graph at the end of a date (``"1990"``)."""

    def graph(when: str) -> TwinGraph:
        return build_graph(six_data, FuzzyDate.parse(when).end)

    return graph


def crawl_folder() -> Path:
    """The bundled copy of the 2016 Wikidata P190 crawl."""
    return Path(str(resources.files("twintowns") / "data" / "world" / "wikidata-p190-crawl-2016"))


@pytest.fixture(scope="session")
def crawl_pairs() -> list[tuple[str, str]]:
    """The crawl's P190 statements as (subject, object) QID pairs."""
    lines = (crawl_folder() / "relations.tsv").read_text(encoding="utf-8").splitlines()
    return [(a, b) for a, b in (line.split("\t") for line in lines)]


@pytest.fixture
def crawl(crawl_pairs: list[tuple[str, str]]) -> TwinGraph:
    """The crawl as a bare graph (no registry)."""
    return graph_from_edges(crawl_pairs, "wikidata-p190-crawl-2016/relations.tsv")


@pytest.fixture
def today() -> dt.date:
    """Today (the present of undated twinnings)."""
    return dt.date.today()


CountriesGraph = Callable[..., TwinGraph]


def _countries_graph(planted: bool, n: int = 400, edges: int = 800, seed: int = 0) -> TwinGraph:
    """Places scattered over four countries (quadrants of a 16 x 24 degree box, two
    continents), twinned at random (``planted=False``) or with odds falling with distance
    (``planted=True``: accepted with probability exp(-km / 100))."""
    rng = np.random.default_rng(seed)
    lat, lon = rng.uniform(40, 56, n), rng.uniform(0, 24, n)
    pairs: dict[tuple[int, int], None] = {}
    while len(pairs) < edges:  # candidates in batches, kept in draw order
        a, b = rng.integers(0, n, (2, 20_000))
        keep = a != b
        if planted:
            keep &= rng.random(len(a)) < np.exp(-haversine_km(lat[a], lon[a], lat[b], lon[b]) / 100)
        pairs.update(
            dict.fromkeys(
                zip(np.minimum(a, b)[keep].tolist(), np.maximum(a, b)[keep].tolist(), strict=False)
            )
        )
    chosen = list(pairs)[:edges]
    tg = graph_from_edges([(f"p{a:04d}", f"p{b:04d}") for a, b in chosen], "synthetic")
    index = [int(name[1:]) for name in tg.graph.vs["name"]]
    tg.graph.vs["lat"], tg.graph.vs["lon"] = lat[index].tolist(), lon[index].tolist()
    tg.graph.vs["country"] = [
        f"{'N' if lat[i] > 48 else 'S'}{'E' if lon[i] > 12 else 'W'}" for i in index
    ]
    tg.graph.vs["continent"] = ["EAST" if lon[i] > 12 else "WEST" for i in index]
    return tg


@pytest.fixture(scope="session")
def make_countries() -> CountriesGraph:
    """Builds synthetic graphs of places in four countries, with or without a planted distance
    effect (see :func:`_countries_graph`)."""
    return _countries_graph
