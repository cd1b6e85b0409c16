"""The API's exports: the library's bytes in an HTTP response, attribution linked for CSV."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow.parquet as pq
from fastapi.testclient import TestClient

from twintowns.api import create_app
from twintowns.settings import Settings


def _client(exported: Path) -> TestClient:
    url = f"sqlite:///{exported / 'curated.sqlite'}"
    return TestClient(create_app(Settings(database_url=url, auto_load=False), warm=False))


def test_api_csv_links_its_attribution_and_equals_the_cli_file(exported: Path) -> None:
    with _client(exported) as client:
        response = client.get("/export.csv", params={"as_of": "2026-12-04"})
        assert response.status_code == 200
        assert response.text == (exported / "twinnings.csv").read_text(encoding="utf-8")
        link = response.headers["link"]
        assert (
            link == '</export/attribution.txt?as_of=2026-12-04>; rel="license"; type="text/plain"'
        )
        credits = client.get("/export/attribution.txt", params={"as_of": "2026-12-04"})
        assert credits.status_code == 200
        assert credits.text == (exported / "twinnings.attribution.txt").read_text(encoding="utf-8")


def test_api_parquet_and_filters(exported: Path) -> None:
    with _client(exported) as client:
        response = client.get("/export.parquet", params={"country": "CA"})
        assert response.headers["content-type"] == "application/vnd.apache.parquet"
        table = pq.read_table(io.BytesIO(response.content))
        rows = table.to_pylist()
        assert rows
        assert all("CA" in (r["a_country"], r["b_country"]) for r in rows)
        small = client.get("/export/attribution.txt", params={"country": "CA"}).text
        assert "[sister-city-article]" in small
        assert len(small) < len(client.get("/export/attribution.txt").text)
