"""``/proposals``: sourced proposals of contributors (any signed-in role may propose and read
them); ``If-Match`` names the version of the resource a proposal is based on."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response

from twintowns import accounts
from twintowns.accounts import Action, Principal
from twintowns.api import living_schemas as ls
from twintowns.api.auth import LIVING_RESPONSES, allowed, if_match
from twintowns.api.state import AppState, get_state

router = APIRouter(prefix="/proposals", tags=["living registry"], responses=LIVING_RESPONSES)
Proposer = Annotated[Principal, allowed(Action.PROPOSE, write=False)]
ProposerWrite = Annotated[Principal, allowed(Action.PROPOSE, write=True)]
State = Annotated[AppState, Depends(get_state)]


def versioned(response: Response, proposal: dict[str, Any]) -> ls.ProposalOut:
    """The proposal's answer, with its version as the ETag a review's If-Match names."""
    response.headers["etag"] = f'"{proposal["version"]}"'
    response.headers["cache-control"] = "no-store"
    return ls.ProposalOut.model_validate(proposal)


@router.get("", response_model=list[ls.ProposalOut])
def listing(
    state: State,
    _who: Proposer,
    response: Response,
    status: Annotated[str | None, Query(pattern="^(pending|accepted|rejected)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ls.ProposalOut]:
    """Proposals, newest first."""
    response.headers["cache-control"] = "no-store"
    found = accounts.listing(state.registry.engine, status=status, limit=limit)
    return [ls.ProposalOut.model_validate(p) for p in found]


@router.get("/{proposal_id}", response_model=ls.ProposalOut)
def one(
    proposal_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    state: State,
    _who: Proposer,
    response: Response,
) -> ls.ProposalOut:
    """One proposal (its version is in the ETag)."""
    return versioned(response, accounts.get(state.registry.engine, proposal_id))


@router.post("", status_code=201, response_model=ls.ProposalOut)
def propose(
    body: ls.ProposalIn,
    state: State,
    who: ProposerWrite,
    response: Response,
    base: Annotated[int, Depends(if_match)],
) -> ls.ProposalOut:
    """Propose a change with an http(s) source and a reason (409 when ``If-Match`` is not
    the resource's version now)."""
    url, locator, quote = body.citation()
    created = accounts.propose(
        state.registry.engine,
        who,
        body.kind,
        body.merged_payload(),
        source_url=url,
        reason=body.reason,
        base_version=base,
        locator=locator,
        quote=quote,
    )
    return versioned(response, created)
