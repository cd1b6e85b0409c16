"""A place's twinnings counted by status: the summary a place panel shows before the list.

This module owns the order and the counting: active first, then suspended, ended, proposed and
unknown (a twinning no dated step establishes -- on the world data, most of them: "undated").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from twintowns.model.vocab import Status

__all__ = ["STATUS_ORDER", "status_summary"]

STATUS_ORDER = (Status.ACTIVE, Status.SUSPENDED, Status.ENDED, Status.PROPOSED, Status.UNKNOWN)
"""The order the summary gives the statuses in."""


def status_summary(statuses: Iterable[Status]) -> dict[str, int]:
    """How many twinnings are in each status, in :data:`STATUS_ORDER`, statuses with none left
    out (``{"active": 3, "unknown": 40}``).

    Parameters
    ----------
    statuses:
        The status of each of a place's twinnings, as of one date.
    """
    counted = Counter(statuses)
    return {s.value: counted[s] for s in STATUS_ORDER if counted[s]}
