"""Twinnings (filters, pagination), events, countries, chains and exports."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from twintowns.sources.curated import load_curated


def curated_pairs_between(one: str, other: str) -> set[str]:
    """Ids of the curated twinnings between a place of country ``one`` and one of another
    country ``other`` (today's countries), computed from the curated files, not the API."""
    bundle = load_curated()
    country = {p.id: p.country() for p in bundle.places}
    return {t.id for t in bundle.twinnings if {country[t.a], country[t.b]} == {one, other}}


def ids(client: TestClient, **params: str) -> set[str]:
    response = client.get("/twinnings", params={"limit": "1000", **params})
    assert response.status_code == 200, response.text
    return {t["id"] for t in response.json()["items"]}


def test_pages_cover_everything_once(client: TestClient) -> None:
    total = client.get("/twinnings").json()["total"]
    seen: list[str] = []
    for offset in range(0, total, 25):
        page = client.get("/twinnings", params={"limit": 25, "offset": offset}).json()
        assert page["total"] == total
        seen += [t["id"] for t in page["items"]]
    assert len(seen) == len(set(seen)) == total
    assert client.get("/twinnings", params={"offset": total}).json()["items"] == []


def test_status_as_of_filters(client: TestClient) -> None:
    assert "coventry--volgograd" in ids(client, status="suspended", as_of="2023")
    assert "coventry--volgograd" not in ids(client, status="suspended", as_of="2000")
    assert "coventry--volgograd" in ids(client, status="active", as_of="2000")


def test_twinnings_not_begun_are_left_out_as_of_a_date(client: TestClient) -> None:
    assert "coventry--dresden" not in ids(client, as_of="1950")
    assert "coventry--dresden" in ids(client, as_of="1960")


def test_kind_country_and_date_filters(client: TestClient) -> None:
    items = client.get("/twinnings", params={"kind": "twin_town", "limit": 1000}).json()["items"]
    assert items
    assert {t["kind"] for t in items} == {"twin_town"}
    gb_ru = curated_pairs_between("GB", "RU")  # Coventry-Volgograd and the 2022 wave's links
    assert "coventry--volgograd" in gb_ru
    assert ids(client, country="GB", partner_country="RU") == gb_ru
    assert "coventry--volgograd" in ids(client, partner_country="ru")
    assert "boring--dull" in ids(client, since="2012", until="2012")
    assert "boring--dull" not in ids(client, since="2013")


def test_events_by_type_date_and_country(client: TestClient) -> None:
    params = {"type": "suspension", "since": "2022", "country": "GB"}
    items = client.get("/events", params=params).json()["items"]
    found = [(e["twinning_id"], e["event"]["date"]) for e in items]
    assert found[:2] == [
        ("coventry--volgograd", "2022-02-22"),
        ("glasgow--rostov-on-don", "2022-02-24"),
    ]
    assert ("oxford--perm", "2022-03-04") in found
    assert {e["event"]["type"] for e in items} == {"suspension"}
    assert all(e["source"]["url"].startswith("https://") for e in items)


def test_country_partners_and_is_any_town_twinned_with(client: TestClient) -> None:
    gb = client.get("/countries/GB", params={"partner": "RU"}).json()
    assert gb["twinned_with_partner"] is True
    assert {t["id"] for t in gb["with_partner"]} == curated_pairs_between("GB", "RU")
    assert "RU" in {p["iso"] for p in gb["partners"]}
    assert gb["places"][0]["id"] == "coventry"
    assert client.get("/countries/gb", params={"partner": "JP"}).json()["twinned_with_partner"] in (
        True,
        False,
    )
    assert client.get("/countries/ZZ").status_code == 404
    assert client.get("/countries/G1").status_code == 422


def test_chain_from_dull_to_boring(client: TestClient) -> None:
    chain = client.get("/path", params={"from": "Dull", "to": "Boring"}).json()
    assert chain["length"] == 1
    assert [p["id"] for p in chain["places"]] == ["dull", "boring"]
    assert chain["twinnings"][0]["id"] == "boring--dull"


def test_longer_chain_passes_through_the_shared_partner(client: TestClient) -> None:
    params = {"from": "volgograd", "to": "kiel", "as_of": "2021-12-31"}
    chain = client.get("/path", params=params).json()
    assert [p["id"] for p in chain["places"]] == ["volgograd", "coventry", "kiel"]
    # Coventry suspended its twinning with Volgograd in 2022: no chain in force today.
    today = client.get("/path", params={"from": "volgograd", "to": "kiel"})
    assert today.status_code == 404


def test_unconnected_places_have_no_chain(client: TestClient) -> None:
    response = client.get("/path", params={"from": "dull", "to": "rome"})
    assert response.status_code == 404
    assert "no chain" in response.json()["detail"]


def test_csv_export_with_filters_and_licences(client: TestClient) -> None:
    response = client.get("/export.csv", params={"country": "GB"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows
    assert all("GB" in (r["a_country"], r["b_country"]) for r in rows)
    assert all(r["licences"] and r["sources"] for r in rows)


def test_geojson_and_graphml_exports_carry_attribution(client: TestClient) -> None:
    geo = client.get("/export.geojson", params={"status": "suspended"}).json()
    assert geo["attribution"]
    assert all(s["licence"] for s in geo["attribution"])
    assert {f["properties"]["status"] for f in geo["features"]} == {"suspended"}
    text = client.get("/export.graphml", params={"kind": "novelty"}).text
    root = ET.fromstring(text)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert root.find("g:graph/g:data[@key='attribution']", ns) is not None
    assert root.findall("g:graph/g:edge", ns)
    assert client.get("/export.xlsx").status_code == 422
