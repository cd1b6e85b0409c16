"""Doubtful twinnings (resolution confidence below 0.9) are left out of the API's lists and
exports unless asked for with ``?doubtful=true``; every twinning record carries its
confidence."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from support.doubtful import CONFIDENT, DOUBTFUL, doubtful_registry
from twintowns.api import create_app
from twintowns.settings import Settings


def test_doubtful_twinnings_only_when_asked(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'd.sqlite'}", auto_load=False)
    doubtful_registry(settings).engine.dispose()
    with TestClient(create_app(settings, warm=False)) as client:
        default = client.get("/twinnings", params={"limit": 1000, "country": "DE"}).json()
        asked = client.get(
            "/twinnings", params={"limit": 1000, "country": "DE", "doubtful": "true"}
        ).json()
        export = client.get("/export.csv").text
        export_asked = client.get("/export.csv", params={"doubtful": "true"}).text
        schema = client.get("/openapi.json").json()
    ids = {t["id"] for t in default["items"]}
    asked_by_id = {t["id"]: t for t in asked["items"]}
    assert CONFIDENT in ids
    assert DOUBTFUL not in ids
    assert asked["total"] == default["total"] + 1
    assert asked_by_id[DOUBTFUL]["confidence"] == 0.85
    assert asked_by_id[CONFIDENT]["confidence"] == 0.97
    assert DOUBTFUL not in export
    assert DOUBTFUL in export_asked
    assert "confidence" in schema["components"]["schemas"]["TwinningOut"]["required"]
