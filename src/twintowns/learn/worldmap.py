"""A world outline for map questions, as an SVG path in an equirectangular projection.

The outline comes from the Natural Earth 1:110m countries the atlas already ships (world-atlas
``countries-110m.json``, public domain, under ``twintowns/api/static/vendor``); it is read as a
file, not imported.  Coordinates map to a ``0 0 360 180`` view box: ``x = lon + 180``,
``y = 90 - lat``.  Without the file the map falls back to a graticule.
"""

from __future__ import annotations

import hashlib
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


Window = tuple[float, float, float, float]
"""A part of the map: ``(x, y, width, height)`` in view-box units (degrees)."""

REGION_WIDTH, REGION_HEIGHT = 120.0, 60.0  # a third of the world each way


def region_window(lat: float, lon: float, seed: str) -> Window:
    """A 120 x 60 degree part of the world holding ``(lat, lon)``, the point placed between
    a fifth and four fifths of the way across and down by ``seed`` (an item id), so that the
    middle of the map never gives the answer away; clamped to the world.

    Printed at a page's width it is three times the scale of the whole world: a 300 km circle
    becomes about 4 mm instead of 1.3 mm.
    """
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    fx, fy = 0.2 + 0.6 * digest[0] / 255, 0.2 + 0.6 * digest[1] / 255
    x = min(max(lon + 180 - fx * REGION_WIDTH, 0.0), WIDTH - REGION_WIDTH)
    y = min(max(90 - lat - fy * REGION_HEIGHT, 0.0), HEIGHT - REGION_HEIGHT)
    return (x, y, REGION_WIDTH, REGION_HEIGHT)


def world_svg(
    marker: tuple[float, float] | None = None,
    radius_km: float | None = None,
    window: Window | None = None,
) -> str:
    """A standalone SVG world map, optionally with a marker (lat, lon) and a tolerance circle.

    Parameters
    ----------
    marker:
        ``(lat, lon)`` to mark, for answer keys.
    radius_km:
        Radius of the circle drawn around the marker.
    window:
        The part of the world to show (:func:`region_window`); the whole world when None.

    Returns
    -------
    str
        SVG text (``viewBox="0 0 360 180"``, or the window's).
    """
    box = " ".join(f"{v:g}" for v in (window or (0, 0, WIDTH, HEIGHT)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#eef5fb"/>',
        f'<path d="{graticule_path(10 if window else 30)}" stroke="#c9d8e6" stroke-width="0.3" '
        'fill="none"/>',
        f'<path d="{land_path()}" fill="#d9d4c7" stroke="#8a8577" stroke-width="0.2"/>',
    ]
    if marker is not None:
        x, y = marker[1] + 180, 90 - marker[0]
        if radius_km:
            r = radius_km / 111.2  # degrees of latitude
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="none" '
                         'stroke="#c0392b" stroke-width="0.5"/>')  # fmt: skip
        dot = 0.8 if window else 1.6  # the same size on the page at the window's scale
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{dot}" fill="#c0392b"/>')
    parts.append("</svg>")
    return "".join(parts)
