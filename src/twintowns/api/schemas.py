"""Pydantic response schemas of the API (what the OpenAPI document shows).

Fuzzy dates are strings in the registry's text form: ``1944``, ``2022-02``, ``2022-02-22``,
``~1905`` (circa).  Statuses and kinds are the registry's lower-case vocabularies.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    """An error: a readable message, and for ambiguous names the candidates."""

    detail: str
    errors: list[str] = Field(default_factory=list, description="One line per bad parameter.")
    candidates: list[CandidateOut] = Field(default_factory=list)


class CandidateOut(BaseModel):
    """One place an ambiguous name may mean."""

    id: str
    label: str
    country: str | None
    level: str


class CitationOut(BaseModel):
    """Where a fact comes from: a source id and a place in it."""

    source_id: str
    locator: str | None


class SourceOut(BaseModel):
    """A source with its bibliographic citation and licence."""

    id: str
    title: str
    publisher: str | None
    url: str | None
    retrieved: dt.date | None
    licence: str | None
    published: str | None = Field(
        default=None, description="Publication date, YYYY[-MM[-DD]] (None: undated)."
    )


class PlaceNameOut(BaseModel):
    """A name of a place in one language, with its validity."""

    text: str
    lang: str
    valid_from: str | None
    valid_until: str | None
    preferred: bool


class CountryPeriodOut(BaseModel):
    """A country a place belonged to, with its validity."""

    iso: str
    name: str
    valid_from: str | None
    valid_until: str | None


class PlaceSummary(BaseModel):
    """A place in a list: enough to tell candidates apart and draw it."""

    id: str
    name: str
    country: str | None
    country_name: str
    level: str
    admin_area: str | None
    lat: float | None
    lon: float | None
    population: int | None
    twinnings: int = Field(description="Number of twinnings of the place.")


class PlaceOut(PlaceSummary):
    """A place with its names and countries through time and its identifiers."""

    names: list[PlaceNameOut]
    countries: list[CountryPeriodOut]
    wikidata: str | None
    geonames: int | None
    population_year: int | None
    citation: CitationOut | None


class SearchOut(BaseModel):
    """Places matching a search, exact names first, then by size."""

    query: str
    items: list[PlaceSummary]


class EventOut(BaseModel):
    """A dated step or activity of a twinning, with its citation."""

    type: str
    date: str | None
    end_date: str | None
    description: str
    actor: str | None
    cause: str | None
    citation: CitationOut
    step: str | None = Field(
        default=None, description="Key shared by several sources' claims about the same step."
    )
    standing: str = Field(
        default="accepted",
        description="accepted (the status follows it), supporting, or disputed (contradicted "
        "by a better-attested claim; kept and shown, never applied).",
    )


class StatusOut(BaseModel):
    """A twinning's status as of a date, and the event (with citation) it dates from."""

    status: str
    since: str | None
    certain: bool
    event: EventOut | None


class ClaimOut(BaseModel):
    """One side's declaration of the other as partner, as one source records it."""

    claimant: str
    partner: str
    kind: str | None
    raw_name: str | None
    citation: CitationOut


class PartnerOut(BaseModel):
    """One partner of a place as of a date."""

    twinning_id: str
    partner_id: str
    partner_name: str
    partner_country: str | None
    partner_lat: float | None
    partner_lon: float | None
    kind: str
    since: str | None
    status: StatusOut
    exclusive_reciprocal: bool
    fixed_term: bool
    reasons: list[str]
    claims: list[ClaimOut]
    claimants: list[str] = Field(description="Sides that declare the twinning.")
    one_sided: bool = Field(description="Only one side declares it (an asymmetry).")
    events: list[EventOut]
    sources: list[str]
    disputes: list[str] = Field(
        default=[], description="Per disputed step, what each source says (accepted first)."
    )
    first_attested: str | None = Field(
        default=None,
        description="When the earliest source that lists it saw it (its publication or "
        "retrieval date, YYYY[-MM[-DD]], ~ for circa): evidence it existed, not a signing.",
    )
    last_attested: str | None = Field(
        default=None, description="When the latest source that lists it saw it."
    )
    dormant: bool = Field(
        default=False,
        description='"dormant?": no dated event and no source listing it in the last '
        "`dormant_years` (default 10) before the date: a question, not a status.",
    )


class PlaceTwinningsOut(BaseModel):
    """A place's partners as of a date, with every source they cite."""

    place: PlaceSummary
    name: str = Field(description="The place's name as of the date.")
    as_of: dt.date | None
    partners: list[PartnerOut]
    sources: dict[str, SourceOut]
    status_summary: dict[str, int] = Field(
        default={},
        description="How many partners are in each status as of the date (active, suspended, "
        "ended, proposed, unknown: undated), statuses with none left out.",
    )


class TwinningOut(BaseModel):
    """A twinning with both places, its status as of a date and its sources' licences."""

    id: str
    a: str
    a_name: str
    a_country: str | None
    b: str
    b_name: str
    b_country: str | None
    kind: str
    basis: str
    status: str
    status_since: str | None
    since: str | None
    exclusive_reciprocal: bool
    one_sided: bool
    confidence: float = Field(
        description="How sure the resolution of its places is (0-1, its best claim's); "
        "below 0.9 the twinning is doubtful."
    )
    sources: list[str]
    licences: list[str]
    first_attested: str | None = Field(
        default=None, description="When the earliest source that lists it saw it."
    )
    last_attested: str | None = Field(
        default=None, description="When the latest source that lists it saw it."
    )


class TwinningPage(BaseModel):
    """One page of twinnings."""

    total: int
    limit: int
    offset: int
    items: list[TwinningOut]


class EventItemOut(BaseModel):
    """An event with the names of its twinning's two sides and its source."""

    twinning_id: str
    a_name: str
    b_name: str
    event: EventOut
    source: SourceOut | None


class EventPage(BaseModel):
    """One page of events, oldest first."""

    total: int
    limit: int
    offset: int
    items: list[EventItemOut]


class PartnerCountryOut(BaseModel):
    """Twinnings between the country's places and one partner country's, by status."""

    iso: str | None
    name: str
    twinnings: int
    by_status: dict[str, int]


class PlaceCountOut(BaseModel):
    """A place of the country and its number of twinnings."""

    id: str
    name: str
    level: str
    twinnings: int


class CountryOut(BaseModel):
    """A country's twinned places and its twinnings per partner country."""

    iso: str
    name: str
    as_of: dt.date | None
    place_count: int = Field(description="Places of the registry in the country.")
    twinning_count: int
    places: list[PlaceCountOut] = Field(description="Its twinned places, most twinned first.")
    partners: list[PartnerCountryOut]
    partner: str | None = Field(description="The partner country asked about, if any.")
    twinned_with_partner: bool | None = Field(
        description="Whether any place of the country is twinned with one of the partner's."
    )
    with_partner: list[TwinningOut]


class PathOut(BaseModel):
    """The shortest chain of twinnings between two places."""

    length: int = Field(description="Number of twinnings in the chain.")
    places: list[PlaceSummary]
    twinnings: list[TwinningOut]


class AtlasConfigOut(BaseModel):
    """What the atlas page needs to start."""

    version: str
    year: int
    tile_url: str | None
    attribution: list[SourceOut]
