"""The "dormant?" flag: a question after years without a recorded sign of life."""

from __future__ import annotations

import datetime as dt

from twintowns.model import EventType, FuzzyDate, TwinningKind
from twintowns.model.dormancy import is_dormant, last_sign_of_life
from twintowns.model.source import Citation
from twintowns.model.twinning import Event, Twinning

CITE = Citation("test")


def _twinning(*events: tuple[EventType, str]) -> Twinning:
    dated = tuple(Event(t, FuzzyDate.parse(d), CITE) for t, d in events)
    return Twinning("a", "b", TwinningKind.TWIN_TOWN, CITE, events=dated)


def test_quiet_for_more_than_the_threshold_is_dormant() -> None:
    old = _twinning((EventType.SIGNING, "1960"), (EventType.EXCHANGE, "2010-05"))
    assert last_sign_of_life(old, dt.date(2026, 1, 1)) == dt.date(2010, 5, 31)
    assert is_dormant(old, dt.date(2026, 1, 1))
    assert not is_dormant(old, dt.date(2019, 1, 1))  # 8.6 years: not yet
    assert not is_dormant(old, dt.date(2026, 1, 1), years=20)


def test_recent_activity_ended_links_and_undated_ones_are_not_asked_about() -> None:
    alive = _twinning((EventType.SIGNING, "1960"), (EventType.DELEGATION, "2024"))
    assert not is_dormant(alive, dt.date(2026, 1, 1))
    ended = _twinning((EventType.SIGNING, "1960"), (EventType.TERMINATION, "1970"))
    assert not is_dormant(ended, dt.date(2026, 1, 1))
    assert not is_dormant(_twinning(), dt.date(2026, 1, 1))
    # a later event does not count before it happened
    late = _twinning((EventType.SIGNING, "1960"), (EventType.EXCHANGE, "2020"))
    assert is_dormant(late, dt.date(2000, 2, 29))
