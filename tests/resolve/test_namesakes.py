"""Namesakes of similar size (issue 12, third round): a geocoder's point on the smaller of two
same-named towns is not published, and a name with a rival of similar size elsewhere is not
settled by what other sources say about that name."""

from __future__ import annotations

import pytest

from twintowns.model import PlaceLevel, PlaceMention
from twintowns.resolve.context import PartnerContext, Side
from twintowns.resolve.gazetteer import Entry, Gazetteer
from twintowns.resolve.resolver import REVIEW_THRESHOLD, Resolution, Resolver

CITY, TOWN = PlaceLevel.CITY, PlaceLevel.TOWN
GRONAU_W, GRONAU_L = "gn:2917138", "gn:2917139"
SANTA_FE_NM, SANTA_FE_ES = "gn:5490263", "gn:2510911"

ENTRIES = [
    Entry(GRONAU_W, "Gronau", TOWN, "DE", "North Rhine-Westphalia", 52.21, 7.02, 47000),
    Entry(GRONAU_L, "Gronau", TOWN, "DE", "Lower Saxony", 52.08, 9.78, 5000),
    Entry(SANTA_FE_NM, "Santa Fe", TOWN, "US", "New Mexico", 35.69, -105.94, 84000),
    Entry(SANTA_FE_ES, "Santa Fe", TOWN, "ES", "Andalusia", 37.19, -3.72, 15000),
    Entry("gn:1", "Türi", TOWN, "EE", "Järvamaa", 58.81, 25.43, 5000),
    Entry("gn:2", "Türi", PlaceLevel.VILLAGE, "RU", None, 56.0, 40.0, 200),
]


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(Gazetteer(list(ENTRIES)))


def test_a_geocoded_point_on_the_smaller_namesake_waits_for_review(resolver: Resolver) -> None:
    found = resolver.resolve(PlaceMention("Gronau", "Germany", lat=52.08, lon=9.78, geocoded=True))
    assert (found.key, found.method) == (GRONAU_L, "namesake")
    assert found.needs_review
    assert set(found.candidates) == {GRONAU_W, GRONAU_L}  # the partner graph may still decide


@pytest.mark.parametrize(
    "mention",
    [
        # the source's own coordinates (Wikidata's P625), not a geocoder's pick
        PlaceMention("Gronau", "Germany", lat=52.08, lon=9.78),
        # a population given: the source looked the place up
        PlaceMention("Gronau", "Germany", lat=52.08, lon=9.78, population=5000, geocoded=True),
    ],
)
def test_a_point_the_source_vouches_for_settles_the_namesake(
    resolver: Resolver, mention: PlaceMention
) -> None:
    found = resolver.resolve(mention)
    assert (found.key, found.method, found.needs_review) == (GRONAU_L, "name+coords", False)


def test_a_geocoded_point_on_the_largest_namesake_is_published(resolver: Resolver) -> None:
    found = resolver.resolve(PlaceMention("Gronau", "Germany", lat=52.21, lon=7.02, geocoded=True))
    assert (found.key, found.method, found.needs_review) == (GRONAU_W, "name+coords", False)


def test_a_bare_name_knows_its_rivals(resolver: Resolver) -> None:
    santa_fe = resolver.resolve(PlaceMention("Santa Fe", qid="Q1"))
    assert santa_fe.rivalled  # Spain's is more than a tenth of New Mexico's
    turi = resolver.resolve(PlaceMention("Türi", qid="Q2"))
    assert (turi.key, turi.rivalled) == ("gn:1", False)  # a village of 200 is no rival


def _claims(resolver: Resolver, name: str, country: str, key: str) -> list[tuple[Side, Side]]:
    """Two sources that say where ``name`` is, and one bare Wikidata label of it."""

    def located(partner: str) -> Side:
        return Side(PlaceMention(partner), Resolution(f"gn:{partner}", "name+country", 0.97))

    stated = PlaceMention(name, country)
    bare = PlaceMention(name, qid="Q99")
    return [
        (located("a"), Side(stated, Resolution(key, "name+country", 0.97, (), "XX"))),
        (located("b"), Side(stated, Resolution(key, "name+country", 0.97, (), "XX"))),
        (Side(bare, resolver.resolve(bare)), located("c")),
    ]


def test_sources_that_place_a_name_do_not_settle_a_rivalled_namesake(resolver: Resolver) -> None:
    claims = _claims(resolver, "Santa Fe", "United States", SANTA_FE_NM)
    PartnerContext(claims, lambda key: key).revise()
    assert claims[2][0].resolution.confidence < REVIEW_THRESHOLD  # not published as New Mexico


def test_sources_that_place_a_name_settle_it_when_it_has_no_rival(resolver: Resolver) -> None:
    claims = _claims(resolver, "Türi", "Estonia", "gn:1")
    PartnerContext(claims, lambda key: key).revise()
    found = claims[2][0].resolution
    assert (found.key, found.confidence >= REVIEW_THRESHOLD) == ("gn:1", True)


def test_one_placed_partner_of_many_statements_does_not_settle_an_item() -> None:
    # Santa Fe, Spain's item names five partners; while only San Miguel de Allende is placed,
    # its one plain claim with Santa Fe, New Mexico is all the placed partners say.
    def placed(name: str) -> Side:
        return Side(PlaceMention(name), Resolution(f"gn:{name}", "name+country", 0.97))

    def unplaced(name: str) -> Side:
        return Side(PlaceMention(name), Resolution(None, "unresolved", 0.0))

    def item() -> Side:
        candidates = (SANTA_FE_NM, "gn:santa-fe-ar")
        found = Resolution("gn:santa-fe-ar", "name", 0.7, candidates, None, True)
        return Side(PlaceMention("Santa Fe", qid="Q615722"), found)

    claims = [(item(), placed("san-miguel"))]
    claims += [(item(), unplaced(name)) for name in ("Baiona", "Briviesca", "Ocotal", "Ambato")]
    new_mexico = Resolution(SANTA_FE_NM, "name+country", 0.97)
    claims.append((placed("san-miguel"), Side(PlaceMention("Santa Fe, NM"), new_mexico)))
    PartnerContext(claims, lambda key: key).revise()
    assert all(c[0].resolution.key == "gn:santa-fe-ar" for c in claims[:5])
    assert all(c[0].resolution.confidence < REVIEW_THRESHOLD for c in claims[:5])
