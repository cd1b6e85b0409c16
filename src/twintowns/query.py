"""Queries over the whole registry held in memory: filtered twinnings, country summaries.

A :class:`Snapshot` is every place, twinning and source of a registry, read once in one
read transaction (so it never mixes two states of the database); a
:class:`~twintowns.snapshots.SnapshotCache` keeps one fresh for a long-running shell (the
API).  :class:`TwinningFilter` selects twinnings by
kind, status as of a date, countries and establishment date; :func:`twinning_rows` gives each
with its status and sources; :func:`country_summary` answers "which of its towns are twinned,
with which countries" and "is any town in X twinned with a town in Y".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

import sqlalchemy as sa

from twintowns.errors import NotFoundError, StoreError
from twintowns.memo import Memo
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
from twintowns.store import Reader, schema
from twintowns.views import cited_sources


def data_version(registry: Registry) -> str:
    """A token that changes whenever the registry is written (the newest audit-log entry).

    Raises
    ------
    StoreError
        If the database cannot be read.
    """
    with read_transaction(registry.engine) as conn:
        return _version(Reader(registry.engine, conn))


def _version(reader: Reader) -> str:
    newest = reader.audit_entries(limit=1)
    return str(newest[0]["id"]) if newest else "0"


@contextmanager
def read_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection inside one read transaction: every read through it sees the same state
    of the database, whatever is committed meanwhile (REPEATABLE READ on PostgreSQL, one
    explicit transaction on SQLite, whose driver would otherwise run each SELECT on its own).

    Raises
    ------
    StoreError
        If the database cannot be reached or read (the message holds no SQL).
    """
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                raw = conn.connection.driver_connection
                if conn.dialect.name == "sqlite" and not getattr(raw, "in_transaction", True):
                    conn.exec_driver_sql("BEGIN")
                yield conn
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot read the registry: {type(exc).__name__}") from exc


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
    datasets: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, registry: Registry) -> Snapshot:
        """Read the whole registry in one read transaction (a few seconds for the world's
        ~36,000 twinnings).

        Raises
        ------
        StoreError
            If the database cannot be read.
        """
        with read_transaction(registry.engine) as conn:
            reader = Reader(registry.engine, conn)
            version = _version(reader)
            places, twinnings, sources = reader.places(), reader.twinnings(), reader.sources()
            table = schema.places
            found = conn.execute(sa.select(table.c.id, table.c.dataset))
            datasets: dict[str, str] = dict(found.all())  # a Result has keys(): not a mapping
        return cls(version, places, tuple(twinnings), sources, datasets)

    @cached_property
    def memo(self) -> Memo:
        """Answers computed from this snapshot, kept with it (bounded)."""
        return Memo()

    def prepare(self) -> None:
        """Build the indexes now (before serving), not on a reader's first request."""
        _ = self.by_place, self.by_id, self.graph

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
