"""Places a register vouches for that the gazetteer lacks (issue 14): made only where nothing
makes them a guess.  The gazetteer entries are real GeoNames entries (as the world gazetteer
has them); the mentions are rows of the shipped German register."""

from __future__ import annotations

from twintowns.model import PlaceLevel, PlaceMention
from twintowns.resolve.context import Side
from twintowns.resolve.gazetteer import Entry, Gazetteer
from twintowns.resolve.places import place_from_entry
from twintowns.resolve.registered import (
    DISTRICT_PARTNER,
    Vouched,
    admit,
    district_base,
    doubt_district_partners,
)
from twintowns.resolve.resolver import REVIEW_THRESHOLD, Resolver

REGION, VILLAGE, TOWN, CITY = (
    PlaceLevel.REGION,
    PlaceLevel.VILLAGE,
    PlaceLevel.TOWN,
    PlaceLevel.CITY,
)
SOURCE = "germany-partnerships-2015"


def _entries() -> list[Entry]:
    return [
        Entry("adm1:DE.hesse", "Hesse", REGION, "DE", None, 50.32146, 8.78839, 5968352),
        Entry("adm1:DE.bavaria", "Bavaria", REGION, "DE", None, 48.81684, 11.34381, 12581615),
        Entry("adm1:DE.lower-saxony", "Lower Saxony", REGION, "DE", None, 52.6144, 9.30966, 1),
        Entry("adm1:DE.thuringia", "Thuringia", REGION, "DE", None, 50.9, 11.0, 2154202),
        Entry("gn:3278304", "Lützelbach", VILLAGE, "DE", "Hesse", 49.78586, 9.07804, 0, 3278304),
        Entry("gn:2902951", "Höchst im Odenwald", TOWN, "DE", "Hesse", 49.79972, 8.99944, 10209),
        Entry("gn:2885070", "Kötzting", TOWN, "DE", "Bavaria", 49.17649, 12.85515, 7471, 2885070,
              ("Koetzting", "Kotzting")),
        Entry("gn:2918632", "Göttingen", CITY, "DE", "Lower Saxony", 51.53443, 9.93228, 122149,
              2918632),
        Entry("gn:1880252", "Singapore", CITY, "SG", None, 1.28967, 103.85007, 5638700, 1880252),
        Entry("gn:1880251", "Singapore", PlaceLevel.COUNTRY, "SG", None, 1.28967, 103.85007,
              5638676, 1880251),
        Entry("gn:8354422", "Marina Bay", TOWN, "SG", None, 1.28105, 103.85972, 3034, 8354422),
    ]  # fmt: skip


def _german(name: str, lat: float, lon: float, region: str) -> PlaceMention:
    return PlaceMention(name, "Deutschland", "DE", lat=lat, lon=lon, vouched=True, region=region)


def test_a_municipality_geonames_lacks_is_made_from_its_register_row() -> None:
    resolver = Resolver(Gazetteer(_entries()))
    breuberg = _german("Breuberg", 49.8, 9.07, "Hesse")
    assert resolver.resolve(breuberg).needs_review  # before: a nearest-point guess (Lützelbach)
    added = admit(resolver, [Vouched(SOURCE, "partnerstaedte_final.csv:350", breuberg)])
    assert [(e.name, e.level, e.admin1) for e in added] == [("Breuberg", TOWN, "Hesse")]
    found = resolver.resolve(breuberg)
    assert found.key == "reg:DE:breuberg"
    assert found.confidence >= REVIEW_THRESHOLD
    # Another source naming the town in Germany at its place finds it too.
    other = PlaceMention("Breuberg", country_iso="DE", lat=49.79, lon=9.06)
    assert resolver.resolve(other).key == "reg:DE:breuberg"
    place = place_from_entry(added[0])
    assert place.id == "breuberg-de-register"
    assert place.citation is not None
    assert (place.citation.source_id, place.citation.locator) == (
        SOURCE,
        "partnerstaedte_final.csv:350",
    )


def test_a_renamed_town_the_gazetteer_knows_by_another_name_stays_a_guess() -> None:
    resolver = Resolver(Gazetteer(_entries()))
    kotzting = _german("Bad Kötzting", 49.181622, 12.87215, "Bavaria")
    assert admit(resolver, [Vouched(SOURCE, "x.csv:351", kotzting)]) == []
    assert resolver.resolve(kotzting).needs_review


def test_a_point_outside_the_stated_land_makes_nothing() -> None:
    resolver = Resolver(Gazetteer(_entries()))
    # Breuberg's point, but the row says Thuringia: the row contradicts itself.
    wrong = _german("Breuberg", 49.8, 9.07, "Thuringia")
    assert admit(resolver, [Vouched(SOURCE, "x.csv:1", wrong)]) == []


