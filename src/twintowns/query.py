"""Queries over the whole registry held in memory: filtered twinnings, country summaries.

A :class:`Snapshot` is every place, twinning and source of a registry, read once; a
:class:`SnapshotCache` keeps one fresh for a long-running shell (the API): it re-reads the
registry when the audit log shows a new write.  :class:`TwinningFilter` selects twinnings by
kind, status as of a date, countries and establishment date; :func:`twinning_rows` gives each
with its status and sources; :func:`country_summary` answers "which of its towns are twinned,
with which countries" and "is any town in X twinned with a town in Y".
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from twintowns.errors import NotFoundError
from twintowns.model import (
    FuzzyDate,
    Place,
    Source,
    Status,
    StatusAt,
    Twinning,
    TwinningKind,
    begun_by,
    established,
    status_as_of,
)
from twintowns.paths import Adjacency, adjacency
from twintowns.registry import Registry, country_label
from twintowns.views import cited_sources


def data_version(registry: Registry) -> str:
    """A token that changes whenever the registry is written (the newest audit-log entry)."""
    newest = registry.reader.audit_entries(limit=1)
    return str(newest[0]["id"]) if newest else "0"


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Every place, twinning and source of a registry at one data version.

    Attributes
    ----------
    version:
        The :func:`data_version` it was read at.
    places, twinnings, sources:
        The registry's content; ``twinnings`` in id order.
    """

    version: str
    places: Mapping[str, Place]
    twinnings: tuple[Twinning, ...]
    sources: Mapping[str, Source]

    @classmethod
    def read(cls, registry: Registry) -> Snapshot:
        """Read the whole registry (a few seconds for the world's ~25,000 twinnings)."""
        version = data_version(registry)
        reader = registry.reader
        return cls(version, reader.places(), tuple(reader.twinnings()), reader.sources())

    @cached_property
    def by_place(self) -> Mapping[str, tuple[Twinning, ...]]:
        """Twinnings of each place."""
        found: dict[str, list[Twinning]] = defaultdict(list)
        for twinning in self.twinnings:
            found[twinning.a].append(twinning)
            found[twinning.b].append(twinning)
        return {place: tuple(ts) for place, ts in found.items()}

    @cached_property
    def by_id(self) -> Mapping[str, Twinning]:
        """Twinnings by id."""
        return {t.id: t for t in self.twinnings}

    @cached_property
    def graph(self) -> Adjacency:
        """The twinning graph, for :func:`twintowns.paths.shortest_chain`."""
        return adjacency(self.twinnings)

    def place(self, place_id: str) -> Place:
        """One place by id.

        Raises
        ------
        NotFoundError
            If no place has that id.
        """
        try:
            return self.places[place_id]
        except KeyError:
            raise NotFoundError(f"no place with id {place_id!r}") from None

    def country_of(self, place_id: str, when: dt.date | None = None) -> str | None:
        """ISO code of a place's country at ``when`` (today when None)."""
        place = self.places.get(place_id)
        return None if place is None else place.country(when)


class SnapshotCache:
    """A fresh :class:`Snapshot` of a registry for a long-running process, thread-safe.

    The data version is checked at most every ``refresh_seconds``; the snapshot is re-read
    when it moved.

    Parameters
    ----------
    registry:
        The registry to read.
    refresh_seconds:
        How stale the data version may be (0 checks on every call).
    """

    def __init__(self, registry: Registry, refresh_seconds: float = 1.0) -> None:
        self.registry = registry
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._version = ""
        self._checked = -float("inf")

    def version(self) -> str:
        """The registry's data version, re-read at most every ``refresh_seconds``."""
        now = time.monotonic()
        if now - self._checked >= self.refresh_seconds:
            self._version = data_version(self.registry)
            self._checked = now
        return self._version

    def due(self) -> bool:
        """True when :meth:`version` will query the database (async code then calls it in a
        worker thread rather than block its event loop)."""
        return time.monotonic() - self._checked >= self.refresh_seconds

    def peek(self) -> Snapshot | None:
        """The snapshot if it is known fresh without touching the database, else None (then
        call :meth:`get`, in a worker thread from async code: it may read the registry)."""
        snapshot = self._snapshot
        fresh = time.monotonic() - self._checked < self.refresh_seconds
        return (
            snapshot
            if fresh and snapshot is not None and snapshot.version == self._version
            else None
        )

    def get(self) -> Snapshot:
        """The snapshot of the current data version (read on first use and after writes)."""
        version = self.version()
        snapshot = self._snapshot
        if snapshot is not None and snapshot.version == version:
            return snapshot
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = None
                gc.unfreeze()
                self._snapshot = Snapshot.read(self.registry)
                # Hundreds of thousands of long-lived objects: keep them out of the cyclic
                # garbage collector's full passes, which would otherwise stall requests.
                gc.collect()
                gc.freeze()
            return self._snapshot


