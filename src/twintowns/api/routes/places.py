"""Routes about places: search, one place, a place's partners as of a date.

Every answer reads the request's pinned snapshot only (names resolved against it too).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from twintowns.api import convert, params, schemas
from twintowns.api.errors import ERROR_RESPONSES
from twintowns.api.state import Snap, State, place_json
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


@router.get("/places", summary="Search places by name")
def search_places(
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
) -> schemas.SearchOut:
    """Places whose names equal or start with `q`: exact matches first, then by population.
    An ambiguous name lists every candidate with its country and level."""
    found = state.names(snapshot).search(params.name_text(q, "q"), limit)
    return schemas.SearchOut(query=q, items=[convert.place_summary(p, snapshot) for p in found])


@router.get("/places/{place_id}", summary="One place", response_model=schemas.PlaceOut)
async def get_place(state: State, snapshot: Snap, place_id: PlaceRef) -> Response:
    """A place with its names and countries through time, identifiers and twinning count."""
    # The hot path of the API: async (no worker-thread hop), each place encoded once per
    # snapshot; a name (not an id) is resolved against the same snapshot.
    body = place_json(snapshot, place_id)
    if body is None:
        place = resolve_place(state, snapshot, place_id)
        body = convert.place(place, snapshot).model_dump_json().encode()
    return Response(body, media_type="application/json")


@router.get("/places/{place_id}/twinnings", summary="A place's partners as of a date")
def place_twinnings(
    state: State, snapshot: Snap, place_id: PlaceRef, as_of: params.AsOf = None
) -> schemas.PlaceTwinningsOut:
    """Partners with kind, date established, status as of `as_of` (with the event and citation
    it dates from), events, each side's claim, asymmetries and every source cited."""
    place = resolve_place(state, snapshot, place_id)
    view = describe_place(snapshot, place, params.day(as_of, "as_of"))
    return convert.place_twinnings(view, snapshot)
