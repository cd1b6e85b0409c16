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
from twintowns.model.attested import NotListed, family, listing_coverage, not_listed_since

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


# Two publishers, each with an earlier and a later list (as Wikidata 2016/2017 and Wikipedia
# about 2018/2026), and a register with no later list.
LISTS = {
    "wd-2016": Source("wd-2016", "crawl", "Wikidata contributors", retrieved=dt.date(2016, 9, 10)),
    "wd-2017": Source("wd-2017", "dump", "Wikidata contributors", retrieved=dt.date(2017, 7, 28)),
    "wp-2018": Source("wp-2018", "scrape", "Wikipedia contributors",
                      published=FuzzyDate(2018, circa=True)),
    "wp-2026": Source("wp-2026", "lists", "Wikipedia contributors; coordinates from OSM",
                      retrieved=dt.date(2026, 2, 8)),
    "register": Source("register", "A register", "A ministry", published=FuzzyDate(2015)),
}  # fmt: skip


def pair(a: str, b: str, *sources: str) -> Twinning:
    claims = tuple(Claim(a, b, Citation(s, "x:1")) for s in sources)
    return Twinning(a, b, TwinningKind.UNSPECIFIED, claims[0].citation, claims=claims)


def test_a_later_list_of_the_same_publisher_covering_both_places_leaves_a_question() -> None:
    dropped = pair("a", "b", "wp-2018", "register")
    others = [pair("a", "c", "wp-2026"), pair("b", "d", "wp-2026"), pair("a", "e", "wd-2017")]
    coverage = listing_coverage([dropped, *others])
    (candidate,) = not_listed_since(dropped, LISTS, coverage)
    assert candidate == NotListed(
        "wp-2026", FuzzyDate(2026, 2, 8), ("wp-2018", FuzzyDate(2018, circa=True))
    )
    assert candidate.question() == (
        "Listed by wp-2018 (~2018) but not by wp-2026 (2026-02-08), which lists other "
        "twinnings of both places: ended, or only not recorded?"
    )
    # Wikidata 2017 lists a's twinnings but none of b's: it could not have listed a-b
    assert family(LISTS["wp-2026"]) == family(LISTS["wp-2018"]) == "Wikipedia contributors"


def test_no_question_when_a_later_list_lists_it_or_covers_only_one_place() -> None:
    relisted = pair("a", "b", "wd-2016", "wd-2017")
    only_a = pair("x", "y", "wd-2016")
    others = [pair("a", "c", "wd-2017"), pair("x", "z", "wd-2017")]
    coverage = listing_coverage([relisted, only_a, *others])
    assert not_listed_since(relisted, LISTS, coverage) == ()
    assert not_listed_since(only_a, LISTS, coverage) == ()  # wd-2017 lists nothing of y
    # a deprecated statement is not a listing: the later list does not "list" the pair
    claims = (
        Claim("a", "c", Citation("wd-2016", "x:1")),
        Claim("a", "c", Citation("wd-2017", "q"), asserted=False),
    )
    deprecated = Twinning("a", "c", TwinningKind.UNSPECIFIED, claims[0].citation, claims=claims)
    coverage = listing_coverage([deprecated, pair("a", "q", "wd-2017"), pair("c", "r", "wd-2017")])
    (candidate,) = not_listed_since(deprecated, LISTS, coverage)
    assert candidate.source_id == "wd-2017"
