"""Response model of the single-twinning record (``GET /twinnings/{twinning_id}``)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from twintowns.api.schemas import ClaimOut, EventOut, PlaceSummary, SourceOut, StatusOut


class TwinningRecordOut(BaseModel):
    """One twinning: both places, its status as of a date (with the claim it follows), every
    source's claim about each step with its standing, the disputes in words, and the sources."""

    id: str = Field(description="The twinning's id, `a--b` (place ids in alphabetical order).")
    a: PlaceSummary
    b: PlaceSummary
    a_name: str = Field(description="Place `a`'s name as of the date.")
    b_name: str = Field(description="Place `b`'s name as of the date.")
    kind: str
    basis: str
    note: str
    as_of: dt.date | None
    since: str | None = Field(description="When it was established (its first dated step).")
    status: StatusOut
    reasons: list[str]
    claims: list[ClaimOut] = Field(description="Each side's declaration, as each source has it.")
    one_sided: bool = Field(description="Only one side declares it (an asymmetry).")
    events: list[EventOut] = Field(
        description="Every claim about its steps and activities, oldest first (undated last), "
        "each with its `step` key and `standing` (accepted, supporting or disputed)."
    )
    disputes: list[str] = Field(
        default=[], description="Per disputed step, what each source says (accepted first)."
    )
    sources: dict[str, SourceOut] = Field(description="Every source the record cites, by id.")
