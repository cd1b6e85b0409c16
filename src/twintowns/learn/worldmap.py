"""A world outline for map questions, as an SVG path in an equirectangular projection.

The outline comes from the Natural Earth 1:110m countries the atlas already ships (world-atlas
``countries-110m.json``, public domain, under ``twintowns/api/static/vendor``); it is read as a
file, not imported.  Coordinates map to a ``0 0 360 180`` view box: ``x = lon + 180``,
``y = 90 - lat``.  Without the file the map falls back to a graticule.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

WIDTH, HEIGHT = 360, 180


def _vendor_file() -> Any:
    return resources.files("twintowns") / "api" / "static" / "vendor" / "countries-110m.json"


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (topojson arcs are delta-encoded and quantised)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0.0
        points = []
        for dx, dy in arc:
            if transform:
                x, y = x + dx, y + dy
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(dx), float(dy)))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _path(ring: list[tuple[float, float]]) -> str:
    out = []
    last_lon: float | None = None
    for lon, lat in ring:
        move = last_lon is None or abs(lon - last_lon) > 180  # antimeridian: start afresh
        out.append(f"{'M' if move else 'L'}{lon + 180:.1f} {90 - lat:.1f}")
        last_lon = lon
    return "".join(out) + "Z"


def _rings(geometry: dict[str, Any]) -> list[list[int]]:
    if geometry.get("type") == "Polygon":
        return list(geometry["arcs"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


@cache
def land_path() -> str:
    """The SVG path data of every country's outline ("" when the outline file is missing)."""
    try:
        topology = json.loads(_vendor_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    arcs = _decode_arcs(topology)
    geometries = topology.get("objects", {}).get("countries", {}).get("geometries", [])
    return "".join(_path(_ring(arcs, ring)) for g in geometries for ring in _rings(g))


def graticule_path(step: int = 30) -> str:
    """Meridians and parallels every ``step`` degrees."""
    lines = [f"M{x} 0V{HEIGHT}" for x in range(0, WIDTH + 1, step)]
    lines += [f"M0 {y}H{WIDTH}" for y in range(0, HEIGHT + 1, step)]
    return "".join(lines)


def world_svg(marker: tuple[float, float] | None = None, radius_km: float | None = None) -> str:
    """A standalone SVG world map, optionally with a marker (lat, lon) and a tolerance circle.

    Parameters
    ----------
    marker:
        ``(lat, lon)`` to mark, for answer keys.
    radius_km:
        Radius of the circle drawn around the marker.

    Returns
    -------
    str
        SVG text (``viewBox="0 0 360 180"``).
    """
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#eef5fb"/>',
        f'<path d="{graticule_path()}" stroke="#c9d8e6" stroke-width="0.3" fill="none"/>',
        f'<path d="{land_path()}" fill="#d9d4c7" stroke="#8a8577" stroke-width="0.2"/>',
    ]
    if marker is not None:
        x, y = marker[1] + 180, 90 - marker[0]
        if radius_km:
            r = radius_km / 111.2  # degrees of latitude
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="none" '
                         'stroke="#c0392b" stroke-width="0.5"/>')  # fmt: skip
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6" fill="#c0392b"/>')
    parts.append("</svg>")
    return "".join(parts)
