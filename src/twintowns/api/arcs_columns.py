"""The arc arrays (:class:`twintowns.api.arcs_group.Columns`) kept on disk, so that a
restart's first zoomed view loads them instead of reading the whole arc table back.

Reading the table back (a gzipped JSON of some hundred thousand arcs) makes about a hundred
megabytes of short-lived Python objects at ten times the world, whose freed memory stays
pinned in the allocator's arenas; loading the arrays from an ``.npz`` makes none.  The file
(``columns-<digest>.npz``) is named like the arc table's
(:func:`twintowns.api.arcs_cache.cache_file`), written atomically, never unpickled
(``allow_pickle=False``), and checked against the snapshot it is loaded for: one that cannot
be read, or does not fit (an unknown place, an index out of range), is logged and ignored
(the arrays are gathered again).  All but the :data:`twintowns.api.arcs_cache.KEEP` newest
are deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from twintowns.api import arcs_cache
from twintowns.query import Snapshot

log = logging.getLogger(__name__)

PREFIX = "columns-"

_ARRAYS = ("place_lon", "place_lat", "place_country", "ends", "kind", "timeline")


def columns_file(directory: Path, snapshot: Snapshot) -> Path:
    """Where the arc arrays of ``snapshot`` are kept in its cache ``directory`` today."""
    named = arcs_cache.cache_file(
        directory, snapshot.version, snapshot.key, dt.date.today(), PREFIX
    )
    return named.with_name(named.name.removesuffix(".json.gz") + ".npz")


def save(path: Path, found: Any) -> None:
    """Keep the columns ``found`` (a :class:`twintowns.api.arcs_group.Columns`) in ``path``
    (atomically); prune older ones beside it."""
    text = "".join(found.ids)
    small = orjson.dumps([found.head, found.isos, found.timelines])
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with scratch.open("wb") as handle:
            np.savez(
                handle,
                allow_pickle=False,
                ids=np.frombuffer(text.encode(), dtype=np.uint8),
                id_lengths=np.array([len(i) for i in found.ids], dtype=np.int64),
                small=np.frombuffer(small, dtype=np.uint8),
                **{name: getattr(found, name) for name in _ARRAYS},
            )
        os.replace(scratch, path)
        old = sorted(path.parent.glob(f"{PREFIX}*.npz"), key=_mtime)
        for stale in old[: -arcs_cache.KEEP]:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("arc arrays not kept in %s: %s", path.parent, exc)
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)


def load(path: Path, snapshot: Snapshot) -> dict[str, Any] | None:
    """The fields of the columns kept in ``path`` for ``snapshot`` (its places named by the
    snapshot's own id strings); None when there is no file, or it is damaged or does not fit
    the snapshot (logged)."""
    try:
        with np.load(path, allow_pickle=False) as kept:
            arrays = {name: np.array(kept[name]) for name in _ARRAYS}
            text = kept["ids"].tobytes().decode()
            lengths = kept["id_lengths"]
            small = orjson.loads(kept["small"].tobytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        log.warning("arc arrays file %s not used (%s): gathered again", path, exc)
        return None
    try:
        return _fitted(arrays, text, lengths, small, snapshot)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        log.warning("arc arrays file %s does not fit (%s): gathered again", path, exc)
        return None


def _fitted(
    arrays: dict[str, Any], text: str, lengths: Any, small: Any, snapshot: Snapshot
) -> dict[str, Any]:
    """The fields of the columns, checked against one another and ``snapshot``."""
    head, isos, timelines = small
    ends = np.cumsum(lengths)
    if len(lengths) and (int(lengths.min()) < 0 or int(ends[-1]) != len(text)):
        raise ValueError("place ids do not add up")
    held = snapshot.places
    starts = ends - lengths
    ids = tuple(held[text[s:e]].id for s, e in zip(starts.tolist(), ends.tolist(), strict=True))
    places, arcs = len(ids), len(arrays["kind"])
    shapes = {
        "place_lon": (places,),
        "place_lat": (places,),
        "place_country": (places,),
        "ends": (arcs, 2),
        "timeline": (arcs,),
    }
    for name, shape in shapes.items():
        if arrays[name].shape != shape:
            raise ValueError(f"{name} has shape {arrays[name].shape}, not {shape}")
    for name in ("place_lon", "place_lat"):
        if arrays[name].dtype != np.float64:
            raise TypeError(f"{name} is {arrays[name].dtype}, not float64")
    _within(arrays["kind"], 128, "kind")
    _within(arrays["ends"], places, "ends")
    _within(arrays["place_country"], len(isos), "place_country")
    _within(arrays["timeline"], len(timelines), "timeline")
    return {
        **arrays,
        "head": dict(head),
        "ids": ids,
        "isos": list(isos),
        "timelines": [(first, now, tuple(map(tuple, steps))) for first, now, steps in timelines],
    }


def _within(values: Any, size: int, name: str) -> None:
    if not np.issubdtype(values.dtype, np.integer):
        raise TypeError(f"{name} is not integers")
    if values.size and (int(values.min()) < 0 or int(values.max()) >= size):
        raise IndexError(f"{name} out of range")


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
