"""Issue 21's remaining re-checks as data (`28-claims-recheck-more.yaml`), seen through `show`:
Turin's accord and motion, Preston-Nablus's rejection, the Turkish-Bulgarian endings of 2009,
Vancouver-Odessa's day, Toledo's 1931 against 1934, and Coventry-Dresden's 1959."""

from __future__ import annotations

import json
from typing import Any

from support.cli import Invoke


def _partner(invoke: Invoke, place: str, as_of: str, name: str) -> tuple[dict[str, Any], Any]:
    result = invoke("show", place, "--as-of", as_of, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    (found,) = [p for p in payload["partners"] if p["partner_name"] == name]
    return found, payload["sources"]


def _cited(partner: dict[str, Any]) -> str:
    source_id: str = partner["status"]["event"]["citation"]["source_id"]
    return source_id


def test_turin_has_a_cooperation_accord_and_a_motion_not_a_suspension(invoke: Invoke) -> None:
    spb, sources = _partner(invoke, "Turin", "2014-01-01", "Saint Petersburg")
    assert spb["status"]["status"] == "active"
    assert spb["status"]["since"] == "2012-11-15"
    assert sources[_cited(spb)]["publisher"] == "La Stampa"
    (motion,) = [e for e in spb["events"] if e["type"] == "dispute"]
    assert motion["date"] == "2013-04"
    assert motion["standing"] == "accepted"
    assert sources[motion["citation"]["source_id"]]["published"] == "2013-04"
    (article,) = [e for e in spb["events"] if e["type"] == "suspension"]
    assert article["standing"] == "disputed"
    assert article["citation"]["source_id"] == "sister-city-article"  # kept, never edited
    (note,) = spb["disputes"]
    assert "dispute in April 2013 (accepted)" in note
    assert "suspension in 2013 (disputed)" in note


def test_preston_nablus_proposal_ends_in_the_council_s_rejection(invoke: Invoke) -> None:
    nablus, sources = _partner(invoke, "Preston", "2004-01-01", "Nablus")
    assert nablus["status"]["status"] == "ended"
    assert sources[_cited(nablus)]["published"] == "2003-11-01"
    vote = [e for e in nablus["events"] if e["date"] == "2003-10-30"]
    assert [(e["type"], e["standing"]) for e in vote] == [("termination", "supporting")]
    assert sources[vote[0]["citation"]["source_id"]]["publisher"] == "Lancashire Telegraph"
    assert any(e["type"] == "proposal" for e in nablus["events"])
    human = invoke("show", "Preston", "--as-of", "2004-01-01").stdout
    assert "Preston rejects Nablus twinning" in human


def test_the_turkish_bulgarian_endings_of_march_2009(invoke: Invoke) -> None:
    pairs = (("Plovdiv", "Bursa"), ("Dobrich", "Kırklareli"), ("Shumen", "Adapazarı"))
    for place, partner in pairs:
        found, sources = _partner(invoke, place, "2010-01-01", partner)
        assert found["status"]["status"] == "ended", place
        assert found["status"]["since"] == "~2009-03", place
        assert sources[_cited(found)]["published"].startswith("2009-03"), place
    bursa, _ = _partner(invoke, "Plovdiv", "2010-01-01", "Bursa")
    assert {e["citation"]["source_id"] for e in bursa["events"]} == {
        "sofiaecho-2009-03-12-sister-cities",
        "eurasia-2009-03-13-sever-ties",
        "bnn-2009-03-11-twinning-agreements",
    }
    assert all(e["standing"] != "disputed" for e in bursa["events"])


def test_vancouver_adopted_odessa_on_14_august_1944(invoke: Invoke) -> None:
    odessa, sources = _partner(invoke, "Vancouver", "1944-09-01", "Odessa")
    assert odessa["status"]["status"] == "active"
    assert odessa["status"]["since"] == "1944-08-14"
    assert "arcabc" in sources[_cited(odessa)]["url"]
    article = [e for e in odessa["events"] if e["date"] == "1944"]
    assert [e["standing"] for e in article] == ["supporting"]  # the year agrees, less precisely
    before = json.loads(invoke("show", "Vancouver", "--as-of", "1944-08-01", "--json").stdout)
    assert "Odessa" not in {p["partner_name"] for p in before["partners"]}  # not yet adopted


def test_toledo_1931_is_accepted_and_the_1934_claim_disputed(invoke: Invoke) -> None:
    toledo, sources = _partner(invoke, "Toledo, Spain", "1932-01-01", "Toledo")
    assert toledo["status"]["status"] == "active"
    assert toledo["status"]["since"] == "1931"
    assert sources[_cited(toledo)]["publisher"] == "The Blade (Toledo)"
    later = [e for e in toledo["events"] if e["type"] == "signing" and e["date"] == "1934"]
    assert [e["standing"] for e in later] == ["disputed"]
    (note,) = toledo["disputes"]
    assert "signing in 1934 (disputed)" in note
    (visit,) = [e for e in toledo["events"] if e["type"] == "delegation"]
    assert (visit["date"], visit["end_date"]) == ("1934-05-30", "1934-06-05")


def test_coventry_dresden_linked_in_1956_and_twinned_on_13_february_1959(invoke: Invoke) -> None:
    early, sources = _partner(invoke, "Coventry", "1957-01-01", "Dresden")
    assert early["status"]["status"] == "active"
    assert early["status"]["event"]["type"] == "informal_link"
    dresden, _ = _partner(invoke, "Coventry", "1960-01-01", "Dresden")
    signings = {(e["date"], e["standing"]) for e in dresden["events"] if e["type"] == "signing"}
    assert ("1959-02-13", "accepted") in signings
    assert ("1956", "disputed") in signings
    (note,) = dresden["disputes"]
    assert "signing on 13 February 1959 (accepted)" in note
    assert "signing in 1956 (disputed)" in note
    assert any(s["publisher"].startswith("Landeshauptstadt Dresden") for s in sources.values())
