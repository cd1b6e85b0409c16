"""Twinnings, each side's claims, and the dated events of a twinning's life."""

from __future__ import annotations

from dataclasses import dataclass, field

from twintowns.errors import IntegrityError
from twintowns.model.dates import FuzzyDate
from twintowns.model.source import Citation
from twintowns.model.vocab import Basis, EventType, Reason, Standing, TwinningKind


def pair_key(one: str, other: str) -> tuple[str, str]:
    """Order two place ids canonically: a twinning is an unordered pair.

    Raises
    ------
    IntegrityError
        If both ids are the same place.
    """
    if one == other:
        raise IntegrityError(f"a place cannot be twinned with itself: {one}")
    return (one, other) if one < other else (other, one)


def twinning_id(one: str, other: str) -> str:
    """The stable id of the twinning of two places: ``a--b`` with ``a < b``."""
    a, b = pair_key(one, other)
    return f"{a}--{b}"


DOUBTFUL_BELOW = 0.9
"""Twinnings resolved with less confidence than this are doubtful (published, but flagged)."""


@dataclass(frozen=True, slots=True)
class Event:
    """A step in a twinning's life (signing, suspension...) or an activity within it.

    Attributes
    ----------
    type:
        What happened.
    date:
        When, with precision; ``None`` when unknown.
    end_date:
        For activities that span time (exchanges 1945-46), the last date.
    actor:
        Place id of the side that acted (Coventry City Council voted the pause), if one did.
    cause:
        Why, for suspensions and endings ("Russian invasion of Ukraine").
    step:
        Key shared by the claims of several sources about the same step; ``None`` for an
        event only one claim describes.
    standing:
        Whether the status follows this claim (see :class:`~twintowns.model.vocab.Standing`).
    """

    type: EventType
    date: FuzzyDate | None
    citation: Citation
    description: str = ""
    end_date: FuzzyDate | None = None
    actor: str | None = None
    cause: str | None = None
    step: str | None = None
    standing: Standing = Standing.ACCEPTED

    @property
    def applies(self) -> bool:
        """True when the status may follow this event (it is not a disputed or merely
        supporting claim of a step)."""
        return self.standing is Standing.ACCEPTED


@dataclass(frozen=True, slots=True)
class Claim:
    """One side's declaration of a partner, as recorded by one source.

    ``claimant`` is the place whose page, statement or council declares ``partner``;
    ``asserted`` is False for evidence a source keeps but does not assert (a deprecated
    Wikidata statement); ``confidence`` is how sure the resolution of the claim's two place
    names is (the lower of the two; 1.0 for curated facts, which name places by id).
    """

    claimant: str
    partner: str
    citation: Citation
    kind: TwinningKind | None = None
    raw_name: str | None = None
    asserted: bool = True
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class ReasonFact:
    """A cited reason for a twinning."""

    reason: Reason
    citation: Citation
    note: str = ""


@dataclass(frozen=True, slots=True)
class Twinning:
    """The relationship between two distinct places (an unordered pair, ``a < b``).

    The status is never stored: see :func:`twintowns.model.status.status_as_of`.
    """

    a: str
    b: str
    kind: TwinningKind
    citation: Citation
    basis: Basis = Basis.UNKNOWN
    exclusive_reciprocal: bool = False
    fixed_term: bool = False
    note: str = ""
    names: tuple[tuple[str, str], ...] = ()  # (lang, name of the relationship)
    reasons: tuple[ReasonFact, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = field(default=())

    def __post_init__(self) -> None:
        if (self.a, self.b) != pair_key(self.a, self.b):
            raise IntegrityError(f"twinning sides must be ordered: {self.a} >= {self.b}")
        for claim in self.claims:
            if {claim.claimant, claim.partner} != {self.a, self.b}:
                raise IntegrityError(
                    f"claim {claim.claimant}->{claim.partner} does not belong to {self.id}"
                )

    @property
    def id(self) -> str:
        """Stable id ``a--b``."""
        return f"{self.a}--{self.b}"

    def partner_of(self, place_id: str) -> str:
        """The other side of the pair."""
        if place_id == self.a:
            return self.b
        if place_id == self.b:
            return self.a
        raise IntegrityError(f"{place_id} is not a side of {self.id}")

    @property
    def claimants(self) -> frozenset[str]:
        """The sides that assert this twinning in at least one source."""
        return frozenset(claim.claimant for claim in self.claims if claim.asserted)

    @property
    def confidence(self) -> float:
        """How sure the registry is that the twinning's two places are the ones the sources
        meant: its best-resolved claim's confidence (1.0 without claims)."""
        return max((claim.confidence for claim in self.claims), default=1.0)

    @property
    def doubtful(self) -> bool:
        """True when its places were resolved with less than :data:`DOUBTFUL_BELOW`
        confidence: atlas, lab and learning pack leave it out unless asked."""
        return self.confidence < DOUBTFUL_BELOW

    @property
    def one_sided(self) -> bool:
        """True when claims exist but only one side makes them (an asymmetry to show)."""
        return len(self.claimants) == 1
