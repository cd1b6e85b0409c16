"""Country strings as the datasets write them."""

from __future__ import annotations

import pytest

from twintowns.resolve.countries import country_name, country_of


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
