"""Reading qualifiers and administrative words off names."""

from __future__ import annotations

import pytest

from twintowns.model import PlaceLevel
from twintowns.resolve.names import ascii_form, split_name


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
