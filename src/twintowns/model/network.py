"""Networks and institutions, their dated memberships, rules, and the terminology of twinning."""

from __future__ import annotations

from dataclasses import dataclass, field

from twintowns.model.dates import FuzzyDate
from twintowns.model.place import Period
from twintowns.model.source import Citation
from twintowns.model.vocab import NetworkKind, Standing, TwinningKind


@dataclass(frozen=True, slots=True)
class Network:
    """A multilateral body of places (Douzelage, C40) or an institution (CLAIR, SCI)."""

    id: str
    name: str
    kind: NetworkKind
    citation: Citation
    country: str | None = None  # ISO code for national institutions
    founded: FuzzyDate | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Membership:
    """A place's membership of a network over a period."""

    network_id: str
    place_id: str
    citation: Citation
    valid: Period = field(default_factory=Period)
    role: str = "member"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule that governs twinnings: of a network (one town per EU state) or a country.

    Attributes
    ----------
    effect:
        Machine-readable gist (``one_member_per_country``, ``forbids_partner_country``,
        ``requires_signed_agreement``...).
    network_id, country:
        Scope: a network's rule or a national rule (ISO code).
    dispute:
        What each source says of the rule when their accounts disagree (empty when none does),
        derived from the ranked claims (:mod:`twintowns.model.rule_claims`), accepted first.
    claim_of:
        For a further source's account of a rule: the id of the rule it describes (its own
        ``text``, ``effect`` and ``since`` are what that source says); ``None`` for a rule as
        first recorded.
    standing:
        How this account stands against the rule's other accounts: ``accepted`` (the
        best-attested), ``supporting`` (agrees with it) or ``disputed`` (contradicted by it).
    """

    id: str
    text: str
    effect: str
    citation: Citation
    network_id: str | None = None
    country: str | None = None
    since: FuzzyDate | None = None
    dispute: str = ""
    claim_of: str | None = None
    standing: Standing = Standing.ACCEPTED

    @property
    def rule_id(self) -> str:
        """The id of the rule this account is of (its own id for a rule as first recorded)."""
        return self.claim_of or self.id


@dataclass(frozen=True, slots=True)
class Term:
    """What the relationship is called in a language and where (Partnerstadt, 友好城市).

    Attributes
    ----------
    text:
        The term as written.
    lang:
        BCP 47 language tag.
    region:
        Where it is used: ISO country codes or a region name ("Americas"), comma-separated.
    kind:
        The kind of twinning the term denotes, when it denotes one.
    literal:
        English literal translation ("sworn brother cities").
    """

    text: str
    lang: str
    citation: Citation
    region: str = ""
    kind: TwinningKind | None = None
    literal: str = ""
    transliteration: str = ""
    note: str = ""
