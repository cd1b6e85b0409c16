"""Request and answer bodies of the living registry's routes (bounded: every text has a
maximum length, every payload a maximum number of fields)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Short = Field(min_length=1, max_length=200)


class LoginIn(BaseModel):
    """A sign-in."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)


class SessionOut(BaseModel):
    """A signed-in session: the page echoes ``csrf`` in ``X-CSRF-Token`` on writes."""

    name: str
    csrf: str


class MeOut(BaseModel):
    """Who the credentials name."""

    name: str
    roles: list[str]
    stewarded: list[str]
    scopes: list[str]


class UserIn(BaseModel):
    """A new user (admins only)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=2, max_length=60)
    password: str = Field(min_length=10, max_length=200)


class RoleIn(BaseModel):
    """A role to grant (admins only)."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["contributor", "steward", "reviewer", "admin"]
    place: str | None = Field(default=None, max_length=120)
    verified: bool = False


PayloadValue = str | bool | int | list[str] | None
ProposalKind = Literal[
    "event", "twinning", "name", "flag", "level", "wrong_place", "merge", "split", "revert"
]


class SourceIn(BaseModel):
    """A proposal's source as one object (the same as ``source_url``, ``locator``, ``quote``)."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(default="", max_length=2000)
    locator: str | None = Field(default=None, max_length=300)
    quote: str | None = Field(default=None, max_length=2000)


class ProposalIn(BaseModel):
    """A proposed change with its source and reason; ``If-Match`` names the version of the
    resource it is based on (``"0"`` for a new twinning; for a revert, the version of the
    reverted change's resource).

    ``payload`` by kind: ``event`` {twinning, type, date?, description?, cause?};
    ``twinning`` {a, b, kind, claimants?}; ``name`` {place, name, lang, preferred?};
    ``flag`` {twinning, question, fact? ("event:N" or "claim:N")}; ``level`` {place, level};
    ``wrong_place`` {twinning, wrong, right}; ``merge`` {place, other};
    ``split`` {place, new_place, name, lang, level?, twinnings?}; ``revert`` {change_id}
    (or ``change_id`` beside ``kind``).  Every kind needs an http(s) ``source_url`` (or
    ``source.url``) and a ``reason``; a flag may give only a ``locator`` instead of a URL.
    """

    model_config = ConfigDict(extra="forbid")
    kind: ProposalKind
    payload: dict[str, PayloadValue] = Field(default_factory=dict, max_length=12)
    change_id: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="revert: the accepted proposal to undo"
    )
    source_url: str = Field(default="", max_length=2000)
    source: SourceIn | None = None
    reason: str = Field(min_length=1, max_length=2000)
    locator: str | None = Field(default=None, max_length=300)
    quote: str | None = Field(default=None, max_length=2000)

    def merged_payload(self) -> dict[str, PayloadValue]:
        """``payload`` with a top-level ``change_id`` folded in."""
        out = dict(self.payload)
        if self.change_id is not None:
            out["change_id"] = self.change_id
        return out

    def citation(self) -> tuple[str, str | None, str | None]:
        """(URL, locator, quote), from ``source`` where the flat fields are empty."""
        given = self.source or SourceIn()
        return (
            self.source_url or given.url,
            self.locator or given.locator,
            self.quote or given.quote,
        )


class ReviewOut(BaseModel):
    """One decision on a proposal."""

    reviewer: str
    decision: str
    comment: str
    at: dt.datetime


class ProposalOut(BaseModel):
    """A proposal and where it stands; its ``version`` is what a review's ``If-Match`` names."""

    id: int
    kind: str
    target: str
    base_version: int
    payload: dict[str, Any]
    source_url: str
    locator: str | None
    quote: str | None
    reason: str
    author: str
    status: str
    created_at: dt.datetime
    version: int
    reviews: list[ReviewOut] = []
    diff: dict[str, Any] | None = Field(
        default=None,
        description=(
            "{before: {resource: state}, after: {resource: state}} of the twinnings and places "
            "it changes (state null: does not exist); recorded at acceptance, else computed "
            "from the registry now (null when it no longer applies)"
        ),
    )
    reverted_by: int | None = Field(
        default=None, description="the accepted revert proposal that undid this change"
    )


class ReviewIn(BaseModel):
    """A decision; ``If-Match`` names the proposal's version the reviewer saw."""

    model_config = ConfigDict(extra="forbid")
    proposal_id: int = Field(ge=1, le=2**31 - 1)
    decision: Literal["accept", "reject"]
    comment: str = Field(default="", max_length=2000)


class HistoryOut(BaseModel):
    """A resource's version and every proposal about it, newest first."""

    resource: str
    version: int
    proposals: list[ProposalOut]
    dormant: bool | None = None
    """For a twinning: no recorded activity or attestation for ``dormant_years`` (a
    question, not a status); None for a place or an unknown twinning."""
    open_questions: list[dict[str, Any]] = Field(
        default=[],
        description="accepted, unreverted flags on the twinning: {question, fact, proposal, "
        "source_id}",
    )
