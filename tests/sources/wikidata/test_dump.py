"""The dump reader on real dump excerpts (2017 head, 2023 excerpt, derived minidump) and the
synthetic edge cases."""

from __future__ import annotations

import bz2
import csv
import gzip
import shutil
from pathlib import Path

import pytest

from twintowns.errors import DataFileError, InputError
from twintowns.model import EventType, FuzzyDate, Precision, RowProblem
from twintowns.sources.base import ClaimSource
from twintowns.sources.wikidata import WikidataDumpSource
from twintowns.sources.wikidata.scan import RangeTask, scan_range
from twintowns.sources.wikidata.streams import ByteRange, compression_of

from .support import read_all


def test_every_p190_statement_of_the_real_dump_head(fixtures: Path) -> None:
    claims, problems, source = read_all(fixtures / "dump_head_50_lines.json")
    assert problems == []
    assert len(claims) == 94
    by_subject: dict[str, int] = {}
    for claim in claims:
        assert claim.claimant.qid is not None
        by_subject[claim.claimant.qid] = by_subject.get(claim.claimant.qid, 0) + 1
    assert by_subject == {
        "Q64": 18, "Q84": 30, "Q175": 1, "Q220": 10, "Q268": 17, "Q279": 7, "Q288": 11
    }  # fmt: skip
    assert source.report.entities == 50  # "[" and 49 entity lines
    assert isinstance(source, ClaimSource)


def test_a_hand_checked_berlin_statement(fixtures: Path) -> None:
    # line 9 of the head: Berlin's first P190 is Los Angeles (Q65), signed 27 June 1967
    claims, _, _ = read_all(fixtures / "dump_head_50_lines.json")
    berlin = [c for c in claims if c.claimant.qid == "Q64"]
    first = berlin[0]
    assert first.locator == "q64$9A084383-320F-4DB8-B26E-A1EBAB7A82B1"
    assert first.partner.qid == "Q65"
    assert first.claimant.name == "Berlin"
    assert ("de", "Berlin") in first.claimant.labels
    assert "Q515" in first.claimant.classes  # city
    assert first.claimant.country == "Q183"  # Germany is not in the head: its id is kept
    assert first.claimant.country_iso is None
    assert first.claimant.lat == pytest.approx(52.516666666667)
    [signing] = first.events
    assert signing.type is EventType.SIGNING
    assert signing.date == FuzzyDate(1967, 6, 27)
    assert signing.citation.source_id == "wikidata-dump-2017-03-30"
    assert signing.citation.locator == first.locator
    assert {c.partner.qid for c in berlin} >= {"Q84", "Q90", "Q406", "Q9005"}


def test_bielefeld_has_eight_statements_seven_signed_in_a_year(fixtures: Path) -> None:
    claims, _, _ = read_all(fixtures / "p190_minidump.json")
    bielefeld = [c for c in claims if c.claimant.qid == "Q2112"]
    assert len(bielefeld) == 8
    signings = [e for c in bielefeld for e in c.events if e.type is EventType.SIGNING]
    assert len(signings) == 7
    assert all(e.date is not None and e.date.precision is Precision.YEAR for e in signings)
    years = {c.partner.qid: [e.date.year for e in c.events if e.date] for c in bielefeld}
    assert years["Q474605"] == [1953]  # +1953-00-00T00:00:00Z, precision 9
    assert years["Q1007634"] == [1995]
    assert years["Q207614"] == []
    assert bielefeld[0].claimant.population == 334002  # preferred, P585 2021-12-31


