"""Arcs that scale with the view, not the registry: the first view's arcs grouped, and a
visible extent's arcs in detail (or grouped when it holds too many), each answer an arc table
of the form of ``/atlas/arcs.json`` (:func:`twintowns.api.arcs.arc_table`) with a ``count``
per arc, bounded whatever the registry's size (:mod:`.arcs_group` groups them).

* :func:`world_view`: every drawable twinning grouped on the :data:`WORLD_CELL` grid, the
  :data:`MOST_GROUPS` largest groups sent; timelines, kinds and countries kept, so the year
  slider, the filters and the legend work on it as on the full table.
* :func:`extent_view`: the twinnings with a place inside a bounding box, in detail when at
  most :data:`MOST_DETAILED`, otherwise grouped on a grid fine enough for the zoom.
* :func:`first_view`: what the atlas page loads first: the full table while the registry is
  small (at most :data:`BULK_MOST` arcs: cheaper, and the same), else the world view.

The routes (:mod:`twintowns.api.routes.atlas`) keep each encoded answer with its snapshot.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import orjson

from twintowns import memory
from twintowns.api import answers, arcs_cache, arcs_group, state
from twintowns.api.arcs import TIMELINE_CODES
from twintowns.query import Snapshot

MOST_GROUPS = 40_000
"""Most grouped arcs one answer carries (the largest groups)."""
MOST_DETAILED = 12_000
"""Most arcs an extent's answer carries in detail; more are grouped."""
BULK_MOST = 100_000
"""Most drawable arcs for which the page loads the full table at once (about 1.5 MB
gzipped); past it the page loads the grouped world view and extents as it zooms."""
WORLD_CELL = 10.0
"""Grid cell of the world view, in degrees."""


class Apart(Protocol):
    """What makes a large registry's arc files in a child process
    (:class:`twintowns.api.arcs_child.Builder`)."""

    @property
    def stopped(self) -> bool:
        """Whether the server is shutting down (no files are made for it then)."""

    def files(self, snapshot: Snapshot, directory: Path) -> bool:
        """Whether the world view and arc arrays of ``snapshot`` are filed in
        ``directory`` (made by a child if need be)."""


def _head(snapshot: Snapshot, found: arcs_group.Columns) -> dict[str, Any]:
    return {
        "version": snapshot.version,
        "year": found.head["year"],
        "codes": TIMELINE_CODES,
        "kinds": found.head["kinds"],
    }


def world_view(snapshot: Snapshot, directory: Path | None = None) -> dict[str, Any]:
    """The first view: every drawable twinning grouped on the :data:`WORLD_CELL` grid
    (``directory``: the snapshot's cache directory, where the arc table may be filed)."""
    found = arcs_group.columns(snapshot, directory)
    every = np.arange(len(found.kind))
    return {
        **_head(snapshot, found),
        **arcs_group.grouped(found, every, WORLD_CELL, MOST_GROUPS),
        "countries": found.head["countries"],
        "skipped": found.head["skipped"],
    }


WORLD_KEY = ("atlas-world-arcs",)
"""The world view's key among a snapshot's kept answers (:mod:`twintowns.api.answers`)."""


def warm(snapshot: Snapshot, directory: Path | None = None, apart: Apart | None = None) -> None:
    """Make and keep the answer the atlas page asks first, so that the first page load does
    not wait for it (the server's start-up): ``/atlas/arcs.json`` gzipped for a small
    registry, the world view for a large one (whose full table is then not kept: only
    bulk API users ask for it, and it is made for them on demand; nor are the arrays it was
    grouped from, once filed: a first start holds what a restart holds; with ``apart``, they
    are made in a child process, see :func:`made_apart`)."""
    if bulk(snapshot):
        state.arcs_gzip(snapshot, directory)
    else:
        if directory is not None and not arcs_cache.world_file(directory, snapshot).is_file():
            made_apart(snapshot, directory, apart)  # by a child (else made below)
        if apart is not None and apart.stopped:
            return  # the server is shutting down: nothing to make in it
        world_answer(snapshot, directory, apart)
        # as after a restart: the arrays only once an extent asks (loaded from their file)
        arcs_group.forget(snapshot, directory)


