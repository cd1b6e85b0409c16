"""Controlled vocabularies of the registry: levels, kinds, bases, reasons, event types, statuses.

Values are lower-case snake-case strings: they are what data files, the database and JSON use.
"""

from __future__ import annotations

from enum import StrEnum


class PlaceLevel(StrEnum):
    """Administrative scope of a place (village to country, or fictional)."""

    VILLAGE = "village"
    TOWN = "town"
    CITY = "city"
    DISTRICT = "district"  # borough, ward, city district (Pankow, Nerima)
    COUNTY = "county"  # county, Landkreis, département
    PREFECTURE = "prefecture"
    PROVINCE = "province"
    STATE = "state"
    REGION = "region"
    COUNTRY = "country"
    FICTIONAL = "fictional"  # Ankh-Morpork
    OTHER = "other"


# The one place-level vocabulary of "towns" (resolver, truth checks, quality checks).
SETTLEMENT_LEVELS: frozenset[PlaceLevel] = frozenset(
    {PlaceLevel.VILLAGE, PlaceLevel.TOWN, PlaceLevel.CITY}
)
"""A town in the everyday sense: what a bare place name in a twinning list means (Lviv the
city, not Lviv oblast)."""
MUNICIPAL_LEVELS: frozenset[PlaceLevel] = SETTLEMENT_LEVELS | {PlaceLevel.DISTRICT}
"""Levels that twin as municipalities: settlements, and city districts or wards (Nerima,
Pankow) that sign twinnings of their own."""


class TwinningKind(StrEnum):
    """What the relationship is called and how deep it goes."""

    TWIN_TOWN = "twin_town"
    SISTER_CITY = "sister_city"
    PARTNER_TOWN = "partner_town"
    PARTNERSHIP_TOWN = "partnership_town"
    FRIENDSHIP_CITY = "friendship_city"  # often a lighter, mayor-to-mayor agreement
    FRIENDSHIP_COOPERATION_CITY = "friendship_cooperation_city"  # preferred in Japan/China
    SISTER_PROVINCE = "sister_province"
    SISTER_STATE = "sister_state"
    SISTER_PORT = "sister_port"
    FRIENDSHIP_PORT = "friendship_port"
    BUSINESS_PARTNER_CITY = "business_partner_city"
    MEMORANDUM_OF_UNDERSTANDING = "memorandum_of_understanding"
    COOPERATION_AGREEMENT = "cooperation_agreement"
    POLICY_AGREEMENT = "policy_agreement"  # Alberta's policy-oriented agreements with US states
    CONTACT = "contact"  # a documented contact short of a partnership (the German "Kontakt")
    NOVELTY = "novelty"  # Wincanton-Ankh-Morpork, Bristol-New Orleans "tuning"
    OTHER = "other"
    UNSPECIFIED = "unspecified"  # the source does not say (Wikipedia lists, Wikidata P190)


class Basis(StrEnum):
    """Whether a twinning is a legal agreement or a social one."""

    LEGAL = "legal"
    SOCIAL = "social"
    UNKNOWN = "unknown"


class Reason(StrEnum):
    """Why two places twinned (the brief's vocabulary)."""

    RECONCILIATION = "reconciliation"
    SOLIDARITY = "solidarity"
    PEACE = "peace"
    SHARED_NAME = "shared_name"
    SHARED_INDUSTRY = "shared_industry"
    SHARED_HISTORY = "shared_history"
    UNIVERSITY = "university"
    RESEARCH = "research"
    DIASPORA = "diaspora"
    TRADE = "trade"
    TOURISM = "tourism"
    CULTURE = "culture"
    TECHNICAL_COOPERATION = "technical_cooperation"
    POLITICAL = "political"
    SIMILARITY = "similarity"  # similar demographics and size
    OTHER = "other"


class EventType(StrEnum):
    """A dated step in a twinning's life, or an activity within it."""

    # lifecycle: these change the status
    FIRST_CONTACT = "first_contact"
    INFORMAL_LINK = "informal_link"
    PROPOSAL = "proposal"
    ADOPTION = "adoption"
    SIGNING = "signing"
    FORMAL_CHARTER = "formal_charter"
    RENEWAL = "renewal"
    SUSPENSION = "suspension"
    TERMINATION = "termination"
    RESUMPTION = "resumption"
    # activities: evidence of life, they never change the status
    EXCHANGE = "exchange"
    DELEGATION = "delegation"
    GIFT = "gift"
    JOINT_EVENT = "joint_event"
    BUSINESS_PROJECT = "business_project"
    PUBLIC_ART = "public_art"
    DISPUTE = "dispute"  # Glendale-Higashiosaka 2013-14: came close to ending
    KEPT_OPEN = "kept_open"  # an explicit decision to keep a link (Canterbury-Vladimir 2022)

    @property
    def is_lifecycle(self) -> bool:
        """True for the event types that change a twinning's status."""
        return self in _LIFECYCLE


_LIFECYCLE = frozenset(
    {
        EventType.FIRST_CONTACT,
        EventType.INFORMAL_LINK,
        EventType.PROPOSAL,
        EventType.ADOPTION,
        EventType.SIGNING,
        EventType.FORMAL_CHARTER,
        EventType.RENEWAL,
        EventType.SUSPENSION,
        EventType.TERMINATION,
        EventType.RESUMPTION,
    }
)


class Standing(StrEnum):
    """How one claim about a twinning's step stands against the other claims of that step.

    Claims sharing a ``step`` key describe the same step (Coventry's pause of its link with
    Volgograd: 22 February 2022 in the article, March 2022 in the reports);
    :func:`twintowns.model.claims.rank_claims` picks the best-attested one.
    """

    ACCEPTED = "accepted"  # the claim the status is derived from (or the step's only claim)
    SUPPORTING = "supporting"  # agrees with the accepted claim, less precisely or less well
    DISPUTED = "disputed"  # contradicted by the accepted claim: kept and shown, never applied


class Status(StrEnum):
    """The state of a twinning at a date; always derived from events, never stored."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"
    UNKNOWN = "unknown"


class NetworkKind(StrEnum):
    """What sort of multilateral body a network is."""

    NETWORK = "network"  # Douzelage, C40, UCLG
    ASSOCIATION = "association"  # Sister Cities International
    INSTITUTION = "institution"  # CLAIR, CPAFFC, CEMR
    PROGRAMME = "programme"  # EU town-twinning support scheme
