"""The living registry over HTTP: tokens and sessions with CSRF, proposals, reviews, history,
409 on stale writes, 429 on too many sign-ins, and the authorisation matrix of every route of
the app (from its router) x every role."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from support.living import PASSWORD
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.api import create_app
from twintowns.settings import Settings

TWINNING = "coventry--dresden"
URL = "https://www.coventry.gov.uk/news/dresden"


@pytest.fixture
def settings(curated_file: Path, tmp_path: Path) -> Settings:
    """Settings of a private copy of the curated registry."""
    copy = tmp_path / "registry.sqlite"
    shutil.copyfile(curated_file, copy)
    return Settings(database_url=f"sqlite:///{copy}", auto_load=False, refresh_seconds=0.0)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """The app over the copy."""
    return create_app(settings, warm=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client that reports server errors as statuses."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _token(app: FastAPI, name: str, *roles: Role, place: str | None = None) -> dict[str, str]:
    """Bearer headers of a new user with ``roles`` (a steward of ``place``, verified)."""
    engine = app.state.twintowns.registry.engine
    accounts.add_user(engine, name, PASSWORD, actor="test")
    for role in roles:
        where = place if role is Role.STEWARD else None
        accounts.grant_role(engine, name, role, actor="test", place=where, verified=True)
    secret = accounts.issue_token(engine, name, "propose,review,admin", actor="test")
    return {"authorization": f"Bearer {secret}"}


SUSPENSION = {
    "kind": "event",
    "payload": {"twinning": TWINNING, "type": "suspension", "date": "2022"},
    "source_url": URL,
    "reason": "the council suspended the link",
}


def test_propose_review_and_see_the_new_status(app: FastAPI, client: TestClient) -> None:
    alice = _token(app, "alice", Role.CONTRIBUTOR)
    rita = _token(app, "rita", Role.REVIEWER)
    assert client.get(f"/history/twinnings/{TWINNING}").json()["version"] == 0
    assert client.get(f"/twinnings/{TWINNING}").json()["status"]["status"] == "active"
    made = client.post("/proposals", json=SUSPENSION, headers={**alice, "if-match": '"0"'})
    assert made.status_code == 201, made.text
    assert made.headers["etag"] == '"1"'
    queue = client.get("/reviews", headers=rita).json()
    assert [p["id"] for p in queue] == [made.json()["id"]]
    body = {"proposal_id": made.json()["id"], "decision": "accept", "comment": "sourced"}
    done = client.post("/reviews", json=body, headers={**rita, "if-match": '"1"'})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "accepted"
    again = client.post("/reviews", json=body, headers={**rita, "if-match": '"1"'})
    assert again.status_code == 409
    assert again.json()["current"]["status"] == "accepted"
    app.state.twintowns.cache.refresh()
    record = client.get(f"/twinnings/{TWINNING}").json()
    assert record["status"]["status"] == "suspended"
    assert record["status"]["since"] == "2022"
    assert URL in str(record)  # the proposal's source, cited
    history = client.get(f"/history/twinnings/{TWINNING}").json()
    assert history["version"] == 1
    assert history["dormant"] is False  # a 2022 event is a recent sign of life
    assert history["proposals"][0]["reviews"][0]["reviewer"] == "rita"


def test_stale_and_unsourced_proposals_are_refused(app: FastAPI, client: TestClient) -> None:
    alice = _token(app, "alice", Role.CONTRIBUTOR)
    assert client.post("/proposals", json=SUSPENSION, headers=alice).status_code == 428
    stale = client.post("/proposals", json=SUSPENSION, headers={**alice, "if-match": '"7"'})
    assert stale.status_code == 409
    assert stale.headers["etag"] == '"0"'
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/x"):
        bad = client.post(
            "/proposals", json={**SUSPENSION, "source_url": url}, headers={**alice, "if-match": "0"}
        )
        assert bad.status_code == 422, url
    huge = {**SUSPENSION, "reason": "x" * 40_000}
    assert client.post("/proposals", json=huge, headers={**alice, "if-match": "0"}).status_code in (
        413,
        422,
    )


def test_session_cookie_needs_the_csrf_token(app: FastAPI, client: TestClient) -> None:
    _token(app, "alice", Role.CONTRIBUTOR)
    signed = client.post("/users/login", json={"name": "alice", "password": PASSWORD})
    assert signed.status_code == 200
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    csrf = signed.json()["csrf"]
    assert client.get("/users/me").json()["name"] == "alice"
    forged = client.post("/proposals", json=SUSPENSION, headers={"if-match": "0"})
    assert forged.status_code == 401
    ok = client.post("/proposals", json=SUSPENSION, headers={"if-match": "0", "x-csrf-token": csrf})
    assert ok.status_code == 201, ok.text
    assert client.post("/users/logout", headers={"x-csrf-token": csrf}).status_code == 204
    assert client.get("/users/me").status_code == 401


def test_sign_in_beyond_the_limit_gets_429(app: FastAPI, client: TestClient) -> None:
    _token(app, "alice", Role.CONTRIBUTOR)
    statuses = [
        client.post(
            "/users/login", json={"name": "alice", "password": "wrong password"}
        ).status_code
        for _ in range(8)
    ]
    assert statuses[:5] == [401] * 5  # the burst (login_burst = 5)
    assert statuses[5:] == [429] * 3
    refused = client.post("/users/login", json={"name": "alice", "password": PASSWORD})
    assert refused.status_code == 429  # even the right password: the limit is per name too
    assert int(refused.headers["retry-after"]) >= 1


# --- the authorisation matrix ----------------------------------------------------------------

ROLES = ("anonymous", "contributor", "steward_other", "steward_this", "reviewer", "admin")
LEVELS = {
    "public": set(ROLES),
    "signed": set(ROLES) - {"anonymous"},
    "propose": {"contributor", "steward_other", "steward_this", "reviewer", "admin"},
    "review": {"reviewer", "admin"},
    "admin": {"admin"},
}
# Every route of the app and who may use it: a route missing here fails the test.
EXPECTED = {
    ("GET", "/openapi.json"): "public",
    ("GET", "/docs"): "public",
    ("GET", "/docs/oauth2-redirect"): "public",
    ("GET", "/redoc"): "public",
    ("GET", "/"): "public",
    ("GET", "/static/{path}"): "public",
    ("GET", "/static-offline-docs/{path}"): "public",
    ("GET", "/places/{place_id}"): "public",
    ("GET", "/places/{place_id}/suggestions"): "public",
    ("GET", "/twinnings"): "public",
    ("GET", "/twinnings/{twinning_id}"): "public",
    ("GET", "/learn/quiz"): "public",
    ("POST", "/learn/flags"): "public",
    ("GET", "/learn/flags"): "public",
    ("GET", "/atlas/arcs.json"): "public",
    ("GET", "/places"): "public",
    ("GET", "/places/{place_id}/twinnings"): "public",
    ("GET", "/events"): "public",
    ("GET", "/countries/{iso}"): "public",
    ("GET", "/atlas/config.json"): "public",
    ("GET", "/path"): "public",
    ("GET", "/export.{fmt}"): "public",
    ("GET", "/export/attribution.txt"): "public",
    ("GET", "/history/twinnings/{twinning_id}"): "public",
    ("GET", "/history/places/{place_id}"): "public",
    ("POST", "/users/login"): "public",
    ("POST", "/users/logout"): "signed",
    ("GET", "/users/me"): "signed",
    ("GET", "/proposals"): "propose",
    ("GET", "/proposals/{proposal_id}"): "propose",
    ("POST", "/proposals"): "propose",
    ("GET", "/reviews"): "review",
    ("POST", "/reviews"): "review",
    ("GET", "/resolutions"): "review",
    ("POST", "/resolutions/{item_id}"): "review",
    ("GET", "/users"): "admin",
    ("POST", "/users"): "admin",
    ("POST", "/users/{name}/roles"): "admin",
    ("GET", "/atlas/names/{lang}.json"): "public",
    ("GET", "/atlas/arcs/world.json"): "public",
    ("GET", "/atlas/arcs/view.json"): "public",
    ("GET", "/atlas/arcs/first.json"): "public",
    # the teacher's studio (issue 23): reading, previewing (stores nothing), exporting and
    # playing are public; creating and saving a course need an account that may propose
    # (saving someone else's course is refused too, but only after sign-in: the matrix's
    # course "1" does not exist, so a signed-in save is 404, not a denial)
    ("GET", "/studio"): "public",
    ("GET", "/play/{course_id}"): "public",
    ("POST", "/learn/courses"): "propose",
    ("POST", "/learn/courses/preview"): "public",
    ("GET", "/learn/courses/{course_id}"): "public",
    ("PUT", "/learn/courses/{course_id}"): "propose",
    ("GET", "/learn/courses/{course_id}/mystery"): "public",
    ("GET", "/learn/courses/{course_id}/export.{fmt}"): "public",
}


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app's router answers (HEAD folded into GET)."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        entries = [(c.path, c.methods) for c in contexts()] if contexts is not None else []
        if contexts is None and getattr(route, "methods", None):
            entries = [(route.path, route.methods)]  # type: ignore[attr-defined]
        elif contexts is None:  # a mount of static files
            entries = [(route.path + "/{path}", {"GET"})]  # type: ignore[attr-defined]
        for path, methods in entries:
            found.update((m, path) for m in methods if m != "HEAD")
    return found


def _url(path: str) -> str:
    fills = {"place_id": "coventry", "twinning_id": TWINNING, "iso": "GB", "proposal_id": "1"}
    fills |= {"name": "alice", "path": "atlas.css", "fmt": "csv", "course_id": "1", "lang": "de"}
    fills |= {"item_id": "1"}
    return re.sub(r"\{(\w+)\}", lambda m: fills[m.group(1)], path)


def test_every_route_for_every_role(app: FastAPI, client: TestClient) -> None:
    routes = app_routes(app)
    assert routes == set(EXPECTED), "routes without an expected role: " + str(
        routes ^ set(EXPECTED)
    )
    credentials = {
        "anonymous": {},
        "contributor": _token(app, "contributor", Role.CONTRIBUTOR),
        "steward_other": _token(app, "steward-kiel", Role.STEWARD, place="kiel"),
        "steward_this": _token(app, "steward-coventry", Role.STEWARD, place="coventry"),
        "reviewer": _token(app, "reviewer", Role.REVIEWER),
        "admin": _token(app, "admin", Role.ADMIN),
    }
    escapes = []
    # sign-out last: it revokes the token it is called with
    for (method, path), level in sorted(
        EXPECTED.items(), key=lambda e: (e[0][1] == "/users/logout", e)
    ):
        for role in ROLES:
            headers = {**credentials[role], "if-match": "0"}
            answer = client.request(method, _url(path), headers=headers, json={})
            denied = answer.status_code in (401, 403)
            if denied == (role in LEVELS[level]) or answer.status_code >= 500:
                escapes.append((method, path, role, answer.status_code))
    assert escapes == []
