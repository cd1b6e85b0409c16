"""Networks and institutions, their dated memberships, rules, and the terminology of twinning."""

from __future__ import annotations

from dataclasses import dataclass, field

from twintowns.model.dates import FuzzyDate
from twintowns.model.place import Period
from twintowns.model.source import Citation
from twintowns.model.vocab import NetworkKind, TwinningKind


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
        What later sources say against the rule as stated (empty when none does): the rule
        stays cited as its source states it, and is shown as disputed.
    """

    id: str
    text: str
    effect: str
    citation: Citation
    network_id: str | None = None
    country: str | None = None
    since: FuzzyDate | None = None
    dispute: str = ""


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
