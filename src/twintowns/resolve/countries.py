"""Country strings as datasets write them -> ISO 3166-1 alpha-2, plus a regional hint.

``"England, United Kingdom"`` -> (``GB``, hint ``England``); ``"Czech Republic"`` -> ``CZ``;
``"Georgia (country)"`` -> ``GE``; ``"Grece"`` -> ``GR`` (fuzzy, for typos).  Names pycountry
knows are looked up there; the rest come from the curated alias table
``data/resolve/country_aliases.yaml``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pycountry
from rapidfuzz import fuzz, process

from twintowns.errors import DataFileError
from twintowns.model import normalise_name
from twintowns.yamlfile import read_yaml

_FUZZY_CUTOFF = 88.0


@dataclass(frozen=True, slots=True)
class CountryMatch:
    """The outcome of reading a country string."""

    iso: str | None
    hint: str | None = None  # the region part: "England" of "England, United Kingdom"
    method: str = "none"


def _alias_file() -> Path:
    return Path(str(resources.files("twintowns") / "data" / "resolve" / "country_aliases.yaml"))


@functools.cache
def _names() -> dict[str, str | None]:
    """Folded country name -> ISO code (None for strings that name no country)."""
    table: dict[str, str | None] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_2", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                table[normalise_name(value)] = country.alpha_2
    path = _alias_file()
    tree = read_yaml(path)
    for name, iso in tree["aliases"].items():
        if iso is not None and pycountry.countries.get(alpha_2=iso) is None and iso != "XK":
            raise DataFileError(f"alias {name!r} maps to unknown code {iso!r}", path=str(path))
        table[normalise_name(name)] = iso
    return table


def _exact(text: str) -> CountryMatch | None:
    table = _names()
    key = normalise_name(text)
    if key in table:
        return CountryMatch(table[key], None, "name")
    return None


def _constituent(text: str) -> str | None:
    """The UK's constituent countries are kept as hints: they disambiguate (Perth, Scotland)."""
    folded = normalise_name(text)
    return text if folded in ("england", "scotland", "wales", "northern ireland") else None


@functools.cache
def country_of(text: str | None) -> CountryMatch:
    """Read a country string.

    Parameters
    ----------
    text:
        As written: ``"Germany"``, ``"England, United Kingdom"``, ``"Ohio, United States"``,
        ``"Grece"``.

    Returns
    -------
    CountryMatch
        ISO code (None when the string names no country), the regional hint, and the method.
    """
    if not text or not text.strip():
        return CountryMatch(None)
    text = text.strip()
    whole = _exact(text)
    if whole is not None:
        return CountryMatch(whole.iso, _constituent(text), whole.method)
    if "," in text:
        region, _, country = text.rpartition(",")
        inner, outer = _exact(region), _exact(country)
        if inner is not None and inner.iso is not None:
            # Overseas regions GeoNames files as countries: "Guadeloupe, France" -> GP
            return CountryMatch(inner.iso, _constituent(region), "region-as-country")
        if outer is not None:
            return CountryMatch(outer.iso, region.strip(), "name+region")
    table = _names()
    best = process.extractOne(normalise_name(text), list(table), scorer=fuzz.ratio)
    if best is not None and best[1] >= _FUZZY_CUTOFF:
        return CountryMatch(table[best[0]], None, "fuzzy")
    return CountryMatch(None, None, "unknown")


# Territories GeoNames files under their own code while datasets name the sovereign state.
TERRITORIES: dict[str, tuple[str, ...]] = {
    "FI": ("AX",),
    "FR": ("GP", "MQ", "GF", "RE", "YT", "PM", "NC", "PF", "WF", "BL", "MF"),
    "DK": ("GL", "FO"),
    "NL": ("AW", "CW", "SX", "BQ"),
    "US": ("PR", "GU", "VI", "AS", "MP"),
    "GB": ("GI", "IM", "JE", "GG", "BM", "KY", "FK", "VG", "TC", "MS", "AI", "SH"),
    "NO": ("SJ",),
    "CN": ("HK", "MO"),
    "MA": ("EH",),
    "AU": ("NF", "CX", "CC"),
    "NZ": ("CK", "NU", "TK"),
}
