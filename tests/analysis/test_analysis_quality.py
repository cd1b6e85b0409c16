"""The graph checks of the quality report (twintowns.quality.checks) on the lab's fixture,
and the lab report's tables of them."""

from __future__ import annotations

from twintowns.analysis import RegistryData
from twintowns.analysis.report import quality_frames
from twintowns.quality import run_checks


def test_quality_counts(six_data: RegistryData) -> None:
    found = run_checks(six_data.places, six_data.twinnings)
    assert {c.name: c.count for c in found} == {
        "one-sided links": 1,  # epsilon--toledo-es, claimed by toledo-es only
        "unclaimed links": 7,
        "duplicates across levels": 1,  # Toledo, ES: the city and the province
        "non-town endpoints": 1,  # toledo-province
        "missing coordinates": 3,  # gone, paused, toledo-province
        "missing country": 1,  # paused
        "missing population": 4,  # epsilon, gone, paused, toledo-province
    }
    totals = {c.name: c.out_of for c in found}
    assert totals["one-sided links"] == 9
    assert totals["missing country"] == 9


def test_quality_details(six_data: RegistryData) -> None:
    _overview, details = quality_frames(six_data)
    one_sided = details["one-sided links"].iloc[0]
    assert (one_sided["twinning"], one_sided["claimant"]) == ("epsilon--toledo-es", "toledo-es")
    duplicate = details["duplicates across levels"].iloc[0]
    assert duplicate["places"] == "toledo-es, toledo-province"
    assert duplicate["levels"] == "city, province"
    assert duplicate["shared_partners"] == 1  # both are twinned with toledo-us
    assert details["missing country"]["place"].tolist() == ["paused"]
