"""The bundled curated data holds every fact the founding documents state, each cited, and the
2022-2023 suspension wave from contemporary reports."""

from __future__ import annotations

import datetime as dt

import pytest

from twintowns.model import (
    Bundle,
    EventType,
    PlaceLevel,
    Standing,
    Status,
    Twinning,
    TwinningKind,
)
from twintowns.model.dates import Precision
from twintowns.model.status import status_as_of
from twintowns.model.twinning import Event, twinning_id
from twintowns.sources.curated import load_curated


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_curated()


def twinning(bundle: Bundle, one: str, other: str) -> Twinning:
    wanted = twinning_id(one, other)
    found = [t for t in bundle.twinnings if t.id == wanted]
    assert found, f"no twinning {wanted}"
    return found[0]


def events_of(bundle: Bundle, one: str, other: str, kind: str) -> list[Event]:
    """The founding documents' claims of a type (the press reports, licensed as cited facts, make
    the further claims of 26-wave-2022.yaml and 27-claims-recheck.yaml)."""
    dated = {s.id for s in bundle.sources if s.licence == "LicenseRef-cited-facts"}
    return [
        e
        for e in twinning(bundle, one, other).events
        if e.type == EventType(kind) and e.citation.source_id not in dated
    ]


def source_ids(bundle: Bundle) -> set[str]:
    return {s.id for s in bundle.sources}


# (side, side, event type, date text or None for "undated")
EVENTS: list[tuple[str, str, str, str | None]] = [
    ("coventry", "volgograd", "first_contact", "1942"),
    ("coventry", "volgograd", "gift", "~1942"),
    ("coventry", "volgograd", "signing", "1944"),
    ("coventry", "volgograd", "suspension", "2022-02-22"),
    ("coventry", "mariupol", "proposal", "2022-02-22"),
    ("coventry", "kiel", "signing", "1947"),
    ("coventry", "dresden", "signing", "1956"),
    ("coventry", "belgrade", "informal_link", "1953"),
    ("coventry", "belgrade", "gift", "1953"),
    ("coventry", "belgrade", "signing", "1957"),
    ("paderborn", "le-mans", "informal_link", "0836"),  # year 836, ISO text
    ("keighley", "suresnes", "informal_link", "1905"),
    ("keighley", "puteaux", "informal_link", "1905"),
    ("keighley", "poix-du-nord", "adoption", "1920"),
    ("keighley", "poix-du-nord", "formal_charter", "1986"),
    ("bath", "alkmaar", "adoption", "1945-03"),
    ("bath", "alkmaar", "exchange", "1945"),
    ("bristol", "hanover", "delegation", "1947"),
    ("reading", "dusseldorf", "signing", "1947"),
    ("rome", "paris", "signing", "1956-04-09"),
    ("toledo-us", "toledo-es", "signing", "1931"),
    ("vancouver", "odessa", "signing", "1944"),
    ("denver", "brest", "signing", None),
    ("liberal", "olney", "signing", "1950"),
    ("liberal", "olney", "joint_event", "1950"),
    ("littleton", "bega", "signing", "1961"),
    ("tashkent", "seattle", "signing", "1973"),
    ("rochester-mn", "knebworth", "signing", "1967"),
    ("ontario-ca", "brockville", "signing", "1977"),
    ("ontario-ca", "guamuchil", "signing", "1982"),
    ("ontario-ca", "mocorito", "signing", "1982"),
    ("ontario-ca", "los-mochis", "signing", "1988"),
    ("ontario-ca", "winterthur", "signing", None),
    ("oakville", "dorval", "signing", None),
    ("oakville", "huaian", "signing", None),
    ("oakville", "neyagawa", "signing", None),
    ("alberta", "gangwon", "signing", "1974"),
    ("alberta", "hokkaido", "signing", "1980"),
    ("alberta", "heilongjiang", "signing", "1981"),
    ("alberta", "jalisco", "signing", "1999"),
    ("alberta", "ivano-frankivsk-oblast", "signing", "2004"),
    ("alberta", "lviv-oblast", "signing", "2005"),
    ("alberta", "guangdong", "signing", "2017"),
    ("alberta", "nevada", "signing", "2013"),
    ("alberta", "missouri", "signing", "2015"),
    ("alberta", "texas", "signing", "2018"),
    ("hainan", "jeju", "signing", None),
    ("dull", "boring", "signing", "2012-06"),
    ("wincanton", "ankh-morpork", "signing", None),
    ("worthington", "crailsheim", "signing", "1947"),
    ("nottingham", "karlsruhe", "business_project", None),
    ("nottingham", "karlsruhe", "business_project", "2013"),
    ("bristol", "new-orleans", "proposal", "2014"),
    ("annecy", "nerima", "signing", None),
    ("portland-or", "bologna", "signing", None),
    ("chicago", "warsaw", "signing", None),
    ("indianapolis", "monza", "signing", None),
    ("washington-dc", "tokyo", "joint_event", None),
    ("hanover", "leipzig", "signing", None),
    ("hamburg", "dresden", "signing", None),
    ("oxford", "bonn", "signing", None),
    ("oxford", "leiden", "signing", None),
    ("oxford", "grenoble", "signing", None),
    ("rovigo", "viernheim", "signing", None),
    ("bedford", "tulcea", "signing", None),
    ("gyongyos", "shusha", "signing", "2013"),
    ("preston", "nablus", "proposal", "2003"),
    ("edirne", "haskovo", "termination", "2016"),
    ("nanjing", "nagoya", "suspension", "2012"),
    ("milan", "st-petersburg", "suspension", "2013"),
    ("venice", "st-petersburg", "suspension", "2013"),
    ("turin", "st-petersburg", "suspension", "2013"),
    ("prague", "moscow", "signing", "1995"),
    ("prague", "moscow", "termination", "2014"),
    ("prague", "st-petersburg", "termination", "2014"),
    ("osaka", "san-francisco", "signing", "~1957"),
    ("osaka", "san-francisco", "termination", "2017"),
    ("glendale-ca", "higashiosaka", "dispute", "2013"),
    ("glendale-ca", "higashiosaka", "dispute", "2014"),
    ("nieuwegein", "pulawy", "termination", "2020-07"),
    ("melbourne", "st-petersburg", "suspension", "2022-02"),
]


