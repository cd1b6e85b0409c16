"""``GET /places/{place_id}/suggestions`` on the planted world: labelled, bounded, no partner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from twintowns.api.app import create_app
from twintowns.settings import Settings


@pytest.fixture(scope="module")
def client(planted_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=planted_url, auto_load=False), warm=False)
    with TestClient(app) as found:
        yield found


def test_suggestions_are_labelled_and_exclude_partners(client: TestClient) -> None:
    answer = client.get("/places/gb-0/suggestions", params={"top": 7})
    assert answer.status_code == 200
    body = answer.json()
    assert "not facts" in body["label"]
    assert len(body["suggestions"]) == 7
    ids = {s["place_id"] for s in body["suggestions"]}
    assert not ids & {"fr-1", "fr-2", "de-1", "pl-1", "it-1", "de-2", "gb-0"}
    assert all(s["reasons"] for s in body["suggestions"])
    within = client.get("/places/GB Town 0/suggestions", params={"country": "it"}).json()
    assert {s["country"] for s in within["suggestions"]} == {"IT"}
    assert within["within"] == "IT"
    assert "suspended" in body["basis"]
    assert all(s["registered"] is not None for s in body["suggestions"])
    new = client.get("/places/gb-0/suggestions", params={"outsiders_only": "true", "top": 3})
    assert new.status_code == 200
    found = new.json()["suggestions"]
    assert len(found) == 3
    assert all(not s["registered"] and s["place_id"].startswith("geonames:") for s in found)
    assert all(s["reasons"][0].startswith("not in the registry") for s in found)


def test_bad_requests(client: TestClient) -> None:
    assert client.get("/places/atlantis/suggestions").status_code == 404
    assert client.get("/places/gb-0/suggestions", params={"top": 0}).status_code == 422
    assert client.get("/places/gb-0/suggestions", params={"country": "ZZ"}).status_code == 422
