"""``/history``: every proposal about a twinning or a place, with its reviews, and the
resource's version (the ``If-Match`` a new proposal about it names).  Public, like the facts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from twintowns import accounts
from twintowns.api import living_schemas as ls
from twintowns.api.auth import LIVING_RESPONSES
from twintowns.api.state import AppState, get_state
from twintowns.model.dormancy import is_dormant

router = APIRouter(prefix="/history", tags=["living registry"], responses=LIVING_RESPONSES)
State = Annotated[AppState, Depends(get_state)]
Id = Annotated[str, Path(min_length=1, max_length=250)]


def _answer(state: AppState, resource: str, response: Response) -> ls.HistoryOut:
    found = accounts.history(state.registry.engine, resource)
    if resource.startswith("twinning:"):
        twinnings = state.registry.reader.twinnings([resource.split(":", 1)[1]])
        years = state.settings.dormant_years
        today = dt.date.today()
        found["dormant"] = is_dormant(twinnings[0], today, years) if twinnings else None
        found["open_questions"] = accounts.open_questions(
            state.registry.engine, resource.split(":", 1)[1]
        )
    response.headers["etag"] = f'"{found["version"]}"'
    response.headers["cache-control"] = "no-store"
    return ls.HistoryOut.model_validate(found)


@router.get("/twinnings/{twinning_id}", response_model=ls.HistoryOut)
def twinning(twinning_id: Id, state: State, response: Response) -> ls.HistoryOut:
    """A twinning's proposals and reviews, and its version."""
    return _answer(state, f"twinning:{twinning_id}", response)


@router.get("/places/{place_id}", response_model=ls.HistoryOut)
def place(place_id: Id, state: State, response: Response) -> ls.HistoryOut:
    """A place's proposals and reviews, and its version."""
    return _answer(state, f"place:{place_id}", response)
