"""Resolution of mentions against a small real gazetteer."""

from __future__ import annotations

import pytest

from twintowns.model import PlaceMention
from twintowns.resolve.gazetteer import Gazetteer, distance_km
from twintowns.resolve.resolver import REVIEW_THRESHOLD, Resolver


@pytest.mark.parametrize(
    ("mention", "key"),
    [
        (PlaceMention("Cambridge", "England, United Kingdom"), "gn:2653941"),
        (PlaceMention("Cambridge", "United States"), "gn:4931972"),
        (PlaceMention("Cambridge, Massachusetts"), "gn:4931972"),
        (PlaceMention("Cambridge, Ontario"), "gn:5913695"),
        (PlaceMention("Toledo", "Spain"), "gn:2510409"),
        (PlaceMention("Frankfurt (Oder)", "Germany"), "gn:2925535"),
        (PlaceMention("Frankfurt am Main", "Germany"), "gn:2925533"),
        (PlaceMention("Wolgograd"), "gn:472757"),
        (PlaceMention("Stalingrad", "Russia"), "gn:472757"),
        (PlaceMention("Волгоград", "Russia"), "gn:472757"),
        (PlaceMention("Prag", "Czech Republic"), "gn:3067696"),
        (PlaceMention("Pankow (Berlin)", "Germany"), "gn:2855598"),
        (PlaceMention("Berlin – Pankow", "Germany"), "gn:2855598"),
        (PlaceMention("Lviv", "Ukraine"), "gn:702550"),  # the city, not the oblast
        (PlaceMention("Mariehamn", "Finland"), "gn:3041732"),  # GeoNames files it under AX
        (PlaceMention("Volgogradd", "Russia"), "gn:472757"),  # fuzzy, within the country
        (PlaceMention("Germany"), "gn:2921044"),
    ],
)
def test_resolves(gazetteer: Gazetteer, mention: PlaceMention, key: str) -> None:
    assert Resolver(gazetteer).resolve(mention).key == key


def test_coordinates_pick_among_homonyms(gazetteer: Gazetteer) -> None:
    found = Resolver(gazetteer).resolve(PlaceMention("Frankfurt", "Germany", lat=52.34, lon=14.55))
    assert (found.key, found.method) == ("gn:2925535", "name+coords")
    assert found.confidence >= 0.95


def test_population_prior_is_flagged_when_close(gazetteer: Gazetteer) -> None:
    found = Resolver(gazetteer).resolve(PlaceMention("Cambridge"))
    assert found.key == "gn:2653941"  # the largest, but only narrowly
    assert found.needs_review
    assert found.confidence < REVIEW_THRESHOLD
    assert set(found.candidates) == {"gn:2653941", "gn:4931972", "gn:5913695"}


def test_unknown_name_is_unresolved(gazetteer: Gazetteer) -> None:
    found = Resolver(gazetteer).resolve(PlaceMention("Ankh-Morpork"))
    assert (found.key, found.method, found.needs_review) == (None, "unresolved", True)


def test_coordinates_alone_resolve_nearby_places(gazetteer: Gazetteer) -> None:
    found = Resolver(gazetteer).resolve(PlaceMention("Kreuzberg", "Germany", lat=52.5, lon=13.41))
    assert found.key == "gn:2950159"
    assert (found.method, found.needs_review) == ("coords", True)


def test_overrides_win_and_rejections_are_final(gazetteer: Gazetteer) -> None:
    resolver = Resolver(gazetteer, {("cambridge", ""): "gn:4931972", ("atlantis", "greece"): None})
    assert resolver.resolve(PlaceMention("Cambridge")).key == "gn:4931972"
    rejected = resolver.resolve(PlaceMention("Atlantis", "Greece"))
    assert (rejected.key, rejected.method, rejected.needs_review) == (None, "rejected", False)


def test_geonames_id_is_taken_directly(gazetteer: Gazetteer) -> None:
    found = Resolver(gazetteer).resolve(PlaceMention("Q350", qid="Q350", geonames=2653941))
    assert (found.key, found.method) == ("gn:2653941", "geonames")


def test_nearest_and_distance(gazetteer: Gazetteer) -> None:
    (entry, km), *_ = gazetteer.nearest(52.41, -1.51)
    assert entry.name == "Coventry"
    assert km < 1
    assert 1255 < distance_km(51.5074, -0.1278, 40.4168, -3.7038) < 1275  # London-Madrid


def test_a_pick_far_from_the_mentions_own_coordinates_is_rejected(gazetteer: Gazetteer) -> None:
    # The row puts its Cambridge in Texas; the only US Cambridge is in Massachusetts.
    found = Resolver(gazetteer).resolve(
        PlaceMention("Cambridge", "United States", lat=31.0, lon=-97.0)
    )
    assert found.method == "far"
    assert found.needs_review


def test_a_bare_name_without_country_or_coordinates_is_only_resolved_when_unambiguous(
    gazetteer: Gazetteer,
) -> None:
    resolver = Resolver(gazetteer)
    assert not resolver.resolve(PlaceMention("Wolgograd")).needs_review  # the sole city
    assert resolver.resolve(PlaceMention("Cambridge")).needs_review  # three of them
    assert not resolver.resolve(PlaceMention("Cambridge, Massachusetts")).needs_review


def test_a_nearest_point_pick_is_a_guess(gazetteer: Gazetteer) -> None:
    found = Resolver(gazetteer).resolve(PlaceMention("Kreuzberg", "Germany", lat=52.5, lon=13.41))
    assert found.method == "coords"
    assert found.confidence < REVIEW_THRESHOLD
