"""Disagreement as data: several sources' claims about one step of a twinning, ranked.

A *step* is one thing that happened to a twinning (Coventry's pause of its link with
Volgograd); sources may describe it differently (the encyclopedia article: a suspension on
22 February 2022; the Guardian, the BBC and ITV: a council vote in March 2022).  Each claim is
an :class:`~twintowns.model.Event` citing one source; claims of the same step share its
``step`` key.  Every claim is kept; :func:`rank_claims` marks which one the status follows.

The rule (the best-attested claim wins), in order:

1. **A contemporary report beats a later summary.**  A claim is *contemporary* when its source
   has a publication date no more than :data:`CONTEMPORARY_DAYS` after the claimed date; a
   dated later account comes next; an undated source (an encyclopedia article edited over
   years, a dataset) comes last.
2. **More independent sources beat fewer**: the number of distinct sources whose claims agree
   with it (same type, overlapping dates).
3. **A more precise date beats a coarser one** (a day over a month over a year), when they
   agree: "22 March 2022" and "March 2022" are the same claim told more or less precisely.
4. **An earlier publication beats a later one**, then the source id (a fixed order).

The winner is ``accepted`` (it alone moves the status); claims agreeing with it are
``supporting``; claims it contradicts (another type, or dates that cannot overlap) are
``disputed`` -- shown with their source, never silently dropped or edited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from itertools import groupby

from twintowns.model.dates import FuzzyDate, Precision
from twintowns.model.source import Source
from twintowns.model.twinning import Event
from twintowns.model.vocab import EventType, Standing

CONTEMPORARY_DAYS = 730
"""A report published within this many days after the claimed date counts as contemporary."""

_PRECISION = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


def agree(one: Event, other: Event) -> bool:
    """True when two claims can both be true: same type and dates that may overlap (an
    undated claim agrees with any date)."""
    if one.type is not other.type:
        return False
    if one.date is None or other.date is None:
        return True
    return one.date.start <= other.date.end and other.date.start <= one.date.end


def contemporary(event: Event, published: FuzzyDate | None) -> bool:
    """True when a source published on ``published`` reports ``event`` as news, not history."""
    if published is None or event.date is None:
        return False
    return (published.start - event.date.end).days <= CONTEMPORARY_DAYS


def _score(
    event: Event, claims: list[Event], published: Mapping[str, FuzzyDate | None]
) -> tuple[int, int, int, int, str]:
    pub = published.get(event.citation.source_id)
    tier = 2 if contemporary(event, pub) else 1 if pub is not None else 0
    support = len({c.citation.source_id for c in claims if agree(c, event)})
    precision = _PRECISION[event.date.precision] if event.date else -1
    # Earlier publication first: negate the ordinal so that max() prefers it.
    earliness = -pub.start.toordinal() if pub else -dt.date.max.toordinal()
    return (tier, support, precision, earliness, event.citation.source_id)


def _rank_step(
    claims: list[Event], published: Mapping[str, FuzzyDate | None]
) -> dict[int, Standing]:
    best = max(claims, key=lambda e: _score(e, claims, published))
    standings = {}
    for claim in claims:
        if claim is best:
            standings[id(claim)] = Standing.ACCEPTED
        else:
            standings[id(claim)] = Standing.SUPPORTING if agree(claim, best) else Standing.DISPUTED
    return standings


def rank_claims(
    events: Iterable[Event], published: Mapping[str, FuzzyDate | None]
) -> tuple[Event, ...]:
    """Mark each claim of each step accepted, supporting or disputed (see the module rule).

    Parameters
    ----------
    events:
        All events of one twinning; events without a ``step`` stay accepted.
    published:
        Publication date of each source id (``None`` or missing: undated).

    Returns
    -------
    tuple of Event
        The same events, in the same order, with their ``standing`` set.
    """
    events = tuple(events)
    stepped = sorted((e for e in events if e.step), key=lambda e: e.step or "")
    standings: dict[int, Standing] = {}
    for _, group in groupby(stepped, key=lambda e: e.step):
        standings.update(_rank_step(list(group), published))
    return tuple(
        dataclasses.replace(e, standing=standings.get(id(e), Standing.ACCEPTED)) for e in events
    )


SIGNING_STEP = "signing-year"
"""The step key of the dated signings several datasets give one twinning when they disagree
(the German register says 1954, a Wikidata statement 1955): see :func:`rank_signings`."""


def _signing_order(event: Event, claims: list[Event]) -> tuple[int, int, int, str]:
    """Best first: most agreeing sources, then the earliest date (a later year in another
    list is as often the renewal or the formal charter of an older link as a correction of
    it), then the finest precision, then the source id (a fixed order)."""
    assert event.date is not None
    support = len({c.citation.source_id for c in claims if agree(c, event)})
    precision = _PRECISION[event.date.precision]
    return (-support, event.date.start.toordinal(), -precision, event.citation.source_id)


def rank_signings(events: Iterable[Event]) -> tuple[Event, ...]:
    """Rank the disagreeing dated signings datasets give a twinning: the earliest
    well-attested one is accepted.

    Signings without a ``step``, dated, from at least two sources, are claims of one step
    (:data:`SIGNING_STEP`) when two of them cannot both be true (their years differ).  The
    accepted claim is the one most sources agree with, then the earliest, then the most
    precise; the others are supporting or disputed as in :func:`rank_claims`.  Every claim is
    kept.  Datasets have no publication that could rank them (a register compiled in 2015
    reports a 1954 signing as history, as an encyclopedia does), so this rule, not
    :func:`rank_claims`' contemporary-report rule, decides between them.

    Parameters
    ----------
    events:
        All events of one twinning (of one dataset).

    Returns
    -------
    tuple of Event
        The same events, in order; the disagreeing signings with step and standing set.
    """
    events = tuple(events)
    dated = [e for e in events if e.type is EventType.SIGNING and e.date and not e.step]
    if len({e.citation.source_id for e in dated}) < 2 or all(
        agree(one, other) for one in dated for other in dated
    ):
        return events
    best = min(dated, key=lambda e: _signing_order(e, dated))
    ranked: dict[int, Event] = {}
    for claim in dated:
        standing = (
            Standing.ACCEPTED
            if claim is best
            else Standing.SUPPORTING
            if agree(claim, best)
            else Standing.DISPUTED
        )
        ranked[id(claim)] = dataclasses.replace(claim, step=SIGNING_STEP, standing=standing)
    return tuple(ranked.get(id(e), e) for e in events)


def source_label(source_id: str, sources: Mapping[str, Source]) -> str:
    """A short name for a source in a sentence: its publisher, else its title, else its id."""
    source = sources.get(source_id)
    if source is None:
        return source_id
    return source.publisher or source.title


def _what(event: Event) -> str:
    kind = event.type.value.replace("_", " ")
    if event.date is None:
        return f"{kind}, undated"
    on = "on" if event.date.precision is Precision.DAY else "in"
    return f"{kind} {on} {event.date.human()}"


def dispute_notes(events: Iterable[Event], sources: Mapping[str, Source]) -> list[str]:
    """One sentence per disputed step: what each source says, the accepted claim first.

    ``"suspension on 22 March 2022 (accepted): BBC News ...; suspension in March 2022:
    The Guardian ...; disputed: suspension on 22 February 2022: Wikipedia ..."``.
    """
    stepped = sorted((e for e in events if e.step), key=lambda e: e.step or "")
    notes = []
    for _, group in groupby(stepped, key=lambda e: e.step):
        claims = list(group)
        if not any(c.standing is Standing.DISPUTED for c in claims):
            continue
        order = {Standing.ACCEPTED: 0, Standing.SUPPORTING: 1, Standing.DISPUTED: 2}
        claims.sort(key=lambda c: (order[c.standing], _what(c)))
        said: dict[tuple[str, Standing], list[str]] = {}
        for claim in claims:
            names = said.setdefault((_what(claim), claim.standing), [])
            label = source_label(claim.citation.source_id, sources)
            if label not in names:
                names.append(label)
        parts = [
            f"{' and '.join(names)} {'say' if len(names) > 1 else 'says'} {what}"
            + {Standing.ACCEPTED: " (accepted)", Standing.DISPUTED: " (disputed)"}.get(standing, "")
            for (what, standing), names in said.items()
        ]
        notes.append("; ".join(parts))
    return notes