@pytest.mark.parametrize(("one", "other", "kind", "date"), EVENTS)
def test_event_is_present_and_cited(
    bundle: Bundle, one: str, other: str, kind: str, date: str | None
) -> None:
    found = events_of(bundle, one, other, kind)
    dates = [None if e.date is None else e.date.isoformat() for e in found]
    assert date in dates, f"{one}--{other} {kind}: have {dates}"
    event = found[dates.index(date)]
    assert event.citation.source_id in source_ids(bundle)
    assert event.citation.locator


# (side, side, actor, cause fragment)
ENDINGS: list[tuple[str, str, str, str | None, str]] = [
    ("coventry", "volgograd", "suspension", "coventry", "Russian invasion of Ukraine"),
    ("melbourne", "st-petersburg", "suspension", "melbourne", "Russian invasion of Ukraine"),
    ("nanjing", "nagoya", "suspension", "nanjing", "Takashi Kawamura"),
    ("milan", "st-petersburg", "suspension", "milan", "anti-gay legislation"),
    ("venice", "st-petersburg", "suspension", "venice", "anti-gay legislation"),
    ("turin", "st-petersburg", "suspension", "turin", "anti-gay legislation"),
    ("prague", "moscow", "termination", "prague", "Russian military intervention in Ukraine"),
    ("prague", "st-petersburg", "termination", "prague", "Russian military intervention"),
    ("osaka", "san-francisco", "termination", "osaka", "comfort women"),
    ("nieuwegein", "pulawy", "termination", "nieuwegein", "gay free zones"),
    ("edirne", "haskovo", "termination", None, "Armenian genocide"),
]


@pytest.mark.parametrize(("one", "other", "kind", "actor", "cause"), ENDINGS)
def test_suspensions_and_endings_have_actor_and_cause(
    bundle: Bundle, one: str, other: str, kind: str, actor: str | None, cause: str
) -> None:
    (event,) = events_of(bundle, one, other, kind)
    assert event.actor == actor
    assert event.cause is not None
    assert cause in event.cause


