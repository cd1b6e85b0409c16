"""Request and answer bodies of the web queue of doubtful name resolutions
(``/resolutions``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CandidateOut(BaseModel):
    """A place the resolver considered for a mention: its gazetteer key, and the registry's
    place behind it where the registry has one."""

    key: str
    chosen: bool = Field(description="The resolver's own choice.")
    place_id: str | None = None
    name: str | None = None
    country: str | None = None
    admin_area: str | None = None


class ResolutionOut(BaseModel):
    """A doubtful resolution of a place mention, awaiting review."""

    id: int
    name: str
    country: str
    mentions: int
    place_id: str | None
    method: str
    confidence: float
    source_id: str
    locator: str | None
    candidates: list[CandidateOut]


class ResolutionIn(BaseModel):
    """A reviewer's decision: accept one candidate (by default the resolver's choice) or
    reject the mention (it names no place to link)."""

    model_config = ConfigDict(extra="forbid")
    decision: Literal["accept", "reject"]
    candidate: str | None = Field(default=None, max_length=60)


class ResolutionDecided(BaseModel):
    """A decision taken: the item left the queue; ``target`` is what the mention now
    resolves to (None: rejected)."""

    id: int
    name: str
    decision: str
    target: str | None
