"""The new proposal kinds over HTTP, with the exact contract the atlas uses: a revert is
``POST /proposals`` with ``{"kind": "revert", "change_id": N, "source_url" (or "source":
{"url"}), "reason"}``; every proposal answers its ``diff``; history shows reverts and the open
questions of accepted flags; the atlas's record follows a corrected place."""

from __future__ import annotations

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
def app(curated_file: Path, tmp_path: Path) -> FastAPI:
    """The app over a private copy of the curated registry."""
    copy = tmp_path / "registry.sqlite"
    shutil.copyfile(curated_file, copy)
    options = Settings(database_url=f"sqlite:///{copy}", auto_load=False, refresh_seconds=0.0)
    return create_app(options, warm=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client that reports server errors as statuses."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _token(app: FastAPI, name: str, role: Role) -> dict[str, str]:
    engine = app.state.twintowns.registry.engine
    accounts.add_user(engine, name, PASSWORD, actor="test")
    accounts.grant_role(engine, name, role, actor="test")
    secret = accounts.issue_token(engine, name, "propose,review", actor="test")
    return {"authorization": f"Bearer {secret}"}


def _accept(client: TestClient, rita: dict[str, str], made: dict[str, object]) -> dict[str, object]:
    body = {"proposal_id": made["id"], "decision": "accept", "comment": "ok"}
    done = client.post("/reviews", json=body, headers={**rita, "if-match": f'"{made["version"]}"'})
    assert done.status_code == 200, done.text
    answer: dict[str, object] = done.json()
    return answer


def test_revert_over_http_with_the_atlas_contract(app: FastAPI, client: TestClient) -> None:
    alice, rita = _token(app, "alice", Role.CONTRIBUTOR), _token(app, "rita", Role.REVIEWER)
    event = {
        "kind": "event",
        "payload": {"twinning": TWINNING, "type": "suspension", "date": "2022"},
        "source_url": URL,
        "reason": "council vote",
    }
    made = client.post("/proposals", json=event, headers={**alice, "if-match": '"0"'}).json()
    resource = f"twinning:{TWINNING}"
    assert made["diff"]["before"][resource]["status"] == "active"
    assert made["diff"]["after"][resource]["events"][-1]["type"] == "suspension"
    done = _accept(client, rita, made)
    assert done["diff"]["after"][resource]["status"] == "suspended"  # type: ignore[index]
    app.state.twintowns.cache.refresh()
    assert client.get(f"/twinnings/{TWINNING}").json()["status"]["status"] == "suspended"
    revert = {
        "kind": "revert",
        "change_id": made["id"],
        "source": {"url": URL, "locator": "minutes of 2023"},
        "reason": "the vote was annulled",
    }
    stale = client.post("/proposals", json=revert, headers={**alice, "if-match": '"0"'})
    assert stale.status_code == 409  # the twinning is at version 1 now
    undo = client.post("/proposals", json=revert, headers={**alice, "if-match": '"1"'})
    assert undo.status_code == 201, undo.text
    assert undo.json()["target"] == resource
    assert undo.json()["payload"] == {"change_id": made["id"]}
    assert undo.json()["locator"] == "minutes of 2023"
    assert undo.json()["diff"]["after"][resource]["status"] == "active"
    _accept(client, rita, undo.json())
    app.state.twintowns.cache.refresh()
    assert client.get(f"/twinnings/{TWINNING}").json()["status"]["status"] == "active"
    history = client.get(f"/history/twinnings/{TWINNING}").json()
    assert [p["kind"] for p in history["proposals"]] == ["revert", "event"]
    assert history["proposals"][1]["reverted_by"] == undo.json()["id"]
    assert history["version"] == 2
    unknown = {**revert, "change_id": 999}
    assert (
        client.post("/proposals", json=unknown, headers={**alice, "if-match": '"2"'}).status_code
        == 404
    )


def test_flag_and_level_over_http(app: FastAPI, client: TestClient) -> None:
    alice, rita = _token(app, "alice", Role.CONTRIBUTOR), _token(app, "rita", Role.REVIEWER)
    flag = {
        "kind": "flag",
        "payload": {"twinning": TWINNING, "question": "signed in 1956 or 1959?"},
        "locator": "Coventry archives, box 12",
        "reason": "two dates in print",
    }
    made = client.post("/proposals", json=flag, headers={**alice, "if-match": '"0"'})
    assert made.status_code == 201, made.text
    unsourced = {**flag, "locator": None}
    assert (
        client.post("/proposals", json=unsourced, headers={**alice, "if-match": '"0"'}).status_code
        == 422
    )
    _accept(client, rita, made.json())
    questions = client.get(f"/history/twinnings/{TWINNING}").json()["open_questions"]
    assert [q["question"] for q in questions] == ["signed in 1956 or 1959?"]
    app.state.twintowns.cache.refresh()
    record = client.get(f"/twinnings/{TWINNING}").json()
    assert [q["question"] for q in record["open_questions"]] == ["signed in 1956 or 1959?"]
    assert record["status"]["status"] == "active"  # a question, not a status
    level = {
        "kind": "level",
        "payload": {"place": "dresden", "level": "town"},
        "source_url": URL,
        "reason": "test",
    }
    bad = {**level, "payload": {"place": "dresden", "level": "megacity"}}
    assert (
        client.post("/proposals", json=bad, headers={**alice, "if-match": '"0"'}).status_code == 422
    )
    made = client.post("/proposals", json=level, headers={**alice, "if-match": '"0"'})
    _accept(client, rita, made.json())
    app.state.twintowns.cache.refresh()
    assert client.get("/places/dresden").json()["level"] == "town"