KINDS: list[tuple[str, str, TwinningKind]] = [
    ("coventry", "volgograd", TwinningKind.TWIN_TOWN),
    ("ontario-ca", "brockville", TwinningKind.SISTER_CITY),
    ("ontario-ca", "winterthur", TwinningKind.SISTER_CITY),
    ("oakville", "dorval", TwinningKind.TWIN_TOWN),
    ("oakville", "huaian", TwinningKind.TWIN_TOWN),
    ("oakville", "neyagawa", TwinningKind.TWIN_TOWN),
    ("alberta", "gangwon", TwinningKind.SISTER_PROVINCE),
    ("alberta", "guangdong", TwinningKind.SISTER_PROVINCE),
    ("alberta", "nevada", TwinningKind.POLICY_AGREEMENT),
    ("alberta", "missouri", TwinningKind.POLICY_AGREEMENT),
    ("alberta", "texas", TwinningKind.POLICY_AGREEMENT),
    ("hainan", "jeju", TwinningKind.SISTER_PROVINCE),
    ("wincanton", "ankh-morpork", TwinningKind.NOVELTY),
    ("bristol", "new-orleans", TwinningKind.NOVELTY),
    ("nieuwegein", "pulawy", TwinningKind.FRIENDSHIP_CITY),
    ("nanjing", "nagoya", TwinningKind.SISTER_CITY),
]


@pytest.mark.parametrize(("one", "other", "kind"), KINDS)
def test_kind(bundle: Bundle, one: str, other: str, kind: TwinningKind) -> None:
    assert twinning(bundle, one, other).kind is kind


REASONS: list[tuple[str, str, str]] = [
    ("toledo-us", "toledo-es", "shared_name"),
    ("dull", "boring", "shared_name"),
    ("dull", "boring", "tourism"),
    ("rochester-mn", "knebworth", "research"),
    ("nottingham", "karlsruhe", "technical_cooperation"),
    ("annecy", "nerima", "shared_industry"),
    ("portland-or", "bologna", "shared_industry"),
    ("chicago", "warsaw", "diaspora"),
    ("indianapolis", "monza", "shared_industry"),
    ("oxford", "bonn", "university"),
    ("oxford", "leiden", "university"),
    ("oxford", "grenoble", "university"),
    ("gyongyos", "shusha", "political"),
    ("preston", "nablus", "solidarity"),
    ("coventry", "volgograd", "solidarity"),
]


@pytest.mark.parametrize(("one", "other", "reason"), REASONS)
def test_reason(bundle: Bundle, one: str, other: str, reason: str) -> None:
    reasons = {r.reason for r in twinning(bundle, one, other).reasons}
    assert reason in reasons


def test_every_citation_names_a_source_of_the_bundle(bundle: Bundle) -> None:
    known = source_ids(bundle)
    cited = {c.source_id for c in bundle.citations()}
    assert cited <= known, cited - known


def test_every_twinning_has_a_located_citation(bundle: Bundle) -> None:
    for t in bundle.twinnings:
        assert t.citation.locator, t.id


def test_rome_paris_is_exclusive_and_reciprocal_with_its_motto(bundle: Bundle) -> None:
    rome_paris = twinning(bundle, "rome", "paris")
    assert rome_paris.exclusive_reciprocal
    assert "Only Paris is worthy of Rome" in rome_paris.note
    assert not any(t.exclusive_reciprocal for t in bundle.twinnings if t is not rome_paris)


def test_melbourne_suspension_is_known_to_the_month(bundle: Bundle) -> None:
    (event,) = events_of(bundle, "melbourne", "st-petersburg", "suspension")
    assert event.date is not None
    assert event.date.precision is Precision.MONTH


def test_osaka_start_is_circa(bundle: Bundle) -> None:
    (signing,) = events_of(bundle, "osaka", "san-francisco", "signing")
    assert signing.date is not None
    assert signing.date.circa


