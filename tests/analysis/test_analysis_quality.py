"""Data-quality checks (twintowns.analysis.quality)."""

from __future__ import annotations

from twintowns.analysis import RegistryData
from twintowns.analysis.quality import quality_report


def test_quality_counts(six_data: RegistryData) -> None:
    found = quality_report(six_data)
    counts = dict(zip(found.overview["check"], found.overview["count"], strict=True))
    assert counts == {
        "one-sided links": 1,  # epsilon--toledo-es, claimed by toledo-es only
        "unclaimed links": 7,
        "duplicates across levels": 1,  # Toledo, ES: the city and the province
        "non-town endpoints": 1,  # toledo-province
        "missing coordinates": 3,  # gone, paused, toledo-province
        "missing country": 1,  # paused
        "missing population": 4,  # epsilon, gone, paused, toledo-province
    }
    totals = dict(zip(found.overview["check"], found.overview["out_of"], strict=True))
    assert totals["one-sided links"] == 9
    assert totals["missing country"] == 9


def test_quality_details(six_data: RegistryData) -> None:
    details = quality_report(six_data).details
    one_sided = details["one-sided links"].iloc[0]
    assert (one_sided["twinning"], one_sided["claimant"]) == ("epsilon--toledo-es", "toledo-es")
    duplicate = details["duplicates across levels"].iloc[0]
    assert duplicate["places"] == "toledo-es, toledo-province"
    assert duplicate["levels"] == "city, province"
    assert duplicate["shared_partners"] == 1  # both are twinned with toledo-us
    assert details["missing country"]["place"].tolist() == ["paused"]
