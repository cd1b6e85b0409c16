"""The schema of the curated data files (``data/curated/*.yaml``), validated on load.

Field names are the file's; :mod:`twintowns.sources.curated.convert` turns validated files into
domain objects.  ``cite`` is ``"<source-id> <locator>"``: the source id, a space, then where in
it (a section, a paragraph).  A fact without ``cite`` inherits its parent's.  A source's
``url`` must be an http(s) URL (:func:`twintowns.untrusted.check_http_url`): a ``javascript:``
or ``file:`` link is rejected with its file and line, never stored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from twintowns.errors import DateError
from twintowns.model import (
    Basis,
    EventType,
    FuzzyDate,
    NetworkKind,
    PlaceLevel,
    Reason,
    TwinningKind,
)
from twintowns.untrusted import check_http_url

_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _date(value: object) -> object:
    # YAML gives ints for bare years; FuzzyDate wants text.
    if isinstance(value, int):
        return str(value)
    return value


def _fuzzy(value: str | None) -> str | None:
    """Check a date's text form; pydantic wants ValueError to report it with its location."""
    if value is not None:
        try:
            FuzzyDate.parse(value)
        except DateError as exc:
            raise ValueError(exc.message) from exc
    return value


DateText = Annotated[str, BeforeValidator(_date), AfterValidator(_fuzzy)]
HttpUrlText = Annotated[str, AfterValidator(check_http_url)]
Cite = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*(?: .+)?$")]


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):
        return [v for v in (*value.keys(), *value.values()) if isinstance(v, str)]
    return []


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # YAML's "\0" escape makes a NUL that PostgreSQL text cannot store: refuse it here,
        # with its file and line, rather than as a database error at load time.
        if any("\x00" in text for text in _texts(value)):
            raise ValueError("a NUL character is not allowed in text")
        return value


class SourceRow(_Strict):
    """A cited document or dataset."""

    id: str = Field(pattern=_ID)
    title: str
    publisher: str | None = None
    url: HttpUrlText | None = None
    retrieved: dt.date | None = None
    licence: str | None = None
    published: DateText | None = None


class NameRow(_Strict):
    """A name of a place in one language, optionally with validity."""

    text: str = Field(min_length=1)
    lang: str = Field(default="en", pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")
    since: DateText | None = Field(default=None, alias="from")
    until: DateText | None = None
    preferred: bool = False
    cite: Cite | None = None


class CountryRow(_Strict):
    """A country the place belonged to, optionally with validity."""

    iso: str = Field(pattern=r"^[A-Z]{2}$")
    since: DateText | None = Field(default=None, alias="from")
    until: DateText | None = None
    cite: Cite | None = None


class PlaceRow(_Strict):
    """A place; ``country`` is shorthand for one timeless ``countries`` entry."""

    id: str = Field(pattern=_ID)
    level: PlaceLevel
    names: list[NameRow] = Field(min_length=1)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    countries: list[CountryRow] = []
    admin_area: str | None = None
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    geonames: int | None = None
    coordinates: tuple[float, float] | None = None
    population: int | None = Field(default=None, ge=0)
    population_year: int | None = None
    cite: Cite


class EventRow(_Strict):
    """A dated step or activity of a twinning; ``date`` omitted means unknown.

    ``step`` names the step when several sources' claims describe it (they share the key).
    """

    type: EventType
    date: DateText | None = None
    end_date: DateText | None = None
    description: str = ""
    actor: str | None = None
    cause: str | None = None
    step: str | None = Field(default=None, pattern=_ID, max_length=120)
    cite: Cite | None = None


class PairEventRow(EventRow):
    """A further claim about a twinning another file (or row) holds: its ``pair`` and a
    ``cite`` of its own (a second source's account never inherits the first's)."""

    pair: tuple[str, str]
    cite: Cite


class ClaimRow(_Strict):
    """A side's declaration of the twinning (``by`` is the declaring place)."""

    by: str
    kind: TwinningKind | None = None
    raw_name: str | None = None
    cite: Cite | None = None


class ReasonRow(_Strict):
    """A reason with an optional note and citation."""

    reason: Reason
    note: str = ""
    cite: Cite | None = None


def _reason(value: object) -> object:
    # Shorthand: a bare reason name.
    return {"reason": value} if isinstance(value, str) else value


class TwinningRow(_Strict):
    """A twinning between two places, with its life and reasons."""

    pair: tuple[str, str]
    kind: TwinningKind
    basis: Basis = Basis.UNKNOWN
    exclusive_reciprocal: bool = False
    fixed_term: bool = False
    note: str = ""
    names: dict[str, str] = {}
    reasons: list[Annotated[ReasonRow, BeforeValidator(_reason)]] = []
    events: list[EventRow] = []
    claims: list[ClaimRow] = []
    cite: Cite


class NetworkRow(_Strict):
    """A network or institution."""

    id: str = Field(pattern=_ID)
    name: str
    kind: NetworkKind
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    founded: DateText | None = None
    description: str = ""
    cite: Cite


class MembershipRow(_Strict):
    """A place's membership of a network."""

    network: str
    place: str
    since: DateText | None = Field(default=None, alias="from")
    until: DateText | None = None
    role: str = "member"
    cite: Cite


class RuleRow(_Strict):
    """A network's or a country's rule about twinnings, or (``claim_of``) a further source's
    account of a rule another row holds: its own text, effect, scope and ``since``."""

    id: str = Field(pattern=_ID)
    text: str
    effect: str = Field(pattern=r"^[a-z_]+$")
    network: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    since: DateText | None = None
    dispute: str = ""
    cite: Cite
    claim_of: str | None = Field(default=None, pattern=_ID)


class TermRow(_Strict):
    """A name of the relationship in a language."""

    text: str
    lang: str
    region: str = ""
    kind: TwinningKind | None = None
    literal: str = ""
    transliteration: str = ""
    note: str = ""
    cite: Cite


class CuratedFile(_Strict):
    """One curated file; each section is optional so facts can be split across files."""

    sources: list[SourceRow] = []
    places: list[PlaceRow] = []
    twinnings: list[TwinningRow] = []
    networks: list[NetworkRow] = []
    memberships: list[MembershipRow] = []
    rules: list[RuleRow] = []
    terms: list[TermRow] = []
    events: list[PairEventRow] = []


CITE_SPLIT = re.compile(r"\s+")
