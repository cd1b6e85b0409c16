"""Two rules of issue 12's second round: a bare name that is one gazetteer place's own name and
no other's is published (flagged doubtful); a point on a hamlet beside a city of the same name
in the same country is not."""

from __future__ import annotations

import pytest

from twintowns.model import PlaceLevel, PlaceMention
from twintowns.resolve.gazetteer import Entry, Gazetteer
from twintowns.resolve.resolver import REVIEW_THRESHOLD, SOLE_CONFIDENCE, Resolver

CITY, TOWN, VILLAGE = PlaceLevel.CITY, PlaceLevel.TOWN, PlaceLevel.VILLAGE

ENTRIES = [
    Entry("gn:2911240", "Hamm", CITY, "DE", "North Rhine-Westphalia", 51.68, 7.82, 178967),
    Entry("gn:2911243", "Hamm", VILLAGE, "DE", "Rheinland-Pfalz", 50.01667, 6.41667, 0),
    Entry("gn:2700487", "Klippan", TOWN, "SE", "Skåne", 56.13, 13.13, 8411),
    # GeoNames lists the spelling without the ligature among its alternates
    Entry("gn:2616038", "Næstved", TOWN, "DK", "Zealand", 55.23, 11.76, 44331, None, ("Naestved",)),
    Entry("gn:2172621", "Campania", VILLAGE, "AU", "Tasmania", -42.66, 147.42, 927),
    Entry("adm1:IT.campania", "Campania", PlaceLevel.REGION, "IT", None, 40.9, 14.9, 6341163),
    Entry(
        "gn:4003618", "La Aldea", TOWN, "MX", "Jalisco", 20.1, -103.4, 5615, None, ("Balmaceda",)
    ),
]


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(Gazetteer(list(ENTRIES)))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Klippan", "gn:2700487"),
        ("Naestved", "gn:2616038"),  # its own name, spelt without the ligature
        ("Klippan, Scania", "gn:2700487"),  # a qualifier the gazetteer does not know
    ],
)
def test_a_name_only_one_place_bears_is_published_as_doubtful(
    resolver: Resolver, name: str, key: str
) -> None:
    found = resolver.resolve(PlaceMention(name))
    assert found.key == key
    assert not found.needs_review
    assert found.confidence == SOLE_CONFIDENCE  # published, but doubtful (< 0.9)


@pytest.mark.parametrize(
    "name",
    [
        "Campania",  # the Tasmanian village shares its name with the Italian region
        "Balmaceda",  # only an alternate name of a Mexican town (the partner is in Chile)
        "Klippan, Norway",  # the qualifier names another country
        "Hamm",  # two places
    ],
)
def test_shared_or_borrowed_names_wait_for_review(resolver: Resolver, name: str) -> None:
    found = resolver.resolve(PlaceMention(name))
    assert found.key is None or found.confidence < REVIEW_THRESHOLD


def test_a_wikidata_label_or_a_unit_needs_more_than_a_sole_name(resolver: Resolver) -> None:
    # P190 links administrative bodies, which a town gazetteer often lacks: the label alone
    # does not settle them, whereas the same bare name in a list of towns does.
    label = resolver.resolve(PlaceMention("Klippan", qid="Q1000"))
    assert label.key == "gn:2700487"
    assert label.needs_review
    assert resolver.resolve(PlaceMention("Klippan District")).needs_review


def test_a_point_on_a_hamlet_beside_a_city_of_that_name_is_not_published(
    resolver: Resolver,
) -> None:
    geocoded = resolver.resolve(PlaceMention("Hamm", "Germany", lat=50.0165, lon=6.4185))
    assert geocoded.method == "dwarfed"
    assert geocoded.needs_review
    # A source that gives the place's population settles it: the hamlet it is.
    counted = resolver.resolve(
        PlaceMention("Hamm", "Germany", lat=50.0165, lon=6.4185, population=120)
    )
    assert (counted.key, counted.method) == ("gn:2911243", "name+coords")
    # The city's own point is the city.
    city = resolver.resolve(PlaceMention("Hamm", "Germany", lat=51.68, lon=7.82))
    assert (city.key, city.needs_review) == ("gn:2911240", False)
