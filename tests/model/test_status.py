"""Status as of a date, derived from events: examples and properties over event sequences."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from twintowns.model import Citation, Event, EventType, FuzzyDate, Status, status_as_of
from twintowns.model.status import StatusAt

CITE = Citation("test-source", "fixture")
LIFECYCLE = [t for t in EventType if t.is_lifecycle]
ACTIVITIES = [t for t in EventType if not t.is_lifecycle]
FUTURE = dt.date.today() + dt.timedelta(days=3650)


def ev(kind: EventType, date: str | None) -> Event:
    return Event(kind, FuzzyDate.parse(date) if date else None, CITE)


def outcome(result: StatusAt) -> tuple[Status, FuzzyDate | None, bool]:
    return (result.status, result.since, result.certain)


COVENTRY_VOLGOGRAD = [
    ev(EventType.SUSPENSION, "2022-02-22"),
    ev(EventType.FIRST_CONTACT, "1942"),
    ev(EventType.SIGNING, "1944"),
]


def test_coventry_volgograd_through_time() -> None:
    assert status_as_of(COVENTRY_VOLGOGRAD, dt.date(1941, 1, 1)).status is Status.UNKNOWN
    assert status_as_of(COVENTRY_VOLGOGRAD, dt.date(1943, 1, 1)).status is Status.PROPOSED
    active = status_as_of(COVENTRY_VOLGOGRAD, dt.date(2021, 12, 31))
    assert (active.status, active.since) == (Status.ACTIVE, FuzzyDate(1944))
    suspended = status_as_of(COVENTRY_VOLGOGRAD, dt.date(2023, 1, 1))
    assert (suspended.status, str(suspended.since)) == (Status.SUSPENDED, "2022-02-22")
    assert suspended.certain


def test_suspension_then_resumption_is_active_again() -> None:
    events = [
        ev(EventType.SIGNING, "1990"),
        ev(EventType.SUSPENSION, "2000"),
        ev(EventType.RESUMPTION, "2005-06"),
    ]
    assert status_as_of(events, dt.date(2003, 1, 1)).status is Status.SUSPENDED
    result = status_as_of(events, dt.date(2010, 1, 1))
    assert (result.status, str(result.since)) == (Status.ACTIVE, "2005-06")


def test_month_precision_straddling_is_uncertain() -> None:
    events = [ev(EventType.SIGNING, "1989"), ev(EventType.SUSPENSION, "2022-02")]
    mid = status_as_of(events, dt.date(2022, 2, 15))
    assert mid.status is Status.SUSPENDED
    assert not mid.certain
    assert status_as_of(events, dt.date(2022, 3, 1)).certain


def test_proposal_does_not_demote_an_active_link() -> None:
    events = [ev(EventType.SIGNING, "1957"), ev(EventType.PROPOSAL, "1990")]
    assert status_as_of(events, dt.date(2000, 1, 1)).status is Status.ACTIVE


def test_undated_events_speak_only_about_the_present() -> None:
    events = [ev(EventType.SIGNING, None)]
    now = status_as_of(events)
    assert now.status is Status.ACTIVE
    assert not now.certain
    assert now.since is None
    assert status_as_of(events, dt.date(1990, 1, 1)).status is Status.UNKNOWN


def test_no_events_is_unknown() -> None:
    assert status_as_of([]).status is Status.UNKNOWN


DATES = st.one_of(
    st.none(),
    st.integers(1900, 2030).map(str),
    st.tuples(st.integers(1900, 2030), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
)
EVENTS = st.lists(st.builds(ev, st.sampled_from(list(EventType)), DATES), max_size=8)
AS_OF = st.one_of(st.none(), st.dates(dt.date(1890, 1, 1), dt.date(2040, 12, 31)))


@given(EVENTS, AS_OF, st.randoms(use_true_random=False))
def test_entry_order_never_matters(events: list[Event], as_of: dt.date | None, rnd: object) -> None:
    shuffled = list(events)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert outcome(status_as_of(shuffled, as_of)) == outcome(status_as_of(events, as_of))


@given(EVENTS, st.lists(st.builds(ev, st.sampled_from(ACTIVITIES), DATES), max_size=4), AS_OF)
def test_activities_never_change_status(
    events: list[Event], extra: list[Event], as_of: dt.date | None
) -> None:
    assert outcome(status_as_of(events + extra, as_of)) == outcome(status_as_of(events, as_of))


@given(EVENTS, st.lists(st.builds(ev, st.sampled_from(LIFECYCLE), st.none()), max_size=4), AS_OF)
def test_undated_events_never_override_dated_ones(
    events: list[Event], undated: list[Event], as_of: dt.date | None
) -> None:
    day = as_of or dt.date.today()
    applies = any(e.type.is_lifecycle and e.date and e.date.start <= day for e in events)
    if applies:
        assert outcome(status_as_of(events + undated, as_of)) == outcome(
            status_as_of(events, as_of)
        )


@given(EVENTS, st.dates(dt.date(1890, 1, 1), dt.date(2020, 1, 1)))
def test_unknown_before_any_dated_step(events: list[Event], as_of: dt.date) -> None:
    dated = [e for e in events if e.type.is_lifecycle and e.date is not None]
    if all(e.date is not None and e.date.start > as_of for e in dated):
        assert status_as_of(events, as_of).status is Status.UNKNOWN


EFFECT = {
    EventType.FIRST_CONTACT: Status.PROPOSED,
    EventType.PROPOSAL: Status.PROPOSED,
    EventType.SUSPENSION: Status.SUSPENDED,
    EventType.TERMINATION: Status.ENDED,
}


@given(st.lists(st.sampled_from(LIFECYCLE), min_size=1, max_size=8), st.integers(1900, 1990))
def test_sequence_in_distinct_years_follows_the_state_machine(
    kinds: list[EventType], first: int
) -> None:
    events = [ev(kind, str(first + i)) for i, kind in enumerate(kinds)]
    expected = Status.UNKNOWN
    for kind in kinds:
        new = EFFECT.get(kind, Status.ACTIVE)
        if not (new is Status.PROPOSED and expected in (Status.ACTIVE, Status.SUSPENDED)):
            expected = new
    result = status_as_of(events, dt.date(first + len(kinds), 1, 1))
    assert result.status is expected
    assert result.certain
    assert result.event is not None
    assert result.event.date is not None
    assert result.since == result.event.date


@given(EVENTS, AS_OF)
def test_certainty_flags_straddling_dates(events: list[Event], as_of: dt.date | None) -> None:
    day = as_of or dt.date.today()
    dated = [e for e in events if e.type.is_lifecycle and e.date is not None]
    applied = [e for e in dated if e.date is not None and e.date.start <= day]
    result = status_as_of(events, as_of)
    if applied:
        straddles = any(e.date is not None and e.date.end > day for e in applied)
        assert result.certain is (not straddles)
    if result.status is not Status.UNKNOWN and result.certain:
        assert result.event is not None
        assert result.event.date is not None
