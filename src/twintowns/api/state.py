"""What the app holds between requests: the registry, a fresh in-memory snapshot of it, the
atlas's encoded arc table and the quiz's facts; plus the atlas's own settings."""

from __future__ import annotations

import datetime as dt
import gzip
import threading
from dataclasses import dataclass, field
from typing import Annotated

import anyio.to_thread
import orjson
from fastapi import Depends, Request

from twintowns.api import convert
from twintowns.api.arcs import arc_table
from twintowns.api.learning import LearnCache
from twintowns.query import Snapshot, SnapshotCache
from twintowns.registry import Registry
from twintowns.settings import Settings


@dataclass
class AppState:
    """The app's long-lived objects."""

    settings: Settings
    registry: Registry
    cache: SnapshotCache
    _arcs: tuple[str, bytes, bytes] | None = None
    _places: tuple[str, dict[str, bytes]] = ("", {})
    _lock: threading.Lock = field(default_factory=threading.Lock)
    learn: LearnCache = field(init=False)

    def __post_init__(self) -> None:
        # the quiz's facts, read lazily and keyed by the same data version as the snapshot
        self.learn = LearnCache(self.registry, self.cache.version)

    @classmethod
    def open(cls, settings: Settings) -> AppState:
        """Open the registry named by ``settings`` (creating and filling it on first use)."""
        registry = Registry.open(settings)
        return cls(settings, registry, SnapshotCache(registry, settings.refresh_seconds))

    def snapshot(self) -> Snapshot:
        """The fresh in-memory snapshot."""
        return self.cache.get()

    async def fresh_snapshot(self) -> Snapshot:
        """The fresh snapshot, from async code: reads the registry in a worker thread only
        when the data version must be checked or the snapshot re-read."""
        snapshot = self.cache.peek()
        if snapshot is None:
            snapshot = await anyio.to_thread.run_sync(self.cache.get)
        return snapshot

    def place_json(self, snapshot: Snapshot, place_id: str) -> bytes | None:
        """The JSON of ``GET /places/{id}`` for a place of ``snapshot`` (None if unknown),
        encoded once per data version."""
        version, encoded = self._places
        if version != snapshot.version:
            encoded = {}
            self._places = (snapshot.version, encoded)
        found = encoded.get(place_id)
        if found is None and place_id in snapshot.places:
            found = convert.place(snapshot.places[place_id], snapshot).model_dump_json().encode()
            encoded[place_id] = found
        return found

    def arcs_year(self) -> int:
        """The year of "today" in the arc table (the slider's last position)."""
        return dt.date.today().year

    def arcs(self) -> tuple[str, bytes, bytes]:
        """The arc table of the current snapshot: ``(version, JSON, gzipped JSON)``."""
        snapshot = self.snapshot()
        cached = self._arcs
        if cached is not None and cached[0] == snapshot.version:
            return cached
        with self._lock:
            if self._arcs is None or self._arcs[0] != snapshot.version:
                raw = orjson.dumps(arc_table(snapshot))
                self._arcs = (snapshot.version, raw, gzip.compress(raw, compresslevel=6))
            return self._arcs


def get_state(request: Request) -> AppState:
    """Dependency: the app's state."""
    state = request.app.state.twintowns
    assert isinstance(state, AppState)
    return state


State = Annotated[AppState, Depends(get_state)]
