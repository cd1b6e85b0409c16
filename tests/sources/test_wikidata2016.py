"""The 2016 Wikidata P190 crawl source: real excerpts, broken lines, the whole shipped file."""

from __future__ import annotations

from pathlib import Path

import pytest

from twintowns.errors import DataFileError
from twintowns.model import RawClaim, RowProblem
from twintowns.sources.base import ClaimSource
from twintowns.sources.wikidata2016 import (
    FOLDER,
    NAMES_FILE,
    RELATIONS_FILE,
    Wikidata2016Source,
    read_labels,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "world"
BROKEN = FIXTURES / "broken"


def read(source: ClaimSource) -> tuple[list[RawClaim], list[RowProblem]]:
    problems: list[RowProblem] = []
    return list(source.claims(problems.append)), problems


def qids(claim: RawClaim) -> tuple[str | None, str | None]:
    return claim.claimant.qid, claim.partner.qid


@pytest.fixture(scope="module")
def shipped() -> tuple[list[RawClaim], list[RowProblem]]:
    return read(Wikidata2016Source.bundled())


@pytest.mark.parametrize("name", [RELATIONS_FILE, NAMES_FILE])
def test_fixture_lines_are_real_lines_of_the_shipped_file(name: str) -> None:
    directory = Wikidata2016Source.bundled().relations.parent
    shipped_lines = set((directory / name).read_bytes().split(b"\n"))
    fixture_lines = (FIXTURES / FOLDER / name).read_bytes().splitlines()
    assert fixture_lines
    assert all(line in shipped_lines for line in fixture_lines)


def test_each_statement_is_the_subjects_claim_named_by_its_label() -> None:
    claims, problems = read(Wikidata2016Source.from_directory(FIXTURES / FOLDER))
    assert problems == []
    assert len(claims) == 27
    assert [c.locator for c in claims] == [f"relations.tsv:{n}" for n in range(1, 28)]
    coventry = claims[6]  # fixture line 7 is relations.tsv:11844
    assert qids(coventry) == ("Q6225", "Q914")
    # names.tsv prefers German labels: the label is the name, its language unknown.
    assert (coventry.claimant.name, coventry.partner.name) == ("Coventry", "Wolgograd")
    assert coventry.partner.labels == ()
    assert coventry.partner.country is None
    assert coventry.partner.lat is None


def test_an_unlabelled_item_is_named_by_its_qid() -> None:
    claims, _ = read(Wikidata2016Source.from_directory(FIXTURES / FOLDER))
    unlabelled = [c.partner for c in claims if c.partner.qid == "Q182625"]
    assert [(m.name, m.qid) for m in unlabelled] == [("Q182625", "Q182625")]


def test_repeated_statements_are_each_a_claim() -> None:
    claims, _ = read(Wikidata2016Source.from_directory(FIXTURES / FOLDER))
    repeated = [c.locator for c in claims if qids(c) == ("Q6163214", "Q597491")]
    assert repeated == ["relations.tsv:6", "relations.tsv:26", "relations.tsv:27"]


def test_without_names_every_item_is_named_by_its_qid() -> None:
    claims, problems = read(Wikidata2016Source(FIXTURES / FOLDER / RELATIONS_FILE))
    assert problems == []
    assert all(m.name == m.qid for c in claims for m in (c.claimant, c.partner))


def test_broken_lines_are_reported_with_their_line_and_skipped() -> None:
    source = Wikidata2016Source(
        BROKEN / "broken_rows_wikidata2016.tsv", BROKEN / "broken_names_wikidata2016.tsv"
    )
    claims, problems = read(source)
    assert [(c.locator, c.claimant.name, c.partner.name) for c in claims] == [
        ("broken_rows_wikidata2016.tsv:1", "Coventry", "Wolgograd"),
        ("broken_rows_wikidata2016.tsv:7", "Coventry", "Q1731"),
    ]
    assert [(Path(p.path).name, p.line, p.message) for p in problems] == [
        ("broken_names_wikidata2016.tsv", 3, "Q914 is labelled again; first label kept"),
        ("broken_names_wikidata2016.tsv", 4, "empty label"),
        ("broken_names_wikidata2016.tsv", 5, "QID 'Dresden' is not a Wikidata item id"),
        ("broken_rows_wikidata2016.tsv", 2, "expected 2 fields, found 1"),
        ("broken_rows_wikidata2016.tsv", 3, "object 'Wolgograd' is not a Wikidata item id"),
        ("broken_rows_wikidata2016.tsv", 5, "expected 2 fields, found 3"),
        ("broken_rows_wikidata2016.tsv", 6, "subject 'q6225' is not a Wikidata item id"),
    ]


def test_read_labels_keeps_the_first_label() -> None:
    labels = read_labels(BROKEN / "broken_names_wikidata2016.tsv", lambda problem: None)
    assert labels == {"Q6225": "Coventry", "Q914": "Wolgograd"}


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read file"):
        read(Wikidata2016Source.from_directory(tmp_path))


def test_info_is_the_cc0_crawl_of_september_2016() -> None:
    info = Wikidata2016Source.bundled().info
    assert info.id == "wikidata-p190-crawl-2016"
    assert (str(info.retrieved), info.licence) == ("2016-09-10", "CC0-1.0")


def test_shipped_file_has_every_statement_and_no_problem(
    shipped: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, problems = shipped
    assert problems == []
    assert len(claims) == 34_182  # PROVENANCE.md: 34,182 lines
    assert len({qids(c) for c in claims}) == 34_178  # ... of which 34,178 distinct
    assert claims[-1].locator == "relations.tsv:34182"
    items = {m.qid for c in claims for m in (c.claimant, c.partner)}
    assert len(items) == 10_055
    assert len({c.claimant.qid for c in claims}) == 9_849
    # Every item of the crawl has a label in names.tsv.
    assert all(m.name != m.qid for c in claims for m in (c.claimant, c.partner))


def test_shipped_file_has_coventry_volgograd_both_ways(
    shipped: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, _ = shipped
    located = {qids(c): c.locator for c in claims}
    assert located["Q6225", "Q914"] == "relations.tsv:11844"
    assert located["Q914", "Q6225"] == "relations.tsv:28109"
