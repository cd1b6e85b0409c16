"""Response model of the single-twinning record (``GET /twinnings/{twinning_id}``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from twintowns.api.schemas import ClaimOut, EventOut, PlaceSummary, SourceOut, StatusOut


class NotListedOut(BaseModel):
    """A "not listed since" candidate: a question, not a status."""

    source: str = Field(description="The later list that does not list it.")
    since: str = Field(description="That list's date.")
    last_listed_by: str = Field(description="The same publisher's last list that does.")
    last_listed: str = Field(description="That list's date.")
    question: str


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
    first_attested: str | None = Field(
        default=None, description="The earliest date a source lists it (not a signing date)."
    )
    last_attested: str | None = Field(
        default=None, description="The latest date a source lists it (not an ending date)."
    )
    not_listed_since: list[NotListedOut] = Field(
        default=[],
        description="Later lists of the same publisher that list other twinnings of both "
        "places but not this one: questions to check, never a status or an ending.",
    )
    open_questions: list[dict[str, Any]] = Field(
        default=[],
        description="Accepted flags on it or one of its facts (living registry): "
        "{question, fact ('event:N', 'claim:N' or null), proposal, source_id}; a question, "
        "never a status.",
    )
