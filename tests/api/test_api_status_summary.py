"""The place panel's status summary (issue 14): a place's partners counted by status as of a
date, before the list."""

from __future__ import annotations

from collections import Counter

from fastapi.testclient import TestClient

from twintowns.model import Status
from twintowns.model.summary import status_summary


def test_the_summary_counts_statuses_in_order_and_leaves_out_the_empty_ones() -> None:
    found = status_summary([Status.UNKNOWN, Status.ACTIVE, Status.ENDED, Status.ACTIVE])
    assert found == {"active": 2, "ended": 1, "unknown": 1}
    assert list(found) == ["active", "ended", "unknown"]
    assert status_summary([]) == {}


def test_a_places_partners_come_with_their_status_summary(client: TestClient) -> None:
    view = client.get("/places/coventry/twinnings", params={"as_of": "2022-04-01"}).json()
    counted = Counter(p["status"]["status"] for p in view["partners"])
    assert view["status_summary"] == {s: n for s, n in view["status_summary"].items() if n}
    assert Counter(view["status_summary"]) == counted
    assert view["status_summary"]["suspended"] >= 1  # Volgograd, paused in March 2022
    before = client.get("/places/coventry/twinnings", params={"as_of": "2021-01-01"}).json()
    assert "suspended" not in before["status_summary"]
