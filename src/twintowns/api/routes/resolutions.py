"""``/resolutions``: the queue of doubtful name resolutions (what ``twintowns review`` lists)
for reviewers on the web, and their decisions (:func:`twintowns.review.decide`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from twintowns import review
from twintowns.accounts import Action, Principal
from twintowns.api import resolution_schemas as rs
from twintowns.api.auth import LIVING_RESPONSES, allowed
from twintowns.api.state import AppState, get_state
from twintowns.model import ReviewItem

router = APIRouter(prefix="/resolutions", tags=["living registry"], responses=LIVING_RESPONSES)
Reviewer = Annotated[Principal, allowed(Action.REVIEW, write=False)]
ReviewerWrite = Annotated[Principal, allowed(Action.REVIEW, write=True)]
State = Annotated[AppState, Depends(get_state)]


def _out(state: AppState, item_id: int, item: ReviewItem) -> rs.ResolutionOut:
    keys = review.candidates_of(item)
    places = review.candidate_places(state.registry, keys)
    candidates = []
    for key in keys:
        place = places.get(key)
        candidates.append(
            rs.CandidateOut(
                key=key,
                chosen=key == item.gazetteer_key,
                place_id=place.id if place else None,
                name=place.name() if place else None,
                country=place.country() if place else None,
                admin_area=place.admin_area if place else None,
            )
        )
    return rs.ResolutionOut(
        id=item_id,
        name=item.name,
        country=item.country,
        mentions=item.mentions,
        place_id=item.place_id,
        method=item.method,
        confidence=item.confidence,
        source_id=item.citation.source_id,
        locator=item.citation.locator,
        candidates=candidates,
    )


@router.get("", response_model=list[rs.ResolutionOut])
def queue(
    state: State,
    _who: Reviewer,
    response: Response,
    source: Annotated[str | None, Query(min_length=1, max_length=120)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 25,
) -> list[rs.ResolutionOut]:
    """Doubtful resolutions, most-mentioned first, each with its candidates (reviewers)."""
    response.headers["cache-control"] = "no-store"
    items = state.registry.reader.review_queue(source_id=source, limit=limit)
    return [_out(state, item_id, item) for item_id, item in items]


@router.post("/{item_id}", response_model=rs.ResolutionDecided)
def decide(
    item_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: rs.ResolutionIn,
    state: State,
    who: ReviewerWrite,
) -> rs.ResolutionDecided:
    """Accept a candidate (the resolver's choice by default) or reject the mention; the
    decision is saved as an override (rebuilds repeat it) and audited (404 when the item is
    gone: decided already)."""
    item, target = review.decide(
        state.registry,
        item_id,
        body.decision,
        reviewer=who.name,
        candidate=body.candidate,
        overrides=state.settings.overrides_path,
    )
    return rs.ResolutionDecided(id=item_id, name=item.name, decision=body.decision, target=target)
