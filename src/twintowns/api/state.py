"""What the app holds between requests: the registry, the current in-memory snapshot of it
(swapped atomically after writes), the atlas's encoded arc table and the quiz's facts; and
the dependency that pins one snapshot to each request.

Every route reads the snapshot pinned to its request (:data:`Snap`), never the live
database, so one answer comes from one state of the registry, and the ETag and
``X-Twintowns-Version`` headers name that state.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import anyio.to_thread
import orjson
from fastapi import Depends, Request

from twintowns import memory
from twintowns.api import answers, arcs_cache, convert
from twintowns.api.arcs import arc_table
from twintowns.api.guard import FlagGuard
from twintowns.api.learning import LearnCache
from twintowns.query import Snapshot
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.snapshot import cache_dir
from twintowns.snapshots import SnapshotCache, resolver

SNAPSHOT_KEY = "twintowns_snapshot"
"""Where a request's pinned snapshot lives in its ASGI scope's ``state``."""

log = logging.getLogger(__name__)


@dataclass
class AppState:
    """The app's long-lived objects."""

    settings: Settings
    registry: Registry
    cache: SnapshotCache = field(init=False)
    learn: LearnCache = field(init=False)
    guard: FlagGuard = field(init=False)
    warming: threading.Thread | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.cache = SnapshotCache(
            self.registry, self.settings.refresh_seconds, None, self.settings.snapshot_dir
        )
        # the quiz's facts: a view of the current snapshot, made on first use after a write
        self.learn = LearnCache(
            self.cache.current, cache_dir(self.registry.engine, self.settings.snapshot_dir)
        )
        self.guard = FlagGuard(self.settings)

    def warm_in_background(
        self, then: Callable[[Snapshot, Path | None], None] | None = None
    ) -> None:
        """Prepare in a background thread what the atlas's first page load asks of the
        snapshot held (``then``, given the snapshot and its cache directory; by default the
        gzipped arc table, read from its file when this data was served before today:
        milliseconds), while the server already answers.  The server does not wait for
        it: a lookup needs the snapshot only, and a request for the arcs before it is done
        waits for this one encoding (never a second, never half of one).  The quiz's
        candidates are made by the first quiz of each snapshot (warming them here took the GIL
        from the first lookups)."""
        if self.warming is None and self.cache.ready():
            work = (self.cache.current(), self.cache.directory, then)
            self.warming = threading.Thread(
                target=_warm, args=work, name="twintowns-warm", daemon=True
            )
            self.warming.start()

    @classmethod
    def open(cls, settings: Settings) -> AppState:
        """Open the registry named by ``settings`` (creating and filling it on first use)."""
        return cls(settings, Registry.open(settings))

    def names(self, snapshot: Snapshot) -> Registry:
        """A registry whose name resolution and search read ``snapshot`` only."""
        return resolver(self.registry, snapshot)


PLACE_JSON_BUDGET = 32_000_000
"""Most bytes of encoded places one snapshot keeps (as :class:`twintowns.api.answers.Answers`
counts them: about 16 MB of JSON, every place of the world registry; at ten times its size
the places looked up most recently), so that a crawl of every place does not keep them all."""


def place_json(snapshot: Snapshot, place_id: str) -> bytes | None:
    """The JSON of ``GET /places/{id}`` for a place of ``snapshot`` (None if unknown),
    encoded once per snapshot while it is among those kept (:data:`PLACE_JSON_BUDGET`)."""
    encoded = snapshot.memo.get("place-json")
    if not isinstance(encoded, answers.Answers):
        encoded = snapshot.memo.put("place-json", answers.Answers(PLACE_JSON_BUDGET))
    found = encoded.get(place_id)
    if found is not None:
        return found.raw
    if place_id not in snapshot.places:
        return None
    made = convert.place(snapshot.places[place_id], snapshot).model_dump_json().encode()
    return encoded.put(place_id, answers.Encoded(made)).raw


def arcs_year() -> int:
    """The year of "today" in the arc table (the slider's last position)."""
    return dt.date.today().year


_ARCS_LOCK = threading.Lock()
"""One encoding of an arc table at a time (the warm-up thread and a first request for it)."""

_PACKED = "arcs-gzip"
"""The memo key of a snapshot's gzipped ``/atlas/arcs.json`` (the JSON itself is not kept:
served decompressed to the rare client that does not accept gzip)."""


