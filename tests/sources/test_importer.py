"""The importer: any source's claims become places, twinnings with each side's claims, events
and review items, in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from support.gazetteer import ENTRIES
from twintowns.errors import DataFileError
from twintowns.model import (
    Citation,
    Event,
    EventType,
    FuzzyDate,
    PlaceMention,
    RawClaim,
    RowProblem,
    Source,
    Standing,
    TwinningKind,
    status_as_of,
)
from twintowns.registry import Registry
from twintowns.resolve.gazetteer import Gazetteer
from twintowns.resolve.resolver import Resolver
from twintowns.settings import Settings
from twintowns.sources.base import ClaimSource, OnProblem
from twintowns.sources.curated import load_curated
from twintowns.sources.importer import import_source, import_sources

SOURCE = Source("test-list", "A test list of twinnings", licence="CC0-1.0")
SIGNED = Event(EventType.SIGNING, FuzzyDate(1957), Citation("test-list", "row 3"))


@dataclass
class ListSource:
    """A claim source over a list, with an optional malformed row."""

    claims_: list[RawClaim]
    broken_line: int | None = None
    info_: Source = field(default=SOURCE)

    @property
    def info(self) -> Source:
        return self.info_

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        yield from self.claims_
        if self.broken_line is not None:
            on_problem(RowProblem("list.csv", self.broken_line, "wrong number of fields"))


def claim(a: str, ac: str | None, b: str, bc: str | None, line: int, **kw: object) -> RawClaim:
    return RawClaim(PlaceMention(a, ac), PlaceMention(b, bc), f"list.csv:{line}", **kw)  # type: ignore[arg-type]


CLAIMS = [
    claim("Coventry", "England", "Volgograd", "Russia", 1),
    claim("Volgograd", "Russia", "Coventry", "United Kingdom", 2),
    claim("Frankfurt (Oder)", "Germany", "Lviv", "Ukraine", 3, events=(SIGNED,)),
    claim("Cambridge", "United Kingdom", "Prag", "Czech Republic", 4),
    claim("Cambridge", "United Kingdom", "Prag", "Czech Republic", 5),  # written twice
    claim("Cambridge", "United Kingdom", "Ankh-Morpork", None, 6),
]


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    reg = Registry.open(
        Settings(database_url=f"sqlite:///{tmp_path / 'r.sqlite'}", auto_load=False)
    )
    reg.load(load_curated(), action="test")
    return reg


@pytest.fixture
def resolver() -> Resolver:
    return Resolver(Gazetteer(list(ENTRIES)))


def test_claims_become_twinnings(registry: Registry, resolver: Resolver) -> None:
    report = import_source(registry, ListSource(CLAIMS), resolver=resolver)
    assert report.dataset == "ingest:test-list"
    assert report.claims_read == {"test-list": 6}
    assert report.unresolved_mentions == 1  # Ankh-Morpork is in no gazetteer
    reader = registry.reader
    ids = {t.id: t for t in reader.twinnings()}
    # curated Coventry and Volgograd are reused, not duplicated: both sides' claims attach
    coventry = ids["coventry--volgograd"]
    assert {c.claimant for c in coventry.claims if c.citation.source_id == "test-list"} == {
        "coventry",
        "volgograd",
    }
    assert coventry.kind.value == "twin_town"  # the curated kind is kept
    frankfurt = ids["frankfurt-oder-de-2925535--lviv-ua-702550"]
    assert frankfurt.one_sided
    assert frankfurt.events == (SIGNED,)
    prague = next(t for t in ids.values() if "prague" in t.id)
    assert len(prague.claims) == 1  # the repeated row counts once
    assert reader.place("lviv-ua-702550").name() == "Lviv"
    queued = [item for _, item in reader.review_queue()]
    assert [(i.name, i.method) for i in queued] == [("Ankh-Morpork", "unresolved")]


def test_reimport_replaces_and_problems_are_reported(
    registry: Registry, resolver: Resolver
) -> None:
    first = import_source(registry, ListSource(CLAIMS), resolver=resolver)
    counts = {t: registry.reader.count(t) for t in ("claims", "twinnings", "places", "events")}
    again = import_source(registry, ListSource(CLAIMS[:2], broken_line=7), resolver=resolver)
    assert first.written["claims"] > again.written["claims"]
    assert [str(p) for p in again.problems] == ["list.csv:7: wrong number of fields"]
    assert registry.reader.count("claims") < counts["claims"]
    assert registry.reader.count("events") == counts["events"] - 1
    import_source(registry, ListSource(CLAIMS), resolver=resolver)
    assert {t: registry.reader.count(t) for t in counts} == counts


def test_strict_stops_before_writing(registry: Registry, resolver: Resolver) -> None:
    before = registry.reader.count("claims")
    with pytest.raises(DataFileError, match=r"list\.csv:7"):
        import_source(registry, ListSource(CLAIMS, broken_line=7), resolver=resolver, strict=True)
    assert registry.reader.count("claims") == before


def test_several_sources_are_one_dataset(registry: Registry, resolver: Resolver) -> None:
    other = Source("other-list", "Another list")
    sources: list[ClaimSource] = [
        ListSource(CLAIMS[:1]),
        ListSource([claim("Toledo", "Spain", "Toledo", "United States", 1)], info_=other),
    ]
    report = import_sources(registry, sources, dataset="both", resolver=resolver)
    assert report.claims_read == {"test-list": 1, "other-list": 1}
    claimed = [
        t.id
        for t in registry.reader.twinnings()
        if any(c.citation.source_id == "other-list" for c in t.claims)
    ]
    assert claimed == ["toledo-es--toledo-us"]  # two places (the curated ones), not one
    assert registry.reader.audit_entries()[0]["target"] == "both"


def test_a_register_form_is_the_kind_and_disagreeing_years_are_ranked(
    registry: Registry, resolver: Resolver
) -> None:
    register = Source("register", "A register of partnerships")
    year = Event(EventType.SIGNING, FuzzyDate(1955), Citation("register", "reg.csv:2"))
    listed = [
        claim("Frankfurt (Oder)", "Germany", "Lviv", "Ukraine", 3, events=(SIGNED,)),
        claim("Cambridge", "United Kingdom", "Prag", "Czech Republic", 4),
    ]
    rows = [
        claim("Lviv", "Ukraine", "Frankfurt (Oder)", "Germany", 2, events=(year,)),
        claim("Prag", "Czech Republic", "Cambridge", "United Kingdom", 3),
    ]
    rows = [replace(rows[0], kind=TwinningKind.PARTNER_TOWN), rows[1]]
    sources: list[ClaimSource] = [ListSource(listed), ListSource(rows, info_=register)]
    import_sources(registry, sources, dataset="world", resolver=resolver)
    ids = {t.id: t for t in registry.reader.twinnings()}
    frankfurt = ids["frankfurt-oder-de-2925535--lviv-ua-702550"]
    assert frankfurt.kind is TwinningKind.PARTNER_TOWN  # the one kind a claim gives
    prague = next(t for t in ids.values() if "prague" in t.id)
    assert prague.kind is TwinningKind.UNSPECIFIED  # no claim says
    # 1957 (the list) and 1955 (the register): both kept, the earlier accepted
    standings = {e.date.year: e.standing for e in frankfurt.events if e.date}
    assert standings == {1955: Standing.ACCEPTED, 1957: Standing.DISPUTED}
    assert status_as_of(frankfurt.events).since == FuzzyDate(1955)