def test_matches_the_hand_checked_edge_list(fixtures: Path) -> None:
    with (fixtures / "p190_minidump.expected_edges.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    claims, _, _ = read_all(fixtures / "p190_minidump.json")
    got = [(c.claimant.qid, c.partner.qid, c.locator) for c in claims]
    assert got == [(r["source"], r["target"], r["statement_id"]) for r in rows]
    for claim, row in zip(claims, rows, strict=True):
        starts = [e.description.split()[1] for e in claim.events]
        assert starts == [t for t in row["P580"].split("|")[:1] if t]


def test_multi_member_gzip_gives_the_plain_result(fixtures: Path) -> None:
    plain = read_all(fixtures / "p190_minidump.json")
    gzipped = read_all(fixtures / "p190_minidump.multimember.json.gz")
    assert gzipped[0] == plain[0]
    assert len(plain[0]) == 107
    # the countries of the minidump (France, Belgium) give ISO codes
    tours = next(c for c in plain[0] if c.claimant.qid == "Q288")
    assert (tours.claimant.country, tours.claimant.country_iso) == ("France", "FR")


def test_2023_excerpt_without_trailing_comma_and_bz2(fixtures: Path) -> None:
    for name in ("qsdump_2023_entities.json", "qsdump_2023_entities.json.bz2"):
        claims, problems, source = read_all(fixtures / name)
        assert (claims, problems) == ([], [])
        assert source.report.entities == 3  # "[", Belgium (no comma), "]"
        assert not source.report.second_pass  # no statement refers to anything
        # pass 2 reads the countries: Belgium's last line, with no comma, is parsed
        path = fixtures / name
        part = ByteRange(str(path), compression_of(path), 0, path.stat().st_size)
        [(_, belgium)] = scan_range(RangeTask(part, frozenset())).records
        assert (belgium.facts.qid, belgium.facts.iso2) == ("Q31", "BE")


def test_bz2_of_a_dump_with_statements(fixtures: Path, tmp_path: Path) -> None:
    target = tmp_path / "dump.json.bz2"
    target.write_bytes(bz2.compress((fixtures / "p190_minidump.json").read_bytes()))
    assert read_all(target)[0] == read_all(fixtures / "p190_minidump.json")[0]


def test_synthetic_edge_cases(fixtures: Path) -> None:
    claims, problems, source = read_all(fixtures / "synthetic_edge_cases.json")
    by_id = {c.locator: c for c in claims}
    assert set(by_id) == {
        "Q1000001$ended", "Q1000001$julian", "Q1000001$bce", "Q1000001$century",
        "Q1000007$fine",
    }  # fmt: skip
    ended = by_id["Q1000001$ended"]
    assert [(e.type, e.date) for e in ended.events] == [
        (EventType.SIGNING, FuzzyDate(1991, 8)),
        (EventType.TERMINATION, FuzzyDate(2022, 3, 1)),
    ]
    assert ended.events[1].cause == "Q110999040"
    assert ended.partner.country_iso == "DE"  # Germany's entity with P297 is in the file
    assert ended.claimant.population == 65000  # the latest P585
    assert source.places["Q1000001"].geonames == 2812482
    julian = by_id["Q1000001$julian"]
    assert julian.asserted is False  # deprecated: kept as evidence
    assert julian.events[0].date == FuzzyDate(1650, 5, 1)
    assert "Julian" in julian.events[0].description
    bce = by_id["Q1000001$bce"].events
    assert bce[0].date is None
    assert "44 BCE" in bce[0].description
    assert (bce[1].type, bce[1].date) == (EventType.TERMINATION, None)  # somevalue P582
    century = by_id["Q1000001$century"].events[0]
    assert century.date is None
    assert "+1900-00-00T00:00:00Z" in century.description
    assert source.report.unnamed_partners == 1  # the somevalue P190
    assert [(p.line, p.message.split(": ", 1)[1][:30]) for p in problems] == [
        (5, "Q1000007 statement Q1000007$un"),
        (6, "invalid JSON (unexpected end o"),
    ]
    assert "unknown datavalue type 'musical-notation'" in problems[0].message
    assert "decompressed byte" in problems[1].message


def test_a_problem_fails_the_read_when_the_callback_raises(fixtures: Path) -> None:
    source = WikidataDumpSource(fixtures / "synthetic_edge_cases.json", snapshot="2024-01-01")

    def strict(problem: RowProblem) -> None:
        raise DataFileError(problem.message, path=problem.path, line=problem.line)

    with pytest.raises(DataFileError, match="musical-notation") as caught:
        list(source.claims(strict))
    assert caught.value.line == 5


def test_truncated_gzip_is_reported_with_its_offset(fixtures: Path, tmp_path: Path) -> None:
    data = (fixtures / "p190_minidump.multimember.json.gz").read_bytes()
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(data[:200_000])
    claims, problems, _ = read_all(cut)
    assert [p.message for p in problems] == [
        "truncated gzip stream: the file ends at byte 200000 inside a member"
    ]
    assert len(claims) == 107  # everything before the cut is kept


def test_a_corrupt_gzip_member_is_skipped(fixtures: Path, tmp_path: Path) -> None:
    data = bytearray((fixtures / "p190_minidump.multimember.json.gz").read_bytes())
    data[50_000:50_100] = bytes(100)  # inside the first batch member (bytes 22..123307)
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(bytes(data))
    claims, problems, _ = read_all(bad)
    assert problems[0].message.startswith("corrupt gzip member at bytes 22..")
    assert "resumed at byte 123308" in problems[0].message
    assert {c.claimant.qid for c in claims} >= {"Q2112", "Q3955"}  # the second batch


def test_crlf_and_plain_gzip(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "p190_minidump.json").read_bytes().replace(b"\n", b"\r\n")
    target = tmp_path / "crlf.json.gz"
    with gzip.open(target, "wb") as handle:
        handle.write(text)
    assert read_all(target)[0] == read_all(fixtures / "p190_minidump.json")[0]


def test_snapshot_from_the_file_name(fixtures: Path, tmp_path: Path) -> None:
    named = tmp_path / "wikidata-20250317-all.json"
    shutil.copy(fixtures / "qsdump_2023_entities.json", named)
    assert WikidataDumpSource(named).info.id == "wikidata-dump-2025-03-17"
    assert WikidataDumpSource(named, snapshot="2024-01-02").info.retrieved is not None
    with pytest.raises(InputError, match="not a date"):
        WikidataDumpSource(named, snapshot="soon")
    with pytest.raises(DataFileError, match="not found"):
        WikidataDumpSource(tmp_path / "missing.json")
