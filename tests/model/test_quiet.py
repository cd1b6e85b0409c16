"""The place panel's "dormant?" question (:func:`is_quiet`): a source's listing is a sign of
life as much as a dated event."""

from __future__ import annotations

import datetime as dt

from twintowns.model import EventType, FuzzyDate
from twintowns.model.quiet import is_quiet
from twintowns.model.source import Citation
from twintowns.model.twinning import Event

CITE = Citation("test")
DAY = dt.date(2026, 1, 1)


def _events(*events: tuple[EventType, str]) -> tuple[Event, ...]:
    return tuple(Event(t, FuzzyDate.parse(d), CITE) for t, d in events)


def test_a_recent_listing_is_a_sign_of_life() -> None:
    old = _events((EventType.SIGNING, "1960"), (EventType.EXCHANGE, "2010-05"))
    assert is_quiet(old, None, DAY)
    assert is_quiet(old, FuzzyDate.parse("2012"), DAY)  # listed 13 years ago
    assert not is_quiet(old, FuzzyDate.parse("2018"), DAY)  # listed 8 years ago
    assert is_quiet(old, FuzzyDate.parse("2030"), DAY)  # a later listing does not count yet
    assert not is_quiet(old, None, DAY, years=20)
    assert not is_quiet(old, None, dt.date(2019, 1, 1))


def test_listings_alone_count_and_ended_or_undated_links_are_not_asked() -> None:
    assert is_quiet((), FuzzyDate.parse("2001"), DAY)  # only a listing, long ago
    assert not is_quiet((), None, DAY)  # nothing dated: not asked
    ended = _events((EventType.SIGNING, "1960"), (EventType.TERMINATION, "1970"))
    assert not is_quiet(ended, None, DAY)
    leap = _events((EventType.SIGNING, "1960"))
    assert is_quiet(leap, None, dt.date(2000, 2, 29))
