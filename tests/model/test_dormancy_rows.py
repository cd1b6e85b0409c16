"""The place panel's "dormant?" question (:func:`events_dormant`, on a partner row's
events): a source's listing is a sign of life as much as a dated event."""

from __future__ import annotations

import datetime as dt

from twintowns.model import EventType, FuzzyDate
from twintowns.model.dormancy import events_dormant
from twintowns.model.source import Citation
from twintowns.model.twinning import Event

CITE = Citation("test")
DAY = dt.date(2026, 1, 1)


def _events(*events: tuple[EventType, str]) -> tuple[Event, ...]:
    return tuple(Event(t, FuzzyDate.parse(d), CITE) for t, d in events)


def test_a_recent_listing_is_a_sign_of_life() -> None:
    old = _events((EventType.SIGNING, "1960"), (EventType.EXCHANGE, "2010-05"))
    assert events_dormant(old, DAY, attested=None)
    assert events_dormant(old, DAY, attested=FuzzyDate.parse("2012"))  # listed 13 years ago
    assert not events_dormant(old, DAY, attested=FuzzyDate.parse("2018"))  # listed 8 years ago
    assert events_dormant(old, DAY, attested=FuzzyDate.parse("2030"))  # later: not yet
    assert not events_dormant(old, DAY, 20, attested=None)
    assert not events_dormant(old, dt.date(2019, 1, 1))


def test_listings_alone_count_and_ended_or_undated_links_are_not_asked() -> None:
    assert events_dormant((), DAY, attested=FuzzyDate.parse("2001"))  # only a listing, long ago
    assert not events_dormant((), DAY, attested=None)  # nothing dated: not asked
    ended = _events((EventType.SIGNING, "1960"), (EventType.TERMINATION, "1970"))
    assert not events_dormant(ended, DAY, attested=None)
    leap = _events((EventType.SIGNING, "1960"))
    assert events_dormant(leap, dt.date(2000, 2, 29))
