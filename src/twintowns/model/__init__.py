"""The domain model: plain typed objects, no framework.

Places, twinnings, claims, events, sources, networks, rules and terms; status is derived by
:func:`status_as_of` and never stored.
"""

from twintowns.model.attested import Attested, attested, observed
from twintowns.model.bundle import Bundle
from twintowns.model.claims import SIGNING_STEP, dispute_notes, rank_claims, rank_signings
from twintowns.model.dates import FuzzyDate, Precision, parse_day
from twintowns.model.mention import PlaceMention, RawClaim, RowProblem
from twintowns.model.network import Membership, Network, Rule, Term
from twintowns.model.place import (
    Coordinates,
    CountryPeriod,
    Period,
    Place,
    PlaceName,
    normalise_name,
)
from twintowns.model.review import COUNTRY_MISMATCH, ReviewItem
from twintowns.model.rule_claims import rank_rules
from twintowns.model.source import Citation, Source
from twintowns.model.status import StatusAt, begun_by, established, status_as_of
from twintowns.model.twinning import (
    DOUBTFUL_BELOW,
    Claim,
    Event,
    ReasonFact,
    Twinning,
    pair_key,
    twinning_id,
)
from twintowns.model.vocab import (
    MUNICIPAL_LEVELS,
    SETTLEMENT_LEVELS,
    Basis,
    EventType,
    NetworkKind,
    PlaceLevel,
    Reason,
    Standing,
    Status,
    TwinningKind,
)

__all__ = [
    "COUNTRY_MISMATCH",
    "DOUBTFUL_BELOW",
    "MUNICIPAL_LEVELS",
    "SETTLEMENT_LEVELS",
    "SIGNING_STEP",
    "Attested",
    "Basis",
    "Bundle",
    "Citation",
    "Claim",
    "Coordinates",
    "CountryPeriod",
    "Event",
    "EventType",
    "FuzzyDate",
    "Membership",
    "Network",
    "NetworkKind",
    "Period",
    "Place",
    "PlaceLevel",
    "PlaceMention",
    "PlaceName",
    "Precision",
    "RawClaim",
    "Reason",
    "ReasonFact",
    "ReviewItem",
    "RowProblem",
    "Rule",
    "Source",
    "Standing",
    "Status",
    "StatusAt",
    "Term",
    "Twinning",
    "TwinningKind",
    "attested",
    "begun_by",
    "dispute_notes",
    "established",
    "normalise_name",
    "observed",
    "pair_key",
    "parse_day",
    "rank_claims",
    "rank_rules",
    "rank_signings",
    "status_as_of",
    "twinning_id",
]
