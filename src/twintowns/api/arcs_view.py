"""Arcs that scale with the view, not the registry: aggregated arcs for the world view and
detailed arcs for a visible extent, each answer bounded whatever the registry's size.

* :func:`world_view`: every drawable twinning grouped by the pair of grid cells its two
  places fall in (``cell`` degrees), each group drawn as one arc between the cells' mean
  positions with its count (the width); the :data:`MOST_GROUPS` largest groups are sent, the
  rest only counted.  About 100 kB of JSON (40 kB gzipped) at any size.
* :func:`extent_view`: the twinnings with a place inside a bounding box: in detail (places
  and arcs, kind and status today) when there are at most :data:`MOST_DETAILED`, otherwise
  aggregated as above on a grid fine enough for the zoom.

The routes (:mod:`twintowns.api.routes.atlas`) keep each encoded answer with its snapshot
(:mod:`twintowns.api.answers`); the coordinates are gathered once per snapshot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from twintowns.api.arcs import TIMELINE_CODES, code_now
from twintowns.model import Twinning, TwinningKind
from twintowns.query import Snapshot

MOST_GROUPS = 3_000
"""Most aggregated arcs one answer carries (the largest groups)."""
MOST_DETAILED = 4_000
"""Most arcs an extent's answer carries in detail; more are aggregated."""
WORLD_CELL = 5.0
"""Grid cell of the world view, in degrees."""
_KINDS = [k.value for k in TwinningKind]


@dataclass(frozen=True)
class Ends:
    """The drawable twinnings of a snapshot and both ends' coordinates, as arrays."""

    twinnings: list[Twinning]
    lon: np.ndarray[Any, np.dtype[np.float64]]  # shape (n, 2): side a, side b
    lat: np.ndarray[Any, np.dtype[np.float64]]


def ends(snapshot: Snapshot) -> Ends:
    """The snapshot's :class:`Ends` (gathered once per snapshot)."""
    found = snapshot.memo.get("arc-ends")
    if isinstance(found, Ends):
        return found
    drawn, lon, lat = [], [], []
    for twinning in snapshot.twinnings:
        a, b = snapshot.places[twinning.a].coordinates, snapshot.places[twinning.b].coordinates
        if a and b:
            drawn.append(twinning)
            lon.append((a.lon, b.lon))
            lat.append((a.lat, b.lat))
    shape = (len(drawn), 2)
    made = Ends(
        drawn,
        np.array(lon, dtype=np.float64).reshape(shape),
        np.array(lat, dtype=np.float64).reshape(shape),
    )
    return snapshot.memo.put("arc-ends", made)


def _inside(found: Ends, box: tuple[float, float, float, float]) -> np.ndarray[Any, Any]:
    """Indexes of the twinnings with at least one place inside ``box`` (W, S, E, N)."""
    west, south, east, north = box
    hit = (found.lon >= west) & (found.lon <= east) & (found.lat >= south) & (found.lat <= north)
    return np.flatnonzero(hit.any(axis=1))


def aggregate(found: Ends, chosen: np.ndarray[Any, Any], cell: float) -> dict[str, Any]:
    """The twinnings ``chosen`` grouped by the (unordered) pair of ``cell``-degree grid cells
    of their places: the :data:`MOST_GROUPS` largest groups, each from one cell's mean
    position to the other's, with its count."""
    lon, lat = found.lon[chosen], found.lat[chosen]
    columns = math.ceil(360 / cell) + 1
    cells = np.floor((lat + 90) / cell).astype(np.int64) * columns + np.floor(
        (lon + 180) / cell
    ).astype(np.int64)
    # each cell's mean position over the ends that fall in it
    flat_cells, where = np.unique(cells.ravel(), return_inverse=True)
    weight = np.bincount(where)
    mean_lon = np.bincount(where, lon.ravel()) / weight
    mean_lat = np.bincount(where, lat.ravel()) / weight
    ends_at = where.reshape(cells.shape)
    low, high = ends_at.min(axis=1), ends_at.max(axis=1)
    pairs, counts = np.unique(low * len(flat_cells) + high, return_counts=True)
    order = np.argsort(-counts, kind="stable")[:MOST_GROUPS]
    one, other = pairs[order] // len(flat_cells), pairs[order] % len(flat_cells)
    return {
        "mode": "aggregate",
        "cell": cell,
        "total": len(chosen),
        "groups": len(pairs),
        "shown": int(counts[order].sum()),
        "arcs": {
            "a_lon": np.round(mean_lon[one], 2).tolist(),
            "a_lat": np.round(mean_lat[one], 2).tolist(),
            "b_lon": np.round(mean_lon[other], 2).tolist(),
            "b_lat": np.round(mean_lat[other], 2).tolist(),
            "count": counts[order].tolist(),
        },
    }


def world_view(snapshot: Snapshot) -> dict[str, Any]:
    """The first view: every drawable twinning aggregated on the :data:`WORLD_CELL` grid."""
    found = ends(snapshot)
    every = np.arange(len(found.twinnings))
    return {
        "version": snapshot.version,
        "codes": TIMELINE_CODES,
        **aggregate(found, every, WORLD_CELL),
    }


def cell_for_zoom(zoom: int) -> float:
    """Grid cell (degrees) of an aggregated extent at ``zoom`` (0: the world in one tile)."""
    return max(0.05, min(WORLD_CELL, 90.0 / float(2**zoom)))


def _detail(snapshot: Snapshot, found: Ends, chosen: np.ndarray[Any, Any]) -> dict[str, Any]:
    twinnings = [found.twinnings[i] for i in chosen.tolist()]
    used = sorted({p for t in twinnings for p in (t.a, t.b)})
    index = {p: i for i, p in enumerate(used)}
    places = [snapshot.places[p] for p in used]
    return {
        "mode": "detail",
        "total": len(twinnings),
        "places": {
            "id": used,
            "name": [p.name() for p in places],
            "lon": [round(p.coordinates.lon, 3) if p.coordinates else None for p in places],
            "lat": [round(p.coordinates.lat, 3) if p.coordinates else None for p in places],
        },
        "arcs": {
            "a": [index[t.a] for t in twinnings],
            "b": [index[t.b] for t in twinnings],
            "kind": [_KINDS.index(t.kind) for t in twinnings],
            "now": [code_now(t) for t in twinnings],
        },
    }


def extent_view(
    snapshot: Snapshot, box: tuple[float, float, float, float], zoom: int
) -> dict[str, Any]:
    """The twinnings with a place inside ``box`` (W, S, E, N degrees): in detail when there
    are at most :data:`MOST_DETAILED`, else aggregated on :func:`cell_for_zoom`'s grid."""
    found = ends(snapshot)
    chosen = _inside(found, box)
    body = (
        _detail(snapshot, found, chosen)
        if len(chosen) <= MOST_DETAILED
        else aggregate(found, chosen, cell_for_zoom(zoom))
    )
    return {
        "version": snapshot.version,
        "codes": TIMELINE_CODES,
        "box": list(box),
        "zoom": zoom,
        **body,
    }


def snap_box(
    box: tuple[float, float, float, float], zoom: int
) -> tuple[float, float, float, float]:
    """``box`` widened to a grid of ``45 / 2**zoom`` degrees, so that nearby views share one
    cached answer (and the cache holds few keys per zoom)."""
    step = 45 / 2**zoom
    west, south, east, north = box
    return (
        max(-180.0, math.floor(west / step) * step),
        max(-90.0, math.floor(south / step) * step),
        min(180.0, math.ceil(east / step) * step),
        min(90.0, math.ceil(north / step) * step),
    )
