"""The "dormant?" question of the quality report: twinnings whose last recorded activity or
attestation is older than a number of years (:mod:`twintowns.model.dormancy`).  A question to
check with the towns, never a status change: the report counts and lists them, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from twintowns.model import Source, Twinning
from twintowns.model.attested import attested
from twintowns.model.dormancy import DEFAULT_YEARS, is_dormant, last_sign_of_life


@dataclass(frozen=True)
class Dormant:
    """A twinning asked about, with its last sign of life."""

    twinning_id: str
    last_sign: dt.date


def dormant(
    twinnings: Sequence[Twinning],
    sources: Mapping[str, Source],
    as_of: dt.date,
    years: int = DEFAULT_YEARS,
) -> list[Dormant]:
    """The "dormant?" twinnings, quietest first (then by id)."""
    found = []
    for twinning in twinnings:
        last_listed = attested(twinning, sources).last
        if is_dormant(twinning, as_of, years, last_listed):
            last = last_sign_of_life(twinning, as_of, last_listed)
            assert last is not None  # is_dormant needs one
            found.append(Dormant(twinning.id, last))
    found.sort(key=lambda d: (d.last_sign, d.twinning_id))
    return found
