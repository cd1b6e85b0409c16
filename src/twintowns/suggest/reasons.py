"""Reasons a person can check, for one suggested partner: facts of the registry, in words.

Each reason restates a feature of :mod:`twintowns.suggest.features` as a fact anyone can look
up in the registry, and says which facts it rests on: shared partners by name, the twinnings
between the two countries and how that compares with what the countries' totals predict, and
partners already held in the other's country all count *current twinnings* only (in force
today, not doubtful: suspended and ended ones are never evidence); the distance, both
populations, level and name rest on the places' gazetteer data.  They say why the model ranks
a place high; they are never offered as the reason two places *would* twin.
"""

from __future__ import annotations

import math

import numpy as np

from twintowns.suggest.features import COLUMN, MISSING, Matrix
from twintowns.suggest.tables import Links, Places

MAX_NAMED = 3
"""Shared partners named in a reason (the rest are counted)."""


def _value(row: Matrix, name: str) -> float | None:
    found = float(row[COLUMN[name]])
    return None if found == MISSING else found


def shared_partners(links: Links, u: int, v: int) -> list[int]:
    """Rows linked to both ``u`` and ``v``."""
    return [int(w) for w in np.intersect1d(links.neighbours(u), links.neighbours(v))]


def _shared(places: Places, links: Links, u: int, v: int) -> list[str]:
    common = shared_partners(links, u, v)
    if not common:
        return []
    common.sort(key=lambda w: (-int(links.degree[w]), str(places.labels[w])))
    named = ", ".join(str(places.labels[w]) for w in common[:MAX_NAMED])
    more = f" and {len(common) - MAX_NAMED} more" if len(common) > MAX_NAMED else ""
    noun = "partner" if len(common) == 1 else "partners"
    return [f"{len(common)} shared {noun} in current twinnings: {named}{more}"]


def _size(places: Places, u: int, v: int) -> list[str]:
    pu, pv = int(places.population[u]), int(places.population[v])
    if not pu or not pv:
        return []
    if abs(math.log(pu) - math.log(pv)) <= math.log(2):
        return [f"similar size: {pu:,} and {pv:,} inhabitants"]
    return [f"{pv:,} inhabitants (against {pu:,})"]


def _countries(places: Places, row: Matrix, u: int, v: int) -> list[str]:
    cu, cv = int(places.country[u]), int(places.country[v])
    between = _value(row, "country_pair_links")
    ratio = _value(row, "country_pair_propensity")
    if cu < 0 or cv < 0 or between is None or ratio is None:
        return []
    pair = f"{places.countries[cu]}–{places.countries[cv]}"
    found = [
        f"{pair}: {int(between):,} current twinnings between the two countries "
        f"({math.exp(ratio):.1f}× what their totals predict)"
    ]
    own = _value(row, "anchor_partners_in_country") or 0.0
    theirs = _value(row, "candidate_partners_in_anchor_country") or 0.0
    if own:
        found.append(
            f"{places.labels[u]} already has current twinnings with {int(own)} place(s) in "
            f"{places.countries[cv]}"
        )
    if theirs:
        found.append(
            f"{places.labels[v]} has current twinnings with {int(theirs)} place(s) in "
            f"{places.countries[cu]}"
        )
    return found


OUTSIDER = (
    "not in the registry: a GeoNames town with no twinning known, ranked on size, distance, "
    "level and the two countries only (its partner counts are zero, not unknown)"
)


def reasons(places: Places, links: Links, row: Matrix, u: int, v: int) -> list[str]:
    """The checkable facts behind the suggestion of row ``v`` to row ``u`` (``row``: their
    features, read from ``links``); a GeoNames outsider's first reason says it is one."""
    found = [] if places.registered[v] else [OUTSIDER]
    found += _shared(places, links, u, v)
    km = _value(row, "log_km")
    if km is not None:
        found.append(f"{math.expm1(km):,.0f} km apart")
    found += _size(places, u, v)
    if places.level[u] == places.level[v]:
        found.append(f"both {places.level[u]} level")
    found += _countries(places, row, u, v)
    if _value(row, "same_name"):
        found.append(f"same name: {places.labels[v]}")
    return found
