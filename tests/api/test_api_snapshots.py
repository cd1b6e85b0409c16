"""The snapshot answers exactly what the database answers: name resolution, search, a place's
partners and the event listing computed from one in-memory snapshot equal the store's."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from fastapi.testclient import TestClient

from twintowns import views
from twintowns.api import create_app
from twintowns.errors import AmbiguousNameError, NotFoundError
from twintowns.model import EventType
from twintowns.query import Snapshot
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.snapshots import SnapshotCache, describe_place, list_events, resolver
from twintowns.sources.curated import load_curated

QUERIES = [
    "coventry",
    "Coventry",
    "COVENTRY",
    "Volgograd",
    "Stalingrad",
    "Toledo",
    "Toledo, Spain",
    "Toledo (Spain)",
    "Cambridge",
    "Narnia",
    "Cov",
    "Köln",
    "Sankt-Peterburg",
]
"""Queries whose answers must agree (``%`` folds to nothing: see the last test)."""


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """A registry of the curated facts, of this module's own (one test writes to it)."""
    database = tmp_path_factory.mktemp("snapshots") / "registry.sqlite"
    registry = Registry.open(Settings(database_url=f"sqlite:///{database}", auto_load=False))
    registry.load(load_curated(), action="load curated")
    return registry


def _answer(registry: Registry, query: str) -> object:
    try:
        return registry.resolve(query).id
    except AmbiguousNameError as exc:
        return ("ambiguous", sorted(c.id for c in exc.candidates))
    except NotFoundError as exc:
        return ("not found", str(exc))


@pytest.mark.parametrize("query", QUERIES)
def test_resolution_and_search_from_the_snapshot_equal_the_store(
    registry: Registry, query: str
) -> None:
    snapshot = Snapshot.read(registry)
    names = resolver(registry, snapshot)
    assert _answer(names, query) == _answer(registry, query)
    found = [p.id for p in names.search(query, 10)]
    assert found == [p.id for p in registry.search(query, 10)]


def test_a_name_folding_to_nothing_matches_nothing(registry: Registry) -> None:
    names = resolver(registry, Snapshot.read(registry))
    for query in ("%", " . ", "\U0001f600"):
        assert names.search(query, 10) == []
        assert _answer(names, query) in {
            ("not found", f"no place named {query.strip()!r}"),
            ("not found", "empty place name"),
        }


def test_partners_and_events_from_the_snapshot_equal_the_store(registry: Registry) -> None:
    snapshot = Snapshot.read(registry)
    for place_id in ("coventry", "volgograd", "oxford"):
        for as_of in (None, dt.date(1950, 12, 31)):
            ours = describe_place(snapshot, snapshot.places[place_id], as_of)
            assert ours == views.describe_place(registry, place_id, as_of)
    for types, since, until in [
        ((), None, None),
        ((EventType.SIGNING,), dt.date(1950, 1, 1), None),
        ((), None, dt.date(1990, 12, 31)),
    ]:
        assert list_events(snapshot, types, since, until) == views.list_events(
            registry, types, since, until
        )


def test_a_rebuild_happens_beside_the_held_snapshot(registry: Registry) -> None:
    cache = SnapshotCache(registry, refresh_seconds=0.0)
    held = cache.current()
    release, entered = threading.Event(), threading.Event()

    def slow_prepare(_snapshot: Snapshot) -> None:
        entered.set()
        release.wait(30)

    cache.prepare = slow_prepare
    registry.load(load_curated(), action="a write")
    assert cache.current() is held  # starts the rebuild in the background
    assert entered.wait(30)
    assert cache.current() is held  # readers keep the held snapshot meanwhile
    release.set()
    cache.wait()
    fresh = cache.current()
    assert fresh is not held
    assert int(fresh.version) > int(held.version)


def test_on_each_backend_a_snapshot_is_read_in_one_transaction_and_db_errors_are_503(
    database_url: str,
) -> None:
    settings = Settings(database_url=database_url, auto_load=False)
    registry = Registry.open(settings)
    registry.load(load_curated(), action="load curated")
    snapshot = Snapshot.read(registry)
    assert len(snapshot.places) == registry.reader.count("places")
    assert snapshot.datasets["coventry"] == "curated"
    with TestClient(create_app(settings, warm=False)) as client:
        assert client.get("/places/Coventry").json()["id"] == "coventry"
        # a NUL is refused before it reaches the database (PostgreSQL cannot store one)
        body = {"item_id": "42d532503876ef02", "reason": "wrong", "note": "a\u0000b"}
        assert client.post("/learn/flags", json=body).status_code == 422
    registry.engine.dispose()
