"""Country strings as the datasets write them."""

from __future__ import annotations

import pytest

from twintowns.country_names import country_name
from twintowns.resolve.countries import country_of


@pytest.mark.parametrize(
    ("text", "iso", "hint"),
    [
        ("Germany", "DE", None),
        ("England, United Kingdom", "GB", "England"),
        ("Scotland", "GB", "Scotland"),
        ("Czech Republic", "CZ", None),
        ("Czechia", "CZ", None),
        ("Macedonia", "MK", None),
        ("Swaziland", "SZ", None),
        ("Georgia (country)", "GE", None),
        ("Russia", "RU", None),
        ("Ohio, United States", "US", "Ohio"),
        ("Guadeloupe, France", "GP", None),
        ("Åland Islands, Finland", "AX", None),
        ("Grece", "GR", None),  # a typo in the 2026 scrape
        ("Island", "IS", None),  # German exonym in Wikidata-derived labels
        ("Transnistria", "MD", None),
    ],
)
def test_country_strings(text: str, iso: str, hint: str | None) -> None:
    found = country_of(text)
    assert (found.iso, found.hint) == (iso, hint)


@pytest.mark.parametrize("text", ["", "Prussia", "t430222130", None])
def test_strings_naming_no_country(text: str | None) -> None:
    assert country_of(text).iso is None


def test_country_name() -> None:
    assert country_name("XK") == "Kosovo"
    assert country_name("GB") == "United Kingdom"
    assert country_name("GB", "official") == "United Kingdom of Great Britain and Northern Ireland"
    assert country_name("SU") == "Soviet Union"
    assert country_name("SU", "official") == "Union of Soviet Socialist Republics"
    assert country_name("CS") == "Serbia and Montenegro"  # the registry: CSHH is Czechoslovakia
    assert country_name("DD") == "East Germany"
    assert country_name("KR", "official") == "Republic of Korea"
    assert country_name("ZZ") == "ZZ"
    assert country_name(None) == ""
