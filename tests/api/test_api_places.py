"""Places: search, one place, and a place's partners as of a date (Coventry, Rome)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def partner(payload: dict[str, Any], name: str) -> dict[str, Any]:
    found = [p for p in payload["partners"] if p["partner_name"] == name]
    assert len(found) == 1, [p["partner_name"] for p in payload["partners"]]
    return found[0]


def test_search_finds_coventry_first(client: TestClient) -> None:
    response = client.get("/places", params={"q": "coventry"})
    assert response.status_code == 200
    assert response.json()["items"][0]["id"] == "coventry"


def test_search_ignores_case_and_accents(client: TestClient) -> None:
    items = client.get("/places", params={"q": "DUSSELDORF"}).json()["items"]
    assert items[0]["id"] == "dusseldorf"


def test_an_ambiguous_name_lists_every_candidate_with_country_and_level(
    client: TestClient,
) -> None:
    items = client.get("/places", params={"q": "Toledo"}).json()["items"]
    assert {(p["country"], p["level"]) for p in items} >= {("ES", "city"), ("US", "city")}
    response = client.get("/places/Toledo")
    assert response.status_code == 409
    assert {c["country"] for c in response.json()["candidates"]} >= {"ES", "US"}


def test_place_by_id_and_by_name(client: TestClient) -> None:
    place = client.get("/places/coventry").json()
    assert place["name"] == "Coventry"
    assert place["country"] == "GB"
    assert place["twinnings"] >= 4
    assert client.get("/places/Coventry").json()["id"] == "coventry"


def test_unknown_place_is_404(client: TestClient) -> None:
    for url in ("/places/nowhere-at-all", "/places/nowhere-at-all/twinnings"):
        response = client.get(url)
        assert response.status_code == 404
        assert "nowhere-at-all" in response.json()["detail"]


def test_coventry_volgograd_active_as_of_2000(client: TestClient) -> None:
    payload = client.get("/places/coventry/twinnings", params={"as_of": "2000"}).json()
    assert payload["as_of"] == "2000-12-31"
    volgograd = partner(payload, "Volgograd")
    assert volgograd["status"]["status"] == "active"
    assert volgograd["since"] == "1944"


def test_coventry_volgograd_suspended_as_of_2023_with_its_source(client: TestClient) -> None:
    payload = client.get("/places/coventry/twinnings", params={"as_of": "2023"}).json()
    status = partner(payload, "Volgograd")["status"]
    assert status["status"] == "suspended"
    assert status["since"] == "2022-03-22"  # the BBC's report of the vote
    source = payload["sources"][status["event"]["citation"]["source_id"]]
    assert source["url"].startswith("https://")
    assert source["licence"]
    assert source["published"].startswith("2022-03")


def test_place_record_shows_the_disputed_claim(client: TestClient) -> None:
    payload = client.get("/places/coventry/twinnings", params={"as_of": "2022-03-01"}).json()
    volgograd = partner(payload, "Volgograd")
    assert volgograd["status"]["status"] == "active"
    (note,) = volgograd["disputes"]
    assert "22 February 2022 (disputed)" in note
    standings = {e["date"]: e["standing"] for e in volgograd["events"] if e["type"] == "suspension"}
    assert standings == {
        "2022-02-22": "disputed",
        "2022-03-22": "accepted",
        "2022-03": "supporting",
    }
    assert {e["step"] for e in volgograd["events"] if e["type"] == "suspension"} == {
        "coventry-volgograd-pause-2022"
    }


def test_coventry_in_1950_calls_its_partner_stalingrad(client: TestClient) -> None:
    payload = client.get("/places/coventry/twinnings", params={"as_of": "1950"}).json()
    names = {p["partner_name"] for p in payload["partners"]}
    assert "Stalingrad" in names
    assert "Dresden" not in names  # twinned in 1956


def test_rome_has_paris_exclusive(client: TestClient) -> None:
    paris = partner(client.get("/places/rome/twinnings").json(), "Paris")
    assert paris["exclusive_reciprocal"] is True
    assert paris["since"] == "1956-01-30"  # the article's 9 April 1956 is disputed
    assert paris["partner_lat"] is not None