@dataclass(frozen=True)
class TwinningFilter:
    """Which twinnings to select; empty criteria select everything.

    Attributes
    ----------
    kinds, statuses:
        Allowed kinds and statuses (statuses as of ``as_of``).
    country:
        One side lies in this country (ISO alpha-2, as of ``as_of``).
    partner_country:
        The other side lies in this country (either side when ``country`` is not given).
    as_of:
        The day statuses and countries are evaluated on (today when None); twinnings that
        had not begun by then are left out.
    since, until:
        The twinning was established (first became active) within these days; twinnings of
        unknown date are left out when either is given.
    """

    kinds: frozenset[TwinningKind] = frozenset()
    statuses: frozenset[Status] = frozenset()
    country: str | None = None
    partner_country: str | None = None
    as_of: dt.date | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def _countries_match(self, snapshot: Snapshot, twinning: Twinning) -> bool:
        wanted = [c for c in (self.country, self.partner_country) if c]
        if not wanted:
            return True
        sides = (
            snapshot.country_of(twinning.a, self.as_of),
            snapshot.country_of(twinning.b, self.as_of),
        )
        if len(wanted) == 1:
            return wanted[0] in sides
        return sides in ((wanted[0], wanted[1]), (wanted[1], wanted[0]))

    def _dates_match(self, twinning: Twinning) -> bool:
        if self.since is None and self.until is None:
            return True
        since = established(twinning.events)
        if since is None:
            return False
        after = self.since is None or since.end >= self.since
        return after and (self.until is None or since.start <= self.until)

    def matches(self, snapshot: Snapshot, twinning: Twinning, status: StatusAt) -> bool:
        """True when ``twinning`` (with its ``status`` as of :attr:`as_of`) is selected."""
        if self.kinds and twinning.kind not in self.kinds:
            return False
        if self.statuses and status.status not in self.statuses:
            return False
        if self.as_of is not None and not begun_by(twinning.events, self.as_of):
            return False
        return self._countries_match(snapshot, twinning) and self._dates_match(twinning)


@dataclass(frozen=True)
class TwinningRow:
    """A twinning with its two places, its status as of a date, the date it was established,
    and its sources' licences."""

    twinning: Twinning
    a: Place
    b: Place
    status: StatusAt
    since: FuzzyDate | None
    as_of: dt.date | None
    source_ids: tuple[str, ...]
    licences: tuple[str, ...]


def _candidates(snapshot: Snapshot, selection: TwinningFilter) -> Iterable[Twinning]:
    """Twinnings worth testing: those of the country's places when a country is asked for."""
    country = selection.country or selection.partner_country
    if country is None:
        return snapshot.twinnings
    ids = [p for p in snapshot.by_place if snapshot.country_of(p, selection.as_of) == country]
    found = {t.id: t for p in ids for t in snapshot.by_place[p]}
    return [found[i] for i in sorted(found)]


def twinning_row(
    snapshot: Snapshot,
    twinning: Twinning,
    as_of: dt.date | None = None,
    status: StatusAt | None = None,
) -> TwinningRow:
    """One twinning with its places, status as of ``as_of`` (computed unless given) and
    licences."""
    source_ids = cited_sources(twinning)
    licences = {snapshot.sources[s].licence or "unknown" for s in source_ids}
    return TwinningRow(
        twinning,
        snapshot.places[twinning.a],
        snapshot.places[twinning.b],
        status or status_as_of(twinning.events, as_of),
        established(twinning.events),
        as_of,
        source_ids,
        tuple(sorted(licences)),
    )


