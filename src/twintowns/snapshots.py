"""Reads served from one in-memory snapshot, and the cache that swaps snapshots atomically.

A long-running shell (the API) answers every request from one immutable
:class:`~twintowns.query.Snapshot`: names are resolved against it (:func:`resolver`), a
place's partners and the event listing are computed from it (:func:`describe_place`,
:func:`list_events`), so an answer never mixes two states of the database.

:class:`SnapshotCache` keeps the current snapshot.  When the registry's data version moves
(checked at most every ``refresh_seconds``, in a background thread), the new snapshot is read
in one read transaction beside the old one and swapped in with one assignment: readers never
wait for a rebuild and never see half of one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import logging
import threading
import time
from collections.abc import Callable, Collection
from functools import cached_property

from twintowns.errors import StoreError
from twintowns.model import EventType, Place, begun_by, normalise_name
from twintowns.query import Snapshot, data_version
from twintowns.registry import Registry
from twintowns.store import Reader
from twintowns.store.reader import NameMatch, nearest_names, prominence_key
from twintowns.views import EventView, PlaceView, actor_name, partner_view

log = logging.getLogger(__name__)


class NameIndex:
    """The folded names of a snapshot's places, for name resolution without the database:
    the same matches, in the same order, as the store's name search (:mod:`twintowns.store.
    reader`: proper names before mere alternates, then :func:`prominence_key`).

    Parameters
    ----------
    snapshot:
        The snapshot whose places are indexed.
    """

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        found: dict[str, dict[str, bool]] = {}
        for place in snapshot.places.values():
            for name in place.names:
                ids = found.setdefault(normalise_name(name.text), {})
                # "proper" as the store ranks it: a name a source wrote (a language) or the
                # gazetteer's primary name (preferred), not a mere alternate
                proper = name.lang != "und" or name.preferred
                ids[place.id] = ids.get(place.id, False) or proper
        self.names = found
        self.keys = sorted(found)
        by_place = snapshot.by_place
        self.partners = {i: len(by_place.get(i, ())) for i in snapshot.places}

    def _key(self, place_id: str) -> tuple[int, int, int, str]:
        place = self.snapshot.places[place_id]
        return prominence_key(
            place_id, self.partners[place_id], place.population, place.level.value
        )

    def _ranked(self, proper: dict[str, bool], limit: int, *, proper_first: bool) -> list[str]:
        def key(i: str) -> tuple[int, tuple[int, int, int, str]]:
            return (-int(proper[i]) if proper_first else 0, self._key(i))

        return sorted(proper, key=key)[:limit]

    def matches(self, text: str, limit: int = 50) -> list[NameMatch]:
        """Places with a name equal to ``text`` (folded), most prominent first, with what
        ranks them (see :meth:`twintowns.store.Reader.name_matches`)."""
        ids = self.names.get(normalise_name(text), {})
        places, datasets = self.snapshot.places, self.snapshot.datasets
        return [
            NameMatch(i, ids[i], datasets.get(i, ""), places[i].population, self.partners[i])
            for i in self._ranked(ids, limit, proper_first=False)
        ]

    def ids_named(self, text: str, *, prefix: bool = False, limit: int = 50) -> list[str]:
        """Ids of places with a name equal to (or starting with) ``text``, folded; nothing
        for a text that folds to nothing (it would otherwise match every place)."""
        norm = normalise_name(text)
        if not norm:
            return []
        if not prefix:
            return self._ranked(self.names.get(norm, {}), limit, proper_first=True)
        found: dict[str, bool] = {}
        for key in self.keys[bisect.bisect_left(self.keys, norm) :]:
            if not key.startswith(norm):
                break
            for place_id, proper in self.names[key].items():
                found[place_id] = found.get(place_id, False) or proper
        return self._ranked(found, limit, proper_first=True)

    def near(self, text: str, max_distance: int, limit: int = 5) -> list[str]:
        """Folded names within ``max_distance`` edits of ``text``, nearest first, drawn from
        the same candidates as :meth:`twintowns.store.Reader.names_near` (same first letter,
        about as long)."""
        norm = normalise_name(text)
        if not norm:
            return []
        low, high = len(norm) - max_distance, len(norm) + max_distance
        choices = []
        for key in self.keys[bisect.bisect_left(self.keys, norm[0]) :]:
            if not key.startswith(norm[0]):
                break
            if low <= len(key) <= high:
                choices.append(key)
        return nearest_names(norm, choices, max_distance, limit)


class SnapshotReader(Reader):
    """The reads name resolution makes, answered from a snapshot instead of the database."""

    def __init__(self, registry: Registry, snapshot: Snapshot) -> None:
        super().__init__(registry.engine)
        self.snapshot = snapshot

    @cached_property
    def index(self) -> NameIndex:
        """The snapshot's name index (built once per snapshot, see :func:`name_index`)."""
        return name_index(self.snapshot)

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

    def __init__(self, registry: Registry, snapshot: Snapshot) -> None:
        super().__init__(registry.engine)
        self._reader = SnapshotReader(registry, snapshot)

    @property
    def reader(self) -> Reader:
        """Reads answered from the snapshot."""
        return self._reader


_INDEX_LOCK = threading.Lock()


def name_index(snapshot: Snapshot) -> NameIndex:
    """The snapshot's name index, built on first use and kept with it."""
    memo = snapshot.memo
    found = memo.get("names")
    if found is None:
        with _INDEX_LOCK:
            found = memo.get("names")
            if found is None:
                found = memo.put("names", NameIndex(snapshot))
    assert isinstance(found, NameIndex)
    return found


def resolver(registry: Registry, snapshot: Snapshot) -> Registry:
    """A registry whose :meth:`~Registry.resolve` and :meth:`~Registry.search` read only
    ``snapshot`` (for :func:`twintowns.learn.parse_topic` and the routes)."""
    return SnapshotRegistry(registry, snapshot)


def describe_place(snapshot: Snapshot, place: Place, as_of: dt.date | None = None) -> PlaceView:
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
    return PlaceView(place, place.name(when=as_of), as_of, tuple(views), sources)


def list_events(
    snapshot: Snapshot,
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
    """The current :class:`Snapshot` of a registry for a long-running process, thread-safe.

    :meth:`current` never waits for a rebuild (except the very first read): when the data
    version may have moved (every ``refresh_seconds``), a background thread checks it and,
    if it moved, reads the new snapshot and swaps it in.

    Parameters
    ----------
    registry:
        The registry to read.
    refresh_seconds:
        How often the data version is checked (0: on every call, still in the background).
    prepare:
        Called on each new snapshot in the background thread before it is swapped in (to
        build what the first readers would otherwise wait for).
    """

    def __init__(
        self,
        registry: Registry,
        refresh_seconds: float = 1.0,
        prepare: Callable[[Snapshot], object] | None = None,
    ) -> None:
        self.registry = registry
        self.refresh_seconds = refresh_seconds
        self.prepare = prepare
        self._snapshot: Snapshot | None = None
        self._checked = -float("inf")
        self._build_lock = threading.Lock()
        self._worker_lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def ready(self) -> bool:
        """True once a snapshot is held (:meth:`current` then never touches the database)."""
        return self._snapshot is not None

    def current(self) -> Snapshot:
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

    def refresh(self) -> Snapshot:
        """Check the data version now; when it moved, read the new snapshot and swap it in
        (blocking: the background thread's work, callable directly by tests).

        Raises
        ------
        StoreError
            If the database cannot be read.
        """
        with self._build_lock:
            held = self._snapshot
            self._checked = time.monotonic()
            if held is not None and data_version(self.registry) == held.version:
                return held
            snapshot = self._read()
            self._snapshot = snapshot  # the swap: one assignment
            return snapshot

    def _read(self) -> Snapshot:
        # Hundreds of thousands of long-lived objects: no collection while they are made
        # (a full pass would stall every request thread), then kept out of later passes.
        gc.disable()
        try:
            snapshot = Snapshot.read(self.registry)
            snapshot.prepare()
            name_index(snapshot)
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
