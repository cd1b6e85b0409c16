"""Datasets that disagree on a signing year: every year kept, the earliest well-attested one
accepted, the status following it, and a note saying who says what."""

from __future__ import annotations

import datetime as dt

from twintowns.model import (
    SIGNING_STEP,
    Citation,
    Event,
    EventType,
    FuzzyDate,
    Source,
    Standing,
    dispute_notes,
    rank_signings,
    status_as_of,
)


def signed(year: int, source: str, month: int | None = None) -> Event:
    return Event(EventType.SIGNING, FuzzyDate(year, month), Citation(source, f"{source}.csv:1"))


def test_agreeing_or_single_source_signings_are_left_alone() -> None:
    same = (signed(1954, "german"), signed(1954, "wikidata"), signed(1954, "german"))
    assert rank_signings(same) == same
    one_source = (signed(1954, "german"), signed(1960, "german"))
    assert rank_signings(one_source) == one_source


def test_disagreeing_years_are_all_kept_and_the_earliest_well_attested_is_accepted() -> None:
    events = (signed(1956, "czech"), signed(1954, "german"), signed(1956, "wikidata"))
    ranked = rank_signings(events)
    assert [e.date for e in ranked] == [e.date for e in events]  # every claim kept, in order
    assert {e.step for e in ranked} == {SIGNING_STEP}
    # two sources agree on 1956: better attested than the earlier 1954 of one source
    assert [e.standing for e in ranked] == [
        Standing.ACCEPTED,
        Standing.DISPUTED,
        Standing.SUPPORTING,
    ]
    assert status_as_of(ranked).since == FuzzyDate(1956)


def test_equally_attested_years_give_the_earliest() -> None:
    ranked = rank_signings((signed(1972, "czech"), signed(1970, "german")))
    assert [e.standing for e in ranked] == [Standing.DISPUTED, Standing.ACCEPTED]
    status = status_as_of(ranked, dt.date(1971, 6, 1))
    assert (status.status.value, status.since) == ("active", FuzzyDate(1970))
    sources = {
        "german": Source("german", "German register", publisher="German register"),
        "czech": Source("czech", "Czech portal", publisher="Czech portal"),
    }
    assert dispute_notes(ranked, sources) == [
        "German register says signing in 1970 (accepted); Czech portal says signing in 1972 "
        "(disputed)"
    ]


def test_a_month_inside_the_year_agrees_with_it() -> None:
    ranked = rank_signings((signed(1990, "german"), signed(1990, "press", month=5)))
    assert all(e.standing is Standing.ACCEPTED and e.step is None for e in ranked)
