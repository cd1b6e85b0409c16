"""Attested-as-of evidence: when the sources that list a twinning saw it.

Every source is a dated observation (a register compiled in 2015, a Wikidata crawl of
10 September 2016, Wikipedia lists scraped about 2018 or on 8 February 2026, a press report of
22 March 2022): a twinning a source lists is *attested* at that date.  "First attested" and
"last attested" are the earliest and latest of them -- evidence that the link existed then,
never a signing or an ending date.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
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
