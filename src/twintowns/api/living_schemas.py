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


PayloadValue = str | bool | list[str] | None


class ProposalIn(BaseModel):
    """A proposed change with its source and reason; ``If-Match`` names the version of the
    resource it is based on (``"0"`` for a new twinning)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["event", "twinning", "name"]
    payload: dict[str, PayloadValue] = Field(max_length=12)
    source_url: str = Field(min_length=1, max_length=2000)
    reason: str = Field(min_length=1, max_length=2000)
    locator: str | None = Field(default=None, max_length=300)
    quote: str | None = Field(default=None, max_length=2000)


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