def world_answer(
    snapshot: Snapshot, directory: Path | None = None, apart: Apart | None = None
) -> answers.Encoded:
    """The encoded :func:`world_view` of ``snapshot``, kept with it: read from its file in
    the snapshot's cache ``directory`` when this data was grouped before today (the arcs and
    their arrays are then not read at all), else made and filed there (by a child process
    when ``apart`` is given and the registry is large: :func:`made_apart`)."""
    found = answers.kept(snapshot, WORLD_KEY)
    if found is not None:
        return found
    path = None
    if directory is not None:
        path = arcs_cache.world_file(directory, snapshot)
        packed = arcs_cache.read_packed(path)
        if packed is None and made_apart(snapshot, directory, apart):
            packed = arcs_cache.read_packed(path)  # checked as a restart's; else made here
        if packed is not None:
            filed = answers.Encoded(gzip.decompress(packed), packed)
            return answers.keep(snapshot, WORLD_KEY, filed)
    made = answers.cached(
        snapshot, WORLD_KEY, lambda: orjson.dumps(world_view(snapshot, directory))
    )
    if path is not None:
        arcs_cache.write(path, made.gzipped())
    return made


def made_apart(snapshot: Snapshot, directory: Path | None, apart: Apart | None) -> bool:
    """Whether the world view and arc arrays of ``snapshot`` are filed in ``directory``,
    made by ``apart``'s child process if need be: for a large registry only (a small one's
    table is made in process, cheaply) whose arrays are not held already (the world view
    is then grouped from them in process); a false answer means "make them here"."""
    if apart is None or directory is None or bulk(snapshot):
        return False
    if isinstance(snapshot.memo.get(arcs_group.MEMO_KEY), arcs_group.Columns):
        return False
    return apart.files(snapshot, directory)


def bulk(snapshot: Snapshot) -> bool:
    """Whether the page should load every arc at once (the registry is small): counted
    without building the table (at most :data:`BULK_MOST` + 1 arcs looked at)."""
    found = snapshot.memo.get("arcs-bulk")
    if isinstance(found, bool):
        return found
    places, drawable = snapshot.places, 0
    for twinning in snapshot.twinnings:
        if places[twinning.a].coordinates and places[twinning.b].coordinates:
            drawable += 1
            if drawable > BULK_MOST:
                break
    return bool(snapshot.memo.put("arcs-bulk", drawable <= BULK_MOST))


def cell_for_zoom(zoom: int) -> float:
    """Grid cell (degrees) of a grouped extent at ``zoom`` (0: the world in one tile)."""
    return max(0.05, min(WORLD_CELL, 90.0 / float(2**zoom)))


def extent_view(
    snapshot: Snapshot,
    box: tuple[float, float, float, float],
    zoom: int,
    directory: Path | None = None,
    apart: Apart | None = None,
) -> dict[str, Any]:
    """The twinnings with a place inside ``box`` (W, S, E, N degrees): in detail when there
    are at most :data:`MOST_DETAILED`, else grouped on :func:`cell_for_zoom`'s grid (the
    arrays loaded from their file, made by ``apart``'s child when missing:
    :func:`made_apart`)."""
    fresh = snapshot.memo.get(arcs_group.MEMO_KEY) is None
    if fresh:
        made_apart(snapshot, directory, apart)  # else (or if it failed) gathered here
    found = arcs_group.columns(snapshot, directory)
    chosen = arcs_group.inside(found, box)
    body = (
        arcs_group.detailed(found, chosen, snapshot)
        if len(chosen) <= MOST_DETAILED
        else arcs_group.grouped(found, chosen, cell_for_zoom(zoom), MOST_GROUPS)
    )
    if fresh:  # the arrays' loading and this first extent's scratch: back to the system
        memory.trim()
    return {**_head(snapshot, found), "box": list(box), "zoom": zoom, **body}


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
