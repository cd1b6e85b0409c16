"""Pydantic schemas of the partner-suggestion route (what the OpenAPI document shows).

Every answer carries its ``label``: these are suggestions from data, never facts about a
twinning.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class SuggestionOut(BaseModel):
    """A suggested partner, its model score and the registry facts behind it."""

    place_id: str
    name: str
    country: str | None
    level: str
    score: float = Field(description="The model's score (0-1): for ranking only, not a chance.")
    km: float | None = Field(description="Great-circle distance from the place, when known.")
    shared_partners: list[str] = Field(description="Ids of partners both places already have.")
    reasons: list[str] = Field(description="Checkable facts of the registry behind the score.")
    registered: bool = Field(
        description="False for a GeoNames town outside the registry: no twinning known, "
        "ranked on size, distance, level and countries alone (its place_id is geonames:ID)."
    )


class SuggestionsOut(BaseModel):
    """A place's suggested partners: suggestions from data, not facts."""

    place_id: str
    name: str
    country: str | None
    within: str | None = Field(description="The country the candidates were limited to.")
    label: str = Field(description="What these are: suggestions from data, not facts.")
    suggestions: list[SuggestionOut]
    basis: str = Field(description="Which facts the reasons rest on (current twinnings only).")
