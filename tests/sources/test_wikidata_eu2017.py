"""The 2017 Wikidata EU query source: real excerpts, de-duplication, broken rows, shipped files."""

from __future__ import annotations

from pathlib import Path

import pytest

from twintowns.errors import DataFileError
from twintowns.model import RawClaim, RowProblem
from twintowns.sources.base import ClaimSource
from twintowns.sources.wikidata_eu2017 import FOLDER, WikidataEU2017Source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "world"
BROKEN = FIXTURES / "broken"


def read(source: ClaimSource) -> tuple[list[RawClaim], list[RowProblem]]:
    problems: list[RowProblem] = []
    return list(source.claims(problems.append)), problems


def pair(claim: RawClaim) -> tuple[str, str]:
    return claim.claimant.name, claim.partner.name


@pytest.fixture(scope="module")
def fixture_claims() -> list[RawClaim]:
    claims, problems = read(WikidataEU2017Source.from_directory(FIXTURES / FOLDER))
    assert problems == []
    return claims


@pytest.fixture(scope="module")
def shipped() -> tuple[list[RawClaim], list[RowProblem]]:
    return read(WikidataEU2017Source.bundled())


def test_fixture_lines_are_real_lines_of_the_shipped_files() -> None:
    shipped_dir = WikidataEU2017Source.bundled().paths[0].parent
    fixture_files = sorted((FIXTURES / FOLDER).glob("*.tsv"))
    assert len(fixture_files) == 5
    for path in fixture_files:
        shipped_lines = set((shipped_dir / path.name).read_bytes().split(b"\n"))
        assert all(line in shipped_lines for line in path.read_bytes().splitlines())


def test_rows_are_origin_claims_with_coordinates_and_population(
    fixture_claims: list[RawClaim],
) -> None:
    coventry = next(c for c in fixture_claims if pair(c) == ("Coventry", "Volgograd"))
    assert coventry.locator == "uk.tsv:5"
    assert (coventry.claimant.country, coventry.partner.country) == ("United Kingdom", "Russia")
    assert (coventry.claimant.lat, coventry.claimant.lon) == (52.416666666667, -1.5166666666667)
    assert coventry.claimant.population is None  # empty in the file
    assert (coventry.partner.lat, coventry.partner.population) == (48.7, 1016137)


def test_files_are_read_in_name_order_and_rows_in_file_order(
    fixture_claims: list[RawClaim],
) -> None:
    files = [c.locator.split(":")[0] for c in fixture_claims]
    assert files == sorted(files)
    assert fixture_claims[0].locator == "bulgaria.tsv:2"


def test_rows_differing_only_in_population_or_distance_are_one_claim(
    fixture_claims: list[RawClaim],
) -> None:
    assert len(fixture_claims) == 18  # 20 rows, 2 repeats
    obzor = [c.locator for c in fixture_claims if c.claimant.name == "Obzor"]
    assert obzor == ["bulgaria.tsv:2"]  # bulgaria.tsv:3 differs only in dist
    gorna = [c for c in fixture_claims if c.claimant.name == "Gorna Oryahovitsa"]
    assert [(c.locator, c.claimant.population) for c in gorna] == [("bulgaria.tsv:4", 32792)]


def test_rows_with_other_coordinates_stay_apart(fixture_claims: list[RawClaim]) -> None:
    miskolc = [c for c in fixture_claims if pair(c) == ("Burgas", "Miskolc")]
    assert [c.locator for c in miskolc] == ["bulgaria.tsv:5", "bulgaria.tsv:7"]
    ennery = [c for c in fixture_claims if pair(c) == ("Ennery", "Ennery")]
    assert len(ennery) == 2  # Moselle -> Val-d'Oise and back: two places, one label
    assert ennery[0].claimant.lat == ennery[1].partner.lat


def test_qid_labels_fill_the_qid(fixture_claims: list[RawClaim]) -> None:
    unlabelled = [c.partner for c in fixture_claims if c.partner.qid is not None]
    assert [(m.name, m.qid, m.country) for m in unlabelled] == [
        ("Q12875763", "Q12875763", "Greece"),
        ("Q12238236", "Q12238236", "Greece"),
    ]
    assert all(c.claimant.qid is None for c in fixture_claims)


def test_populations_that_are_not_whole_numbers_are_dropped(
    fixture_claims: list[RawClaim],
) -> None:
    by_pair = {pair(c): c for c in fixture_claims}
    assert by_pair["Metz", "Yichang"].partner.population is None  # "411.5"
    assert by_pair["Cádiz", "Santa Fe de Antioquia"].partner.population is None  # "22.764"
    assert by_pair["Cádiz", "Santa Fe de Antioquia"].claimant.population == 118919


def test_broken_rows_are_reported_with_their_line_and_skipped() -> None:
    claims, problems = read(WikidataEU2017Source((BROKEN / "broken_rows_eu2017.tsv",)))
    assert [(c.locator, c.partner.name, c.partner.population) for c in claims] == [
        ("broken_rows_eu2017.tsv:2", "Volgograd", 1016137),
        ("broken_rows_eu2017.tsv:7", "Dresden", None),
    ]
    assert [(p.line, p.message) for p in problems] == [
        (3, "origin latitude '52,416666666667' is not a number"),
        (4, "sister longitude '200' is outside -180..180"),
        (5, "expected 12 fields, found 11"),
        (6, "empty sister label"),
        (8, "sister latitude '' is not a number"),
    ]


def test_a_file_with_another_header_is_an_error() -> None:
    with pytest.raises(DataFileError, match="unexpected header"):
        read(WikidataEU2017Source((BROKEN / "broken_rows_wikidata2016.tsv",)))


def test_info_is_the_cc0_query_of_july_2017() -> None:
    info = WikidataEU2017Source.bundled().info
    assert info.id == "wikidata-eu-twinning-2017"
    assert (str(info.retrieved), info.licence) == ("2017-07-28", "CC0-1.0")


def test_shipped_files_have_the_documented_rows_and_no_problem(
    shipped: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, problems = shipped
    paths = WikidataEU2017Source.bundled().paths
    assert len(paths) == 25
    rows = sum(len(p.read_bytes().splitlines()) - 1 for p in paths)
    assert rows == 24_926  # PROVENANCE.md: 24,926 rows before de-duplication
    assert problems == []
    assert len(claims) == 24_793  # 133 rows repeat another up to population
    assert len({c.locator.split(":")[0] for c in claims}) == 25
    assert len({(c.claimant, c.partner) for c in claims}) == len(claims)


def test_shipped_files_have_seven_qid_labels_and_coventry_volgograd(
    shipped: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, _ = shipped
    assert [c.locator for c in claims if c.partner.qid is not None] == [
        "cyprus.tsv:14",
        "cyprus.tsv:34",
        "france.tsv:3456",
        "germany.tsv:1640",
        "hungary.tsv:77",
        "hungary.tsv:80",
        "slovakia.tsv:303",
    ]
    assert [c.locator for c in claims if pair(c) == ("Coventry", "Volgograd")] == ["uk.tsv:875"]
