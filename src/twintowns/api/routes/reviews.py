"""``/reviews``: the reviewers' queue of pending proposals and their decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from twintowns import accounts
from twintowns.accounts import Action, Principal
from twintowns.api import living_schemas as ls
from twintowns.api.auth import LIVING_RESPONSES, allowed, if_match
from twintowns.api.routes.proposals import versioned
from twintowns.api.state import AppState, get_state

router = APIRouter(prefix="/reviews", tags=["living registry"], responses=LIVING_RESPONSES)
Reviewer = Annotated[Principal, allowed(Action.REVIEW, write=False)]
ReviewerWrite = Annotated[Principal, allowed(Action.REVIEW, write=True)]
State = Annotated[AppState, Depends(get_state)]


@router.get("", response_model=list[ls.ProposalOut])
def queue(state: State, _who: Reviewer, response: Response) -> list[ls.ProposalOut]:
    """Pending proposals, oldest first (reviewers only)."""
    response.headers["cache-control"] = "no-store"
    found = accounts.listing(state.registry.engine, status="pending", limit=500)
    return [ls.ProposalOut.model_validate(p) for p in reversed(found)]


@router.post("", response_model=ls.ProposalOut)
def decide(
    body: ls.ReviewIn,
    state: State,
    who: ReviewerWrite,
    response: Response,
    seen: Annotated[int, Depends(if_match)],
) -> ls.ProposalOut:
    """Accept or reject a proposal; ``If-Match`` is the proposal's version seen (409 when it
    moved on, or when the resource the proposal edits changed since it was proposed)."""
    decided = accounts.review(
        state.registry.engine,
        who,
        body.proposal_id,
        body.decision,
        seen=seen,
        comment=body.comment,
    )
    return versioned(response, decided)
