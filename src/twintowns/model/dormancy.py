"""Dormancy: a question about a twinning, never a status.

A twinning is flagged "dormant?" when its last recorded sign of life (any dated event: an
exchange, a visit, a signing, a renewal; and, when the caller gives it, the last date a source
listed it) is older than a number of years.  Twinnings that have ended are not asked about,
and nor are those with no dated sign at all (nothing says when they were last alive).  The
status derivation ignores the flag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from twintowns.model.dates import FuzzyDate
from twintowns.model.status import status_as_of
from twintowns.model.twinning import Event, Twinning
from twintowns.model.vocab import Status

DEFAULT_YEARS = 10
"""How many years without a recorded sign of life make a twinning "dormant?"."""


def last_sign_of_life(
    twinning: Twinning, as_of: dt.date, attested: FuzzyDate | None = None
) -> dt.date | None:
    """The latest day a dated event of ``twinning`` (or its last attestation, if given) may
    denote, up to ``as_of``."""
    return _last_day(twinning.events, as_of, attested)


def _last_day(
    events: Sequence[Event], as_of: dt.date, attested: FuzzyDate | None
) -> dt.date | None:
    days = [e.date.end for e in events if e.date is not None and e.date.start <= as_of]
    if attested is not None and attested.start <= as_of:
        days.append(attested.end)
    return min(max(days), as_of) if days else None


def is_dormant(
    twinning: Twinning,
    as_of: dt.date,
    years: int = DEFAULT_YEARS,
    attested: FuzzyDate | None = None,
) -> bool:
    """True when ``twinning`` has not ended at ``as_of`` and its last sign of life is more
    than ``years`` years before it.

    Parameters
    ----------
    twinning:
        The twinning with its events.
    as_of:
        The day asked about.
    years:
        The quiet years that raise the question (at least 1).
    attested:
        The last date a source listed it (a listing is a sign of life too), if known.
    """
    return events_dormant(twinning.events, as_of, years, attested)


def events_dormant(
    events: Sequence[Event],
    as_of: dt.date,
    years: int = DEFAULT_YEARS,
    attested: FuzzyDate | None = None,
) -> bool:
    """:func:`is_dormant` for a caller holding a twinning's events rather than the
    :class:`Twinning` itself (a place's partner row, say): the same rule, the same answer."""
    last = _last_day(events, as_of, attested)
    if last is None or status_as_of(events, as_of).status is Status.ENDED:
        return False
    try:
        threshold = as_of.replace(year=as_of.year - max(1, years))
    except ValueError:  # 29 February
        threshold = as_of.replace(year=as_of.year - max(1, years), day=28)
    return last < threshold