def twinning_rows(snapshot: Snapshot, selection: TwinningFilter) -> list[TwinningRow]:
    """The twinnings ``selection`` picks, in id order, with status, places and licences."""
    out = []
    for twinning in _candidates(snapshot, selection):
        status = status_as_of(twinning.events, selection.as_of)
        if selection.matches(snapshot, twinning, status):
            out.append(twinning_row(snapshot, twinning, selection.as_of, status))
    return out


def used_sources(snapshot: Snapshot, rows: Iterable[TwinningRow]) -> dict[str, Source]:
    """The sources ``rows`` cite, their places' sources included (for attribution)."""
    used: set[str] = set()
    for row in rows:
        used.update(row.source_ids)
        used.update(c.source_id for p in (row.a, row.b) if (c := p.citation))
    return {s: snapshot.sources[s] for s in sorted(used) if s in snapshot.sources}


@dataclass(frozen=True)
class PartnerCountry:
    """Twinnings between a country's places and one partner country's."""

    iso: str | None
    name: str
    twinnings: int
    by_status: Mapping[str, int]


@dataclass(frozen=True)
class CountrySummary:
    """A country's places and twinnings, grouped by partner country.

    Attributes
    ----------
    places:
        Places of the country that have at least one twinning, most twinned first, each
        with its number of twinnings.
    partners:
        Partner countries, most twinnings first (domestic twinnings under the country itself).
    with_partner:
        When a partner country was asked for: the twinnings between the two countries.
    """

    iso: str
    name: str
    as_of: dt.date | None
    place_count: int
    twinning_count: int
    places: tuple[tuple[Place, int], ...]
    partners: tuple[PartnerCountry, ...]
    partner: str | None = None
    with_partner: tuple[TwinningRow, ...] = ()


def _partner_countries(iso: str, rows: list[TwinningRow]) -> tuple[PartnerCountry, ...]:
    by_partner: dict[str | None, Counter[str]] = defaultdict(Counter)
    for row in rows:
        a, b = row.a.country(row.as_of), row.b.country(row.as_of)
        other = b if a == iso else a
        by_partner[other][row.status.status.value] += 1
    partners = [
        PartnerCountry(c, country_label(c) or "unknown", sum(n.values()), dict(n))
        for c, n in by_partner.items()
    ]
    partners.sort(key=lambda p: (-p.twinnings, p.iso or ""))
    return tuple(partners)


def country_summary(
    snapshot: Snapshot, iso: str, as_of: dt.date | None = None, partner: str | None = None
) -> CountrySummary:
    """Summarise country ``iso``'s twinnings as of ``as_of``, optionally those with ``partner``.

    Raises
    ------
    NotFoundError
        If no place of the registry lies in ``iso``.
    """
    iso = iso.upper()
    place_ids = [p for p in snapshot.places if snapshot.country_of(p, as_of) == iso]
    if not place_ids:
        raise NotFoundError(f"no place of the registry lies in country {iso!r}")
    rows = twinning_rows(snapshot, TwinningFilter(country=iso, as_of=as_of))
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(p.id for p in (row.a, row.b) if p.country(as_of) == iso)
    places = sorted(
        ((snapshot.places[p], n) for p, n in counts.items()), key=lambda pn: (-pn[1], pn[0].id)
    )
    with_partner: tuple[TwinningRow, ...] = ()
    if partner:
        partner = partner.upper()
        selection = TwinningFilter(country=iso, partner_country=partner, as_of=as_of)
        with_partner = tuple(twinning_rows(snapshot, selection))
    return CountrySummary(
        iso=iso,
        name=country_label(iso),
        as_of=as_of,
        place_count=len(place_ids),
        twinning_count=len(rows),
        places=tuple(places),
        partners=_partner_countries(iso, rows),
        partner=partner,
        with_partner=with_partner,
    )
