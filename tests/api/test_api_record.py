"""The single-twinning record (issue 21): `GET /twinnings/{twinning_id}` gives one twinning's
claims with their step and standing, its status as of a date, the disputes and the sources."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_coventry_volgograd_record_shows_claims_standing_disputes_and_sources(
    client: TestClient,
) -> None:
    response = client.get("/twinnings/coventry--volgograd", params={"as_of": "2022-04-01"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["id"] == "coventry--volgograd"
    assert {record["a"]["id"], record["b"]["id"]} == {"coventry", "volgograd"}
    assert record["status"]["status"] == "suspended"
    assert record["status"]["since"] == "2022-03-22"
    pause = [e for e in record["events"] if e["step"] == "coventry-volgograd-pause-2022"]
    assert sorted(e["standing"] for e in pause) == [
        "accepted",
        "disputed",
        "supporting",
        "supporting",
    ]
    (article,) = [e for e in pause if e["standing"] == "disputed"]
    assert (article["date"], article["citation"]["source_id"]) == (
        "2022-02-22",
        "sister-city-article",
    )
    (note,) = record["disputes"]
    assert "22 February 2022 (disputed)" in note
    cited = {e["citation"]["source_id"] for e in record["events"]}
    assert cited <= set(record["sources"])
    assert record["sources"]["guardian-2022-03-23-coventry"]["published"] == "2022-03-23"


def test_the_pair_may_be_named_in_either_order_and_the_date_moves_the_status(
    client: TestClient,
) -> None:
    before = client.get("/twinnings/volgograd--coventry", params={"as_of": "2022-03-01"})
    assert before.status_code == 200, before.text
    assert before.json()["id"] == "coventry--volgograd"
    assert before.json()["status"]["status"] == "active"
    undisputed = client.get("/twinnings/bursa--plovdiv").json()
    assert undisputed["disputes"] == []
    assert {e["standing"] for e in undisputed["events"]} == {"accepted", "supporting"}


@pytest.mark.parametrize(
    ("ref", "status"),
    [
        ("coventry--nowhere", 404),
        ("coventry--coventry", 422),
        ("coventry-volgograd", 422),
        ("a--b--c", 422),
    ],
)
def test_bad_or_unknown_twinnings_are_one_line_errors(
    client: TestClient, ref: str, status: int
) -> None:
    response = client.get(f"/twinnings/{ref}")
    assert response.status_code == status, response.text
    assert "\n" not in response.json()["detail"]


def test_openapi_documents_the_record(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    operation = document["paths"]["/twinnings/{twinning_id}"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/TwinningRecordOut")
    fields = document["components"]["schemas"]["TwinningRecordOut"]["properties"]
    assert {"events", "status", "disputes", "sources"} <= set(fields)
    assert {p["name"] for p in operation["parameters"]} == {"twinning_id", "as_of"}


def test_the_record_gives_first_and_last_attested_and_not_listed_questions(
    client: TestClient,
) -> None:
    record = client.get("/twinnings/coventry--volgograd").json()
    dates = sorted(
        s["published"] or s["retrieved"]
        for s in record["sources"].values()
        if s["published"] or s["retrieved"]
    )
    assert record["first_attested"] is not None
    assert record["first_attested"] <= record["last_attested"]
    assert record["last_attested"] == dates[-1].lstrip("~")[: len(record["last_attested"])]
    # curated reports are no publisher's successive lists: nothing to ask
    assert record["not_listed_since"] == []
    fields = client.get("/openapi.json").json()["components"]["schemas"]["NotListedOut"]
    assert {"source", "since", "last_listed_by", "last_listed", "question"} <= set(
        fields["properties"]
    )
