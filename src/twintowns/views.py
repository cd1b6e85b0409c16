"""Answers as values: a place's partners as of a date, event listings, and their JSON form.

The shells render these; the JSON form (:func:`to_json`) is stable for scripts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any

from twintowns.model import (
    DOUBTFUL_BELOW,
    Attested,
    Claim,
    Coordinates,
    Event,
    EventType,
    FuzzyDate,
    Place,
    Reason,
    Source,
    StatusAt,
    Twinning,
    TwinningKind,
    attested,
    begun_by,
    dispute_notes,
    established,
    status_as_of,
)

if TYPE_CHECKING:  # describing a place needs no SQLAlchemy (the quick path has none)
    from twintowns.lookup import PlaceSource
    from twintowns.registry import Registry


@dataclasses.dataclass(frozen=True)
class PartnerView:
    """One partner of a place, as of a date."""

    twinning_id: str
    partner_id: str
    partner_name: str
    partner_country: str | None
    kind: TwinningKind
    since: FuzzyDate | None
    status: StatusAt
    exclusive_reciprocal: bool
    fixed_term: bool
    reasons: tuple[Reason, ...]
    claims: tuple[Claim, ...]
    one_sided: bool
    events: tuple[Event, ...]
    source_ids: tuple[str, ...]
    disputes: tuple[str, ...] = ()  # what each source says of a disputed step (model.claims)
    # when its sources saw it (model.attested), not a signing
    attested: Attested = dataclasses.field(default_factory=Attested)


@dataclasses.dataclass(frozen=True)
class PlaceView:
    """A place with its partners as of a date, and the sources they cite."""

    place: Place
    name: str
    as_of: dt.date | None
    partners: tuple[PartnerView, ...]
    sources: dict[str, Source]


@dataclasses.dataclass(frozen=True)
class EventView:
    """An event with the names of the twinning's two sides (and of its actor, if any)."""

    twinning_id: str
    a_name: str
    b_name: str
    event: Event
    source: Source | None
    actor_name: str | None = None


def _event_order(event: Event) -> tuple[int, dt.date]:
    return (0, event.date.start) if event.date else (1, dt.date.max)


def cited_sources(twinning: Twinning) -> tuple[str, ...]:
    """Ids of every source a twinning's facts cite, in first-cited order."""
    cites = [twinning.citation, *(e.citation for e in twinning.events)]
    cites += [c.citation for c in twinning.claims] + [r.citation for r in twinning.reasons]
    return tuple(dict.fromkeys(c.source_id for c in cites))


def partner_view(
    twinning: Twinning, place_id: str, partner: Place, as_of: dt.date | None
) -> PartnerView:
    """The view of ``twinning`` from ``place_id``'s side."""
    return PartnerView(
        twinning_id=twinning.id,
        partner_id=partner.id,
        partner_name=partner.name(when=as_of),
        partner_country=partner.country(as_of),
        kind=twinning.kind,
        since=established(twinning.events),
        status=status_as_of(twinning.events, as_of),
        exclusive_reciprocal=twinning.exclusive_reciprocal,
        fixed_term=twinning.fixed_term,
        reasons=tuple(r.reason for r in twinning.reasons),
        claims=twinning.claims,
        one_sided=twinning.one_sided,
        events=tuple(sorted(twinning.events, key=_event_order)),
        source_ids=cited_sources(twinning),
    )


def describe_place(registry: PlaceSource, query: str, as_of: dt.date | None = None) -> PlaceView:
    """Resolve ``query`` and list its partners as of ``as_of`` (today when None).

    Twinnings that had not begun by ``as_of`` (all their dated steps later) are left out.

    Raises
    ------
    AmbiguousNameError, NotFoundError
        From :meth:`Registry.resolve`.
    """
    place = registry.resolve(query)
    reader = registry.reader
    twinnings = reader.twinnings_of(place.id)
    if as_of is not None:
        twinnings = [t for t in twinnings if begun_by(t.events, as_of)]
    partners = reader.places({t.partner_of(place.id) for t in twinnings})
    views = [partner_view(t, place.id, partners[t.partner_of(place.id)], as_of) for t in twinnings]
    views.sort(
        key=lambda v: (v.since is None, v.since.start if v.since else dt.date.max, v.partner_name)
    )
    sources = reader.sources({s for v in views for s in v.source_ids})
    attested_views = attest(views, twinnings, sources)
    return PlaceView(place, place.name(when=as_of), as_of, attested_views, sources)


def attest(
    views: Iterable[PartnerView], twinnings: Iterable[Twinning], sources: Mapping[str, Source]
) -> tuple[PartnerView, ...]:
    """``views`` with the first and last dates their twinnings' ``sources`` saw them."""
    by_id = {t.id: t for t in twinnings}
    return tuple(
        dataclasses.replace(v, attested=attested(by_id[v.twinning_id], sources)) for v in views
    )


def with_disputes(view: PlaceView) -> PlaceView:
    """``view`` with each partner's disputed steps told in words (what each source says)."""
    partners = tuple(
        dataclasses.replace(p, disputes=tuple(dispute_notes(p.events, view.sources)))
        for p in view.partners
    )
    return dataclasses.replace(view, partners=partners)


def list_events(
    registry: Registry,
    types: Collection[EventType] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[EventView]:
    """Events of every twinning, oldest first, filtered by type and date range."""
    reader = registry.reader
    found = reader.events(types, since, until)
    twinnings = {t.id: t for t in reader.twinnings({tid for tid, _ in found})}
    actors = {e.actor for _, e in found if e.actor}
    places = reader.places({p for t in twinnings.values() for p in (t.a, t.b)} | actors)
    sources = reader.sources({e.citation.source_id for _, e in found})
    views = []
    for tid, event in found:
        twinning = twinnings[tid]
        when = event.date.end if event.date else None
        views.append(
            EventView(
                tid,
                places[twinning.a].name(when=when),
                places[twinning.b].name(when=when),
                event,
                sources.get(event.citation.source_id),
                actor_name(places.get(event.actor) if event.actor else None, event.actor, when),
            )
        )
    return views


def actor_name(place: Place | None, actor: str | None, when: dt.date | None) -> str | None:
    """An event's actor as it was called then (its id if the place is unknown)."""
    return place.name(when=when) if place is not None else actor


def to_json(value: Any) -> Any:
    """A JSON-ready form of views and model objects: dataclasses become objects, enums their
    values, dates ISO text, fuzzy dates their text form, tuples lists."""
    if isinstance(value, FuzzyDate):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Coordinates):
        return {"lat": value.lat, "lon": value.lon}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return [to_json(v) for v in value]
    return value


def without_doubtful(view: PlaceView) -> PlaceView:
    """The view without partners whose twinning is doubtful (its best claim's resolution
    confidence below :data:`~twintowns.model.twinning.DOUBTFUL_BELOW`), nor their sources."""
    kept = tuple(
        p
        for p in view.partners
        if max((c.confidence for c in p.claims), default=1.0) >= DOUBTFUL_BELOW
    )
    used = {s for p in kept for s in p.source_ids}
    sources = {k: v for k, v in view.sources.items() if k in used}
    return dataclasses.replace(view, partners=kept, sources=sources)
