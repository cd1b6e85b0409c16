"""First and last attested: the observation dates of the sources that list a twinning."""

from __future__ import annotations

import datetime as dt

from twintowns.model import (
    Attested,
    Citation,
    Claim,
    Event,
    EventType,
    FuzzyDate,
    Source,
    Twinning,
    TwinningKind,
    attested,
    observed,
)

SOURCES = {
    "register": Source("register", "A register", published=FuzzyDate(2015)),
    "crawl": Source("crawl", "A crawl", retrieved=dt.date(2016, 9, 10)),
    "scrape": Source("scrape", "A scrape", published=FuzzyDate(2018, circa=True)),
    "press": Source("press", "A report", published=FuzzyDate(2022, 3, 22)),
    "undated": Source("undated", "An undated list"),
}


def listed(*sources: str, asserted: bool = True) -> tuple[Claim, ...]:
    return tuple(Claim("a", "b", Citation(s, "x:1"), asserted=asserted) for s in sources)


def twinning(claims: tuple[Claim, ...], events: tuple[Event, ...] = ()) -> Twinning:
    return Twinning(
        "a",
        "b",
        TwinningKind.UNSPECIFIED,
        claims[0].citation,
        claims=claims,
        events=events,
    )


def test_a_source_is_observed_when_published_else_when_retrieved() -> None:
    assert observed(SOURCES["register"]) == FuzzyDate(2015)
    assert observed(SOURCES["crawl"]) == FuzzyDate(2016, 9, 10)
    assert observed(SOURCES["undated"]) is None


def test_first_and_last_attested_span_the_listing_sources() -> None:
    seen = attested(twinning(listed("crawl", "register", "scrape", "undated")), SOURCES)
    assert seen == Attested(FuzzyDate(2015), FuzzyDate(2018, circa=True))
    assert seen.text() == "2015–~2018"


def test_a_report_of_an_event_attests_the_link_and_a_deprecated_statement_does_not() -> None:
    paused = Event(EventType.SUSPENSION, FuzzyDate(2022, 3), Citation("press", "q"))
    seen = attested(twinning(listed("crawl"), (paused,)), SOURCES)
    assert (seen.first, seen.last) == (FuzzyDate(2016, 9, 10), FuzzyDate(2022, 3, 22))
    deprecated = twinning((*listed("register"), *listed("scrape", asserted=False)))
    assert attested(deprecated, SOURCES).text() == "2015"


def test_undated_sources_attest_nothing() -> None:
    seen = attested(twinning(listed("undated")), SOURCES)
    assert seen == Attested()
    assert seen.text() == "?"
