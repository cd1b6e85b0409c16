"""The place panel's "dormant?" question, asked of a twinning as a place's partner row sees
it (its events and the last date a source listed it): a question, never a status.

It is :func:`twintowns.model.dormancy.is_dormant` with the last listing counted as a sign of
life, for callers holding a partner's events rather than the :class:`Twinning` itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from twintowns.model.dates import FuzzyDate
from twintowns.model.dormancy import DEFAULT_YEARS
from twintowns.model.status import status_as_of
from twintowns.model.twinning import Event
from twintowns.model.vocab import Status


def is_quiet(
    events: Sequence[Event],
    last_attested: FuzzyDate | None,
    as_of: dt.date,
    years: int = DEFAULT_YEARS,
) -> bool:
    """True when the twinning has not ended at ``as_of`` and neither a dated event nor a
    source's listing of it (``last_attested``) falls within ``years`` years before ``as_of``.

    A twinning with no dated event and no dated listing is not asked about; events and
    listings after ``as_of`` do not count.
    """
    days = [e.date.end for e in events if e.date is not None and e.date.start <= as_of]
    if last_attested is not None and last_attested.start <= as_of:
        days.append(last_attested.end)
    if not days or status_as_of(events, as_of).status is Status.ENDED:
        return False
    try:
        threshold = as_of.replace(year=as_of.year - max(1, years))
    except ValueError:  # 29 February
        threshold = as_of.replace(year=as_of.year - max(1, years), day=28)
    return min(max(days), as_of) < threshold
