"""The quiz routes over the curated registry: the quiz JSON and its schema, reproducible
seeds, filters, readable 422s, flags that keep items out of the next quiz, and the facts read
once per data version."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from twintowns.api.learn_schemas import QuizOut
from twintowns.api.learning import LearnCache
from twintowns.api.state import AppState

KIND_FIELDS = {
    "multiple_choice": {"choices"},
    "terminology": {"choices"},
    "true_false": {"truth", "statement"},
    "ordering": {"order", "presented"},
    "map": {"target"},
    "flashcard": set(),
}
JSON = {"content-type": "application/json"}
COMMON = {"id", "kind", "difficulty", "prompt", "answer", "explanation", "sources", "topics", "key"}


def get_quiz(client: TestClient, query: str) -> dict[str, Any]:
    response = client.get(f"/learn/quiz?{query}")
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers  # answers depend on the flags too
    found: dict[str, Any] = response.json()
    return found


def check_item(item: dict[str, Any]) -> None:
    """One item has its kind's answer fields, one right answer and cited sources."""
    assert set(item) == COMMON | KIND_FIELDS[item["kind"]], item
    assert len(item["id"]) == 16
    assert item["sources"]
    assert all(s["title"] and s["label"] for s in item["sources"])
    if "choices" in item:
        assert sum(c["correct"] for c in item["choices"]) == 1
        assert next(c["text"] for c in item["choices"] if c["correct"]) == item["answer"]
    if item["kind"] == "true_false":
        assert isinstance(item["truth"], bool)
        assert item["answer"] == ("True" if item["truth"] else "False")
    if item["kind"] == "ordering":
        assert sorted(item["presented"]) == list(range(len(item["order"])))
        assert item["presented"] != sorted(item["presented"])
    if item["kind"] == "map":
        target = item["target"]
        assert -90 <= target["lat"] <= 90
        assert -180 <= target["lon"] <= 180
        assert target["tolerance_km"] > 0


def test_quiz_json_shape(client: TestClient) -> None:
    quiz = get_quiz(client, "count=40&seed=3")
    QuizOut.model_validate(quiz)  # the documented schema is what is served
    assert quiz["title"] == "Twinning: all topics"
    assert (quiz["seed"], quiz["difficulty"], quiz["requested"]) == (3, "mixed", 40)
    assert quiz["count"] == len(quiz["items"]) == 40
    assert {i["kind"] for i in quiz["items"]} == set(KIND_FIELDS)
    for item in quiz["items"]:
        check_item(item)


def test_same_seed_same_quiz(client: TestClient) -> None:
    first = get_quiz(client, "count=8&seed=21")
    again = get_quiz(client, "count=8&seed=21")
    other = get_quiz(client, "count=8&seed=22")
    assert first == again
    assert [i["id"] for i in first["items"]] != [i["id"] for i in other["items"]]


def test_filters(client: TestClient) -> None:
    quiz = get_quiz(client, "topic=history&difficulty=easy&kind=map&kind=true_false&count=6")
    assert quiz["topics"] == ["history"]
    assert quiz["difficulty"] == "easy"
    assert quiz["items"]
    for item in quiz["items"]:
        assert item["kind"] in {"map", "true_false"}
        assert item["difficulty"] == "easy"
        assert "history" in item["topics"]
    french = get_quiz(client, "topic=France&count=5")
    assert french["topics"] == ["country:FR"]
    assert all("country:FR" in i["topics"] for i in french["items"])


def test_bad_parameters_are_422_with_readable_messages(client: TestClient) -> None:
    cases = {
        "count=0": ("count", "greater than or equal to 1"),
        "count=101": ("count", "less than or equal to 100"),
        "seed=-1": ("seed", "greater than or equal to 0"),
        "seed=abc": ("seed", "integer"),
        "difficulty=insane": ("difficulty", "'mixed'"),
        "kind=essay": ("kind", "'multiple_choice'"),
        "topic=Narnia": ("topic", "Narnia", "a topic is a subject"),
        "topic=country:ZZ": ("topic", "unknown country 'ZZ'"),
        "topic=": ("topic", "a name with a letter or digit"),
        "topic=networks&kind=map": ("no item matches",),
    }
    for query, words in cases.items():
        response = client.get(f"/learn/quiz?{query}")
        assert response.status_code == 422, (query, response.text)
        detail = response.json()["detail"]
        assert all(w in detail for w in words), (query, detail)
    bodies = {
        '{"item_id": "xyz", "reason": "wrong"}': "request body field 'item_id'",
        '{"item_id": "0123456789abcdef", "reason": "meh"}': "'wrong' or 'ambiguous'",
        '{"reason": "wrong"}': "item_id",
        "{": "request body: not valid JSON",
        "[]": "request body: Input should be a valid dictionary",
    }
    for body, expected in bodies.items():
        response = client.post("/learn/flags", content=body, headers=JSON)
        assert response.status_code == 422, (body, response.text)
        assert expected in response.json()["detail"]


def test_flag_then_excluded_from_the_next_quiz(client: TestClient) -> None:
    items = get_quiz(client, "count=6&seed=31")["items"]
    flagged = items[0]
    body = {"item_id": flagged["id"].upper(), "reason": "wrong", "note": "wrong year"}
    response = client.post("/learn/flags", json=body)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["item_id"] == flagged["id"]
    assert (stored["reason"], stored["note"]) == ("wrong", "wrong year")
    assert (stored["prompt"], stored["answer"]) == (flagged["prompt"], flagged["answer"])
    assert stored["fact_key"] == flagged["key"]
    listed = client.get("/learn/flags")
    assert listed.headers["cache-control"] == "no-store"
    assert stored in listed.json()["items"]
    after = get_quiz(client, "count=6&seed=31")["items"]
    assert flagged["id"] not in {i["id"] for i in after}
    assert flagged["key"] not in {i["key"] for i in after}  # flagged wrong: its fact too
    assert len(after) == len(items)


def test_flag_of_an_item_not_served_names_its_id(client: TestClient) -> None:
    response = client.post(
        "/learn/flags", json={"item_id": "00ff00ff00ff00ff", "reason": "ambiguous"}
    )
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["item_id"] == "00ff00ff00ff00ff"
    assert stored["prompt"] is None
    assert stored["fact_key"] is None


def test_openapi_documents_the_quiz_routes(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    quiz = document["paths"]["/learn/quiz"]["get"]
    assert {p["name"] for p in quiz["parameters"]} == {
        "topic",
        "count",
        "seed",
        "difficulty",
        "kind",
    }
    assert "QuizOut" in str(quiz["responses"]["200"])
    assert "FlagIn" in str(document["paths"]["/learn/flags"]["post"]["requestBody"])
    assert "FlagPage" in str(document["paths"]["/learn/flags"]["get"]["responses"]["200"])
    assert {"QuizItemOut", "QuizTargetOut", "FlagOut"} <= set(document["components"]["schemas"])


def test_facts_are_a_view_of_the_snapshot_made_once_per_data_version(api_app: FastAPI) -> None:
    state = api_app.state.twintowns
    assert isinstance(state, AppState)
    first = state.cache.current()
    held = [first]
    cache = LearnCache(lambda: held[0])
    facts = cache.facts()
    assert cache.facts() is facts
    assert facts.snapshot is first  # the app's one copy of the registry, not a second read
    assert facts.places is first.places
    cache.remember([])
    held[0] = dataclasses.replace(first, version=first.version + "-next")
    assert cache.facts() is not facts
    assert cache.facts().snapshot is held[0]
