"""Reads served from one in-memory registry snapshot, and the cache that swaps snapshots.

A long-running shell (the API) answers every request from one immutable
:class:`~twintowns.snapshot.RegistrySnapshot`: names are resolved against it (:func:`resolver`,
through its name index), a place's partners and the event listing are computed from it
(:func:`describe_place`, :func:`list_events`), so an answer never mixes two states of the
database.

:class:`SnapshotCache` keeps the current snapshot.  When the registry's data version moves
(checked at most every ``refresh_seconds``, in a background thread), the new snapshot is read
beside the old one and swapped in with one assignment: readers never wait for a rebuild and
never see half of one.  The read itself happens in a child process that writes the
snapshot's cache file (:func:`twintowns.snapshot.cache.build_in_child`); this process maps
the file and unpickles only the chunks that changed, reusing the old snapshot's objects for
the rest, so a reload costs its request threads milliseconds of the GIL, not seconds.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
import time
from collections.abc import Callable, Collection
from pathlib import Path

from twintowns.errors import StoreError
from twintowns.model import EventType, Place, begun_by
from twintowns.registry import Registry
from twintowns.snapshot import NameIndex, RegistrySnapshot, cache_dir, open_snapshot
from twintowns.store import Reader
from twintowns.store.reader import NameMatch
from twintowns.views import EventView, PlaceView, actor_name, attest, partner_view

log = logging.getLogger(__name__)


class SnapshotReader(Reader):
    """The reads name resolution makes, answered from a snapshot instead of the database."""

    def __init__(self, registry: Registry, snapshot: RegistrySnapshot) -> None:
        super().__init__(registry.engine)
        self.snapshot = snapshot

    @property
    def index(self) -> NameIndex:
        """The snapshot's name index (built once per snapshot)."""
        return self.snapshot.names

    def places(self, ids: Collection[str] | None = None) -> dict[str, Place]:
        """Places of the snapshot by id (all when ``ids`` is None)."""
        places = self.snapshot.places
        if ids is None:
            return dict(places)
        return {i: places[i] for i in ids if i in places}

    def place(self, place_id: str) -> Place:
        """One place of the snapshot (NotFoundError when unknown)."""
        return self.snapshot.place(place_id)

    def name_matches(self, text: str, limit: int = 50) -> list[NameMatch]:
        """See :meth:`twintowns.store.Reader.name_matches`."""
        return self.index.matches(text, limit)

    def place_ids_named(self, text: str, *, prefix: bool = False, limit: int = 50) -> list[str]:
        """See :meth:`twintowns.store.Reader.place_ids_named`."""
        return self.index.ids_named(text, prefix=prefix, limit=limit)

    def names_near(self, text: str, max_distance: int, limit: int = 5) -> list[str]:
        """See :meth:`twintowns.store.Reader.names_near`."""
        return self.index.near(text, max_distance, limit)


class SnapshotRegistry(Registry):
    """A registry whose name resolution and search read one snapshot, not the database."""

    def __init__(self, registry: Registry, snapshot: RegistrySnapshot) -> None:
        super().__init__(registry.engine, registry.snapshot_dir)
        self._reader = SnapshotReader(registry, snapshot)
        self._snapshot = snapshot

    @property
    def reader(self) -> Reader:
        """Reads answered from the snapshot."""
        return self._reader

    def snapshot(self) -> RegistrySnapshot:
        """The one snapshot this registry answers from (never a newer one)."""
        return self._snapshot


def name_index(snapshot: RegistrySnapshot) -> NameIndex:
    """The snapshot's name index, built on first use and kept with it."""
    return snapshot.names


def resolver(registry: Registry, snapshot: RegistrySnapshot) -> Registry:
    """A registry whose :meth:`~Registry.resolve` and :meth:`~Registry.search` read only
    ``snapshot`` (for :func:`twintowns.learn.parse_topic` and the routes)."""
    return SnapshotRegistry(registry, snapshot)


def describe_place(
    snapshot: RegistrySnapshot, place: Place, as_of: dt.date | None = None
) -> PlaceView:
    """A place's partners as of ``as_of`` (today when None), from ``snapshot`` alone: what
    :func:`twintowns.views.describe_place` reads from the database."""
    twinnings = snapshot.by_place.get(place.id, ())
    if as_of is not None:
        twinnings = tuple(t for t in twinnings if begun_by(t.events, as_of))
    views = [
        partner_view(t, place.id, snapshot.places[t.partner_of(place.id)], as_of) for t in twinnings
    ]
    views.sort(
        key=lambda v: (v.since is None, v.since.start if v.since else dt.date.max, v.partner_name)
    )
    used = {s for v in views for s in v.source_ids}
    sources = {s: snapshot.sources[s] for s in sorted(used) if s in snapshot.sources}
    partners = attest(views, twinnings, sources)
    return PlaceView(place, place.name(when=as_of), as_of, partners, sources)


