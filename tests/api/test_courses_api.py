"""The course routes (issue 23) over the curated registry: preview, create, read, save by
version (stale 409, wrong key 403), bounded bodies (422), exports in every format, a flagged
answer blocking export (409), the mystery, the pages, and the OpenAPI document; who may
write (signed out 401, owner, another contributor 403, a co-editor with the key, an admin)."""

from __future__ import annotations

import io
import itertools
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from support.living import PASSWORD
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.api import create_app
from twintowns.settings import Settings

RECIPE = {"topics": ["history", "terminology"], "count": 20, "seed": 4}
_NAMES = itertools.count(1)


def user(
    app: FastAPI, role: Role = Role.CONTRIBUTOR, scopes: str = "propose,admin"
) -> tuple[str, dict[str, str]]:
    """The name and bearer headers of a new user with ``role`` (a fresh name: the app may be
    shared by the module's tests)."""
    engine = app.state.twintowns.registry.engine
    name = f"{role.value}-{next(_NAMES)}"
    accounts.add_user(engine, name, PASSWORD, actor="test")
    accounts.grant_role(engine, name, role, actor="test")
    secret = accounts.issue_token(engine, name, scopes, actor="test")
    return name, {"authorization": f"Bearer {secret}"}


def bearer(
    app: FastAPI, role: Role = Role.CONTRIBUTOR, scopes: str = "propose,admin"
) -> dict[str, str]:
    """Bearer headers of a new user with ``role``."""
    return user(app, role, scopes)[1]


@pytest.fixture(scope="module")
def teacher(api_app: FastAPI) -> dict[str, str]:
    """A contributor's credentials."""
    return bearer(api_app)


def create(
    client: TestClient, headers: dict[str, str] | None = None, **extra: Any
) -> dict[str, Any]:
    if headers is None:
        app = client.app
        assert isinstance(app, FastAPI)
        headers = bearer(app)
    response = client.post(
        "/learn/courses", json={"name": "Twinning week", "recipe": RECIPE} | extra, headers=headers
    )
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


def test_create_read_and_save_by_version(
    client: TestClient, api_app: FastAPI, teacher: dict[str, str]
) -> None:
    course = create(client, teacher)
    assert len(course["items"]) == 20
    assert course["edit_key"]
    assert course["version"] == 1
    first = course["items"][0]["item"]
    assert first["answer"]
    assert first["sources"]
    read = client.get(f"/learn/courses/{course['id']}").json()
    assert [i["origin"] for i in read["items"]] == [i["origin"] for i in course["items"]]
    assert "edit_key" not in read
    edits = [{"op": "remove", "item": course["items"][0]["origin"]},
             {"op": "add", "item": course["spares"][0]["id"]}]  # fmt: skip
    body = {"name": "Twinning week", "recipe": RECIPE, "edits": edits, "version": 1}
    key = teacher
    saved = client.put(f"/learn/courses/{course['id']}", json=body, headers=key)
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2
    assert saved.json()["items"][-1]["added"]
    stale = client.put(f"/learn/courses/{course['id']}", json=body, headers=key)
    assert stale.status_code == 409
    assert "reload" in stale.json()["detail"]
    other = bearer(api_app)
    wrong = client.put(f"/learn/courses/{course['id']}", json=body | {"version": 2},
                       headers=other | {"X-Course-Key": "nope"})  # fmt: skip
    assert wrong.status_code == 403
    assert client.get(f"/learn/courses/{course['id']}").json()["version"] == 2


def test_bounds_are_422_and_unknown_courses_404(client: TestClient) -> None:
    too_many = client.post("/learn/courses/preview", json={"name": "x", "recipe": {"count": 101}})
    assert too_many.status_code == 422
    bad_edit = client.post(
        "/learn/courses/preview", json={"name": "x", "edits": [{"op": "remove", "item": "zz"}]}
    )
    assert bad_edit.status_code == 422
    long_name = client.post("/learn/courses/preview", json={"name": "x" * 201})
    assert long_name.status_code == 422
    unknown_topic = client.post(
        "/learn/courses/preview", json={"name": "x", "recipe": {"topics": ["Nowhereville"]}}
    )
    assert unknown_topic.status_code == 422
    assert client.get("/learn/courses/no-such-course").status_code == 404


def test_every_export_format(client: TestClient) -> None:
    course = create(client)
    base = f"/learn/courses/{course['id']}"
    pdf = client.get(f"{base}/export.pdf?layout=exam&variant=B")
    assert pdf.status_code == 200, pdf.text
    assert pdf.content.startswith(b"%PDF")
    assert "exam-B" in pdf.headers["content-disposition"]
    apkg = client.get(f"{base}/export.apkg")
    with zipfile.ZipFile(io.BytesIO(apkg.content)) as package:
        names = package.namelist()
        assert "collection.anki2" in names
    gift = client.get(f"{base}/export.gift").text
    assert gift.count("::") >= 20
    tsv = client.get(f"{base}/export.tsv").text
    assert len(tsv.strip().splitlines()) == 20
    page = client.get(f"{base}/export.html")
    assert page.headers["content-type"].startswith("text/html")
    assert "Twinning week" in page.text
    assert client.get(f"{base}/export.doc").status_code == 422


