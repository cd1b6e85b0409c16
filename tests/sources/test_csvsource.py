"""The generic CSV/TSV source: column mappings over real files, broken rows, and its options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from twintowns.errors import DataFileError, InputError
from twintowns.model import RawClaim, RowProblem, Source
from twintowns.sources.base import ClaimSource
from twintowns.sources.csvsource import CsvColumns, CsvSource, SideColumns
from twintowns.sources.tabular import TSV, TableFormat
from twintowns.sources.wikipedia2018 import Wikipedia2018Source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "world"
BROKEN = FIXTURES / "broken"
CITATION = Source(id="my-registry", title="My registry", licence="CC0-1.0")


def read(source: ClaimSource) -> tuple[list[RawClaim], list[RowProblem]]:
    problems: list[RowProblem] = []
    return list(source.claims(problems.append)), problems


def options(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "path": str(BROKEN / "broken_rows_generic.csv"),
        "id": "my-registry",
        "title": "My registry",
        "claimant": "town",
        "claimant_country": "country",
        "partner": "partner",
        "partner_country": "partner_country",
        "partner_qid": "partner_qid",
        "partner_lat": "lat",
        "partner_lon": "lon",
        "partner_population": "population",
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def test_mapping_the_2018_file_gives_the_2018_sources_claims() -> None:
    path = FIXTURES / "wikipedia-sister-cities-circa2018" / "sister_cities.csv"
    columns = CsvColumns(SideColumns("city", country="country"), SideColumns("sister"))
    claims, problems = read(CsvSource(path, CITATION, columns))
    expected, _ = read(Wikipedia2018Source(path))
    assert problems == []
    assert claims == expected
    assert len(claims) == 40


def test_a_tab_separated_file_with_coordinates_and_population() -> None:
    path = FIXTURES / "wikidata-eu-twinning-2017" / "uk.tsv"
    columns = CsvColumns(
        SideColumns("origincityLabel", "origincountry", lat="originlat", lon="originlong"),
        SideColumns(
            "sistercityLabel",
            "destination_countryLabel",
            lat="destinationlat",
            lon="destinationlong",
            population="destinationpopulation",
        ),
    )
    claims, problems = read(CsvSource(path, CITATION, columns, TSV))
    assert problems == []
    volgograd = claims[-1]
    assert volgograd.locator == "uk.tsv:5"
    assert (volgograd.partner.name, volgograd.partner.country) == ("Volgograd", "Russia")
    assert (volgograd.partner.lat, volgograd.partner.population) == (48.7, 1016137)
    assert volgograd.claimant.population is None  # the column is not mapped


def test_broken_rows_are_reported_with_their_line_and_skipped() -> None:
    claims, problems = read(CsvSource.from_options(options()))
    assert [(c.locator, c.partner.name, c.partner.qid) for c in claims] == [
        ("broken_rows_generic.csv:2", "Volgograd", "Q914"),
        ("broken_rows_generic.csv:8", "Caen", None),
    ]
    caen = claims[1].partner
    assert (caen.lat, caen.lon, caen.population) == (None, None, None)
    assert [(p.line, p.message) for p in problems] == [
        (3, "expected 8 fields, found 7"),
        (4, "empty partner name"),
        (5, "partner QID 'Kiel' is not a Wikidata item id"),
        (6, "partner longitude '' is not a number"),
        (7, "partner population 'many' is not a whole number"),
    ]


def test_undecodable_rows_are_problems_unless_the_encoding_is_given() -> None:
    path = BROKEN / "latin1_registry.csv"
    columns = CsvColumns(SideColumns("city1", "country1"), SideColumns("city2", "country2"))
    claims, problems = read(CsvSource(path, CITATION, columns))
    assert [c.locator for c in claims] == ["latin1_registry.csv:3"]
    assert [(p.line, p.message) for p in problems] == [
        (2, "not valid utf-8: undecodable byte 0xE8")
    ]
    latin1 = CsvSource(path, CITATION, columns, TableFormat(encoding="latin-1"))
    claims, problems = read(latin1)
    assert problems == []
    assert claims[0].claimant.name == "Bagnères-de-Bigorre"


def test_a_byte_order_mark_and_crlf_line_ends_are_handled(tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\r\nCoventry,Kiel\r\n\r\nCoventry,Dresden\r\n")
    claims, problems = read(
        CsvSource(path, CITATION, CsvColumns(SideColumns("a"), SideColumns("b")))
    )
    assert problems == []
    assert [(c.locator, c.partner.name) for c in claims] == [
        ("registry.csv:2", "Kiel"),
        ("registry.csv:4", "Dresden"),
    ]


def test_header_problems_are_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataFileError, match="empty file"):
        read(CsvSource.from_options(options(path=str(empty))))
    with pytest.raises(DataFileError, match="no column 'township'"):
        read(CsvSource.from_options(options(claimant="township")))
    twice = tmp_path / "twice.csv"
    twice.write_text("town,town,partner\nCoventry,Coventry,Kiel\n")
    with pytest.raises(DataFileError, match="appears twice"):
        read(CsvSource(twice, CITATION, CsvColumns(SideColumns("town"), SideColumns("partner"))))


def test_options_give_the_citation_and_format() -> None:
    source = CsvSource.from_options(
        options(
            retrieved="2024-05-01",
            licence="CC-BY-4.0",
            url="https://example.org/registry",
            delimiter="tab",
            encoding="utf-8",
        )
    )
    assert source.info == Source(
        id="my-registry",
        title="My registry",
        url="https://example.org/registry",
        retrieved=dt.date(2024, 5, 1),
        licence="CC-BY-4.0",
    )
    assert source.fmt == TableFormat(delimiter="\t", encoding="utf-8")
    assert source.columns.partner == SideColumns(
        "partner", "partner_country", "partner_qid", "lat", "lon", "population"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"colour": "red"}, "unknown csv source option"),
        ({"path": None}, "'path' is required"),
        ({"partner": ""}, "'partner' is empty"),
        ({"id": "my registry"}, "id 'my registry'"),
        ({"retrieved": "last spring"}, "not a date"),
        ({"retrieved": 2024}, "not a date"),
        ({"delimiter": ";;"}, "one character"),
        ({"encoding": "klingon"}, "unknown encoding"),
        ({"partner_lon": None}, "both lat and lon"),
        ({"title": 3}, "must be text"),
    ],
)
def test_bad_options_are_input_errors(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        CsvSource.from_options(options(**overrides))
