"""Queries over the whole registry held in memory: filtered twinnings, country summaries.

Every query reads one :class:`~twintowns.snapshot.RegistrySnapshot` (``Snapshot`` here): every
place, twinning and source of a registry, read once in one read transaction (so it never
mixes two states of the database); a :class:`~twintowns.snapshots.SnapshotCache` keeps one
fresh for a long-running shell (the API).  :class:`TwinningFilter` selects twinnings by
kind, status as of a date, countries and establishment date; :func:`twinning_rows` gives each
with its status and sources; :func:`country_summary` answers "which of its towns are twinned,
with which countries" and "is any town in X twinned with a town in Y".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from twintowns.errors import NotFoundError
from twintowns.model import (
    Attested,
    FuzzyDate,
    Place,
    Source,
    Status,
    StatusAt,
    Twinning,
    TwinningKind,
    attested,
    begun_by,
    established,
    status_as_of,
)
from twintowns.registry import Registry, country_label
from twintowns.snapshot import RegistrySnapshot
from twintowns.snapshot import data_version as snapshot_version
from twintowns.views import cited_sources

Snapshot = RegistrySnapshot
"""The registry snapshot every query reads (:class:`twintowns.snapshot.RegistrySnapshot`; this
module's name for it, which the API's modules import)."""


def data_version(registry: Registry) -> str:
    """A token that changes whenever the registry is written (the newest audit-log entry).

    Raises
    ------
    StoreError
        If the database cannot be read.
    """
    return snapshot_version(registry.engine)


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
    attested: Attested = field(default_factory=Attested)


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
        attested(twinning, snapshot.sources),
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
