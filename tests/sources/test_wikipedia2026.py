"""The February 2026 Wikipedia scrape source: real excerpts, broken rows, the whole shipped file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from twintowns.errors import DataFileError
from twintowns.model import RawClaim, RowProblem
from twintowns.sources.base import ClaimSource
from twintowns.sources.wikipedia2026 import (
    FOLDER,
    GEOCODED_FILE,
    RAW_FILE,
    Wikipedia2026Source,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "world"
BROKEN = FIXTURES / "broken"


def read(source: ClaimSource) -> tuple[list[RawClaim], list[RowProblem]]:
    problems: list[RowProblem] = []
    return list(source.claims(problems.append)), problems


def pair(claim: RawClaim) -> tuple[str, str]:
    return claim.claimant.name, claim.partner.name


@pytest.fixture(scope="module")
def shipped() -> tuple[list[RawClaim], list[RowProblem]]:
    return read(Wikipedia2026Source.bundled())


@pytest.mark.parametrize("name", [RAW_FILE, GEOCODED_FILE])
def test_fixture_lines_are_real_lines_of_the_shipped_file(name: str) -> None:
    shipped_lines = set((Wikipedia2026Source.bundled().raw.parent / name).read_bytes().split(b"\n"))
    fixture_lines = (FIXTURES / FOLDER / name).read_bytes().splitlines()
    assert fixture_lines
    assert all(line in shipped_lines for line in fixture_lines)


def test_fixture_rows_become_host_claims_in_file_order() -> None:
    claims, problems = read(Wikipedia2026Source.from_directory(FIXTURES / FOLDER))
    assert problems == []
    assert len(claims) == 29
    assert [c.locator for c in claims] == [f"twin_cities_raw.csv:{n}" for n in range(2, 31)]
    first = claims[0]
    assert (first.claimant.name, first.claimant.country) == ("Berat", "Albania")
    assert (first.partner.name, first.partner.country) == ("Amasya", "Turkey")
    assert (first.partner.lat, first.partner.lon) == (40.65, 35.8331)
    assert (first.kind, first.events, first.asserted) == (None, (), True)


def test_names_and_countries_are_kept_as_written() -> None:
    claims, _ = read(Wikipedia2026Source.from_directory(FIXTURES / FOLDER))
    by_pair = {pair(c): c for c in claims}
    brussels = by_pair["Brussels", "Washington, D.C."]  # a quoted comma
    assert brussels.partner.country == "United States"
    varna = by_pair["Ningbo", "Varna, Bulgaria"]
    assert varna.partner.country is None  # the page gives no country: not a problem
    assert (varna.partner.lat, varna.partner.lon) == (43.2167, 27.9167)
    assert by_pair["Portsmouth", "Falkland Islands"].partner.country is None


def test_places_only_in_dropped_pairs_have_no_coordinates() -> None:
    claims, _ = read(Wikipedia2026Source.from_directory(FIXTURES / FOLDER))
    by_pair = {pair(c): c for c in claims}
    bland = by_pair["Bland", "Dull"]
    assert bland.partner.country == "Scotland, United Kingdom"
    assert (bland.claimant.lat, bland.partner.lat) == (None, None)
    assert by_pair["Brussels", "Washington, D.C."].partner.lat is None
    # Coventry is located by its other, geocoded rows.
    assert by_pair["Coventry", "Dresden"].claimant.lat is not None


def test_coventry_lists_dresden_but_not_volgograd() -> None:
    claims, _ = read(Wikipedia2026Source.from_directory(FIXTURES / FOLDER))
    partners = [c.partner.name for c in claims if c.claimant.name == "Coventry"]
    assert len(partners) == 22
    assert "Dresden" in partners
    assert not {"Volgograd", "Stalingrad"} & set(partners)


def test_without_the_geocoded_file_no_coordinates_are_given() -> None:
    source = Wikipedia2026Source(FIXTURES / FOLDER / RAW_FILE)
    claims, problems = read(source)
    assert problems == []
    assert len(claims) == 29
    assert all(m.lat is None and m.lon is None for c in claims for m in (c.claimant, c.partner))


def test_broken_rows_are_reported_with_their_line_and_skipped() -> None:
    claims, problems = read(Wikipedia2026Source(BROKEN / "broken_rows_wikipedia2026.csv"))
    assert [c.locator for c in claims] == [
        "broken_rows_wikipedia2026.csv:2",
        "broken_rows_wikipedia2026.csv:7",
        "broken_rows_wikipedia2026.csv:10",
    ]
    assert [p.line for p in problems] == [3, 4, 5, 6, 8, 11]
    assert all(p.path == str(BROKEN / "broken_rows_wikipedia2026.csv") for p in problems)
    messages = [p.message for p in problems]
    assert messages[0] == "expected 4 fields, found 3"
    assert messages[1] == "empty host city (city1)"
    assert messages[2] == "expected 4 fields, found 5"
    assert messages[3] == "empty partner city (city2)"
    assert messages[4] == "not valid utf-8: undecodable byte 0xE8"
    assert "runs on to line 12" in messages[5]


def test_bad_geocoded_rows_only_cost_their_coordinates() -> None:
    source = Wikipedia2026Source(
        FIXTURES / FOLDER / RAW_FILE, BROKEN / "broken_geocoded_wikipedia2026.csv"
    )
    claims, problems = read(source)
    assert len(claims) == 29
    assert [(Path(p.path).name, p.line) for p in problems] == [
        ("broken_geocoded_wikipedia2026.csv", 3),
        ("broken_geocoded_wikipedia2026.csv", 4),
    ]
    assert problems[0].message == "city1 latitude 'north' is not a number"
    assert problems[1].message == "city2 longitude '413.73' is outside -180..180"
    located = {m.name for c in claims for m in (c.claimant, c.partner) if m.lat is not None}
    assert located == {"Berat", "Amasya"}


def test_a_file_with_another_header_is_an_error() -> None:
    source = Wikipedia2026Source(FIXTURES / FOLDER / GEOCODED_FILE)
    with pytest.raises(DataFileError, match="unexpected header"):
        read(source)


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read file"):
        read(Wikipedia2026Source(tmp_path / RAW_FILE))


def test_info_cites_the_list_pages_at_the_snapshot_date() -> None:
    info = Wikipedia2026Source.bundled().info
    assert info.id == "wikipedia-twin-cities-2026"
    assert str(info.retrieved) == "2026-02-08"
    assert info.licence == "CC-BY-SA-4.0 AND ODbL-1.0"
    assert info.url == "https://en.wikipedia.org/wiki/Lists_of_twin_towns_and_sister_cities"


def test_shipped_file_has_every_raw_row_and_no_problem(
    shipped: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, problems = shipped
    assert problems == []
    assert len(claims) == 26_114  # PROVENANCE.md: 26,114 pairs
    assert claims[-1].locator == "twin_cities_raw.csv:26115"
    assert len({(*pair(c), c.claimant.country, c.partner.country) for c in claims}) == 26_114
    hosts = Counter(c.claimant.country for c in claims)
    assert len(hosts) == 79
    assert hosts["Germany"] == 2_159
    assert hosts["England"] == 1_221


def test_shipped_coordinates_cover_all_but_the_dropped_pairs(
    shipped: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, _ = shipped
    unlocated = [c for c in claims if c.claimant.lat is None or c.partner.lat is None]
    # The 197 dropped pairs lack a side's coordinates unless another row located it.
    assert 0 < len(unlocated) <= 197
    assert sum(c.claimant.lat is None for c in claims) == 30
    assert sum(c.partner.lat is None for c in claims) == 182


def test_shipped_file_lacks_coventry_volgograd(
    shipped: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, _ = shipped
    coventry = {c.partner.name for c in claims if c.claimant.name == "Coventry"}
    assert "Dresden" in coventry
    assert not {"Volgograd", "Stalingrad"} & coventry
    volgograd = {c.partner.name for c in claims if c.claimant.name == "Volgograd"}
    assert "Ortona" in volgograd
    assert "Coventry" not in volgograd
    assert ("Rome", "Paris") not in {pair(c) for c in claims}  # Rome hosts no rows
    assert ("Paris", "Rome") in {pair(c) for c in claims}
