"""Names as people know them (issue 12) through the API, on the bundled world registry: the
atlas's search box calls ``/places?q=``, place pages call ``/places/{name}``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from twintowns.api import create_app
from twintowns.settings import Settings


@pytest.fixture(scope="module")
def world(
    bundled_registry_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """A client over a copy of the bundled registry (curated + world snapshot)."""
    copy = tmp_path_factory.mktemp("api-world") / "registry.sqlite"
    shutil.copyfile(bundled_registry_file, copy)
    app = create_app(Settings(database_url=f"sqlite:///{copy}", auto_load=False), warm=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def first(client: TestClient, query: str) -> dict[str, str]:
    response = client.get("/places", params={"q": query})
    assert response.status_code == 200, response.text
    items: list[dict[str, str]] = response.json()["items"]
    assert items, query
    return items[0]


@pytest.mark.parametrize(
    ("query", "name"),
    [("東京", "Tokyo"), ("München", "Munich"), ("dusseldorf", "Düsseldorf"), ("Kiev", "Kyiv")],
)
def test_search_in_any_language(world: TestClient, query: str, name: str) -> None:
    assert first(world, query)["name"] == name


def test_search_ranks_by_prominence(world: TestClient) -> None:
    items = world.get("/places", params={"q": "Coventry"}).json()["items"]
    assert [(p["name"], p["country"]) for p in items[:2]] == [
        ("Coventry", "GB"),
        ("Coventry", "US"),
    ]
    items = world.get("/places", params={"q": "Paris"}).json()["items"]
    assert [p["country"] for p in items if p["name"] == "Paris"][:2] == ["FR", "US"]


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("München", "Munich"),
        ("東京", "Tokyo"),
        ("Kiev", "Kyiv"),
        ("New York", "New York City"),
        ("Coventry", "Coventry"),
        ("Paris", "Paris"),
    ],
)
def test_place_by_name(world: TestClient, ref: str, name: str) -> None:
    response = world.get(f"/places/{ref}")
    assert response.status_code == 200, response.text
    assert response.json()["name"] == name


def test_a_typo_is_404_with_a_did_you_mean(world: TestClient) -> None:
    response = world.get("/places/Coventy")
    assert response.status_code == 404
    assert "did you mean: Coventry (GB)" in response.text
    assert first(world, "Coventy")["name"] == "Coventry"


def test_queries_of_no_letters_match_nothing(world: TestClient) -> None:
    # A query with no letter or digit is refused (documented in the schema) rather than
    # matching every place.
    for query in ("%", " ", "🙂", "_"):
        response = world.get("/places", params={"q": query})
        assert response.status_code == 422, query
    assert world.get("/places", params={"q": "x" * 201}).status_code == 422
    assert world.get("/places/" + "x" * 300).status_code in (404, 422)
