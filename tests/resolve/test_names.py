"""Reading qualifiers and administrative words off names."""

from __future__ import annotations

from dataclasses import replace

import pytest

from twintowns.model import PlaceLevel
from twintowns.resolve.gazetteer import Entry
from twintowns.resolve.names import ascii_form, english_display, is_code, split_name
from twintowns.resolve.places import place_from_entry


@pytest.mark.parametrize(
    ("name", "base", "qualifier", "level"),
    [
        ("Phoenix, Arizona", "Phoenix", "Arizona", None),
        ("Pankow (Berlin)", "Pankow", "Berlin", None),
        ("Berlin – Pankow", "Pankow", "Berlin", None),
        ("Landkreis Harburg", "Harburg", None, PlaceLevel.COUNTY),
        ("Sesimbra Municipality", "Sesimbra", None, PlaceLevel.TOWN),
        ("Moscow Oblast", "Moscow", None, PlaceLevel.REGION),
        ("Coventry", "Coventry", None, None),
    ],
)
def test_split_name(name: str, base: str, qualifier: str | None, level: PlaceLevel | None) -> None:
    parts = split_name(name)
    assert (parts.base, parts.qualifier, parts.level) == (base, qualifier, level)


def test_ascii_form() -> None:
    assert ascii_form("Волгоград") == "Volgograd"


@pytest.mark.parametrize("name", ["LQQ", "BLX", "EDDM", "12", "  ", "-"])
def test_codes_are_never_names(name: str) -> None:
    assert is_code(name)


@pytest.mark.parametrize("name", ["Liaoyang", "Ely", "Ur", "berruno", "東京", "Hà Nội"])
def test_names_are_not_codes(name: str) -> None:
    assert not is_code(name)


def test_english_display_prefers_the_gazetteer_name_sources_also_wrote() -> None:
    # older English sources wrote Kiev more often; GeoNames follows the renaming
    assert english_display(["Kiev", "Kyiv"], "Kyiv") == ["Kyiv", "Kiev"]
    assert english_display(["New York", "NYC"], "New York City") == ["New York"]
    assert english_display(["12"], "Iran") == []


LIAOYANG = Entry(
    "gn:2036113",
    "Liaoyang",
    PlaceLevel.CITY,
    "CN",
    alternates=("LQQ", "Liao-jang", "Liaoyang", "遼陽", "辽阳"),
    geonames=2036113,
    population=687_890,
)


def test_a_place_without_english_names_shows_the_gazetteer_name() -> None:
    place = place_from_entry(LIAOYANG)
    assert place.name() == "Liaoyang"
    texts = [n.text for n in place.names]
    assert "LQQ" not in texts  # the airport code is not a name at all
    assert {"Liao-jang", "遼陽", "辽阳"} <= set(texts)  # every other alternate stays searchable
    assert len(texts) == len(set(texts))
    # stored rows come back in any order: the preferred primary name still wins
    assert replace(place, names=tuple(sorted(place.names, key=lambda n: n.text))).name() == (
        "Liaoyang"
    )


def test_english_names_sources_wrote_win_over_the_gazetteer_name() -> None:
    place = place_from_entry(LIAOYANG, ["Liaoyang City", "LQQ"])
    assert place.name() == "Liaoyang City"
    assert [n.text for n in place.names if n.preferred] == ["Liaoyang City", "Liaoyang"]
