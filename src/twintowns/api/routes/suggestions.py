"""``GET /places/{place_id}/suggestions``: partners a place might twin with next, from data.

Thin over :mod:`twintowns.suggest`: the request's pinned snapshot gives the place and the
suggester of that data version (its cache file, or learnt once and kept with the snapshot).
Every answer is labelled as suggestions, never facts.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Query

from twintowns.api.errors import ERROR_RESPONSES
from twintowns.api.routes.places import PlaceRef, resolve_place
from twintowns.api.state import Snap, State
from twintowns.api.suggest_schemas import SuggestionOut, SuggestionsOut
from twintowns.snapshot import cache_dir

router = APIRouter(tags=["suggestions"], responses=ERROR_RESPONSES)


@router.get(
    "/places/{place_id}/suggestions",
    summary="Suggested partners for a place (suggestions from data, not facts)",
)
def get_suggestions(
    state: State,
    snapshot: Snap,
    place_id: PlaceRef,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{2}$", description="Only candidates in this country (ISO code)."),
    ] = None,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    outsiders_only: Annotated[
        bool,
        Query(description="Only GeoNames towns outside the registry (no twinning known yet)."),
    ] = False,
) -> SuggestionsOut:
    """Places of a comparable level that are not partners of the place in any twinning,
    ranked by a model learnt from the registry's current twinnings, each with checkable
    reasons (shared partners, distance, sizes, how often the two countries twin); GeoNames
    towns outside the registry are candidates too (``registered`` false).  Suggestions from
    data, not facts: no twinning is implied."""
    place = resolve_place(state, snapshot, place_id)
    directory = cache_dir(state.registry.engine, state.settings.snapshot_dir)
    # imported on the first request: numpy and the model need not slow the server's start
    from twintowns.suggest import suggester_of

    answer = suggester_of(snapshot, directory).answer(
        place.id, country=country, top=top, outsiders_only=outsiders_only
    )
    items = [SuggestionOut(**dataclasses.asdict(s)) for s in answer.suggestions]
    fields = dataclasses.asdict(answer) | {"suggestions": items}
    return SuggestionsOut(**fields)
