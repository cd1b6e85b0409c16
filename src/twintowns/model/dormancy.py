"""Dormancy: a question about a twinning, never a status.

A twinning is flagged "dormant?" when its last recorded sign of life (any dated event: an
exchange, a visit, a signing, a renewal) is older than a number of years.  Twinnings that
have ended are not asked about, and nor are those with no dated event at all (nothing says
when they were last alive).  The status derivation ignores the flag.
"""

from __future__ import annotations

import datetime as dt

from twintowns.model.status import status_as_of
from twintowns.model.twinning import Twinning
from twintowns.model.vocab import Status

DEFAULT_YEARS = 10
"""How many years without a recorded sign of life make a twinning "dormant?"."""


def last_sign_of_life(twinning: Twinning, as_of: dt.date) -> dt.date | None:
    """The latest day a dated event of ``twinning`` may denote, up to ``as_of``."""
    days = [e.date.end for e in twinning.events if e.date is not None and e.date.start <= as_of]
    return min(max(days), as_of) if days else None


def is_dormant(twinning: Twinning, as_of: dt.date, years: int = DEFAULT_YEARS) -> bool:
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
    """
    last = last_sign_of_life(twinning, as_of)
    if last is None or status_as_of(twinning.events, as_of).status is Status.ENDED:
        return False
    try:
        threshold = as_of.replace(year=as_of.year - max(1, years))
    except ValueError:  # 29 February
        threshold = as_of.replace(year=as_of.year - max(1, years), day=28)
    return last < threshold
