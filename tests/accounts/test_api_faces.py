"""The atlas's faces of the living registry over HTTP: a session survives a reload (the CSRF
token comes back from its own cookie), the web queue of doubtful resolutions (reviewers list
it with candidates and decide; audited, saved as overrides), and "dormant?" on a place's
twinning rows."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from support.living import PASSWORD
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.api import create_app
from twintowns.model import Bundle, Citation, ReviewItem, Source
from twintowns.registry import Registry
from twintowns.resolve.overrides import load_overrides, override_key
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated
from twintowns.store import schema

SUSPENSION = {
    "kind": "event",
    "payload": {"twinning": "coventry--dresden", "type": "suspension", "date": "2022"},
    "source_url": "https://www.coventry.gov.uk/news/dresden",
    "reason": "the council suspended the link",
}


@pytest.fixture(scope="module")
def curated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated registry with three doubtful resolutions, made once per module."""
    path = tmp_path_factory.mktemp("faces") / "registry.sqlite"
    registry = Registry.open(Settings(database_url=f"sqlite:///{path}", auto_load=False))
    registry.load(load_curated(), action="load curated for the faces tests")
    items = (
        ReviewItem(
            "Kiel", "", Citation("lists", "a:1"), 4, None, "gn:1", "name", 0.6, ("gn:2", "gn:3")
        ),
        ReviewItem("Atlantis", "Greece", Citation("lists", "a:2"), 1, None, None, "none", 0.0),
    )
    lists = Bundle(dataset="world", sources=(Source("lists", "Lists"),), reviews=items)
    registry.load(lists, action="doubtful resolutions")
    with registry.engine.begin() as conn:
        conn.execute(schema.places.update().where(schema.places.c.id == "kiel").values(geonames=2))
    with registry.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    registry.engine.dispose()
    return path


@pytest.fixture
def app(curated_file: Path, tmp_path: Path) -> FastAPI:
    """The app over a private copy, its web decisions going to a private overrides file."""
    copy = tmp_path / "registry.sqlite"
    shutil.copyfile(curated_file, copy)
    settings = Settings(
        database_url=f"sqlite:///{copy}",
        auto_load=False,
        refresh_seconds=0.0,
        overrides_path=tmp_path / "overrides.yaml",
    )
    made = create_app(settings, warm=False)
    engine = made.state.twintowns.registry.engine
    for name, role in (("alice", Role.CONTRIBUTOR), ("rita", Role.REVIEWER)):
        accounts.add_user(engine, name, PASSWORD, actor="test")
        accounts.grant_role(engine, name, role, actor="test")
    return made


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client that reports server errors as statuses."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _sign_in(client: TestClient, name: str) -> str:
    signed = client.post("/users/login", json={"name": name, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    return str(signed.json()["csrf"])


def test_the_csrf_cookie_restores_a_session_after_a_reload(client: TestClient) -> None:
    login = client.post("/users/login", json={"name": "alice", "password": PASSWORD})
    set_cookies = login.headers.get_list("set-cookie")
    session = next(c.lower() for c in set_cookies if c.startswith("twintowns_session="))
    readable = next(c.lower() for c in set_cookies if c.startswith("twintowns_csrf="))
    assert "httponly" in session
    assert "httponly" not in readable
    assert "samesite=strict" in readable
    csrf = client.cookies["twintowns_csrf"]
    assert csrf == login.json()["csrf"]  # the page reads it back after a reload
    # a "reloaded page": nothing in memory, only the cookies; it writes with the cookie's token
    assert client.get("/users/me").json()["name"] == "alice"
    forged = client.post("/proposals", json=SUSPENSION, headers={"if-match": "0"})
    assert forged.status_code == 401
    made = client.post(
        "/proposals", json=SUSPENSION, headers={"if-match": "0", "x-csrf-token": csrf}
    )
    assert made.status_code == 201, made.text
    # a planted token that is not the session's own is refused
    planted = client.post(
        "/proposals", json=SUSPENSION, headers={"if-match": "1", "x-csrf-token": "planted"}
    )
    assert planted.status_code == 401
    out = client.post("/users/logout", headers={"x-csrf-token": csrf})
    assert out.status_code == 204
    assert "twintowns_csrf" not in client.cookies
    assert client.get("/users/me").status_code == 401


def test_reviewer_lists_and_decides_resolutions(app: FastAPI, client: TestClient) -> None:
    overrides = app.state.twintowns.settings.overrides_path
    assert client.get("/resolutions").status_code == 401
    _sign_in(client, "alice")
    assert client.get("/resolutions").status_code == 403
    client.cookies.clear()
    csrf = _sign_in(client, "rita")
    queue = client.get("/resolutions").json()
    assert [i["name"] for i in queue] == ["Kiel", "Atlantis"]  # most-mentioned first
    kiel = queue[0]
    assert [c["key"] for c in kiel["candidates"]] == ["gn:1", "gn:2", "gn:3"]
    assert kiel["candidates"][0]["chosen"] is True
    assert kiel["candidates"][1]["place_id"] == "kiel"  # the registry's place behind gn:2
    write = {"x-csrf-token": csrf}
    url = f"/resolutions/{kiel['id']}"
    bad = client.post(url, json={"decision": "accept", "candidate": "gn:99"}, headers=write)
    assert bad.status_code == 422
    done = client.post(url, json={"decision": "accept", "candidate": "gn:2"}, headers=write)
    assert done.status_code == 200, done.text
    assert done.json()["target"] == "gn:2"
    again = client.post(url, json={"decision": "accept"}, headers=write)
    assert again.status_code == 404
    atlantis = f"/resolutions/{queue[1]['id']}"
    assert client.post(atlantis, json={"decision": "reject"}, headers=write).status_code == 200
    assert client.get("/resolutions").json() == []
    decisions = load_overrides(overrides)
    assert decisions[override_key("Kiel", "")] == "gn:2"
    assert decisions[override_key("Atlantis", "Greece")] is None
    log = app.state.twintowns.registry.reader.audit_entries()[:2]
    assert [(e["action"], e["actor"]) for e in log] == [("review", "rita")] * 2


def test_a_failed_override_write_keeps_the_item(app: FastAPI, client: TestClient) -> None:
    app.state.twintowns.settings.overrides_path = Path("/nonexistent/dir/overrides.yaml")
    csrf = _sign_in(client, "rita")
    item = client.get("/resolutions").json()[0]
    failed = client.post(
        f"/resolutions/{item['id']}", json={"decision": "reject"}, headers={"x-csrf-token": csrf}
    )
    assert failed.status_code == 500
    assert "TWINTOWNS_OVERRIDES_PATH" in failed.json()["detail"]
    assert client.get("/resolutions").json()[0]["id"] == item["id"]  # rolled back
    engine = app.state.twintowns.registry.engine
    with engine.connect() as conn:
        count = conn.scalar(sa.select(sa.func.count()).select_from(schema.review_queue))
    assert count == 2


def test_place_rows_ask_dormant(client: TestClient) -> None:
    partners = client.get("/places/coventry/twinnings").json()["partners"]
    assert all(isinstance(p["dormant"], bool) for p in partners)
    asked = {p["twinning_id"] for p in partners if p["dormant"]}
    quiet = {p["twinning_id"] for p in partners if p["last_attested"] is None and p["events"]}
    assert asked <= {p["twinning_id"] for p in partners if p["status"]["status"] != "ended"}
    assert asked, (asked, quiet)
