"""`twintowns show`, `search`, `events` and `export` on the bundled curated registry."""

from __future__ import annotations

import json
from typing import Any

from support.cli import Invoke


def partner(payload: dict[str, Any], name: str) -> dict[str, Any]:
    matches = [p for p in payload["partners"] if p["partner_name"] == name]
    assert len(matches) == 1, [p["partner_name"] for p in payload["partners"]]
    return matches[0]


def test_coventry_before_2022_has_volgograd_active_since_1944(invoke: Invoke) -> None:
    result = invoke("show", "Coventry", "--as-of", "2021-12-31", "--json")
    assert result.exit_code == 0, result.output
    volgograd = partner(json.loads(result.stdout), "Volgograd")
    assert volgograd["status"]["status"] == "active"
    assert volgograd["since"] == "1944"
    human = invoke("show", "Coventry", "--as-of", "2021-12-31")
    assert "active since 1944" in human.stdout


def test_coventry_in_2023_has_volgograd_suspended_with_citation(invoke: Invoke) -> None:
    result = invoke("show", "Coventry", "--as-of", "2023-01-01", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    volgograd = partner(payload, "Volgograd")
    assert volgograd["status"]["status"] == "suspended"
    assert volgograd["status"]["since"] == "2022-03-22"  # the BBC's report, not the article
    cited = volgograd["status"]["event"]["citation"]["source_id"]
    assert payload["sources"][cited]["url"].startswith("https://")
    human = invoke("show", "Coventry", "--as-of", "2023-01-01").stdout
    assert "suspended since 2022-03-22" in human
    assert "Sister city" in human  # the article's claim stays cited (as disputed)
    assert "BBC News" in human


def test_coventry_in_1950_calls_its_partner_stalingrad(invoke: Invoke) -> None:
    payload = json.loads(invoke("show", "Coventry", "--as-of", "1950", "--json").stdout)
    names = {p["partner_name"] for p in payload["partners"]}
    assert "Stalingrad" in names
    assert "Dresden" not in names  # twinned only in 1956


def test_rome_has_paris_exclusive_and_reciprocal(invoke: Invoke) -> None:
    payload = json.loads(invoke("show", "Rome", "--json").stdout)
    paris = partner(payload, "Paris")
    assert paris["exclusive_reciprocal"] is True
    assert paris["since"] == "1956-01-30"  # 9 April 1956 (the article) is disputed
    assert "exclusive and reciprocal" in invoke("show", "Rome").stdout


def test_events_since_2022_lists_the_suspensions(invoke: Invoke) -> None:
    result = invoke("events", "--type", "suspension,termination", "--since", "2022-01-01", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    coventry = {
        e["event"]["date"]: e["event"]["standing"]
        for e in items
        if {e["a_name"], e["b_name"]} == {"Coventry", "Volgograd"}
    }
    assert coventry == {"2022-02-22": "disputed", "2022-03-22": "accepted", "2022-03": "supporting"}
    melbourne = {
        (e["event"]["type"], e["event"]["date"], e["event"]["standing"])
        for e in items
        if "Melbourne" in (e["a_name"], e["b_name"])
    }
    assert ("suspension", "2022-02", "disputed") in melbourne  # the article's month
    assert ("suspension", "2022-03-01", "accepted") in melbourne
    assert ("termination", "2023-05", "accepted") in melbourne
    assert all(e["event"]["type"] in ("suspension", "termination") for e in items)
    assert all(e["event"]["date"] >= "2022" for e in items)
    human = invoke("events", "--type", "suspension,termination", "--since", "2022-01-01").stdout
    assert "2022-02-22" in human
    assert "(disputed claim)" in human
    assert "Melbourne" in human


def test_search_is_accent_insensitive(invoke: Invoke) -> None:
    result = invoke("search", "dusseldorf", "--json")
    assert result.exit_code == 0, result.output
    assert [p["id"] for p in json.loads(result.stdout)][:1] == ["dusseldorf"]


def test_export_formats_carry_attribution(invoke_curated: Invoke) -> None:
    invoke = invoke_curated
    text = invoke("export", "--format", "json").stdout
    payload = json.loads(text)
    assert payload["attribution"]
    assert any(t["status"] == "suspended" for t in payload["twinnings"])
    geo = json.loads(invoke("export", "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"]["type"] == "LineString"
    table = invoke("export", "--format", "csv").stdout.splitlines()
    assert table[0].startswith("id,a_id,a_name,a_country,a_level,a_latitude")
    assert len(table) == len(payload["twinnings"]) + 1


# --- names as people know them (issue 12): the CLI on the bundled world registry ---


def title(invoke: Invoke, query: str) -> str:
    result = invoke("show", query, "--json")
    assert result.exit_code == 0, result.output
    name: str = json.loads(result.stdout)["name"]
    return name


def test_show_finds_names_in_any_language(invoke: Invoke) -> None:
    assert title(invoke, "München") == "Munich"
    assert title(invoke, "東京") == "Tokyo"
    assert title(invoke, "New York") == "New York City"


def test_show_kiev_is_titled_kyiv(invoke: Invoke) -> None:
    assert title(invoke, "Kiev") == "Kyiv"
    assert invoke("show", "Kyiv").stdout.startswith("Kyiv (UA, city)")


def test_show_a_typo_suggests_the_name(invoke: Invoke) -> None:
    result = invoke("show", "Coventy")
    assert result.exit_code == 2
    assert "did you mean: Coventry (GB)" in result.output


def test_search_ranks_coventry_england_first_and_folds_accents(invoke: Invoke) -> None:
    found = json.loads(invoke("search", "Coventry", "--json").stdout)
    assert found[0]["id"] == "coventry"
    assert found[1]["countries"][0]["iso"] == "US"
    assert json.loads(invoke("search", "dusseldorf", "--json").stdout)[0]["id"] == "dusseldorf"


def test_search_bounds_its_input(invoke: Invoke) -> None:
    result = invoke("search", "x" * 50_000)
    assert result.exit_code == 2
    assert "(at most 200)" in result.output
    assert json.loads(invoke("search", "%", "--json").stdout) == []