def test_bath_alkmaar_exchanges_run_to_1946(bundle: Bundle) -> None:
    (exchange,) = events_of(bundle, "bath", "alkmaar", "exchange")
    assert exchange.end_date is not None
    assert exchange.end_date.isoformat() == "1946"


def test_glendale_higashiosaka_was_not_ended(bundle: Bundle) -> None:
    kinds = {e.type for e in twinning(bundle, "glendale-ca", "higashiosaka").events}
    assert EventType.TERMINATION not in kinds
    assert EventType.SUSPENSION not in kinds


def test_ontario_claims_its_sister_cities(bundle: Bundle) -> None:
    for partner in ("brockville", "guamuchil", "mocorito", "los-mochis", "winterthur"):
        t = twinning(bundle, "ontario-ca", partner)
        assert t.claimants == {"ontario-ca"}
        assert all(c.kind is TwinningKind.SISTER_CITY for c in t.claims)


def test_ankh_morpork_is_fictional_and_countryless(bundle: Bundle) -> None:
    places = {p.id: p for p in bundle.places}
    assert places["ankh-morpork"].level is PlaceLevel.FICTIONAL
    assert places["ankh-morpork"].countries == ()
    assert places["nerima"].level is PlaceLevel.DISTRICT


def test_stalingrad_was_soviet_and_toledos_are_told_apart(bundle: Bundle) -> None:
    places = {p.id: p for p in bundle.places}
    assert [c.iso for c in places["volgograd"].countries] == ["SU", "RU"]
    assert places["toledo-us"].countries[0].iso == "US"
    assert places["toledo-es"].countries[0].iso == "ES"
    assert places["toledo-us"].wikidata != places["toledo-es"].wikidata


def test_places_with_coordinates_or_qids_cite_a_dataset(bundle: Bundle) -> None:
    datasets = {
        "wikipedia-twin-cities-2026",
        "wikidata-p190-crawl-2016",
        "wikidata-eu-twinning-2017",
    }
    for place in bundle.places:
        if place.coordinates is not None or place.wikidata is not None:
            assert place.citation is not None
            assert place.citation.source_id in datasets, place.id


def test_terms(bundle: Bundle) -> None:
    terms = {(t.text, t.lang): t for t in bundle.terms}
    assert ("Partnerstadt", "de") in terms
    assert ("友好城市", "zh") in terms
    assert terms[("友好城市", "zh")].transliteration == "yǒuhǎo chéngshì"
    assert terms[("города-побратимы", "ru")].literal == "sworn brother cities"
    assert terms[("αδελφοποίηση", "el")].transliteration == "adelphopiisi"
    kinds = {t.kind for t in bundle.terms}
    assert {
        TwinningKind.FRIENDSHIP_COOPERATION_CITY,
        TwinningKind.BUSINESS_PARTNER_CITY,
        TwinningKind.MEMORANDUM_OF_UNDERSTANDING,
        TwinningKind.SISTER_PORT,
        TwinningKind.FRIENDSHIP_PORT,
    } <= kinds


def test_douzelage_has_one_member_per_country(bundle: Bundle) -> None:
    networks = {n.id for n in bundle.networks}
    assert "douzelage" in networks
    rules = [r for r in bundle.rules if r.network_id == "douzelage"]
    assert [r.effect for r in rules] == ["one_member_per_country"]


def test_turkey_forbids_partners_in_countries_recognising_the_genocide(bundle: Bundle) -> None:
    # the article's account, kept as cited; the reports' accounts dispute it (test_rule_claims)
    (rule,) = [r for r in bundle.rules if r.country == "TR" and r.claim_of is None]
    assert rule.effect == "forbids_partner_country"
    assert "Armenian genocide" in rule.text
    assert rule.standing is Standing.DISPUTED