def list_events(
    snapshot: RegistrySnapshot,
    types: Collection[EventType] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[EventView]:
    """Events of every twinning, oldest first (undated last), filtered by type and dates,
    from ``snapshot`` alone: what :func:`twintowns.views.list_events` reads from the database."""
    found = []
    for twinning in snapshot.twinnings:
        for event in twinning.events:
            if types and event.type not in types:
                continue
            if since is not None and (event.date is None or event.date.end < since):
                continue
            if until is not None and (event.date is None or event.date.start > until):
                continue
            found.append((twinning, event))
    # the store's order: undated last, then by date, twinning and (stable) event order
    found.sort(
        key=lambda te: (
            te[1].date is None,
            te[1].date.start if te[1].date else dt.date.min,
            te[0].id,
        )
    )
    views = []
    for twinning, event in found:
        when = event.date.end if event.date else None
        views.append(
            EventView(
                twinning.id,
                snapshot.places[twinning.a].name(when=when),
                snapshot.places[twinning.b].name(when=when),
                event,
                snapshot.sources.get(event.citation.source_id),
                actor_name(snapshot.places.get(event.actor or ""), event.actor, when),
            )
        )
    return views


class SnapshotCache:
    """The current registry snapshot for a long-running process, thread-safe.

    :meth:`current` never waits for a rebuild (except the very first read): when the data
    version may have moved (every ``refresh_seconds``), a background thread checks it and,
    if it moved, opens the new snapshot (see :func:`twintowns.snapshot.open_snapshot`) and
    swaps it in.

    Parameters
    ----------
    registry:
        The registry to read.
    refresh_seconds:
        How often the data version is checked (0: on every call, still in the background).
    prepare:
        Called on each new snapshot in the background thread before it is swapped in (to
        build what the first readers would otherwise wait for).
    directory:
        Where the snapshot's cache files live (default: :func:`~twintowns.snapshot.cache_dir`).
    in_child:
        Read the database in a child process (the default for a database on disk).
    """

    def __init__(
        self,
        registry: Registry,
        refresh_seconds: float = 1.0,
        prepare: Callable[[RegistrySnapshot], object] | None = None,
        directory: Path | None = None,
        *,
        in_child: bool = True,
    ) -> None:
        self.registry = registry
        self.refresh_seconds = refresh_seconds
        self.prepare = prepare
        self.directory = cache_dir(registry.engine, directory)
        self.in_child = in_child and self.directory is not None
        self._snapshot: RegistrySnapshot | None = None
        self._checked = -float("inf")
        self._build_lock = threading.Lock()
        self._worker_lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def ready(self) -> bool:
        """True once a snapshot is held (:meth:`current` then never touches the database)."""
        return self._snapshot is not None

    def current(self) -> RegistrySnapshot:
        """The current snapshot; starts a background check when one is due.

        Raises
        ------
        StoreError
            Only on the first read, if the database cannot be read.
        """
        snapshot = self._snapshot
        if snapshot is None:
            return self.refresh()
        if time.monotonic() - self._checked >= self.refresh_seconds:
            self._start_worker()
        return snapshot

    def _start_worker(self) -> None:
        with self._worker_lock:
            if self._worker is not None and self._worker.is_alive():
                return
            self._checked = time.monotonic()
            self._worker = threading.Thread(
                target=self._refresh_quietly, name="twintowns-snapshot", daemon=True
            )
            self._worker.start()

    def _refresh_quietly(self) -> None:
        try:
            self.refresh()
        except StoreError as exc:  # keep serving the snapshot held; the next check retries
            log.warning("registry not re-read: %s", exc)

    def refresh(self) -> RegistrySnapshot:
        """Check the data version now; when it moved, open the new snapshot and swap it in
        (blocking: the background thread's work, callable directly by tests).

        Raises
        ------
        StoreError
            If the database cannot be read.
        """
        with self._build_lock:
            held = self._snapshot
            self._checked = time.monotonic()
            snapshot = self._open(held)
            self._snapshot = snapshot  # the swap: one assignment
            return snapshot

    def _open(self, held: RegistrySnapshot | None) -> RegistrySnapshot:
        # Hundreds of thousands of long-lived objects on a cold start: no collection while
        # they are made (a full pass would stall every request thread), then kept out of
        # later passes.
        gc.disable()
        try:
            snapshot = open_snapshot(
                self.registry.engine, self.directory, base=held, in_child=self.in_child
            )
            if snapshot is held:
                return snapshot
            # A first read leaves the name index to the first name lookup (a search or a name
            # to resolve: 0.2 s on the world, its stored copy unpickled then), so that lookups
            # by id are answered without waiting for it; a reload builds it before the swap
            # (an update of the held one's when that was built: milliseconds).
            snapshot.prepare(names=held is not None)
            if self.prepare is not None:
                self.prepare(snapshot)
        finally:
            gc.enable()
        gc.freeze()
        return snapshot

    def wait(self, timeout: float = 60.0) -> None:
        """Wait for a running background check to finish (tests, shutdown)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
