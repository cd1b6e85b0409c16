"""Encoded answers and the API's own name search: the same bytes as the response models,
the same places in the same order as the registry's search, and never an answer of an old
snapshot after a reload."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from twintowns.api import convert, create_app, schemas
from twintowns.api.answers import ENTRY, LARGEST, MINIMUM_GZIP, Answers, Encoded
from twintowns.api.search import search_ids
from twintowns.query import Snapshot, TwinningFilter, twinning_rows
from twintowns.registry import Registry, is_cjk
from twintowns.settings import Settings
from twintowns.snapshots import describe_place, resolver
from twintowns.sources.curated import load_curated


@pytest.fixture(scope="module")
def curated(api_app: FastAPI) -> Settings:
    """Settings of the session's curated registry (read only here)."""
    settings = api_app.state.twintowns.settings
    assert isinstance(settings, Settings)
    return settings


@pytest.fixture(scope="module")
def registry(curated: Settings) -> Registry:
    """The session's curated registry."""
    return Registry.open(curated)


def _queries(snapshot: Snapshot) -> list[str]:
    """Every one-, two- and three-letter beginning and every whole name of the curated
    places (with case and accents as written), and a few that find nothing."""
    found: set[str] = {"zzqx", "Covntry", "Мюнхен", "  Cov  "}
    for place in snapshot.places.values():
        for name in place.names:
            found.update({name.text, name.text[:1], name.text[:2], name.text[:3]})
    return sorted(q for q in found if q.strip())


def test_search_ids_equal_the_registry_search(registry: Registry) -> None:
    snapshot = Snapshot.read(registry)
    names = resolver(registry, snapshot)
    compared = 0
    for query in _queries(snapshot):
        for limit in (1, 5, 100):
            ours = search_ids(snapshot, query, limit)
            theirs = [p.id for p in names.search(query, limit)]
            if ours is None:  # left to the registry: CJK, or a name no place starts with
                prefix = names.reader.place_ids_named(query.strip(), prefix=True, limit=limit)
                assert is_cjk(query) or not prefix, query
            else:
                assert ours == theirs, (query, limit)
                compared += 1
    assert compared > 300


@pytest.mark.parametrize("cache", [True, False])
def test_answers_are_the_response_models_bytes(curated: Settings, cache: bool) -> None:
    settings = curated.model_copy(update={"answer_cache": cache})
    registry = Registry.open(settings)
    snapshot = Snapshot.read(registry)
    with TestClient(create_app(settings, warm=False)) as client:
        for _ in range(2):  # a miss, then (with the cache) a hit
            page = client.get("/twinnings", params={"country": "GB", "limit": 7, "offset": 2})
            selected = twinning_rows(snapshot, TwinningFilter(country="GB"))
            rows = [r for r in selected if not r.twinning.doubtful]
            expected = schemas.TwinningPage(
                total=len(rows), limit=7, offset=2, items=[convert.twinning(r) for r in rows[2:9]]
            )
            assert page.content == expected.model_dump_json().encode()
            view = describe_place(snapshot, snapshot.places["coventry"])
            partners = client.get("/places/Coventry/twinnings")
            model = convert.place_twinnings(view, snapshot).model_dump_json().encode()
            assert partners.content == model
            search = client.get("/places", params={"q": "Cov", "limit": 3})
            found = resolver(registry, snapshot).search("Cov", 3)
            items = [convert.place_summary(p, snapshot) for p in found]
            out = schemas.SearchOut(query="Cov", items=items)
            assert search.content == out.model_dump_json().encode()
    registry.engine.dispose()


def test_large_answers_are_sent_compressed_when_accepted(client: TestClient) -> None:
    plain = client.get("/places/coventry/twinnings", headers={"accept-encoding": "identity"})
    assert len(plain.content) >= MINIMUM_GZIP
    assert "content-encoding" not in plain.headers
    packed = client.get("/places/coventry/twinnings", headers={"accept-encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in packed.headers["vary"].lower()
    assert packed.content == plain.content  # the client decoded it
    small = client.get("/places", params={"q": "Coventry"}, headers={"accept-encoding": "gzip"})
    assert len(small.content) < MINIMUM_GZIP
    assert "content-encoding" not in small.headers


def test_a_kept_answer_never_outlives_its_snapshot(own_curated: Settings) -> None:
    settings = own_curated.model_copy(update={"refresh_seconds": 3600.0})
    registry = Registry.open(settings)
    full = load_curated()
    first = next(t for t in full.twinnings if "coventry" in (t.a, t.b))
    model = next(p for p in full.places if p.id == first.partner_of("coventry"))
    town = dataclasses.replace(model, id="reload-town", wikidata=None, geonames=None)
    twinning = dataclasses.replace(first, a="coventry", b="reload-town", claims=())
    plus = dataclasses.replace(
        full, places=(*full.places, town), twinnings=(*full.twinnings, twinning)
    )
    app = create_app(settings, warm=False)
    with TestClient(app) as client:
        before = client.get("/places/coventry/twinnings").json()["partners"]
        page = client.get("/twinnings", params={"country": "GB"}).json()["total"]
        assert client.get("/places/coventry/twinnings").json()["partners"] == before
        registry.load(plus, action="a write")
        app.state.twintowns.cache.refresh()
        after = client.get("/places/coventry/twinnings").json()["partners"]
        assert len(after) == len(before) + 1
        assert "reload-town" in {p["partner_id"] for p in after}
        assert client.get("/twinnings", params={"country": "GB"}).json()["total"] == page + 1
    registry.engine.dispose()


def test_kept_answers_are_bounded_by_bytes() -> None:
    answers = Answers(budget=10_000)
    for number in range(100):
        answers.put(number, Encoded(b"x" * 1000))
    assert answers.size <= 10_000
    assert answers.get(99) is not None
    assert answers.get(0) is None  # the oldest went first
    assert answers.put("huge", Encoded(b"x" * (LARGEST + 1))).raw  # served, never kept
    assert answers.get("huge") is None
    assert answers.size == sum(2 * len(a.raw) + ENTRY for a in answers._items.values())
