"""Country names: the one function that turns an ISO code into a name a reader expects.

Every face names countries through :func:`country_name` (the API's ``country_name`` fields,
the lab's tables, the learning pack, the resolver's qualifiers).  Two styles:

``"short"`` (default)
    The name in everyday English: ``Russia``, ``South Korea``, ``United Kingdom``,
    ``Soviet Union``, ``East Germany``.
``"official"``
    The formal name: ``Russian Federation``, ``Republic of Korea``, ``United Kingdom of Great
    Britain and Northern Ireland``, ``Union of Soviet Socialist Republics``, ``German
    Democratic Republic``.

Historical and user-assigned codes follow the registry's own usage (see
``data/curated/10-places.yaml``): ``SU`` the Soviet Union (until 1991-12-26), ``DD`` East
Germany (1949-1990), ``YU`` Yugoslavia (the kingdom, the socialist federation and the
federal republic: until 2003-02-04, so no single formal name), ``CS`` Serbia and Montenegro
(2003-2006; ISO reused the code after Czechoslovakia, which the registry writes ``CSHH``),
``XK`` Kosovo.  An unknown code is returned as it is.
"""

from __future__ import annotations

import functools
from typing import Literal

import pycountry

Style = Literal["short", "official"]

_HISTORIC: dict[str, tuple[str, str]] = {
    "SU": ("Soviet Union", "Union of Soviet Socialist Republics"),
    "DD": ("East Germany", "German Democratic Republic"),
    "YU": ("Yugoslavia", "Yugoslavia"),
    "CS": ("Serbia and Montenegro", "State Union of Serbia and Montenegro"),
    "CSHH": ("Czechoslovakia", "Czechoslovak Socialist Republic"),
    "XK": ("Kosovo", "Republic of Kosovo"),
}
# pycountry's names where everyday English differs ("Korea, Republic of" -> "South Korea").
_SHORT: dict[str, str] = {
    "RU": "Russia", "KR": "South Korea", "KP": "North Korea", "IR": "Iran", "SY": "Syria",
    "VN": "Vietnam", "TW": "Taiwan", "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania",
    "MD": "Moldova", "LA": "Laos", "PS": "Palestine", "GB": "United Kingdom",
    "US": "United States", "CD": "DR Congo", "CG": "Republic of the Congo", "BN": "Brunei",
    "FM": "Micronesia", "VA": "Vatican City", "CV": "Cape Verde", "MK": "North Macedonia",
    "VG": "British Virgin Islands", "VI": "US Virgin Islands",
}  # fmt: skip
_OFFICIAL: dict[str, str] = {
    "TW": "Taiwan",  # pycountry's "Taiwan, Province of China" is one side's claim
    "CD": "Democratic Republic of the Congo",
}


def _uninvert(name: str) -> str:
    """``Korea, Republic of`` -> ``Republic of Korea``; ``the State of Palestine`` -> ``State
    of Palestine`` (a name, not a phrase)."""
    head, comma, tail = name.partition(", ")
    if comma and tail.endswith(" of"):
        name = f"{tail} {head}"
    return name.removeprefix("the ")


@functools.cache
def country_name(iso: str | None, style: Style = "short") -> str:
    """The name of a country code in ``style`` ("short" or "official"); "" for None.

    Parameters
    ----------
    iso:
        ISO 3166-1 alpha-2 code, or one of the historical codes of the module docstring.
    style:
        ``"short"`` (everyday English) or ``"official"`` (the formal name).
    """
    if not iso:
        return ""
    if iso in _HISTORIC:
        short, official = _HISTORIC[iso]
        return short if style == "short" else official
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return iso
    if style == "official":
        found = _OFFICIAL.get(iso) or str(getattr(country, "official_name", None) or country.name)
        return _uninvert(found)
    return _SHORT.get(iso) or str(getattr(country, "common_name", None) or country.name)
