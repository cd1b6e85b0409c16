"""The German (2015) and Czech (2013) partnership registers: forms, dated signings, unknown and
malformed years, the shipped files' counts, and leaving a register out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from twintowns.errors import DataFileError, InputError
from twintowns.model import EventType, FuzzyDate, RawClaim, RowProblem, TwinningKind
from twintowns.sources.base import ClaimSource
from twintowns.sources.catalogue import WORLD_SOURCES, get_source, world_sources
from twintowns.sources.czech2013 import FILE as CZECH_FILE
from twintowns.sources.czech2013 import Czech2013Source
from twintowns.sources.germany2015 import FILE as GERMAN_FILE
from twintowns.sources.germany2015 import Germany2015Source, german_forms, partner_forms
from twintowns.sources.registers import plain_forms


def read(source: ClaimSource) -> tuple[list[RawClaim], list[RowProblem]]:
    problems: list[RowProblem] = []
    return list(source.claims(problems.append)), problems


@pytest.fixture(scope="module")
def german() -> tuple[list[RawClaim], list[RowProblem]]:
    return read(Germany2015Source.bundled())


@pytest.fixture(scope="module")
def czech() -> tuple[list[RawClaim], list[RowProblem]]:
    return read(Czech2013Source.bundled())


def by_line(claims: list[RawClaim], name: str, line: int) -> RawClaim:
    return next(c for c in claims if c.locator == f"{name}:{line}")


def test_the_shipped_german_register_has_the_counts_its_provenance_states(
    german: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, problems = german
    assert problems == []
    assert len(claims) == 7_138
    kinds = Counter(c.kind for c in claims)
    assert kinds == {
        TwinningKind.PARTNER_TOWN: 5_436,
        TwinningKind.CONTACT: 1_079,
        TwinningKind.FRIENDSHIP_CITY: 613,
        None: 10,
    }
    # 922 rows say 2000, a placeholder: no date for them, every other row is dated.
    assert sum(1 for c in claims if c.events) == 7_138 - 922
    years = [c.events[0].date.year for c in claims if c.events and c.events[0].date]
    assert (min(years), max(years)) == (1913, 2014)
    assert 2000 not in years


def test_a_german_row_is_the_german_sides_claim_with_a_signing_citing_file_and_line(
    german: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    edinburgh = by_line(german[0], GERMAN_FILE, 4338)
    assert (edinburgh.claimant.name, edinburgh.partner.name) == ("München", "Edinburgh")
    assert (edinburgh.claimant.country_iso, edinburgh.partner.country_iso) == ("DE", "GB")
    assert edinburgh.partner.country == "Großbritannien"  # as written, for review
    assert edinburgh.claimant.lat == pytest.approx(48.133751)  # the postcode centroid
    assert edinburgh.partner.lat is None  # partner points are unreliable: not read
    assert edinburgh.kind is TwinningKind.PARTNER_TOWN
    (signed,) = edinburgh.events
    assert signed.type is EventType.SIGNING
    assert signed.date == FuzzyDate(1954)
    assert str(signed.citation) == "germany-partnerships-2015 (partnerstaedte_final.csv:4338)"
    bristol = by_line(german[0], GERMAN_FILE, 2599)
    assert (bristol.claimant.name, bristol.partner.name) == ("Hannover", "Bristol")
    assert bristol.events[0].date == FuzzyDate(1947)


def test_the_placeholder_year_2000_is_unknown_not_a_date(
    german: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    subotica = by_line(german[0], GERMAN_FILE, 4344)  # München-Subotica "since 2000", form f
    assert subotica.partner.name == "Subotica"
    assert subotica.events == ()
    assert subotica.kind is TwinningKind.FRIENDSHIP_CITY
    changde = by_line(german[0], GERMAN_FILE, 2604)  # Hannover-Changde, form k
    assert changde.kind is TwinningKind.CONTACT


def test_the_shipped_czech_register_reports_its_two_malformed_years_and_keeps_the_links(
    czech: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, problems = czech
    assert len(claims) == 966
    assert sum(1 for c in claims if c.events) == 884
    assert [(Path(p.path).name, p.line) for p in problems] == [
        (CZECH_FILE, 77),
        (CZECH_FILE, 170),
    ]
    assert "'37546'" in problems[0].message
    assert "'1238'" in problems[1].message
    for line in (77, 170):
        assert by_line(claims, CZECH_FILE, line).events == ()  # the link stays, undated
    assert all(c.kind is None for c in claims)  # the portal does not say which form
    first = by_line(claims, CZECH_FILE, 2)
    assert (first.claimant.name, first.partner.name) == ("Všeradice", "Gernik")
    assert (first.claimant.country_iso, first.partner.country_iso) == ("CZ", "RO")
    assert first.events[0].date == FuzzyDate(2009)


def test_czech_year_zero_means_unknown(
    czech: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    path = Czech2013Source.bundled().path
    zero_lines = [
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.endswith("\t0")
    ]
    assert len(zero_lines) == 80
    assert all(by_line(czech[0], CZECH_FILE, n).events == () for n in zero_lines)


def test_a_bad_year_or_form_is_reported_with_its_line(tmp_path: Path) -> None:
    shipped = Germany2015Source.bundled().path.read_text(encoding="utf-8").splitlines()
    header, row = shipped[0], shipped[4337]  # München-Edinburgh
    bad_year = row.replace('"1954"', '"19x4"')
    bad_form = row.replace('"p"', '"z"')
    (tmp_path / GERMAN_FILE).write_text("\n".join([header, bad_year, bad_form]) + "\n")
    claims, problems = read(Germany2015Source.from_directory(tmp_path))
    assert [(p.line, p.message.split(" is ")[0]) for p in problems] == [
        (2, "start year '19x4'"),
        (3, "form 'z'"),
    ]
    assert len(claims) == 1
    assert claims[0].events == ()


def test_a_file_with_another_header_is_refused(tmp_path: Path) -> None:
    (tmp_path / CZECH_FILE).write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unexpected header"):
        read(Czech2013Source.from_directory(tmp_path))


def test_register_names_get_the_spellings_the_gazetteer_uses() -> None:
    assert german_forms("Garching b.München") == ("Garching bei München", "Garching")
    assert german_forms("Aken (Elbe)") == ("Aken",)
    # a collective municipality or district is not the town it is named after
    assert german_forms("Apensen (Samtgemeinde)") == ()
    assert german_forms("Ansbach (Kreis)") == ()
    assert partner_forms("Kozienice b. Radom") == ("Kozienice",)  # near Radom
    assert partner_forms("Gmina Bardo") == ("Bardo",)
    assert partner_forms("Krokowa (Krockow)") == ("Krokowa",)
    # without coordinates, a partner's abbreviated qualifier is kept
    assert partner_forms("Kirchdorf a. d. Krems") == ("Kirchdorf an der Krems",)


def test_the_registers_are_world_datasets_a_user_can_leave_out() -> None:
    every = {s.info.id for s in world_sources()}
    assert {"germany-partnerships-2015", "czech-partnerships-2013"} <= every
    assert len(every) == len(WORLD_SOURCES)
    by_name = {s.info.id for s in world_sources(without=("germany-2015",))}
    by_id = {s.info.id for s in world_sources(without=("czech-partnerships-2013",))}
    assert every - by_name == {"germany-partnerships-2015"}
    assert every - by_id == {"czech-partnerships-2013"}
    with pytest.raises(InputError, match="not a bundled world dataset: nowhere"):
        world_sources(without=("nowhere",))


def test_the_licences_are_recorded_as_stated() -> None:
    german_info = get_source("germany-2015").info
    assert german_info.licence is not None
    assert german_info.licence.startswith("MIT (repository")
    assert "not stated" in german_info.licence
    assert german_info.published == FuzzyDate(2015)
    czech_info = get_source("czech-2013").info
    assert czech_info.licence == "not stated"
    assert czech_info.published == FuzzyDate(2013, 9)


def test_the_portals_placeholder_id_gives_no_points(
    czech: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    chicago = by_line(czech[0], CZECH_FILE, 965)  # Praha-Chicago: F-1111 at a field in Illinois
    assert (chicago.claimant.name, chicago.partner.name) == ("Praha", "Chicago")
    assert chicago.partner.lat is None
    assert chicago.partner.lon is None
    assert chicago.claimant.lat is not None  # Prague's own id is its own


def test_unit_words_and_abbreviated_saints_get_their_plain_spellings(
    czech: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    assert plain_forms("Gemeinde Wenzenbach") == ("Wenzenbach",)
    assert plain_forms("Miasto i Gmina Polanica Zdroj") == ("Polanica Zdroj",)
    assert plain_forms("St. Brieuc") == ("Saint-Brieuc", "Sankt Brieuc")
    assert plain_forms("Ste. Maxime") == ("Sainte-Maxime",)
    # districts are not towns, and a name that only begins like a unit word is a name
    assert plain_forms("Powiat Zywiecki") == ()
    assert plain_forms("Stadtallendorf") == ()
    assert partner_forms("St. Gilles") == ("Saint-Gilles", "Sankt Gilles")
    named = {c.partner.name: c.partner.labels for c in czech[0]}
    assert named["Markt Thiersheim"] == (("cs", "Thiersheim"),)


def test_a_spelled_out_qualifier_is_cut_only_where_the_rows_point_tells_namesakes_apart() -> None:
    assert german_forms("Hattersheim am Main") == ("Hattersheim",)
    assert german_forms("Rüdersdorf bei Berlin") == ("Rüdersdorf",)
    assert german_forms("Hattersheim am Main", located=False) == ()


def test_the_german_side_is_vouched_for_with_its_land(
    german: tuple[list[RawClaim], list[RowProblem]],
) -> None:
    claims, _ = german
    row = next(c for c in claims if c.claimant.name == "Bad Kötzting")
    assert row.claimant.vouched
    assert row.claimant.region == "Bavaria"  # the gazetteer's (GeoNames') name of Bayern
    assert not row.partner.vouched  # a partner's point is unreliable: never made from it
    regions = {c.claimant.region for c in claims}
    assert len(regions - {None}) == 16
