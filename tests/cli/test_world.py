"""Issue 3's done-means, on the bundled world registry: homonyms, quality, review."""

from __future__ import annotations

import json
from typing import Any

import pytest

from support.cli import Invoke


def partners(invoke: Invoke, query: str) -> set[str]:
    result = invoke("show", query, "--json")
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return {p["partner_name"] for p in payload["partners"]}


def test_cambridge_asks_which(invoke: Invoke) -> None:
    result = invoke("show", "Cambridge")
    assert result.exit_code == 2
    assert "Which Cambridge?" in result.stdout
    assert "Massachusetts" in result.stdout
    assert "England" in result.stdout


def test_cambridge_england_has_heidelberg_and_massachusetts_does_not(invoke: Invoke) -> None:
    england = partners(invoke, "Cambridge, England")
    massachusetts = partners(invoke, "Cambridge, Massachusetts")
    assert "Heidelberg" in england
    assert "Heidelberg" not in massachusetts
    assert {"Kraków", "Coimbra", "Tsukuba", "Yerevan"} <= massachusetts
    assert not {"Kraków", "Tsukuba", "Yerevan"} & england


def test_the_two_frankfurts_have_disjoint_partners(invoke: Invoke) -> None:
    oder = partners(invoke, "Frankfurt (Oder)")
    main = partners(invoke, "Frankfurt am Main")
    assert not oder & main
    assert "Słubice" in oder  # across the Oder
    assert {"Lyon", "Milan", "Birmingham"} <= main


@pytest.mark.slow  # 35 s: the whole-registry checks on the world (keeps `make test` under 10 min)
def test_quality_json_has_the_counts(invoke: Invoke) -> None:
    result = invoke("quality", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["places"] >= 17_000
    assert report["twinnings"] >= 25_000
    assert len(report["largest_problems"]) == 3
    explained = {
        (c["a_name"], c["b_name"]) for c in report["lapsed_candidates"] if c["explained_by"]
    }
    assert ("Coventry", "Volgograd") in explained
    human = invoke("quality").stdout
    assert "lapsed? candidates explained by curated events" in human


def test_review_queue_lists_and_refuses_unknown_items(invoke: Invoke) -> None:
    listing = invoke("review", "--limit", "3")
    assert listing.exit_code == 0, listing.output
    assert "Resolutions to review" in listing.stdout
    missing = invoke("review", "accept", "999999999")
    assert missing.exit_code == 2
    assert "no review item" in missing.stderr
