"""Attested-as-of evidence: when the sources that list a twinning saw it.

Every source is a dated observation (a register compiled in 2015, a Wikidata crawl of
10 September 2016, Wikipedia lists scraped about 2018 or on 8 February 2026, a press report of
22 March 2022): a twinning a source lists is *attested* at that date.  "First attested" and
"last attested" are the earliest and latest of them -- evidence that the link existed then,
never a signing or an ending date.

A twinning a publisher listed and a *later* list of the same publisher leaves out, while listing
other twinnings of both places, is a "not listed since" candidate (:func:`not_listed_since`): a
question to check, shown as such, never a status or an ending.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from twintowns.model.dates import FuzzyDate
from twintowns.model.source import Source
from twintowns.model.twinning import Twinning


def observed(source: Source) -> FuzzyDate | None:
    """When ``source`` saw what it says: its publication date (with its precision), else the
    day its copy was retrieved (a crawl's or a scrape's day), else None."""
    if source.published is not None:
        return source.published
    day = source.retrieved
    return None if day is None else _on(day)


@functools.lru_cache(maxsize=4096)
def _on(day: dt.date) -> FuzzyDate:
    # one (frozen) date per retrieval day: an export asks for it once per twinning and source
    return FuzzyDate(day.year, day.month, day.day)


@dataclass(frozen=True, slots=True)
class Attested:
    """The first and last dates a twinning's sources attest it (None when none is dated)."""

    first: FuzzyDate | None = None
    last: FuzzyDate | None = None

    def text(self) -> str:
        """``2015–2026``, ``~2018`` or ``?``: the years, for a table cell."""
        if self.first is None or self.last is None:
            return "?"
        one, other = _year(self.first), _year(self.last)
        return one if one == other else f"{one}–{other}"


def _year(date: FuzzyDate) -> str:
    return f"~{date.year}" if date.circa else str(date.year)


def attested(twinning: Twinning, sources: Mapping[str, Source]) -> Attested:
    """The first and last attestation of ``twinning``.

    Parameters
    ----------
    twinning:
        The twinning; its asserted claims, its events and its own citation name the sources
        that list or report it (a deprecated Wikidata statement attests nothing).
    sources:
        Sources by id; an id missing here attests nothing.
    """
    cited = {twinning.citation.source_id}
    cited.update(c.citation.source_id for c in twinning.claims if c.asserted)
    cited.update(e.citation.source_id for e in twinning.events)
    # a set: most twinnings' sources share a handful of dates
    dates = {d for s in cited if s in sources and (d := observed(sources[s])) is not None}
    if not dates:
        return Attested()
    order = sorted(dates, key=lambda d: (d.start, d.end))
    return Attested(order[0], order[-1])


def family(source: Source) -> str:
    """The publisher whose lists follow one another (Wikidata 2016 and 2017; Wikipedia about
    2018 and 2026): the publisher's first part, else the source's id."""
    if not source.publisher:
        return source.id
    return source.publisher.split(";")[0].strip()


def listing_coverage(twinnings: Iterable[Twinning]) -> dict[str, frozenset[str]]:
    """Source id -> the places it lists at least one twinning of (by an asserted claim): the
    places a later list of the same publisher could have listed a twinning of."""
    covered: dict[str, set[str]] = defaultdict(set)
    for twinning in twinnings:
        for claim in twinning.claims:
            if claim.asserted:
                covered[claim.citation.source_id].update((twinning.a, twinning.b))
    return {source_id: frozenset(places) for source_id, places in covered.items()}


@dataclass(frozen=True, slots=True)
class NotListed:
    """A question, never a status: a later list of the same publisher, which lists other
    twinnings of both places, does not list this one.

    Attributes
    ----------
    source_id:
        The later list that does not list it.
    since:
        That list's date.
    last_listed:
        The publisher's last list that does, and its date.
    """

    source_id: str
    since: FuzzyDate
    last_listed: tuple[str, FuzzyDate]

    def question(self) -> str:
        """The candidate in words, as a question."""
        was, when = self.last_listed
        return (
            f"Listed by {was} ({when.isoformat()}) but not by {self.source_id} "
            f"({self.since.isoformat()}), which lists other twinnings of both places: "
            "ended, or only not recorded?"
        )


def not_listed_since(
    twinning: Twinning,
    sources: Mapping[str, Source],
    coverage: Mapping[str, frozenset[str]],
) -> tuple[NotListed, ...]:
    """The "not listed since" candidates of ``twinning``, one per publisher at most.

    For each publisher that lists it, the first of that publisher's *later* lists (dated after
    its last list that does) that covers both places (:func:`listing_coverage`) and does not
    list it.  Evidence to check, not an ending: a list may simply have missed the link.

    Parameters
    ----------
    twinning:
        The twinning; its asserted claims name the lists that list it.
    sources:
        Sources by id (their publishers and dates).
    coverage:
        :func:`listing_coverage` of the same registry.
    """
    listed = {c.citation.source_id for c in twinning.claims if c.asserted} & set(sources)
    found = []
    for publisher in sorted({family(sources[s]) for s in listed}):
        dated = [
            (d, s)
            for s in listed
            if family(sources[s]) == publisher and (d := observed(sources[s]))
        ]
        if not dated:
            continue
        last, last_id = max(dated, key=lambda pair: (pair[0].end, pair[1]))
        later = [
            (d, s.id)
            for s in sources.values()
            if s.id not in listed
            and family(s) == publisher
            and (d := observed(s)) is not None
            and d.start > last.end
            and {twinning.a, twinning.b} <= coverage.get(s.id, frozenset())
        ]
        if later:
            since, source_id = min(later, key=lambda pair: (pair[0].start, pair[1]))
            found.append(NotListed(source_id, since, (last_id, last)))
    return tuple(found)
