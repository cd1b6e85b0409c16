"""Places: names and countries through time, name folding."""

from __future__ import annotations

import datetime as dt

import pytest

from twintowns.errors import IntegrityError
from twintowns.model import (
    Citation,
    Claim,
    Coordinates,
    CountryPeriod,
    FuzzyDate,
    Period,
    Place,
    PlaceLevel,
    PlaceName,
    Twinning,
    TwinningKind,
    normalise_name,
    pair_key,
    twinning_id,
)

CITE = Citation("test-source")

VOLGOGRAD = Place(
    id="volgograd",
    level=PlaceLevel.CITY,
    names=(
        PlaceName("Stalingrad", "en", Period(end=FuzzyDate(1961, 11, 10))),
        PlaceName("Volgograd", "en", Period(start=FuzzyDate(1961, 11, 10)), preferred=True),
        PlaceName("Wolgograd", "de"),
    ),
    countries=(
        CountryPeriod("SU", Period(end=FuzzyDate(1991, 12, 25))),
        CountryPeriod("RU", Period(start=FuzzyDate(1991, 12, 26))),
    ),
)


def test_name_follows_history() -> None:
    assert VOLGOGRAD.name(when=dt.date(1944, 1, 1)) == "Stalingrad"
    assert VOLGOGRAD.name(when=dt.date(2000, 1, 1)) == "Volgograd"
    assert VOLGOGRAD.name("de") == "Wolgograd"


def test_country_follows_history() -> None:
    assert VOLGOGRAD.country(dt.date(1980, 1, 1)) == "SU"
    assert VOLGOGRAD.country(dt.date(2000, 1, 1)) == "RU"


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Düsseldorf", "dusseldorf"),
        ("St. Petersburg", "st petersburg"),
        ("  GYÖNGYÖS ", "gyongyos"),
        ("Higashiōsaka", "higashiosaka"),
        ("Волгоград", "волгоград"),
        ("Frankfurt (Oder)", "frankfurt oder"),
    ],
)
def test_normalise_name(raw: str, folded: str) -> None:
    assert normalise_name(raw) == folded


def test_pairs_are_unordered_and_distinct() -> None:
    assert pair_key("rome", "paris") == ("paris", "rome")
    assert twinning_id("rome", "paris") == "paris--rome"
    with pytest.raises(IntegrityError):
        pair_key("dull", "dull")


def test_twinning_flags_one_sided_claims() -> None:
    claim = Claim("ontario-ca", "winterthur", CITE)
    twinning = Twinning("ontario-ca", "winterthur", TwinningKind.SISTER_CITY, CITE, claims=(claim,))
    assert twinning.one_sided
    both = Twinning(
        "ontario-ca",
        "winterthur",
        TwinningKind.SISTER_CITY,
        CITE,
        claims=(claim, Claim("winterthur", "ontario-ca", CITE)),
    )
    assert not both.one_sided
    with pytest.raises(IntegrityError):
        Twinning("winterthur", "ontario-ca", TwinningKind.SISTER_CITY, CITE)


def test_coordinates_are_a_value_of_latitude_and_longitude() -> None:
    here = Coordinates(lat=52.4068, lon=-1.5197)
    assert (here.lat, here.lon) == (52.4068, -1.5197)
    assert here == Coordinates(52.4068, -1.5197)
    assert hash(here) == hash(Coordinates(52.4068, -1.5197))
    assert here != Coordinates(-1.5197, 52.4068)
    assert repr(here) == "Coordinates(lat=52.4068, lon=-1.5197)"
    assert Coordinates(0, 0)  # a place at 0°, 0° is still located
    assert isinstance(Coordinates(1, 2).lat, float)
    match here:
        case Coordinates(lat, lon):
            assert (lat, lon) == (52.4068, -1.5197)
    with pytest.raises(AttributeError):
        here.lat = 0.0  # type: ignore[misc]


def test_coordinates_pickle_and_copy_as_themselves() -> None:
    import copy
    import pickle

    here = Coordinates(-33.8688, 151.2093)
    for back in (pickle.loads(pickle.dumps(here)), copy.deepcopy(here)):
        assert type(back) is Coordinates
        assert back == here
