"""Routes about places: search, one place, a place's partners as of a date."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, Query, Response

from twintowns.api import convert, params, schemas
from twintowns.api.errors import ERROR_RESPONSES
from twintowns.api.state import State
from twintowns.errors import NotFoundError
from twintowns.model import Place
from twintowns.views import describe_place

router = APIRouter(tags=["places"], responses=ERROR_RESPONSES)

PlaceRef = Annotated[
    str, Path(description="A place id (`coventry`), or a name (`Coventry`, `Toledo, Spain`).")
]


def _place(state: State, ref: str) -> Place:
    """The place ``ref`` names: by id from the snapshot, else by name through the registry."""
    ref = params.plain_text(ref, "place_id")
    try:
        return state.snapshot().place(ref)
    except NotFoundError:
        return state.registry.resolve(ref)


@router.get("/places", summary="Search places by name")
def search_places(
    state: State,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="A name or its beginning, in any language; case and accents ignored.",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> schemas.SearchOut:
    """Places whose names equal or start with `q`: exact matches first, then by population.
    An ambiguous name lists every candidate with its country and level."""
    found = state.registry.search(params.plain_text(q, "q"), limit)
    snapshot = state.snapshot()
    return schemas.SearchOut(query=q, items=[convert.place_summary(p, snapshot) for p in found])


@router.get("/places/{place_id}", summary="One place", response_model=schemas.PlaceOut)
async def get_place(state: State, place_id: PlaceRef) -> Response:
    """A place with its names and countries through time, identifiers and twinning count."""
    # The hot path of the API: async (no worker-thread hop), each place encoded once per
    # data version; names (not ids) are resolved through the registry in a worker thread.
    snapshot = await state.fresh_snapshot()
    body = state.place_json(snapshot, place_id)
    if body is None:
        place = await anyio.to_thread.run_sync(_place, state, place_id)
        body = convert.place(place, snapshot).model_dump_json().encode()
    return Response(body, media_type="application/json")


@router.get("/places/{place_id}/twinnings", summary="A place's partners as of a date")
def place_twinnings(
    state: State, place_id: PlaceRef, as_of: params.AsOf = None
) -> schemas.PlaceTwinningsOut:
    """Partners with kind, date established, status as of `as_of` (with the event and citation
    it dates from), events, each side's claim, asymmetries and every source cited."""
    place = _place(state, place_id)
    view = describe_place(state.registry, place.id, params.day(as_of, "as_of"))
    return convert.place_twinnings(view, state.snapshot())
