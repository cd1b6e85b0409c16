"""Routes about twinnings: filtered pages, events, exports, chains between places.

Every answer reads the request's pinned snapshot only; the rows a filter selects are
computed once per snapshot, filter and day, and kept with the snapshot.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import PlainTextResponse

from twintowns.api import convert, formats, params, schemas
from twintowns.api.answers import Encoded, cached, json_response, kept
from twintowns.api.errors import ERROR_RESPONSES
from twintowns.api.routes.places import resolve_place
from twintowns.api.state import Snap, State
from twintowns.errors import NotFoundError
from twintowns.export import ExportFormat, Item, Selection, attribution_text
from twintowns.export.records import used_sources
from twintowns.model import EventType, Status, Twinning, TwinningKind
from twintowns.paths import shortest_chain
from twintowns.query import (
    Snapshot,
    TwinningFilter,
    TwinningRow,
    twinning_row,
    twinning_rows,
)
from twintowns.snapshots import list_events
from twintowns.views import EventView

router = APIRouter(tags=["twinnings"], responses=ERROR_RESPONSES)

Kinds = Annotated[
    list[TwinningKind] | None,
    Query(max_length=params.MAX_REPEATS, description="Kinds (repeatable)."),
]
Statuses = Annotated[
    list[Status] | None,
    Query(max_length=params.MAX_REPEATS, description="Statuses as of `as_of`."),
]


async def _filter(  # async: a cheap parse, no worker thread for it
    kind: Kinds = None,
    status: Statuses = None,
    country: params.Country = None,
    partner_country: params.Country = None,
    as_of: params.AsOf = None,
    since: params.Since = None,
    until: params.Until = None,
) -> TwinningFilter:
    return TwinningFilter(
        kinds=frozenset(kind or ()),
        statuses=frozenset(status or ()),
        country=params.country(country),
        partner_country=params.country(partner_country),
        as_of=params.day(as_of, "as_of"),
        since=params.day(since, "since", first=True),
        until=params.day(until, "until"),
    )


Filter = Annotated[TwinningFilter, Depends(_filter)]
Doubtful = Annotated[
    bool,
    Query(
        description="Also twinnings whose places were resolved with little confidence "
        "(below 0.9; left out by default)."
    ),
]


def _kept(rows: list[TwinningRow], doubtful: bool) -> list[TwinningRow]:
    """The rows without doubtful twinnings, unless they were asked for."""
    return rows if doubtful else [r for r in rows if not r.twinning.doubtful]


def selected_rows(snapshot: Snapshot, selection: TwinningFilter) -> list[TwinningRow]:
    """The rows ``selection`` picks from ``snapshot``, computed once per snapshot, filter and
    day (statuses "as of today" change at midnight)."""
    key = ("rows", selection, dt.date.today())
    found = snapshot.memo.get(key)
    if isinstance(found, list):
        return found
    return snapshot.memo.put(key, twinning_rows(snapshot, selection))


def kept_rows(snapshot: Snapshot, selection: TwinningFilter, doubtful: bool) -> list[TwinningRow]:
    """:func:`selected_rows` without the doubtful ones unless asked for, also kept with the
    snapshot (a twinning's confidence is a walk over its claims: thousands per request)."""
    key = ("kept", selection, dt.date.today(), doubtful)
    found = snapshot.memo.get(key)
    if isinstance(found, list):
        return found
    return snapshot.memo.put(key, _kept(selected_rows(snapshot, selection), doubtful))


@router.get(
    "/twinnings",
    summary="Twinnings, filtered and paginated",
    response_model=schemas.TwinningPage,
)
async def list_twinnings(
    request: Request,
    state: State,
    snapshot: Snap,
    selection: Filter,
    limit: params.Limit = 100,
    offset: params.Offset = 0,
    doubtful: Doubtful = False,
) -> Response:
    """Twinnings in id order with their status as of `as_of`, a page at a time (100 by
    default, at most 1000).  `country` and `partner_country` pick twinnings between the two
    countries; `since`/`until` bound the date established.  The first request of a filter on
    the world registry takes up to a second; later pages of it are served from memory.
    Doubtful twinnings (resolution confidence below 0.9) only with `doubtful=true`."""
    # A page asked for before is served from its encoded answer on the event loop; the
    # rows of a new filter (up to a second) and a new page are made in a worker thread.
    key = ("twinnings", selection, dt.date.today(), doubtful, limit, offset)
    keep = state.settings.answer_cache
    found = kept(snapshot, key) if keep else None
    if found is None:
        found = await anyio.to_thread.run_sync(
            _page, snapshot, selection, doubtful, (limit, offset), key, keep
        )
    return json_response(request, found)


def _page(
    snapshot: Snapshot,
    selection: TwinningFilter,
    doubtful: bool,
    window: tuple[int, int],
    key: tuple[object, ...],
    keep: bool,
) -> Encoded:
    def make() -> bytes:
        limit, offset = window
        rows = kept_rows(snapshot, selection, doubtful)
        page = [convert.twinning(r) for r in rows[offset : offset + limit]]
        out = schemas.TwinningPage(total=len(rows), limit=limit, offset=offset, items=page)
        return out.model_dump_json().encode()

    return cached(snapshot, key, make, keep=keep)


def _selection(snapshot: Snapshot, selection: TwinningFilter, doubtful: bool) -> Selection:
    rows = kept_rows(snapshot, selection, doubtful)
    items = tuple(Item(r.twinning, r.a, r.b) for r in rows)
    return Selection(items, snapshot.sources, selection.as_of, snapshot.places)


@router.get(
    "/export.{fmt}",
    summary="Export twinnings (CSV, JSON, GeoJSON, GraphML, Parquet) with attribution",
    response_class=Response,
    responses={200: {"content": {m: {} for m in formats.MEDIA.values()}}},
)
def export_twinnings(
    request: Request,
    snapshot: Snap,
    fmt: ExportFormat,
    selection: Filter,
    doubtful: Doubtful = False,
) -> Response:
    """The twinnings `/twinnings` selects, every one of them, with per end the id, name,
    country, level, coordinates, Wikidata and GeoNames ids, and per twinning its kind,
    status, dates (ISO days), confidence, sources and licences: the same records as the CLI's
    `twintowns export`.  JSON, GeoJSON and GraphML carry the attribution inside; CSV and
    Parquet point to it with a `Link: </export/attribution.txt?...>; rel="license"` header.
    GeoJSON splits lines crossing the antimeridian and draws an end without coordinates at a
    representative point (`a_point`/`b_point` say which).  A heavy route: seconds for the
    whole world registry.  Doubtful twinnings only with `doubtful=true`."""
    chosen = _selection(snapshot, selection, doubtful)
    return formats.export_response(fmt, chosen, request.url.query)


@router.get(
    formats.ATTRIBUTION_PATH,
    summary="Attribution of an export: every source it cites",
    response_class=PlainTextResponse,
)
def export_attribution(
    snapshot: Snap, selection: Filter, doubtful: Doubtful = False
) -> PlainTextResponse:
    """Title, author, URL and licence of every source the same selection of `/export.*`
    cites (what a CSV or Parquet export's `Link` header points to)."""
    chosen = _selection(snapshot, selection, doubtful)
    return PlainTextResponse(attribution_text(used_sources(chosen)))


@router.get("/events", summary="Events of twinnings, oldest first")
def get_events(  # the parameters are the query string
    snapshot: Snap,
    type: Annotated[
        list[EventType] | None,
        Query(max_length=params.MAX_REPEATS, description="Event types (repeatable)."),
    ] = None,
    since: params.Since = None,
    until: params.Until = None,
    country: params.Country = None,
    limit: params.Limit = 100,
    offset: params.Offset = 0,
) -> schemas.EventPage:
    """Signings, suspensions, endings... of every twinning, filtered by type, date range and
    the country of either side."""
    views = _events(
        snapshot,
        frozenset(type or ()),
        params.day(since, "since", first=True),
        params.day(until, "until"),
    )
    if country:
        iso = country.upper()
        views = [
            v
            for v in views
            if iso in {snapshot.country_of(p) for p in _sides(snapshot.by_id.get(v.twinning_id))}
        ]
    items = [
        schemas.EventItemOut(
            twinning_id=v.twinning_id,
            a_name=v.a_name,
            b_name=v.b_name,
            event=convert.event(v.event),
            source=convert.source(v.source) if v.source else None,
        )
        for v in views[offset : offset + limit]
    ]
    return schemas.EventPage(total=len(views), limit=limit, offset=offset, items=items)


def _events(
    snapshot: Snapshot, types: frozenset[EventType], since: dt.date | None, until: dt.date | None
) -> list[EventView]:
    """The events of ``snapshot`` in a type and date range, computed once per snapshot."""
    key = ("events", types, since, until)
    found = snapshot.memo.get(key)
    if isinstance(found, list):
        return found
    return snapshot.memo.put(key, list_events(snapshot, types, since, until))


def _sides(twinning: Twinning | None) -> tuple[str, ...]:
    return () if twinning is None else (twinning.a, twinning.b)


@router.get("/path", summary="The shortest chain of twinnings between two places")
def get_path(
    state: State,
    snapshot: Snap,
    start: Annotated[str, params.place_query("from")],
    goal: Annotated[str, params.place_query("to")],
    as_of: params.AsOf = None,
) -> schemas.PathOut:
    """Places and twinnings of a shortest chain through the twinnings **in force** at `as_of`
    (today when omitted): active twinnings, and undated attested ones when asking about
    today; never suspended, ended or proposed ones.  The same rule and search as `twintowns
    analyse chain` and the lab's graph (`twintowns.paths.shortest_chain`); ties are broken by
    place id."""
    one = resolve_place(state, snapshot, start, "from")
    other = resolve_place(state, snapshot, goal, "to")
    day = params.day(as_of, "as_of")
    chain = shortest_chain(snapshot.graph, one.id, other.id, day)
    if chain is None:
        raise NotFoundError(f"no chain of twinnings in force links {one.id!r} and {other.id!r}")
    return schemas.PathOut(
        length=chain.length,
        places=[convert.place_summary(snapshot.places[p], snapshot) for p in chain.places],
        twinnings=[convert.twinning(twinning_row(snapshot, t, day)) for t in chain.twinnings],
    )