def test_rows_putting_one_name_in_two_places_make_nothing() -> None:
    resolver = Resolver(Gazetteer(_entries()))
    here = _german("Breuberg", 49.8, 9.07, "Hesse")
    there = _german("Breuberg", 50.3, 8.8, "Hesse")
    assert (
        admit(resolver, [Vouched(SOURCE, "x.csv:1", here), Vouched(SOURCE, "x.csv:2", there)]) == []
    )


def test_a_district_on_a_dummy_point_is_placed_at_its_seat_and_keeps_the_town_apart() -> None:
    resolver = Resolver(Gazetteer(_entries()))
    # The register puts many districts on a dummy point (Singapore); the seat places it.
    district = _german("Göttingen (Kreis) (Göttingen, Stadt)", 1.288011, 103.852371, "Lower Saxony")
    added = admit(resolver, [Vouched(SOURCE, "x.csv:9", district)])
    assert [(e.key, e.name, e.level) for e in added] == [
        ("reg:DE:kreis-gottingen", "Göttingen (Kreis)", PlaceLevel.COUNTY)
    ]
    assert (added[0].lat, added[0].lon) == (51.53443, 9.93228)
    assert "Landkreis Göttingen" in added[0].alternates
    found = resolver.resolve(district)
    assert found.key == "reg:DE:kreis-gottingen"
    assert not found.needs_review
    assert resolver.resolve(PlaceMention("Göttingen", country_iso="DE")).key == "gn:2918632"
    assert resolver.resolve(PlaceMention("Landkreis Göttingen", country_iso="DE")).key == (
        "reg:DE:kreis-gottingen"
    )


def test_a_mention_not_vouched_for_makes_nothing() -> None:
    resolver = Resolver(Gazetteer(_entries()))
    plain = PlaceMention("Breuberg", "Deutschland", "DE", lat=49.8, lon=9.07, region="Hesse")
    assert admit(resolver, [Vouched(SOURCE, "x.csv:1", plain)]) == []


def test_district_names_as_the_register_writes_them() -> None:
    assert district_base("Darmstadt-Dieburg (Kreis) (Darmstadt, Stadt)") == "Darmstadt-Dieburg"
    assert district_base("Oberhavel, Kreis (Kreis) (Oranienburg, Stadt)") == "Oberhavel"
    assert district_base("Saarpfalz- (Kreis) (Homburg, Kreisstadt)") == "Saarpfalz-Kreis"
    assert district_base("Altenkirchen (Westerwald) (Kreis)") == "Altenkirchen (Westerwald)"
    assert district_base("Apensen (Samtgemeinde)") is None


def test_a_made_town_named_without_a_point_by_another_source_is_only_a_guess() -> None:
    resolver = Resolver(Gazetteer(_entries()))
    admit(resolver, [Vouched(SOURCE, "x.csv:1", _german("Breuberg", 49.8, 9.07, "Hesse"))])
    bare = resolver.resolve(PlaceMention("Breuberg", country_iso="DE"))
    assert bare.key == "reg:DE:breuberg"
    assert bare.needs_review  # other villages of that name are missing from the gazetteer too
    located = resolver.resolve(PlaceMention("Breuberg", country_iso="DE", lat=49.79, lon=9.06))
    assert located.key == "reg:DE:breuberg"
    assert not located.needs_review


def test_a_made_districts_partner_named_by_a_town_goes_to_review() -> None:
    resolver = Resolver(Gazetteer(_entries()))
    district = _german("Göttingen (Kreis) (Göttingen, Stadt)", 1.288011, 103.852371, "Lower Saxony")
    admit(resolver, [Vouched(SOURCE, "x.csv:9", district)])
    # "Breslau" beside a district may be Wrocław or its powiat: here a town's name beside it.
    town = PlaceMention("Höchst im Odenwald", country_iso="DE")
    sides = [(Side(district, resolver.resolve(district)), Side(town, resolver.resolve(town)))]
    assert not sides[0][1].resolution.needs_review
    assert doubt_district_partners(sides, resolver.gazetteer) == 1
    assert sides[0][1].resolution.method == DISTRICT_PARTNER
    assert sides[0][1].resolution.needs_review
    assert not sides[0][0].resolution.needs_review  # the district itself is still right
    # A town's partner that is a town is untouched.
    plain = (Side(town, resolver.resolve(town)), Side(town, resolver.resolve(town)))
    assert doubt_district_partners([plain], resolver.gazetteer) == 0
