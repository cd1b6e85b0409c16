"""The atlas's time axis: an undated twinning is drawn only from its first attestation."""

from __future__ import annotations

import datetime as dt

from twintowns.api.arcs import TIMELINE_CODES, status_timeline
from twintowns.model import Citation, Event, EventType, FuzzyDate, Twinning, TwinningKind

TODAY = dt.date(2026, 12, 5)
CITE = Citation("register", "partnerstaedte_final.csv:2")


def twinning(*events: Event) -> Twinning:
    return Twinning("a", "b", TwinningKind.UNSPECIFIED, CITE, events=events)


Timeline = tuple[int, list[tuple[int, int]], int]


def names(timeline: Timeline) -> tuple[str, list[tuple[int, str]], str]:
    first, changes, now = timeline
    return TIMELINE_CODES[first], [(y, TIMELINE_CODES[c]) for y, c in changes], TIMELINE_CODES[now]


def test_an_undated_twinning_appears_in_the_year_a_source_first_saw_it() -> None:
    assert names(status_timeline(twinning(), TODAY, 2013)) == (
        "not_yet",
        [(2013, "unknown")],
        "unknown",
    )
    # never attested by a dated source: unknown in every year, as before
    assert names(status_timeline(twinning(), TODAY)) == ("unknown", [], "unknown")
    # first seen this year: drawn today only
    assert names(status_timeline(twinning(), TODAY, 2026)) == ("not_yet", [], "unknown")


def test_an_undated_signing_is_active_today_and_absent_before_its_attestation() -> None:
    undated = Event(EventType.SIGNING, None, CITE)
    assert names(status_timeline(twinning(undated), TODAY, 2016)) == (
        "not_yet",
        [(2016, "unknown")],
        "active",
    )


def test_a_dated_signing_is_drawn_from_its_year_whatever_the_attestation() -> None:
    signed = Event(EventType.SIGNING, FuzzyDate(1954), CITE)
    assert names(status_timeline(twinning(signed), TODAY, 2015)) == (
        "not_yet",
        [(1954, "active")],
        "active",
    )
