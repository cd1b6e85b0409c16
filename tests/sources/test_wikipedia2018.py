"""The circa 2016–2018 Wikipedia scrape source: real excerpts, broken rows, the shipped file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from twintowns.errors import DataFileError
from twintowns.model import RawClaim, RowProblem
from twintowns.sources.base import ClaimSource
from twintowns.sources.wikipedia2018 import FILE, FOLDER, Wikipedia2018Source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "world"
BROKEN = FIXTURES / "broken"


def read(source: ClaimSource) -> tuple[list[RawClaim], list[RowProblem]]:
    problems: list[RowProblem] = []
    return list(source.claims(problems.append)), problems


def pair(claim: RawClaim) -> tuple[str, str]:
    return claim.claimant.name, claim.partner.name


@pytest.fixture(scope="module")
def shipped() -> tuple[list[RawClaim], list[RowProblem]]:
    return read(Wikipedia2018Source.bundled())


def test_fixture_lines_are_real_lines_of_the_shipped_file() -> None:
    shipped_lines = set(Wikipedia2018Source.bundled().path.read_bytes().split(b"\n"))
    fixture_lines = (FIXTURES / FOLDER / FILE).read_bytes().splitlines()
    assert len(fixture_lines) == 41
    assert all(line in shipped_lines for line in fixture_lines)


def test_rows_are_host_claims_with_the_page_country() -> None:
    claims, problems = read(Wikipedia2018Source.from_directory(FIXTURES / FOLDER))
    assert problems == []
    assert len(claims) == 40
    assert [c.locator for c in claims] == [f"sister_cities.csv:{n}" for n in range(2, 42)]
    gering = claims[1]
    assert (gering.claimant.name, gering.claimant.country) == ("Bamyan", "Afghanistan")
    # Partners are Wikipedia titles, disambiguation included, and have no country.
    assert (gering.partner.name, gering.partner.country) == ("Gering, Nebraska", None)


def test_the_restarting_row_index_is_ignored() -> None:
    claims, _ = read(Wikipedia2018Source.from_directory(FIXTURES / FOLDER))
    assert ("Binn", "Arbon") in {pair(c) for c in claims}


def test_coventry_volgograd_is_claimed_by_both_sides() -> None:
    claims, _ = read(Wikipedia2018Source.from_directory(FIXTURES / FOLDER))
    by_pair = {pair(c): c for c in claims}
    assert by_pair["Coventry", "Volgograd"].claimant.country == "United Kingdom"
    assert by_pair["Volgograd", "Coventry"].claimant.country == "Russia"
    assert {("Prague", "Moscow"), ("Prague", "Saint Petersburg")} <= set(by_pair)


def test_broken_rows_are_reported_with_their_line_and_skipped() -> None:
    claims, problems = read(Wikipedia2018Source(BROKEN / "broken_rows_wikipedia2018.csv"))
    assert [(c.locator, pair(c), c.claimant.country) for c in claims] == [
        ("broken_rows_wikipedia2018.csv:2", ("Coventry", "Arnhem"), "United Kingdom"),
        ("broken_rows_wikipedia2018.csv:6", ("Coventry", "Cork"), None),
    ]
    assert [(p.line, p.message) for p in problems] == [
        (3, "empty city"),
        (4, "expected 4 fields, found 3"),
        (5, "empty sister"),
    ]


def test_a_file_with_another_header_is_an_error() -> None:
    with pytest.raises(DataFileError, match="unexpected header"):
        read(Wikipedia2018Source(BROKEN / "broken_rows_generic.csv"))


def test_info_is_undated_and_says_circa() -> None:
    info = Wikipedia2018Source.bundled().info
    assert info.id == "wikipedia-sister-cities-circa2018"
    assert info.retrieved is None
    assert "circa 2016–2018" in info.title
    assert info.licence == "CC-BY-SA-4.0"


def test_shipped_file_has_every_row_and_no_problem(
    shipped: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, problems = shipped
    assert problems == []
    assert len(claims) == 25_817  # PROVENANCE.md: 25,817 rows
    assert claims[-1].locator == "sister_cities.csv:25818"
    assert len({pair(c) for c in claims}) == 25_816  # ... 25,816 distinct (city, sister)
    hosts = Counter(c.claimant.country for c in claims)
    assert len(hosts) == 165
    assert hosts["United States"] == 3_031
    assert all(c.partner.country is None for c in claims)


def test_shipped_file_has_coventry_volgograd(
    shipped: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, _ = shipped
    coventry = [c.locator for c in claims if pair(c) == ("Coventry", "Volgograd")]
    assert coventry == ["sister_cities.csv:21241"]
    assert ("Volgograd", "Coventry") in {pair(c) for c in claims}
    names = {m.name for c in claims for m in (c.claimant, c.partner)}
    # The pre-2020 spelling dates the scrape.
    assert "Kiev" in names
    assert "Kyiv" not in names
