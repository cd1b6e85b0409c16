"""Routes about places: search, one place, a place's partners as of a date.

Every answer reads the request's pinned snapshot only (names resolved against it too).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, Query, Request, Response

from twintowns.api import convert, params, schemas
from twintowns.api.answers import Encoded, cached, json_response, kept
from twintowns.api.errors import ERROR_RESPONSES
from twintowns.api.search import search_ids
from twintowns.api.state import AppState, Snap, State, place_json
from twintowns.model import Place
from twintowns.query import Snapshot
from twintowns.snapshots import describe_place

router = APIRouter(tags=["places"], responses=ERROR_RESPONSES)

PlaceRef = Annotated[
    str,
    Path(
        min_length=1,
        max_length=params.MAX_TEXT,
        pattern=params.NAME_PATTERN,
        description="A place id (`coventry`), or a name (`Coventry`, `Toledo, Spain`); at "
        "most 200 characters, with a letter or digit.",
    ),
]


def resolve_place(state: State, snapshot: Snapshot, ref: str, name: str = "place_id") -> Place:
    """The place ``ref`` names in ``snapshot``: by id, else by name.

    Raises
    ------
    InputError, NotFoundError, AmbiguousNameError
        For a bad reference, no such place, several.
    """
    params.plain_text(ref, name)
    found = snapshot.places.get(ref)
    if found is not None:
        return found
    return state.names(snapshot).resolve(params.name_text(ref, name))


@router.get("/places", summary="Search places by name", response_model=schemas.SearchOut)
async def search_places(
    request: Request,
    state: State,
    snapshot: Snap,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=params.MAX_TEXT,
            pattern=params.NAME_PATTERN,
            description="A name or its beginning, in any language; case and accents ignored. "
            "Must hold a letter or digit (422 otherwise).",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Places whose names equal or start with `q`: exact matches first, then by population.
    An ambiguous name lists every candidate with its country and level."""
    # A repeated search is served from its encoded answer without a worker thread; a new
    # one is computed in a thread (a short prefix ranks thousands of places).
    key = ("search", q, limit)
    found = kept(snapshot, key) if state.settings.answer_cache else None
    if found is None:
        found = await anyio.to_thread.run_sync(_search, state, snapshot, q, limit, key)
    return json_response(request, found)


def _search(
    state: AppState, snapshot: Snapshot, q: str, limit: int, key: tuple[object, ...]
) -> Encoded:
    def make() -> bytes:
        ids = search_ids(snapshot, params.name_text(q, "q"), limit)
        if ids is None:  # nothing found, or CJK: the registry transliterates or suggests
            places = state.names(snapshot).search(params.name_text(q, "q"), limit)
        else:
            places = [snapshot.places[i] for i in ids]
        items = [convert.place_summary(p, snapshot) for p in places]
        return schemas.SearchOut(query=q, items=items).model_dump_json().encode()

    return cached(snapshot, key, make, keep=state.settings.answer_cache)


@router.get("/places/{place_id}", summary="One place", response_model=schemas.PlaceOut)
async def get_place(state: State, snapshot: Snap, place_id: PlaceRef) -> Response:
    """A place with its names and countries through time, identifiers and twinning count."""
    # The hot path of the API: async (no worker-thread hop), each place encoded once per
    # snapshot; a name (not an id) is resolved against the same snapshot.
    body = place_json(snapshot, place_id)
    if body is None:
        if snapshot.names_ready:
            place = resolve_place(state, snapshot, place_id)
        else:  # the first name lookup builds the name index: not on the event loop
            place = await anyio.to_thread.run_sync(resolve_place, state, snapshot, place_id)
        body = convert.place(place, snapshot).model_dump_json().encode()
    return Response(body, media_type="application/json")


@router.get(
    "/places/{place_id}/twinnings",
    summary="A place's partners as of a date",
    response_model=schemas.PlaceTwinningsOut,
)
async def place_twinnings(
    request: Request, state: State, snapshot: Snap, place_id: PlaceRef, as_of: params.AsOf = None
) -> Response:
    """Partners with kind, date established, status as of `as_of` (with the event and citation
    it dates from), events, each side's claim, asymmetries and every source cited."""
    # "as of today" changes at midnight: the day is part of the answer's key
    key = ("partners", place_id, as_of, dt.date.today())
    found = kept(snapshot, key) if state.settings.answer_cache else None
    if found is None:
        found = await anyio.to_thread.run_sync(_partners, state, snapshot, place_id, as_of, key)
    return json_response(request, found)


def _partners(
    state: AppState, snapshot: Snapshot, place_id: str, as_of: str | None, key: tuple[object, ...]
) -> Encoded:
    def make() -> bytes:
        place = resolve_place(state, snapshot, place_id)
        view = describe_place(snapshot, place, params.day(as_of, "as_of"))
        years = state.settings.dormant_years
        return convert.place_twinnings(view, snapshot, years).model_dump_json().encode()

    return cached(snapshot, key, make, keep=state.settings.answer_cache)
