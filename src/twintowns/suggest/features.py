"""The features of a candidate partner, computed from a graph of links given to it.

This module owns :data:`FEATURES` and :func:`pair_features`: for one anchor place and many
candidates, the classic link-prediction scores (common partners, Adamic–Adar, resource
allocation, both degrees: preferential attachment), the propensity of the two countries and
continents to twin (observed links between them against what their link totals predict),
partners each side already has in the other's country, distance, both sizes and their gap,
same level, same name.

Everything is read from the :class:`~twintowns.suggest.tables.Links` passed in and nothing
else: in an evaluation that is the training graph, so a hidden link cannot reach a feature
(``tests/suggest/test_leakage.py`` recomputes them with the link removed and compares).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from twintowns.suggest.tables import FloatArray, IntArray, Links, Places

FEATURES: tuple[str, ...] = (
    "common_partners",
    "adamic_adar",
    "resource_allocation",
    "log_partners_anchor",
    "log_partners_candidate",
    "country_pair_links",
    "country_pair_propensity",
    "continent_pair_propensity",
    "same_country",
    "anchor_partners_in_country",
    "candidate_partners_in_anchor_country",
    "log_km",
    "log_pop_anchor",
    "log_pop_candidate",
    "size_gap",
    "same_level",
    "same_name",
)
COLUMN = {name: j for j, name in enumerate(FEATURES)}
MISSING = -999.0
"""What an unknown value (no coordinates, no population, no country) becomes: the trees
split it off like any other value."""
Matrix = np.ndarray[Any, np.dtype[np.float64]]


def two_hop(links: Links, u: int) -> tuple[IntArray, IntArray]:
    """Every path u - w - x as the arrays (w, x), x = u included."""
    indptr, degree = links.indptr, links.degree
    middle = links.neighbours(u)
    lengths = degree[middle]
    total = int(lengths.sum())
    starts = indptr[middle] - np.concatenate([[0], np.cumsum(lengths)[:-1]])
    positions = np.repeat(starts, lengths) + np.arange(total, dtype=np.int64)
    return np.repeat(middle, lengths), links.indices[positions]


def neighbourhood_scores(links: Links, u: int, v: IntArray) -> tuple[FloatArray, ...]:
    """Common partners, Adamic–Adar and resource allocation of ``u`` with each of ``v``."""
    n = len(links.indptr) - 1
    ws, xs = two_hop(links, u)
    degree = links.degree[ws].astype(float)
    inverse_log = np.divide(1.0, np.log(degree), out=np.zeros_like(degree), where=degree > 1)
    cn = np.bincount(xs, minlength=n).astype(float)
    aa = np.bincount(xs, weights=inverse_log, minlength=n)
    ra = np.bincount(xs, weights=1.0 / np.maximum(degree, 1.0), minlength=n)
    return cn[v], np.asarray(aa[v], dtype=float), np.asarray(ra[v], dtype=float)


def partners_in(links: Links, places: Places, country: int) -> IntArray:
    """For every row, how many of its partners lie in country code ``country``."""
    inside = (places.country == country)[links.indices] if country >= 0 else None
    if inside is None:
        return np.zeros(len(links.indptr) - 1, dtype=np.int64)
    running = np.concatenate([[0], np.cumsum(inside)])
    return np.asarray(running[links.indptr[1:]] - running[links.indptr[:-1]], dtype=np.int64)


def _propensity(
    pairs: FloatArray, ends: FloatArray, a: int, b: IntArray, links: int
) -> tuple[FloatArray, FloatArray]:
    """Links between code ``a`` and each code of ``b``, and ln((observed + 1) / (expected +
    1)) with the expectation of a configuration model (link ends paired at random)."""
    known = (b >= 0) & (a >= 0)
    safe = np.where(known, b, 0)
    same = (safe == a).astype(float)
    if a < 0 or not len(pairs):
        nan = np.full(len(b), np.nan)
        return nan, nan
    observed = pairs[a, safe]
    expected = ends[a] * ends[safe] / max(2.0 * links, 1.0)
    ratio = np.log((observed + 1.0) / (expected + 1.0))
    links_between = observed / (1.0 + same)
    return np.where(known, links_between, np.nan), np.where(known, ratio, np.nan)


def _country_columns(
    places: Places, links: Links, u: int, v: IntArray, theirs: IntArray | None
) -> list[FloatArray]:
    """The country features of :data:`FEATURES` (from ``country_pair_links`` to
    ``candidate_partners_in_anchor_country``), NaN where a country is unknown."""
    cu = int(places.country[u])
    pair_links, pair_ratio = _propensity(
        links.pairs, links.ends, cu, places.country[v], links.edges
    )
    _, continent_ratio = _propensity(
        links.continent_pairs,
        links.continent_ends,
        int(places.continent[u]),
        places.continent[v],
        links.edges,
    )
    own = np.bincount(places.country[links.neighbours(u)] + 1, minlength=len(places.countries) + 1)
    held = partners_in(links, places, cu) if theirs is None else theirs
    known = (places.country[v] >= 0) & (cu >= 0)
    return [
        pair_links,
        pair_ratio,
        continent_ratio,
        np.where(known, places.country[v] == cu, np.nan),
        np.where(known, own[places.country[v] + 1], np.nan),
        np.where(known, held[v], np.nan),
    ]


def pair_features(
    places: Places,
    links: Links,
    u: int,
    v: IntArray,
    partners_of_anchor_country: IntArray | None = None,
) -> Matrix:
    """The :data:`FEATURES` of anchor row ``u`` with each candidate row of ``v``.

    Parameters
    ----------
    places, links:
        The place rows and the graph the features are read from (nothing else is).
    u, v:
        The anchor and the candidates.
    partners_of_anchor_country:
        :func:`partners_in` for ``u``'s country, when the caller has it already.

    Returns
    -------
    numpy.ndarray
        One row per candidate, one column per feature; unknowns are :data:`MISSING`.
    """
    cn, aa, ra = neighbourhood_scores(links, u, v)
    degree = links.degree
    pop_u, pop_v = places.log_pop[u], places.log_pop[v]
    columns = [
        cn,
        aa,
        ra,
        np.full(len(v), np.log1p(degree[u])),
        np.log1p(degree[v]),
        *_country_columns(places, links, u, v, partners_of_anchor_country),
        np.log1p(places.km(u, v)),
        np.full(len(v), pop_u),
        pop_v,
        np.abs(pop_v - pop_u),
        (places.level[v] == places.level[u]).astype(float),
        (places.name_key[v] == places.name_key[u]).astype(float),
    ]
    found: Matrix = np.nan_to_num(np.column_stack(columns).astype(float), nan=MISSING)
    return found
