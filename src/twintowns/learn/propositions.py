"""Propositions: the checkable claims behind items ("X and Y were twinned in 1944").

Every choice of a question, every true/false statement and every flashcard's fact is one of
these small values; :func:`twintowns.learn.truth.evaluate` decides each against the registry
as true, false or unclear.  They name places by registry id, never by display name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from twintowns.model import EventType, Status


class Family(StrEnum):
    """Event types grouped by what they mean for a statement's wording."""

    ESTABLISHED = "established"  # informal link, adoption, signing, formal charter
    SUSPENDED = "suspended"
    ENDED = "ended"
    RESUMED = "resumed"


FAMILY_TYPES: dict[Family, frozenset[EventType]] = {
    Family.ESTABLISHED: frozenset(
        {EventType.INFORMAL_LINK, EventType.ADOPTION, EventType.SIGNING, EventType.FORMAL_CHARTER}
    ),
    Family.SUSPENDED: frozenset({EventType.SUSPENSION}),
    Family.ENDED: frozenset({EventType.TERMINATION}),
    Family.RESUMED: frozenset({EventType.RESUMPTION}),
}


def family_of(event_type: EventType) -> Family | None:
    """The family of an event type, if it has one."""
    return next((f for f, types in FAMILY_TYPES.items() if event_type in types), None)


@dataclass(frozen=True, slots=True)
class Linked:
    """``a`` and ``b`` are twinned: today when ``as_of`` is None, else on that day."""

    a: str
    b: str
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Happened:
    """The link of ``a`` and ``b`` was established / suspended / ended / resumed in ``year``."""

    a: str
    b: str
    family: Family
    year: int


@dataclass(frozen=True, slots=True)
class StatusOn:
    """The link of ``a`` and ``b`` had ``status`` on ``as_of``."""

    a: str
    b: str
    as_of: dt.date
    status: Status


@dataclass(frozen=True, slots=True)
class TermUsed:
    """The term ``term`` is used in ``region`` (an ISO country code or a region name)."""

    term: str
    region: str


@dataclass(frozen=True, slots=True)
class Recorded:
    """The registry records this term, network, rule or event (the fact a flashcard states)."""

    table: str  # "terms", "networks", "rules" or "events"
    key: str  # the term's text, the network's or rule's id, "<twinning>|<type>|<date>"


Proposition = Linked | Happened | StatusOn | TermUsed | Recorded


def proposition_json(proposition: Proposition) -> dict[str, Any]:
    """JSON-ready form: ``{"type": "linked", "a": ..., ...}``.

    Parameters
    ----------
    proposition:
        Any proposition.

    Returns
    -------
    dict
        Its fields (dates as ISO text, enums as values) and its ``type``.
    """
    out: dict[str, Any] = {"type": type(proposition).__name__.lower()}
    for name, value in dataclasses.asdict(proposition).items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, StrEnum):
            value = value.value
        out[name] = value
    return out
