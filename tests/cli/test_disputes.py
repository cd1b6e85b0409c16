"""Issue 21's done-means: disputed claims in `show` and the 2022 wave in `events`."""

from __future__ import annotations

import json
import re
from typing import Any

from support.cli import Invoke


def _partner(payload: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [p for p in payload["partners"] if p["partner_name"] == name]
    return found


def test_coventry_on_1_march_2022_has_volgograd_active_with_the_dispute_noted(
    invoke: Invoke,
) -> None:
    result = invoke("show", "Coventry", "--as-of", "2022-03-01")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "Volgograd" in line)
    assert "active since 1944" in row
    notes = [line for line in result.stdout.splitlines() if line.startswith("Disputed")]
    assert any("Volgograd" in n and "22 February 2022 (disputed)" in n for n in notes), notes
    volgograd = _partner(
        json.loads(invoke("show", "Coventry", "--as-of", "2022-03-01", "--json").stdout),
        "Volgograd",
    )
    assert volgograd["status"]["status"] == "active"
    assert volgograd["status"]["certain"] is True
    assert volgograd["disputes"]


def test_coventry_on_1_april_2022_has_volgograd_suspended_citing_march_reports(
    invoke: Invoke,
) -> None:
    payload = json.loads(invoke("show", "Coventry", "--as-of", "2022-04-01", "--json").stdout)
    volgograd = _partner(payload, "Volgograd")
    assert volgograd["status"]["status"] == "suspended"
    assert volgograd["status"]["since"] == "2022-03-22"
    cited = volgograd["status"]["event"]["citation"]["source_id"]
    assert payload["sources"][cited]["publisher"] == "BBC News"
    assert payload["sources"][cited]["published"].startswith("2022-03")
    article = [e for e in volgograd["events"] if e["date"] == "2022-02-22"]
    assert [e["standing"] for e in article] == ["disputed"]
    assert article[0]["citation"]["source_id"] == "sister-city-article"  # kept, never edited
    (note,) = volgograd["disputes"]
    assert "BBC News says suspension on 22 March 2022 (accepted)" in note
    assert "The Guardian and ITV News Central say suspension in March 2022" in note
    assert "says suspension on 22 February 2022 (disputed)" in note
    human = invoke("show", "Coventry", "--as-of", "2022-04-01").stdout
    assert "suspended since 2022-03-22" in human
    assert "The Guardian" in human
    assert "published 2022-03-23" in human


def test_prague_on_1_january_2015_has_moscow_and_st_petersburg_suspended_not_ended(
    invoke: Invoke,
) -> None:
    payload = json.loads(invoke("show", "Prague", "--as-of", "2015-01-01", "--json").stdout)
    for name in ("Moscow", "Saint Petersburg"):
        partner = _partner(payload, name)
        assert partner["status"]["status"] == "suspended", name
        assert partner["status"]["since"] == "2014-09-02", name
        assert any("termination in 2014 (disputed)" in n for n in partner["disputes"]), name
    human = invoke("show", "Prague", "--as-of", "2015-01-01").stdout
    assert "suspended since 2014-09-02" in human
    assert re.search(r"\bended\b", human) is None


def test_events_since_the_invasion_list_the_2022_wave_with_sources(invoke: Invoke) -> None:
    args = ("events", "--type", "suspension,termination", "--since", "2022-02-24")
    items = json.loads(invoke(*args, "--json").stdout)
    accepted = [e for e in items if e["event"]["standing"] == "accepted"]
    assert len({e["twinning_id"] for e in accepted}) >= 60
    assert all(e["event"]["date"][:4] >= "2022" for e in items)  # "2022": may be after
    assert all(e["source"] and e["source"]["url"].startswith("http") for e in items)
    pairs = {frozenset((e["a_name"], e["b_name"])) for e in accepted}
    assert frozenset(("Glasgow", "Rostov-on-Don")) in pairs
    assert frozenset(("Coventry", "Volgograd")) in pairs
    human = invoke(*args).stdout
    assert "Glasgow" in human
    assert "Rostov-on-Don" in human
