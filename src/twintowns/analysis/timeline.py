"""Dated twinnings per decade or year, for one country and its partner countries.

This module owns the table behind ``twintowns analyse history --by decade --country DE``: the
twinnings established in each period (a twinning's year is its first dated activating event,
:func:`~twintowns.model.established`), the cumulative count, and for one country the split by
partner country, with the share of that country's twinnings that are dated.  Undated twinnings
are counted apart, never spread over periods.  :func:`caveats` says what the table can and
cannot support.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

import pandas as pd

from twintowns.analysis.data import RegistryData, stamp
from twintowns.analysis.history import DatedShare
from twintowns.errors import InputError
from twintowns.model import Twinning, established

Period = Literal["decade", "year"]
PARTNER_COLUMNS = 6  # the partner countries with most dated twinnings get a column each


def _chosen(data: RegistryData, country: str | None) -> list[tuple[Twinning, str | None]]:
    """The twinnings with a side in ``country`` (all without one), each with the partner's
    country (the other side's; None without a country filter)."""
    if country is None:
        return [(t, None) for t in data.twinnings]
    chosen: list[tuple[Twinning, str | None]] = []
    for twinning in data.twinnings:
        a, b = (data.places[p].country() for p in (twinning.a, twinning.b))
        if a == country:
            chosen.append((twinning, b or "??"))
        elif b == country:
            chosen.append((twinning, a or "??"))
    return chosen


def signed_per_period(
    data: RegistryData, by: Period = "decade", country: str | None = None
) -> pd.DataFrame:
    """Twinnings established per decade or year, for ``country`` by partner country.

    Parameters
    ----------
    data:
        The registry data.
    by:
        ``decade`` or ``year``.
    country:
        ISO code: only twinnings with a side in it, with a column per main partner country
        (``other`` for the rest); every twinning when None.

    Returns
    -------
    pandas.DataFrame
        ``<by>, signed, cumulative[, <partner countries>..., other]``; ``attrs`` hold the
        :class:`~twintowns.analysis.history.DatedShare` (``dated_share``) and the number of
        undated twinnings (``undated``).

    Raises
    ------
    InputError
        If ``by`` is not ``decade`` or ``year``, or ``country`` is not a two-letter code.
    """
    if by not in ("decade", "year"):
        raise InputError(f"--by must be decade or year, not {by!r}")
    if country is not None and not (len(country) == 2 and country.isalpha()):
        raise InputError(f"--country must be a two-letter ISO code, not {country!r}")
    wanted = None if country is None else country.upper()
    rows = []
    chosen = _chosen(data, wanted)
    for twinning, partner in chosen:
        since = established(twinning.events)
        if since is not None:
            period = since.year // 10 * 10 if by == "decade" else since.year
            rows.append((period, partner))
    frame = _table(rows, by, with_partners=wanted is not None)
    share = DatedShare(len(rows), len(chosen))
    frame.attrs["dated_share"] = share
    frame.attrs["undated"] = len(chosen) - len(rows)
    scope = f"twinnings with a side in {wanted}" if wanted else "every twinning"
    return stamp(frame, data.provenance(f"{scope}; {share.line()}; undated ones left out"))


def _table(rows: list[tuple[int, str | None]], by: Period, *, with_partners: bool) -> pd.DataFrame:
    counts = Counter(period for period, _ in rows)
    frame = pd.DataFrame(sorted(counts.items()), columns=[by, "signed"])
    frame["cumulative"] = frame["signed"].cumsum()
    if not with_partners:
        return frame
    top = [c for c, _ in Counter(p for _, p in rows).most_common(PARTNER_COLUMNS)]
    pairs = Counter((period, p if p in top else "other") for period, p in rows)
    for column in (*top, "other"):
        frame[column] = [pairs[(period, column)] for period in frame[by]]
    return frame


def most_dated_country(data: RegistryData) -> str | None:
    """The country with most dated twinnings (Germany, with its register), if any is dated."""
    counts: Counter[str] = Counter()
    for twinning in data.twinnings:
        if established(twinning.events) is not None:
            sides = {data.places[p].country() for p in (twinning.a, twinning.b)}
            counts.update(c for c in sides if c)
    return counts.most_common(1)[0][0] if counts else None


def caveats(frame: pd.DataFrame) -> list[str]:
    """What the table can and cannot support, in sentences."""
    share: DatedShare | None = frame.attrs.get("dated_share")
    said = [
        "A twinning's year is its first dated signing or other activating event; where "
        "sources disagree, the earliest well-attested year (see `twintowns show`).",
        "Most years come from two registers: German municipalities' partnerships as compiled "
        "by 2015 (its placeholder year 2000 is read as unknown, so 2000 is undercounted) and "
        "Czech municipalities' as of September 2013; links begun after 2013-2015 are missing, "
        "so the last two decades fall for want of data, not only of twinning.",
        "Links that ended before a register was compiled are mostly absent (survivorship): "
        "early decades are a lower bound.",
    ]
    if share is not None:
        said.insert(0, f"Dated: {share.line()}; the undated ones are not in the table.")
    return said