def test_a_wrong_edited_answer_blocks_export(client: TestClient) -> None:
    preview = client.post("/learn/courses/preview", json={"name": "x", "recipe": RECIPE}).json()
    choice = next(i for i in preview["items"] if i["item"]["kind"] == "multiple_choice")
    wrong = next(c["text"] for c in choice["item"]["choices"] if not c["correct"])
    edits = [{"op": "reword", "item": choice["origin"], "answer": wrong}]
    course = create(client, edits=edits)
    assert len(course["flags"]) == 1
    flagged = next(i for i in course["items"] if i["origin"] == choice["origin"])
    assert flagged["flags"]
    refused = client.get(f"/learn/courses/{course['id']}/export.tsv")
    assert refused.status_code == 409
    assert "flag" in refused.json()["detail"]


def test_mystery_and_pages(client: TestClient) -> None:
    course = create(client)
    found = client.get(f"/learn/courses/{course['id']}/mystery").json()
    assert found["svg"].startswith("<svg")
    assert found["story"]
    assert all(line["source"] for line in found["story"])
    studio = client.get("/studio")
    assert studio.status_code == 200
    assert 'src="/static/studio.js"' in studio.text
    game = client.get(f"/play/{course['id']}")
    assert 'src="/static/game.js"' in game.text
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/learn/courses", "/learn/courses/{course_id}",
            "/learn/courses/{course_id}/export.{fmt}"} <= set(paths)  # fmt: skip
    assert "put" in paths["/learn/courses/{course_id}"]


def test_writes_are_rate_limited(own_curated: Settings, tmp_path: Path) -> None:
    settings = own_curated.model_copy(update={"write_burst": 2, "write_rate_per_minute": 0.1})
    app = create_app(settings, warm=False)
    with TestClient(app) as own:
        headers = bearer(app)
        assert create(own, headers)["version"] == 1
        create(own, headers)
        third = own.post("/learn/courses", json={"name": "x", "recipe": RECIPE}, headers=headers)
        assert third.status_code == 429
        assert third.headers["retry-after"]
    with sqlite3.connect(settings.database_url.removeprefix("sqlite:///")) as db:
        assert db.execute("SELECT count(*) FROM courses").fetchone()[0] == 2


def test_who_may_write_a_course(client: TestClient, api_app: FastAPI) -> None:
    body = {"name": "Twinning week", "recipe": RECIPE}
    anonymous = client.post("/learn/courses", json=body)
    assert anonymous.status_code == 401
    assert "sign in" in anonymous.json()["detail"]
    name, ann = user(api_app)
    course = create(client, ann)
    path = f"/learn/courses/{course['id']}"
    query = (
        "SELECT users.name FROM courses JOIN users ON users.id = courses.owner_id"
        " WHERE courses.id = ?"
    )
    with sqlite3.connect(str(api_app.state.twintowns.registry.engine.url.database)) as db:
        assert db.execute(query, (course["id"],)).fetchone() == (name,)  # the owner, recorded
    save = body | {"version": 1}
    assert client.put(path, json=save).status_code == 401
    refused = client.put(path, json=save, headers=bearer(api_app))
    assert refused.status_code == 403
    assert "owner" in refused.json()["detail"]
    reviewer = client.put(path, json=save, headers=bearer(api_app, Role.REVIEWER))
    assert reviewer.status_code == 403  # a reviewer is not an admin
    no_scope = client.put(path, json=save, headers=bearer(api_app, Role.ADMIN, "propose"))
    assert no_scope.status_code == 403  # an admin's token without the admin scope
    co_editor = bearer(api_app) | {"X-Course-Key": course["edit_key"]}
    assert client.put(path, json=save, headers=co_editor).json()["version"] == 2
    admin = client.put(path, json=save | {"version": 2}, headers=bearer(api_app, Role.ADMIN))
    assert admin.status_code == 200, admin.text
    assert client.put(path, json=save | {"version": 3}, headers=ann).json()["version"] == 4
    assert client.get(path).json()["version"] == 4  # reading stays public
    assert client.get(f"{path}/export.tsv").status_code == 200
    assert client.post("/learn/courses/preview", json=body).status_code == 200
    with sqlite3.connect(str(api_app.state.twintowns.registry.engine.url.database)) as db:
        audited = db.execute(
            "SELECT action FROM audit_log WHERE target = ? ORDER BY id", (f"course:{course['id']}",)
        ).fetchall()
    assert audited == [("course create",)] + [("course save",)] * 3


def test_a_session_writes_a_course_only_with_its_csrf_token(own_curated: Settings) -> None:
    app = create_app(own_curated, warm=False)
    with TestClient(app) as own:
        name, _ = user(app)
        signed = own.post("/users/login", json={"name": name, "password": PASSWORD})
        csrf = signed.json()["csrf"]
        body = {"name": "Twinning week", "recipe": RECIPE}
        assert own.post("/learn/courses", json=body).status_code == 401  # cookie, no CSRF
        made = own.post("/learn/courses", json=body, headers={"x-csrf-token": csrf})
        assert made.status_code == 201, made.text
