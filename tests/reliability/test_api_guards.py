"""Hostile requests against the API: floods of flags, oversized, NUL-bearing and
empty-normalising input, foreign Host headers, a database that went away.

Each must get a clear 4xx/503 answer (never a 500), change nothing it should not, and leak
no SQL.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

ITEM = "42d532503876ef02"
LONG = "x" * 50_000


def curated(tmp_path: Path, **overrides: object) -> Settings:
    """Settings of a fresh curated registry under ``tmp_path``."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'registry.sqlite'}", auto_load=False, **overrides
    )
    registry = Registry.open(settings)
    registry.load(load_curated(), action="load curated")
    registry.engine.dispose()
    return settings


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(curated(tmp_path)), raise_server_exceptions=False) as test_client:
        yield test_client


def _database_bytes(settings: Settings) -> int:
    path = Path(settings.database_url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


@pytest.mark.parametrize("requests", [500, pytest.param(10_000, marks=pytest.mark.slow)])
def test_a_flag_flood_is_throttled_and_barely_grows_the_database(
    tmp_path: Path, requests: int
) -> None:
    settings = curated(tmp_path)
    before = _database_bytes(settings)
    statuses: dict[int, int] = {}
    start = time.monotonic()
    with TestClient(create_app(settings, warm=False)) as client:
        for _ in range(requests):
            body = {"item_id": ITEM, "reason": "wrong", "note": "n" * 1000}
            response = client.post("/learn/flags", json=body)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code == 429:
                assert int(response.headers["retry-after"]) >= 1
        total = client.get("/learn/flags").json()["total"]
    refilled = (time.monotonic() - start) * settings.flag_rate_per_minute / 60
    assert set(statuses) == {201, 429}
    assert statuses[201] <= settings.flag_burst + refilled + 1
    assert total == statuses[201]
    assert _database_bytes(settings) - before < 1_000_000


def test_the_flag_store_has_a_cap(tmp_path: Path) -> None:
    settings = curated(tmp_path, flag_max_total=3)
    with TestClient(create_app(settings, warm=False)) as client:
        answers = [
            client.post("/learn/flags", json={"item_id": ITEM, "reason": "ambiguous"})
            for _ in range(5)
        ]
        listed = client.get("/learn/flags", params={"limit": 2, "offset": 1}).json()
    assert [a.status_code for a in answers] == [201, 201, 201, 507, 507]
    assert "full" in answers[-1].json()["detail"]
    assert listed["total"] == 3
    assert len(listed["items"]) == 2
    assert listed["offset"] == 1


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", f"/places/{LONG}", None),
        ("GET", f"/places/{LONG}/twinnings", None),
        ("GET", f"/places?q={LONG}", None),
        ("GET", f"/path?from={LONG}&to=coventry", None),
        ("GET", f"/learn/quiz?topic={LONG}", None),
        ("GET", "/places/%00coventry", None),
        ("GET", "/places?q=cov%00", None),
        ("GET", "/places?q=%25", None),
        ("GET", "/places?q=%20", None),
        ("GET", "/places?q=%F0%9F%98%80", None),
        ("GET", "/places/%25/twinnings", None),
        ("GET", "/path?from=%25&to=coventry", None),
        ("GET", "/learn/quiz?topic=%25", None),
        ("GET", "/twinnings?" + "&".join(["kind=twinning"] * 50), None),
        ("GET", "/twinnings?limit=100000", None),
        ("GET", "/learn/flags?limit=100000", None),
        ("POST", "/learn/flags", {"item_id": ITEM, "reason": "wrong", "note": "a\u0000b"}),
        ("POST", "/learn/flags", {"item_id": ITEM, "reason": "wrong", "note": LONG}),
        ("POST", "/learn/flags", {"item_id": LONG, "reason": "wrong"}),
    ],
)
def test_hostile_input_is_422_and_stores_nothing(
    client: TestClient, method: str, url: str, body: object
) -> None:
    response = client.request(method, url, json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
    assert client.get("/learn/flags").json()["total"] == 0


def test_head_is_answered_wherever_get_is(client: TestClient) -> None:
    for url in ("/places/coventry", "/twinnings?limit=2", "/", "/static/atlas.js"):
        get, head = client.get(url), client.head(url)
        assert head.status_code == 200, url
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]


def test_every_answer_carries_security_headers(client: TestClient) -> None:
    for url in ("/", "/places/coventry", "/static/atlas.js", "/places/nowhere", "/places?q=%25"):
        headers = client.get(url).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self';" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_an_unexpected_error_still_carries_security_headers(tmp_path: Path) -> None:
    app = create_app(curated(tmp_path), warm=False)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret /path/to/registry.sqlite")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        answer = test_client.get("/boom")
    assert answer.status_code == 500
    assert "secret" not in answer.text
    assert answer.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_only_allowed_hosts_are_answered(client: TestClient) -> None:
    foreign = client.get("/places/coventry", headers={"host": "attacker.example"})
    assert foreign.status_code == 400
    written = client.post(
        "/learn/flags",
        json={"item_id": ITEM, "reason": "wrong"},
        headers={"host": "rebound.attacker.example:8000"},
    )
    assert written.status_code == 400
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "[::1]", "LOCALHOST"):
        assert client.get("/places/coventry", headers={"host": host}).status_code == 200, host
    assert client.get("/learn/flags").json()["total"] == 0
    assert client.get("/", headers={"host": "[::2]:80"}).status_code == 400


def _break(settings: Settings) -> None:
    """The database goes away: its file replaced by garbage."""
    path = Path(settings.database_url.removeprefix("sqlite:///"))
    for extra in path.parent.glob(path.name + "-*"):
        extra.unlink()
    path.write_bytes(os.urandom(8192))


def test_a_database_gone_away_is_503_without_sql(tmp_path: Path) -> None:
    settings = curated(tmp_path)
    app = create_app(settings, warm=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.twintowns.registry.engine.dispose()
        _break(settings)
        answers = [
            client.get("/places/coventry"),  # no snapshot held yet: the first read fails
            client.get("/learn/flags"),
            client.post("/learn/flags", json={"item_id": ITEM, "reason": "wrong"}),
        ]
    for response in answers:
        assert response.status_code == 503, response.text
        detail = response.json()["detail"]
        assert detail == "the registry database is unavailable; try again later"
        for word in ("SELECT", "INSERT", "sqlite", "learn_flags", "[SQL"):
            assert word.lower() not in response.text.lower()


def test_a_snapshot_held_keeps_answering_when_the_database_goes_away(tmp_path: Path) -> None:
    settings = curated(tmp_path, refresh_seconds=0.0)
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.twintowns.registry.engine.dispose()
        _break(settings)
        first = client.get("/places/coventry")
        app.state.twintowns.cache.wait()  # the background check failed, quietly
        again = client.get("/places/coventry")
    assert first.status_code == again.status_code == 200
    assert again.json()["id"] == "coventry"