def test_institutions(bundle: Bundle) -> None:
    networks = {n.id: n for n in bundle.networks}
    sci = networks["sister-cities-international"]
    assert (sci.country, str(sci.founded)) == ("US", "1956")
    assert "1967" in sci.description
    clair = networks["clair"]
    assert (clair.country, str(clair.founded)) == ("JP", "1988")
    assert networks["cpaffc"].country == "CN"
    assert str(networks["eu-town-twinning-scheme"].founded) == "1989"
    (clair_rule,) = [r for r in bundle.rules if r.network_id == "clair"]
    assert clair_rule.effect == "requires_signed_agreement"
    for network_id in ("uclg", "c40", "strong-cities-network", "100-resilient-cities", "cemr"):
        assert network_id in networks


# ---------------------------------------------------------------- the 2022-2023 wave (issue 21)

WAVE_START, WAVE_END = dt.date(2022, 2, 24), dt.date(2023, 12, 31)
FOUNDING = {"sister-city-article", "global-connections-explainer", "domain-brief"}


def wave_events(bundle: Bundle, *types: EventType) -> list[tuple[Twinning, Event]]:
    """Events of the given types whose date may lie in the 2022-2023 window."""
    return [
        (t, e)
        for t in bundle.twinnings
        for e in t.events
        if e.type in types
        and e.date is not None
        and e.date.end >= WAVE_START
        and e.date.start <= WAVE_END
    ]


def test_wave_has_sixty_dated_endings_in_ten_countries_from_press_reports(bundle: Bundle) -> None:
    places = {p.id: p for p in bundle.places}
    found = [
        (t, e)
        for t, e in wave_events(bundle, EventType.SUSPENSION, EventType.TERMINATION)
        if e.citation.source_id not in FOUNDING
    ]
    countries = {places[e.actor or t.a].country(WAVE_START) for t, e in found}
    assert len(found) >= 60, len(found)
    assert len(countries) >= 10, countries


def test_wave_events_cite_a_dated_retrieved_press_source_with_a_short_quote(
    bundle: Bundle,
) -> None:
    sources = {s.id: s for s in bundle.sources}
    wave = wave_events(bundle, EventType.SUSPENSION, EventType.TERMINATION, EventType.DISPUTE)
    press = [(t, e) for t, e in wave if e.citation.source_id not in FOUNDING]
    assert press
    for t, e in press:
        source = sources[e.citation.source_id]
        assert source.url, source.id
        assert source.retrieved, source.id
        locator = e.citation.locator or ""
        assert locator.startswith('"'), (t.id, locator)
        assert locator.endswith('"'), (t.id, locator)
        assert len(locator.split()) <= 25, (t.id, locator)
        assert e.actor is not None, t.id
        assert e.description, t.id


def test_glasgow_suspended_rostov_on_the_day_of_the_invasion(bundle: Bundle) -> None:
    link = twinning(bundle, "glasgow", "rostov-on-don")
    (event,) = [e for e in link.events if e.type is EventType.SUSPENSION]
    assert event.date is not None
    assert event.date.isoformat() == "2022-02-24"
    assert event.actor == "glasgow"
    assert event.cause == "Russian invasion of Ukraine"
    assert event.citation.source_id == "thenational-2022-02-24-glasgow"


def test_kept_links_are_kept_open_events_that_do_not_end_the_link(bundle: Bundle) -> None:
    kept = wave_events(bundle, EventType.KEPT_OPEN)
    assert len(kept) == 26  # the 25 of the wave file and Coventry's first decision (BBC)
    assert not any(e.description.startswith("Kept open") for _, e in kept)
    assert not any("Kept open" in e.description for _, e in wave_events(bundle, EventType.DISPUTE))
    for t, _ in kept:
        if t.id != "coventry--volgograd":  # kept, then suspended three weeks later
            assert status_as_of(t.events, dt.date(2023, 12, 31)).status is not Status.ENDED, t.id
    canterbury = twinning(bundle, "canterbury", "vladimir")
    assert {e.type for e in canterbury.events} == {EventType.KEPT_OPEN}


def test_rana_froze_then_ended_petrozavodsk(bundle: Bundle) -> None:
    events = twinning(bundle, "rana", "petrozavodsk").events
    assert status_as_of(events, dt.date(2023, 1, 1)).status is Status.SUSPENDED
    assert status_as_of(events, dt.date(2023, 11, 1)).status is Status.ENDED
