"""Status as of a date, derived from a twinning's events (never stored).

Rules
-----
* Lifecycle events move the status: first contact and proposal make a link *proposed* (unless
  it is already active or suspended), informal links, adoptions, signings, charters, renewals
  and resumptions make it *active*, a suspension *suspended*, a termination *ended*.
  Activities (exchanges, gifts...) never change it.
* An event counts at date D when it may have happened by D (its first possible day <= D).
  When an event's interval straddles D (a "2022" suspension asked about on 2022-06-01) the
  answer is flagged ``certain=False``.
* Events are applied in date order whatever order they were entered in; events on the same
  interval are ordered by a fixed precedence, so the result never depends on entry order.
* Undated events never override dated ones.  They only speak about the present (``as_of``
  omitted or not in the past) and only when no dated lifecycle event applies; then the
  strongest of them decides (termination > suspension > resumption > ... > first contact),
  flagged uncertain and with an unknown ``since``.
* Only accepted claims count: a claim another source contradicts (``Standing.DISPUTED``) or
  merely supports is kept and shown but never moves the status (see
  :mod:`twintowns.model.claims` for how the best-attested claim of a step is chosen).
* No applicable lifecycle event: *unknown*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from twintowns.model.dates import FuzzyDate
from twintowns.model.twinning import Event
from twintowns.model.vocab import EventType, Status

# Order of lifecycle events that share a date interval, and strength among undated events.
_PRECEDENCE: tuple[EventType, ...] = (
    EventType.FIRST_CONTACT,
    EventType.PROPOSAL,
    EventType.INFORMAL_LINK,
    EventType.ADOPTION,
    EventType.SIGNING,
    EventType.FORMAL_CHARTER,
    EventType.RENEWAL,
    EventType.RESUMPTION,
    EventType.SUSPENSION,
    EventType.TERMINATION,
)
_RANK = {event_type: rank for rank, event_type in enumerate(_PRECEDENCE)}

_EFFECT: dict[EventType, Status] = {
    EventType.FIRST_CONTACT: Status.PROPOSED,
    EventType.PROPOSAL: Status.PROPOSED,
    EventType.INFORMAL_LINK: Status.ACTIVE,
    EventType.ADOPTION: Status.ACTIVE,
    EventType.SIGNING: Status.ACTIVE,
    EventType.FORMAL_CHARTER: Status.ACTIVE,
    EventType.RENEWAL: Status.ACTIVE,
    EventType.RESUMPTION: Status.ACTIVE,
    EventType.SUSPENSION: Status.SUSPENDED,
    EventType.TERMINATION: Status.ENDED,
}


@dataclass(frozen=True, slots=True)
class StatusAt:
    """The derived status of a twinning at a date.

    Attributes
    ----------
    status:
        The status.
    since:
        Date of the event that moved the twinning into this status (None if unknown).
    event:
        That event, whose citation backs the status.
    certain:
        False when an event's date is too coarse to tell whether it happened by the date, or
        when only undated events decided.
    """

    status: Status
    since: FuzzyDate | None = None
    event: Event | None = None
    certain: bool = True


UNKNOWN = StatusAt(Status.UNKNOWN)


def _next_status(current: Status, effect: Status) -> Status:
    # A proposal does not demote a link that already exists.
    if effect is Status.PROPOSED and current in (Status.ACTIVE, Status.SUSPENDED):
        return current
    return effect


def _sort_key(event: Event) -> tuple[dt.date, dt.date, int, str]:
    assert event.date is not None
    return (event.date.start, event.date.end, _RANK[event.type], event.description)


def _fold(events: Iterable[Event], certain: bool) -> StatusAt:
    result = UNKNOWN
    for event in events:
        new = _next_status(result.status, _EFFECT[event.type])
        if new is not result.status:
            result = StatusAt(new, event.date, event, certain)
    return result


def status_as_of(events: Iterable[Event], as_of: dt.date | None = None) -> StatusAt:
    """Derive a twinning's status at ``as_of`` (the present when ``None``).

    Parameters
    ----------
    events:
        All events of one twinning, in any order; activities are ignored.
    as_of:
        The day to evaluate.

    Returns
    -------
    StatusAt
        Status, the date and event it dates from, and whether it is certain.
    """
    today = dt.date.today()
    day = as_of or today
    lifecycle = [e for e in events if e.type.is_lifecycle and e.applies]
    dated = sorted((e for e in lifecycle if e.date is not None), key=_sort_key)
    applied = [e for e in dated if e.date is not None and e.date.possibly_before(day)]
    if applied:
        straddling = any(e.date is not None and not e.date.certainly_before(day) for e in applied)
        return _fold(applied, certain=not straddling)
    undated = [e for e in lifecycle if e.date is None]
    if not undated or day < today:
        return UNKNOWN
    strongest = max(undated, key=lambda e: (_RANK[e.type], e.description))
    return StatusAt(_EFFECT[strongest.type], None, strongest, certain=False)


def established(events: Iterable[Event]) -> FuzzyDate | None:
    """The date the twinning first became active (first dated activating event), if known."""
    activating = sorted(
        (
            e
            for e in events
            if e.date is not None and e.applies and _EFFECT.get(e.type) is Status.ACTIVE
        ),
        key=_sort_key,
    )
    return activating[0].date if activating else None


def begun_by(events: Iterable[Event], day: dt.date) -> bool:
    """False when every lifecycle event is dated and all lie after ``day`` (the twinning did
    not exist yet); True otherwise, twinnings without dated steps included."""
    lifecycle = [e for e in events if e.type.is_lifecycle and e.applies]
    return not lifecycle or any(e.date is None or e.date.start <= day for e in lifecycle)