def arcs_gzip(snapshot: Snapshot, directory: Path | None = None) -> bytes:
    """The arc table of ``snapshot`` as gzipped JSON, encoded once per snapshot and kept.

    With ``directory`` (the snapshot's cache directory), it is read from its file there when
    this data was encoded before today, and kept there once encoded (see
    :mod:`twintowns.api.arcs_cache`)."""
    found = snapshot.memo.get(_PACKED)
    if isinstance(found, bytes):
        return found
    with _ARCS_LOCK:
        found = snapshot.memo.get(_PACKED)
        if isinstance(found, bytes):
            return found
        path = _arcs_file(snapshot, directory)
        packed = arcs_cache.read_packed(path) if path is not None else None
        if packed is None:
            packed = _encode(snapshot, arc_table(snapshot, dt.date.today()), path)
        return snapshot.memo.put(_PACKED, packed)


def arcs_source(snapshot: Snapshot, directory: Path | None = None) -> bytes | BinaryIO:
    """Where ``/atlas/arcs.json`` is served from: its gzipped JSON kept with ``snapshot``
    (a small registry's, which the page loads), else its file in ``directory``, open
    (checked once; served from there a block at a time: a large registry's table is asked
    for by bulk API users only, and is not kept), else made (:func:`arcs_gzip`) and kept."""
    found = snapshot.memo.get(_PACKED)
    if isinstance(found, bytes):
        return found
    path = _arcs_file(snapshot, directory)
    if path is not None:
        key = ("arcs-file", path)
        if snapshot.memo.get(key) is True or arcs_cache.checked(path):
            snapshot.memo.put(key, True)
            try:
                return path.open("rb")
            except OSError:  # pruned since (another day's file): made again below
                pass
    return arcs_gzip(snapshot, directory)


def arcs(snapshot: Snapshot, directory: Path | None = None) -> tuple[bytes, bytes]:
    """The arc table of ``snapshot``: ``(JSON, gzipped JSON)`` (:func:`arcs_gzip`; the JSON
    decompressed from it on each call)."""
    packed = arcs_gzip(snapshot, directory)
    return gzip.decompress(packed), packed


def arc_rows(snapshot: Snapshot, directory: Path | None = None) -> dict[str, Any]:
    """The arc table of ``snapshot`` as :func:`twintowns.api.arcs.arc_table` makes it (read
    back from its encoding when one is kept or filed, else made, and then filed), for the
    arcs by view to gather their arrays from once; not kept."""
    with _ARCS_LOCK:
        packed = snapshot.memo.get(_PACKED)
        path = _arcs_file(snapshot, directory)
        if not isinstance(packed, bytes) and path is not None:
            packed = arcs_cache.read_packed(path)
        if isinstance(packed, bytes):
            rows: dict[str, Any] = orjson.loads(gzip.decompress(packed))
            return rows
        rows = arc_table(snapshot, dt.date.today())
        _encode(snapshot, rows, path)
        return rows


def _arcs_file(snapshot: Snapshot, directory: Path | None) -> Path | None:
    if directory is None:
        return None
    return arcs_cache.cache_file(directory, snapshot.version, snapshot.key, dt.date.today())


def _encode(snapshot: Snapshot, rows: dict[str, Any], path: Path | None) -> bytes:
    """``rows`` (an arc table) as gzipped JSON, filed in ``path`` when given."""
    packed = gzip.compress(orjson.dumps(rows), compresslevel=6)
    if path is not None:
        arcs_cache.write(path, packed)
    return packed


def _warm(
    snapshot: Snapshot,
    directory: Path | None,
    then: Callable[[Snapshot, Path | None], None] | None,
) -> None:
    """The warm-up thread's work: ``then`` (the app's warm-up: the arc table of a small
    registry, the grouped world view of a large one) or else the arc table; then the freed
    memory of that work handed back to the system (:func:`twintowns.memory.trim`)."""
    if then is not None:
        then(snapshot, directory)
    else:
        arcs_gzip(snapshot, directory)
    memory.trim()


def get_state(request: Request) -> AppState:
    """Dependency: the app's state."""
    state = request.app.state.twintowns
    assert isinstance(state, AppState)
    return state


async def state_dependency(request: Request) -> AppState:
    """Dependency: the app's state (async: FastAPI runs a plain function dependency in a
    worker thread, a hop per request for a lookup)."""
    return get_state(request)


State = Annotated[AppState, Depends(state_dependency)]


async def pinned_snapshot(request: Request) -> Snapshot:
    """Dependency: the snapshot this request reads, the same for all of it.

    Pinned by the ETag middleware before the route runs (or here, for paths it skips); the
    first read of the registry (only before any snapshot is held) runs in a worker thread.
    """
    scope_state = request.scope.setdefault("state", {})
    found = scope_state.get(SNAPSHOT_KEY)
    if isinstance(found, Snapshot):
        return found
    cache = get_state(request).cache
    snapshot = cache.current() if cache.ready() else await anyio.to_thread.run_sync(cache.current)
    scope_state[SNAPSHOT_KEY] = snapshot
    return snapshot


Snap = Annotated[Snapshot, Depends(pinned_snapshot)]
