"""The store on both backends: round trips, idempotent reloads, atomic failed loads, the audit
log, date-precision queries, name matching and foreign keys."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa

from twintowns.errors import IntegrityError, NotFoundError
from twintowns.model import (
    Basis,
    Bundle,
    Citation,
    Claim,
    Coordinates,
    CountryPeriod,
    Event,
    EventType,
    FuzzyDate,
    Period,
    Place,
    PlaceLevel,
    PlaceName,
    Precision,
    Reason,
    ReasonFact,
    Rule,
    Source,
    Standing,
    Term,
    Twinning,
    TwinningKind,
)
from twintowns.sources import curated
from twintowns.store import Reader, load_bundle, schema

GAZETTE = Source(
    "test-gazette",
    "The Test Gazette",
    publisher="Test Press",
    url="https://example.org/gazette",
    retrieved=dt.date(2024, 5, 1),
    licence="CC0-1.0",
)
ARCHIVE = Source("test-archive", "Municipal archive")
G = Citation("test-gazette", "p. 1")
A = Citation("test-archive")

KARL_MARX_STADT_YEARS = Period(FuzzyDate(1953, 5, 10), FuzzyDate(1990, 6))
CHEMNITZ = Place(
    id="chemnitz",
    level=PlaceLevel.CITY,
    names=(
        PlaceName("Chemnitz", "de", Period(None, FuzzyDate(1953, 5, 10)), False, G),
        PlaceName("Karl-Marx-Stadt", "de", KARL_MARX_STADT_YEARS, False, A),
        PlaceName("Chemnitz", "de", Period(FuzzyDate(1990, 6), None), True, G),
    ),
    countries=(
        CountryPeriod("DD", Period(FuzzyDate(1949, 10, 7), FuzzyDate(1990, 10, 2)), A),
        CountryPeriod("DE", Period(FuzzyDate(1990, 10, 3), None), G),
    ),
    wikidata="Q2795",
    geonames=2940132,
    admin_area="Saxony",
    coordinates=Coordinates(50.8333, 12.9167),
    population=250681,
    population_year=2022,
    citation=G,
)
DUSSELDORF = Place(
    id="dusseldorf",
    level=PlaceLevel.CITY,
    names=(
        PlaceName("Düsseldorf", "de", Period(FuzzyDate(1288, 8, 14, circa=True)), True, G),
        PlaceName("Dusseldorf", "en", citation=A),
    ),
    countries=(CountryPeriod("DE", citation=G),),
    admin_area="North Rhine-Westphalia",
    population=629047,
    citation=A,
)
TOLEDO_ES = Place(
    id="toledo-es",
    level=PlaceLevel.CITY,
    names=(PlaceName("Toledo", "es", citation=G),),
    countries=(CountryPeriod("ES", citation=G),),
    population=85085,
    citation=G,
)
TOLEDO_OH = Place(
    id="toledo-us-oh",
    level=PlaceLevel.CITY,
    names=(PlaceName("Toledo", "en", citation=G),),
    countries=(CountryPeriod("US", citation=G),),
    admin_area="Ohio",
    population=270871,
    citation=G,
)
TOLEDO_HAMLET = Place(  # no population: ranks after every populated Toledo
    id="toledo-hamlet",
    level=PlaceLevel.VILLAGE,
    names=(PlaceName("Toledo", "en", citation=G),),
    citation=G,
)

SIGNING_1988 = Event(EventType.SIGNING, FuzzyDate(1988, 4), G, "Partnership agreement signed")
FESTIVAL_2022 = Event(
    EventType.JOINT_EVENT,
    FuzzyDate(2022, 2, 22),
    A,
    "Joint festival",
    end_date=FuzzyDate(2022, 3),
    actor="dusseldorf",
)
SIGNING_1931 = Event(EventType.SIGNING, FuzzyDate(1931, circa=True), G, "Sister-city link")
EXCHANGE_2021 = Event(EventType.EXCHANGE, FuzzyDate(2021), G, "Student exchange")
DELEGATION_2022 = Event(
    EventType.DELEGATION, FuzzyDate(2022, 2), A, "Mayor's visit", actor="toledo-us-oh"
)
GIFT_UNDATED = Event(EventType.GIFT, None, A, "A sword", cause="friendship")

CHEMNITZ_DUSSELDORF = Twinning(
    a="chemnitz",
    b="dusseldorf",
    kind=TwinningKind.PARTNERSHIP_TOWN,
    citation=G,
    basis=Basis.LEGAL,
    exclusive_reciprocal=True,
    fixed_term=True,
    note="A German-German partnership before reunification",
    names=(("de", "Städtepartnerschaft"), ("en", "town partnership")),
    reasons=(ReasonFact(Reason.RECONCILIATION, A, "across the inner border"),),
    claims=(
        Claim("chemnitz", "dusseldorf", G, TwinningKind.PARTNERSHIP_TOWN, "Partnerstadt"),
        Claim("dusseldorf", "chemnitz", A),
    ),
    events=(FESTIVAL_2022, SIGNING_1988),
)
TOLEDOS = Twinning(
    a="toledo-es",
    b="toledo-us-oh",
    kind=TwinningKind.SISTER_CITY,
    citation=A,
    reasons=(ReasonFact(Reason.SHARED_NAME, G), ReasonFact(Reason.CULTURE, A, "steel")),
    claims=(Claim("toledo-us-oh", "toledo-es", G, None, "Toledo, Spain"),),
    events=(EXCHANGE_2021, DELEGATION_2022, GIFT_UNDATED, SIGNING_1931),
)
HANDCRAFTED = Bundle(
    sources=(GAZETTE, ARCHIVE),
    places=(CHEMNITZ, DUSSELDORF, TOLEDO_ES, TOLEDO_OH, TOLEDO_HAMLET),
    twinnings=(CHEMNITZ_DUSSELDORF, TOLEDOS),
    terms=(Term("Partnerstadt", "de", G, "DE", TwinningKind.PARTNER_TOWN, "partner town"),),
)

Snapshot = dict[str, list[tuple[Any, ...]]]


@functools.cache
def load_curated() -> Bundle:
    """The bundled curated data (parsed once; bundles are immutable)."""
    return curated.load_curated()


def snapshot(engine: sa.Engine) -> Snapshot:
    """Every row of every table, in primary-key order."""
    with engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in schema.metadata.sorted_tables
        }


def counts(engine: sa.Engine) -> dict[str, int]:
    reader = Reader(engine)
    return {table.name: reader.count(table.name) for table in schema.metadata.sorted_tables}


def content(engine: sa.Engine) -> tuple[Any, ...]:
    """What the reader sees, child collections compared order-insensitively."""
    reader = Reader(engine)
    twinnings = {t.id: canonical(t) for t in reader.twinnings()}
    return (
        reader.sources(),
        reader.places(),
        twinnings,
        Counter(reader.events()),
        reader.networks(),
        reader.rules(),
        Counter(reader.terms()),
    )


def canonical(twinning: Twinning) -> tuple[Any, ...]:
    """A twinning with its child collections as multisets (their order is not meaningful)."""
    bare = replace(twinning, names=(), reasons=(), claims=(), events=())
    return (
        bare,
        Counter(twinning.names),
        Counter(twinning.reasons),
        Counter(twinning.claims),
        Counter(twinning.events),
    )


# --- round trips -------------------------------------------------------------------------


def test_handcrafted_bundle_round_trips(engine: sa.Engine) -> None:
    written = load_bundle(engine, HANDCRAFTED, action="load test", actor="tester")
    reader = Reader(engine)

    assert reader.sources() == {GAZETTE.id: GAZETTE, ARCHIVE.id: ARCHIVE}
    assert reader.places() == {p.id: p for p in HANDCRAFTED.places}
    assert reader.place("chemnitz") == CHEMNITZ
    assert {t.id: canonical(t) for t in reader.twinnings()} == {
        t.id: canonical(t) for t in HANDCRAFTED.twinnings
    }
    assert reader.terms() == list(HANDCRAFTED.terms)
    assert written["places"] == 5
    assert written["twinnings"] == 2
    assert written["events"] == 6
    assert written["claims"] == 3
    assert written["place_names"] == 8


def test_round_trip_keeps_date_precision_and_name_validity(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load test")
    reader = Reader(engine)

    chemnitz = reader.place("chemnitz")
    assert chemnitz.name("de", dt.date(1970, 1, 1)) == "Karl-Marx-Stadt"
    assert chemnitz.name("de", dt.date(1953, 5, 9)) == "Chemnitz"
    assert chemnitz.name("de", dt.date(2000, 1, 1)) == "Chemnitz"
    assert chemnitz.country(dt.date(1980, 1, 1)) == "DD"
    assert chemnitz.country(dt.date(1990, 10, 3)) == "DE"
    assert chemnitz.names[1].valid == KARL_MARX_STADT_YEARS
    assert chemnitz.names[1].valid.end is not None
    assert chemnitz.names[1].valid.end.precision is Precision.MONTH
    assert chemnitz.names[2].preferred
    assert not chemnitz.names[0].preferred

    founded = reader.place("dusseldorf").names[0].valid.start
    assert founded == FuzzyDate(1288, 8, 14, circa=True)

    (toledos,) = reader.twinnings(["toledo-es--toledo-us-oh"])
    dates = {e.description: e.date for e in toledos.events}
    assert dates["Sister-city link"] == FuzzyDate(1931, circa=True)
    assert dates["Student exchange"] == FuzzyDate(2021)
    assert dates["Mayor's visit"] == FuzzyDate(2022, 2)
    assert dates["A sword"] is None
    precisions = {e.description: e.date.precision for e in toledos.events if e.date}
    assert precisions == {
        "Sister-city link": Precision.YEAR,
        "Student exchange": Precision.YEAR,
        "Mayor's visit": Precision.MONTH,
    }
    (partnership,) = reader.twinnings_of("chemnitz")
    festival = next(e for e in partnership.events if e.type is EventType.JOINT_EVENT)
    assert festival == FESTIVAL_2022
    assert festival.end_date is not None
    assert festival.end_date.precision is Precision.MONTH
    assert partnership.claimants == frozenset({"chemnitz", "dusseldorf"})
    assert reader.twinnings_of("toledo-hamlet") == []


def test_curated_bundle_round_trips(engine: sa.Engine) -> None:
    bundle = load_curated()
    written = load_bundle(engine, bundle, action="load curated")
    reader = Reader(engine)

    for table, rows_written in written.items():  # a fresh database holds exactly what was written
        assert reader.count(table) == rows_written, table
    assert reader.sources() == {s.id: s for s in bundle.sources}
    assert reader.places() == {p.id: p for p in bundle.places}
    assert {t.id: canonical(t) for t in reader.twinnings()} == {
        t.id: canonical(t) for t in bundle.twinnings
    }

    volgograd = reader.place("volgograd")
    assert volgograd.name("en", dt.date(1950, 1, 1)) == "Stalingrad"
    assert volgograd.name("en") == "Volgograd"
    assert volgograd.country(dt.date(1980, 1, 1)) == "SU"
    assert volgograd.country() == "RU"
    assert reader.place_id_by_wikidata("Q6225") == "coventry"
    (link,) = reader.twinnings(["coventry--volgograd"])
    types = {e.type: e for e in link.events}
    assert types[EventType.SIGNING].date == FuzzyDate(1944)
    claims = {e.date: e for e in link.events if e.type is EventType.SUSPENSION}
    article = claims[FuzzyDate(2022, 2, 22)]  # the founding document's claim, kept as stated
    assert article.actor == "coventry"
    assert article.cause == "Russian invasion of Ukraine"
    assert article.standing is Standing.DISPUTED
    assert article.step == "coventry-volgograd-pause-2022"
    assert claims[FuzzyDate(2022, 3, 22)].standing is Standing.ACCEPTED
    assert reader.sources()["guardian-2022-03-23-coventry"].published == FuzzyDate(2022, 3, 23)


def test_unknown_place_is_not_found(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load test")
    with pytest.raises(NotFoundError, match="atlantis"):
        Reader(engine).place("atlantis")


# --- idempotent reloads ------------------------------------------------------------------


@pytest.mark.parametrize("which", ["handcrafted", "curated"])
def test_reloading_a_bundle_is_idempotent(engine: sa.Engine, which: str) -> None:
    bundle = HANDCRAFTED if which == "handcrafted" else load_curated()
    first = load_bundle(engine, bundle, action="load")
    before_counts, before_content = counts(engine), content(engine)

    second = load_bundle(engine, bundle, action="load")

    assert second == first
    after_counts = counts(engine)
    assert after_counts.pop("audit_log") == before_counts.pop("audit_log") + 1
    assert after_counts == before_counts
    assert content(engine) == before_content


def test_reload_replaces_facts_of_the_bundle_sources(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    fewer_events = replace(TOLEDOS, events=(SIGNING_1931,))
    renamed = replace(DUSSELDORF, names=(PlaceName("Duesseldorf", "de", citation=G),))
    bundle = replace(
        HANDCRAFTED,
        places=(CHEMNITZ, renamed, TOLEDO_ES, TOLEDO_OH, TOLEDO_HAMLET),
        twinnings=(fewer_events,),  # chemnitz--dusseldorf is dropped
    )
    load_bundle(engine, bundle, action="reload")
    reader = Reader(engine)

    assert [t.id for t in reader.twinnings()] == ["toledo-es--toledo-us-oh"]
    assert reader.twinnings()[0].events == (SIGNING_1931,)
    assert reader.place("dusseldorf").names == renamed.names
    assert reader.place_ids_named("Düsseldorf") == []
    assert reader.count("events") == 1
    assert reader.count("claims") == 1


# --- failed loads leave no trace ---------------------------------------------------------


def test_unknown_place_fails_and_changes_nothing(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    before = snapshot(engine)
    stray = Twinning("atlantis", "chemnitz", TwinningKind.TWIN_TOWN, G)
    bundle = replace(HANDCRAFTED, twinnings=(*HANDCRAFTED.twinnings, stray))

    with pytest.raises(IntegrityError, match="atlantis"):
        load_bundle(engine, bundle, action="bad load")

    assert snapshot(engine) == before


def test_unknown_place_fails_on_an_empty_database(engine: sa.Engine) -> None:
    before = snapshot(engine)
    bundle = Bundle(
        sources=(GAZETTE, ARCHIVE), places=(CHEMNITZ,), twinnings=(CHEMNITZ_DUSSELDORF,)
    )
    with pytest.raises(IntegrityError, match="dusseldorf"):
        load_bundle(engine, bundle, action="bad load")
    assert snapshot(engine) == before
    assert all(not rows for rows in before.values())


def test_constraint_failure_mid_write_rolls_everything_back(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    before = snapshot(engine)
    # Same sources (so the old facts are retracted first), changed facts, and a rule (written
    # late) of a network that exists nowhere: the foreign key fails after everything else.
    bundle = Bundle(
        sources=(replace(GAZETTE, title="Renamed"), ARCHIVE),
        places=(replace(CHEMNITZ, population=1), DUSSELDORF, TOLEDO_ES, TOLEDO_OH),
        twinnings=(replace(TOLEDOS, events=()),),
        rules=(Rule("r", "No rule", "none", Citation(GAZETTE.id), network_id="no-such-network"),),
    )

    with pytest.raises(IntegrityError, match="constraint"):
        load_bundle(engine, bundle, action="bad load")

    assert snapshot(engine) == before
    assert Reader(engine).audit_entries()[0]["action"] == "load"


def test_duplicate_place_ids_fail(engine: sa.Engine) -> None:
    before = snapshot(engine)
    bundle = Bundle(sources=(GAZETTE,), places=(TOLEDO_ES, TOLEDO_ES))
    with pytest.raises(IntegrityError, match="duplicate"):
        load_bundle(engine, bundle, action="bad load")
    assert snapshot(engine) == before


# --- audit log ---------------------------------------------------------------------------


def test_every_successful_load_is_audited_once(engine: sa.Engine) -> None:
    reader = Reader(engine)
    assert reader.audit_entries() == []

    first = load_bundle(engine, HANDCRAFTED, action="load test", actor="tester")
    entries = reader.audit_entries()
    assert len(entries) == 1
    entry = entries[0]
    assert entry["action"] == "load test"
    assert entry["actor"] == "tester"
    assert entry["target"] == HANDCRAFTED.name == "test-archive,test-gazette"
    # the rows written per table, and the keyed rows the reload diff changed
    assert entry["detail"] == {**first, "changed": entry["detail"]["changed"]}
    assert entry["detail"]["events"] == 6
    assert entry["detail"]["changed"]["twinnings"] == first["twinnings"]
    assert isinstance(entry["at"], dt.datetime)

    second = load_bundle(engine, load_curated(), action="load curated")
    entries = reader.audit_entries()
    assert [e["action"] for e in entries] == ["load curated", "load test"]
    assert entries[0]["detail"] == {**second, "changed": entries[0]["detail"]["changed"]}
    assert entries[0]["actor"]  # the OS user by default
    assert entries[0]["id"] > entries[1]["id"]
    assert len(reader.audit_entries(limit=1)) == 1

    with pytest.raises(IntegrityError):
        load_bundle(engine, Bundle(places=(TOLEDO_ES, TOLEDO_ES)), action="bad")
    assert len(reader.audit_entries()) == 2


# --- queries -----------------------------------------------------------------------------


def _events(engine: sa.Engine, **query: Any) -> list[tuple[str, Event]]:
    return Reader(engine).events(**query)


def test_events_respect_date_precision(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    toledos, partnership = TOLEDOS.id, CHEMNITZ_DUSSELDORF.id

    everything = _events(engine)
    written = [(toledos, e) for e in TOLEDOS.events]
    written += [(partnership, e) for e in CHEMNITZ_DUSSELDORF.events]
    assert Counter(everything) == Counter(written)
    dated = [e.date.start for _, e in everything if e.date is not None]
    assert dated == sorted(dated)  # oldest first

    # 2022-02 may be 28 February: it matches since the 15th (and the 23rd); 22 Feb does not.
    assert Counter(_events(engine, since=dt.date(2022, 2, 15))) == Counter(
        [(toledos, DELEGATION_2022), (partnership, FESTIVAL_2022)]
    )
    assert _events(engine, since=dt.date(2022, 2, 23)) == [(toledos, DELEGATION_2022)]
    # 2021 ended before 2022: no match; undated events never match a bound.
    since_2022 = [e for _, e in _events(engine, since=dt.date(2022, 1, 1))]
    assert EXCHANGE_2021 not in since_2022
    assert GIFT_UNDATED not in since_2022
    assert len(since_2022) == 2
    # 2021 may be 1 January 2021: it matches until mid-2021; February 2022 does not.
    assert _events(engine, until=dt.date(2021, 6, 30)) == [
        (toledos, SIGNING_1931),
        (partnership, SIGNING_1988),
        (toledos, EXCHANGE_2021),
    ]
    assert _events(engine, since=dt.date(2021, 12, 31), until=dt.date(2022, 1, 31)) == [
        (toledos, EXCHANGE_2021)
    ]
    assert _events(engine, since=dt.date(2022, 2, 28), until=dt.date(2022, 2, 28)) == [
        (toledos, DELEGATION_2022)
    ]
    assert _events(engine, since=dt.date(2022, 3, 1)) == []


def test_events_filter_by_type(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    assert _events(engine, types=[EventType.SIGNING]) == [
        (TOLEDOS.id, SIGNING_1931),
        (CHEMNITZ_DUSSELDORF.id, SIGNING_1988),
    ]
    assert _events(engine, types=[EventType.SIGNING], since=dt.date(1950, 1, 1)) == [
        (CHEMNITZ_DUSSELDORF.id, SIGNING_1988)
    ]
    assert _events(engine, types=[EventType.GIFT]) == [(TOLEDOS.id, GIFT_UNDATED)]
    assert _events(engine, types=[EventType.TERMINATION]) == []


def test_names_match_without_case_or_diacritics(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    reader = Reader(engine)
    for query in ("dusseldorf", "Düsseldorf", "DÜSSELDORF", "DUSSELDORF", " düsseldorf  "):
        assert reader.place_ids_named(query) == ["dusseldorf"], query


def test_name_lookup(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    reader = Reader(engine)

    assert reader.place_ids_named("karl marx stadt") == ["chemnitz"]
    assert reader.place_ids_named("Chemnitz") == ["chemnitz"]  # two name rows, one place
    assert reader.place_ids_named("düss", prefix=True) == ["dusseldorf"]
    assert reader.place_ids_named("düss") == []
    assert reader.place_ids_named("nowhere") == []
    # most populous first, unknown population last
    assert reader.place_ids_named("toledo") == ["toledo-us-oh", "toledo-es", "toledo-hamlet"]
    assert reader.place_ids_named("TOL", prefix=True, limit=2) == ["toledo-us-oh", "toledo-es"]


def test_curated_names_match(engine: sa.Engine) -> None:
    load_bundle(engine, load_curated(), action="load curated")
    reader = Reader(engine)
    # other places may share these names as the curated data grows
    assert "coventry" in reader.place_ids_named("COVENTRY")
    assert "coventry" in reader.place_ids_named("cov", prefix=True)
    assert "volgograd" in reader.place_ids_named("stalingrad")
    assert "volgograd" in reader.place_ids_named("Волгоград")
    assert "volgograd" not in reader.place_ids_named("coventry")


# --- foreign keys ------------------------------------------------------------------------


def test_foreign_keys_are_enforced(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    before = snapshot(engine)

    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(schema.sources.delete().where(schema.sources.c.id == "test-archive"))
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(
            schema.place_names.insert(),
            {
                "place_id": "atlantis",
                "text": "Atlantis",
                "norm": "atlantis",
                "lang": "en",
                "preferred": False,
                "source_id": "test-gazette",
            },
        )

    assert snapshot(engine) == before


def test_deleting_a_place_cascades(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    with engine.begin() as conn:
        conn.execute(schema.places.delete().where(schema.places.c.id == "toledo-es"))
    reader = Reader(engine)

    assert [t.id for t in reader.twinnings()] == [CHEMNITZ_DUSSELDORF.id]
    assert {tid for tid, _ in reader.events()} == {CHEMNITZ_DUSSELDORF.id}
    assert reader.count("claims") == 2
    assert reader.place_ids_named("toledo") == ["toledo-us-oh", "toledo-hamlet"]


def test_a_bundle_may_cite_only_its_own_sources(engine: sa.Engine) -> None:
    # Otherwise a reload could not retract those facts and they would pile up.
    load_bundle(engine, Bundle(sources=(ARCHIVE,)), action="load")
    before = snapshot(engine)
    bundle = Bundle(sources=(GAZETTE,), places=(TOLEDO_ES, TOLEDO_OH), twinnings=(TOLEDOS,))
    with pytest.raises(IntegrityError, match="test-archive"):
        load_bundle(engine, bundle, action="bad load")
    assert snapshot(engine) == before


def test_reload_drops_places_the_source_no_longer_lists(engine: sa.Engine) -> None:
    load_bundle(engine, HANDCRAFTED, action="load")
    kept = tuple(
        p
        for p in HANDCRAFTED.places
        if p.id in {HANDCRAFTED.twinnings[0].a, HANDCRAFTED.twinnings[0].b}
    )
    load_bundle(
        engine,
        replace(HANDCRAFTED, places=kept, twinnings=HANDCRAFTED.twinnings[:1]),
        action="reload",
    )
    assert len(kept) < len(HANDCRAFTED.places)
    assert set(Reader(engine).places()) == {p.id for p in kept}


def test_datasets_citing_the_same_source_keep_their_own_rows(engine: sa.Engine) -> None:
    # The curated facts and the world build cite the same datasets; reloading one of them
    # must neither delete nor duplicate the other's rows.
    curated = replace(HANDCRAFTED, dataset="curated")
    world = Bundle(
        dataset="world",
        sources=(GAZETTE, ARCHIVE),
        places=(replace(CHEMNITZ, id="chemnitz-2"),),
        twinnings=(replace(TOLEDOS, events=(SIGNING_1931,), reasons=(), claims=(), names=()),),
    )
    load_bundle(engine, curated, action="load")
    load_bundle(engine, world, action="load")
    reader = Reader(engine)
    events = reader.count("events")
    assert events == sum(len(t.events) for t in curated.twinnings) + 1
    load_bundle(engine, world, action="reload")
    load_bundle(engine, curated, action="reload")
    assert reader.count("events") == events
    toledos = next(t for t in reader.twinnings() if t.id == TOLEDOS.id)
    assert toledos.kind is TOLEDOS.kind  # the world load did not overwrite the curated row
    assert "chemnitz-2" in reader.places()
