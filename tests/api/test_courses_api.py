"""The course routes (issue 23) over the curated registry: preview, create, read, save by
version (stale 409, wrong key 403), bounded bodies (422), exports in every format, a flagged
answer blocking export (409), the mystery, the pages, and the OpenAPI document."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from twintowns.api import create_app
from twintowns.settings import Settings

RECIPE = {"topics": ["history", "terminology"], "count": 20, "seed": 4}


def create(client: TestClient, **extra: Any) -> dict[str, Any]:
    response = client.post(
        "/learn/courses", json={"name": "Twinning week", "recipe": RECIPE} | extra
    )
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


def test_create_read_and_save_by_version(client: TestClient) -> None:
    course = create(client)
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
    key = {"X-Course-Key": course["edit_key"]}
    saved = client.put(f"/learn/courses/{course['id']}", json=body, headers=key)
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2
    assert saved.json()["items"][-1]["added"]
    stale = client.put(f"/learn/courses/{course['id']}", json=body, headers=key)
    assert stale.status_code == 409
    assert "reload" in stale.json()["detail"]
    wrong = client.put(f"/learn/courses/{course['id']}", json=body | {"version": 2},
                       headers={"X-Course-Key": "nope"})  # fmt: skip
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
    with TestClient(create_app(settings, warm=False)) as own:
        assert create(own)["version"] == 1
        create(own)
        third = own.post("/learn/courses", json={"name": "x", "recipe": RECIPE})
        assert third.status_code == 429
        assert third.headers["retry-after"]
    with sqlite3.connect(settings.database_url.removeprefix("sqlite:///")) as db:
        assert db.execute("SELECT count(*) FROM courses").fetchone()[0] == 2
