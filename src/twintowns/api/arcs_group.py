"""The arc table (:func:`twintowns.api.arcs.arc_table`, as :func:`twintowns.api.state.arcs`
encodes it) as arrays, and its arcs grouped into a
table of the same form: what lets the atlas draw a registry of any size from a bounded
answer, with the year slider, the filters and the legend working as on the full table.

Arcs are grouped by everything the page filters or draws them by except their places: the
unordered pair of their ends' grid cells *and countries*, their kind and their whole status
timeline (``first``, ``now`` and the dated changes).  A group is one row of the grouped
table, from the mean position of one end's (cell, country) to the other's, with a ``count``;
so at every year, for every kind, status and country filter, the counts drawn from the
grouped table add up to the arcs the full table would draw (up to the groups left out when
there are more than the answer may carry: the largest are kept, ``shown`` of ``total``).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from twintowns import memory
from twintowns.api import arcs_columns, state
from twintowns.query import Snapshot

Ints = np.ndarray[Any, np.dtype[np.integer[Any]]]
Floats = np.ndarray[Any, np.dtype[np.float64]]

MEMO_KEY = "arc-columns"
"""Where a snapshot keeps its :class:`Columns`."""

_LOCK = threading.Lock()
"""One gathering (or loading) of the columns at a time."""

_gathered = [0]
"""How many times this process gathered columns from an arc table (:func:`gathered`)."""


@dataclass(frozen=True)
class Columns:
    """The drawable arcs of a snapshot as arrays (gathered once per snapshot, kept with it:
    a few bytes per arc and place, the ids the snapshot's own strings)."""

    head: dict[str, Any]  # the arc table's year, kinds, countries and skipped count
    ids: tuple[str, ...]  # the arc table's places, in its order
    place_lon: Floats  # shape (p,): each place's position (as the arc table rounds it)
    place_lat: Floats
    place_country: Ints  # shape (p,): index into ``isos`` (0: none)
    ends: Ints  # shape (n, 2): each arc's places, indexes into ``ids``
    isos: list[str | None]
    kind: Ints
    timeline: Ints  # index into ``timelines``
    timelines: list[tuple[int, int, tuple[tuple[int, int], ...]]]  # (first, now, changes)

    @property
    def lon(self) -> Floats:
        """Shape (n, 2): each arc's ends' longitudes."""
        return self.place_lon[self.ends]

    @property
    def lat(self) -> Floats:
        """Shape (n, 2): each arc's ends' latitudes."""
        return self.place_lat[self.ends]

    @property
    def country(self) -> Ints:
        """Shape (n, 2): each arc's ends' countries, indexes into ``isos``."""
        return self.place_country[self.ends]


def _timelines(table: dict[str, Any]) -> tuple[Ints, list[tuple[int, int, tuple[Any, ...]]]]:
    """Each arc's timeline as an index into the distinct timelines."""
    arcs, changes = table["arcs"], table["changes"]
    steps: dict[int, list[tuple[int, int]]] = {}
    for arc, year, code in zip(changes["arc"], changes["year"], changes["code"], strict=True):
        steps.setdefault(arc, []).append((year, code))
    ids: dict[tuple[int, int, tuple[Any, ...]], int] = {}
    index = np.empty(len(arcs["first"]), dtype=np.int32)
    for number, (first, now) in enumerate(zip(arcs["first"], arcs["now"], strict=True)):
        index[number] = ids.setdefault((first, now, tuple(steps.get(number, ()))), len(ids))
    return index, list(ids)


def columns(snapshot: Snapshot, directory: Path | None = None) -> Columns:
    """The snapshot's :class:`Columns` (kept with the snapshot): loaded from their file in the
    snapshot's cache ``directory`` (:mod:`.arcs_columns`) when kept there, else gathered from
    its arc table (read from its file there when filed, else made and filed) and filed."""
    found = snapshot.memo.get(MEMO_KEY)
    if isinstance(found, Columns):
        return found
    path = arcs_columns.columns_file(directory, snapshot) if directory is not None else None
    with _LOCK:
        found = snapshot.memo.get(MEMO_KEY)
        if isinstance(found, Columns):
            return found
        fields = arcs_columns.load(path, snapshot) if path is not None else None
        if fields is not None:
            return snapshot.memo.put(MEMO_KEY, Columns(**fields))
        _gathered[0] += 1  # under the lock
        made = _detached(gather(state.arc_rows(snapshot, directory), snapshot))
        memory.trim()  # the table read back is gone: its memory goes back to the system
        if path is not None:
            arcs_columns.save(path, made)
        return snapshot.memo.put(MEMO_KEY, made)


def gathered() -> int:
    """How many times this process gathered columns from an arc table (the costly way,
    which a server whose arc files are made by a child never takes: what its tests and
    benchmarks observe)."""
    return _gathered[0]


def forget(snapshot: Snapshot, directory: Path | None) -> bool:
    """Drop the columns kept with ``snapshot`` when they are filed in its cache ``directory``
    (a later extent loads them from there) and hand their memory back to the system; whether
    they were dropped."""
    if directory is None or not arcs_columns.columns_file(directory, snapshot).is_file():
        return False
    snapshot.memo.drop(MEMO_KEY)
    memory.trim()
    return True


def _detached(found: Columns) -> Columns:
    """``found`` holding none of the table's own objects: its few small values (countries,
    kinds, timelines) made again, so that none of them keeps a page of the table's
    millions of freed objects in memory (a page is handed back only when all of it is free).
    """
    small = orjson.loads(orjson.dumps([found.head, found.isos, found.timelines]))
    head, isos, timelines = small
    return replace(
        found,
        head=head,
        isos=isos,
        timelines=[(first, now, tuple(map(tuple, steps))) for first, now, steps in timelines],
    )


def gather(table: dict[str, Any], snapshot: Snapshot) -> Columns:
    """The :class:`Columns` of ``table``, an arc table of ``snapshot``."""
    places, arcs = table["places"], table["arcs"]
    ends = np.array([arcs["a"], arcs["b"]], dtype=np.int32).T.reshape(-1, 2)
    isos: list[str | None] = [None, *sorted({c for c in places["country"] if c})]
    code = {iso: i for i, iso in enumerate(isos)}
    held = snapshot.places
    timeline, timelines = _timelines(table)
    return Columns(
        head={key: table[key] for key in ("year", "kinds", "countries", "skipped")},
        ids=tuple(held[i].id for i in places["id"]),
        place_lon=np.array(places["lon"], dtype=np.float64),
        place_lat=np.array(places["lat"], dtype=np.float64),
        place_country=np.array([code[c or None] for c in places["country"]], dtype=np.int32),
        ends=ends,
        isos=isos,
        kind=np.array(arcs["kind"], dtype=np.int8),
        timeline=timeline,
        timelines=timelines,
    )


def inside(found: Columns, box: tuple[float, float, float, float]) -> Ints:
    """Indexes of the arcs with at least one end inside ``box`` (W, S, E, N degrees)."""
    west, south, east, north = box
    lon, lat = found.place_lon, found.place_lat
    hit = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    return np.flatnonzero(hit[found.ends].any(axis=1))


def _ends(found: Columns, chosen: Ints, cell: float) -> tuple[Ints, Floats, Floats, Ints]:
    """Each chosen arc's two ends as indexes into the distinct (cell, country) ends, and
    each end's mean position and country."""
    ends = found.ends[chosen]
    lon, lat, country = found.place_lon[ends], found.place_lat[ends], found.place_country[ends]
    columns_ = math.ceil(360 / cell) + 1
    cells = np.floor((lat + 90) / cell).astype(np.int64) * columns_ + np.floor(
        (lon + 180) / cell
    ).astype(np.int64)
    keys = cells * len(found.isos) + country
    flat, where = np.unique(keys.ravel(), return_inverse=True)
    weight = np.bincount(where, minlength=len(flat))
    mean_lon = np.bincount(where, lon.ravel(), minlength=len(flat)) / weight
    mean_lat = np.bincount(where, lat.ravel(), minlength=len(flat)) / weight
    return where.reshape(keys.shape), mean_lon, mean_lat, flat % len(found.isos)


def grouped(found: Columns, chosen: Ints, cell: float, most: int) -> dict[str, Any]:
    """The arcs ``chosen`` grouped on a ``cell``-degree grid, as an arc table with a
    ``count`` per arc: the ``most`` largest groups (``shown`` of ``total`` arcs)."""
    at, mean_lon, mean_lat, country = _ends(found, chosen, cell)
    low, high = at.min(axis=1), at.max(axis=1)
    keys = np.stack([low, high, found.kind[chosen], found.timeline[chosen]], axis=1)
    if len(keys):
        groups, counts = np.unique(keys, axis=0, return_counts=True)
    else:
        groups, counts = np.zeros((0, 4), dtype=np.int64), np.zeros(0, dtype=np.int64)
    every = len(counts)
    order = np.argsort(-counts, kind="stable")[:most]
    groups, counts = groups[order], counts[order]
    used, ends = np.unique(groups[:, :2], return_inverse=True)
    ends = ends.reshape(-1, 2)
    arcs: dict[str, list[int]] = {"a": [], "b": [], "kind": [], "first": [], "now": []}
    changes: dict[str, list[int]] = {"arc": [], "year": [], "code": []}
    arcs["a"], arcs["b"] = ends[:, 0].tolist(), ends[:, 1].tolist()
    arcs["kind"] = groups[:, 2].tolist()
    for number, timeline in enumerate(groups[:, 3].tolist()):
        first, now, steps = found.timelines[timeline]
        arcs["first"].append(first)
        arcs["now"].append(now)
        for year, code in steps:
            changes["arc"].append(number)
            changes["year"].append(year)
            changes["code"].append(code)
    return {
        "mode": "aggregate",
        "cell": cell,
        "total": len(chosen),
        "groups": every,
        "shown": int(counts.sum()),
        "places": {
            "id": [None] * len(used),
            "name": [None] * len(used),
            "country": [found.isos[i] for i in country[used].tolist()],
            "lon": np.round(mean_lon[used], 2).tolist(),
            "lat": np.round(mean_lat[used], 2).tolist(),
        },
        "arcs": {**arcs, "count": counts.tolist()},
        "changes": changes,
    }


def detailed(found: Columns, chosen: Ints, snapshot: Snapshot) -> dict[str, Any]:
    """The arcs ``chosen`` in detail: an arc table of them and their places, ``count`` 1
    (the places' names as the arc table has them, from ``snapshot``, the one they are of)."""
    picked = chosen.tolist()
    used, at = np.unique(found.ends[chosen], return_inverse=True)
    at = at.reshape(-1, 2)
    changes: dict[str, list[int]] = {"arc": [], "year": [], "code": []}
    first, now = [], []
    for number, timeline in enumerate(found.timeline[chosen].tolist()):
        start, today, steps = found.timelines[timeline]
        first.append(start)
        now.append(today)
        for year, code in steps:
            changes["arc"].append(number)
            changes["year"].append(year)
            changes["code"].append(code)
    ids = [found.ids[i] for i in used.tolist()]
    column = {
        "id": ids,
        "name": [snapshot.places[i].name() for i in ids],
        "country": [found.isos[i] for i in found.place_country[used].tolist()],
        "lon": found.place_lon[used].tolist(),
        "lat": found.place_lat[used].tolist(),
    }
    return {
        "mode": "detail",
        "total": len(picked),
        "shown": len(picked),
        "places": column,
        "arcs": {
            "a": at[:, 0].tolist(),
            "b": at[:, 1].tolist(),
            "kind": found.kind[chosen].tolist(),
            "first": first,
            "now": now,
            "count": [1] * len(picked),
        },
        "changes": changes,
    }
