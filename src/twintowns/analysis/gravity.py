"""A matched gravity model: the odds of a twinning by distance band, within the partner's country.

This module owns a conditional (matched case-control) logistic regression.  Every twinning
whose sides have coordinates and countries is a *case*: one side (drawn at random, seeded) is
the anchor, the other the partner.  Its matched set adds up to ``controls`` places of the
**partner's country** that are not twinned with the anchor.  Within a set only the candidate
partner varies, so everything about the anchor and the country pair (language, politics, the
choice of countries) cancels out of the conditional likelihood

    P(partner = j | set) = exp(x_j b) / sum_k exp(x_k b),

with ``x`` = distance-band indicators (< 50, 50-200, 200-800 km against >= 800 km) and the
log degree of the candidate (``ln(1 + degree)``, not counting the link to the anchor).  Standard
errors are two-way cluster-robust, by anchor place and by partner place (Cameron, Gelbach and
Miller 2011), because one place's twinnings are not independent draws; the model-based ones are
printed beside them.  The fit is run on all twinnings and on international ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from twintowns.analysis.data import stamp
from twintowns.analysis.geography import pair_distances
from twintowns.analysis.graph import TwinGraph
from twintowns.analysis.nullmodel import block_codes
from twintowns.errors import InputError

MIN_CASES = 10
BAND_TERMS = (("< 50 km", 0.0, 50.0), ("50-200 km", 50.0, 200.0), ("200-800 km", 200.0, 800.0))
DEGREE_TERM = "ln(1 + partner degree)"
SCOPES = ("all", "international")
COLUMNS = (
    "scope",
    "term",
    "odds_ratio",
    "ci_low",
    "ci_high",
    "estimate",
    "std_error",
    "z",
    "model_std_error",
    "sets",
)
FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]
Matrix = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class MatchedSets:
    """The rows of a matched design: one case and its controls per set, sets contiguous.

    ``start`` holds each set's first row (the case); ``anchor`` and ``partner`` the places of
    each set (for clustering).
    """

    x: Matrix
    start: IntArray
    anchor: IntArray
    partner: IntArray
    terms: tuple[str, ...]

    @property
    def controls(self) -> int:
        """Control rows."""
        return len(self.x) - len(self.start)


@dataclass(frozen=True)
class GravityFit:
    """Odds ratios per term and scope (``scope, term, odds_ratio, ci_low, ci_high, estimate,
    std_error, z, model_std_error``; empty when no fit), the sizes and the design."""

    coefficients: pd.DataFrame
    cases: int
    controls: int
    note: str

    def coefficient(self, term: str, scope: str = "all") -> float:
        """One estimate (log odds ratio) by term and scope (NaN when absent)."""
        table = self.coefficients
        rows = table[(table["term"] == term) & (table["scope"] == scope)]
        return float(rows["estimate"].iloc[0]) if len(rows) else math.nan

    def sentence(self) -> str:
        """The fit in words: odds ratios per band against >= 800 km, and per degree doubling."""
        if not len(self.coefficients):
            return f"No gravity fit: {self.note}."
        parts = []
        for scope in SCOPES:
            bands = ", ".join(
                f"{term} ×{math.exp(self.coefficient(term, scope)):.3g}"
                for term, *_ in BAND_TERMS
                if not math.isnan(self.coefficient(term, scope))
            )
            if bands:
                parts.append(f"{scope} twinnings: {bands}")
        degree = 2 ** self.coefficient(DEGREE_TERM)
        return (
            f"Matched gravity fit ({self.cases:,} twinnings, {self.controls:,} controls; "
            f"{self.note}): odds of a twinning against partners >= 800 km away, "
            + "; ".join(parts)
            + f"; each doubling of a candidate's degree ×{degree:.2f}"
        )


def conditional_logit(sets: MatchedSets, iterations: int = 50) -> tuple[FloatArray, Matrix]:
    """Maximum-likelihood conditional logit by Newton-Raphson (case = first row of each set).

    Returns the estimates and the inverse Hessian (the model-based covariance).

    Raises
    ------
    InputError
        If the design is singular (a term that never varies within a set).
    """
    x, start = sets.x, sets.start
    beta = np.zeros(x.shape[1])
    inverse = np.eye(x.shape[1])
    for _ in range(iterations):
        _p, mean, hessian = _moments(x, start, beta)
        try:
            inverse = np.asarray(np.linalg.inv(hessian), dtype=float)
        except np.linalg.LinAlgError as exc:
            raise InputError(f"gravity fit: singular design ({exc})") from exc
        step = inverse @ (x[start] - mean).sum(axis=0)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-9:
            break
    return beta, inverse


def _moments(x: Matrix, start: IntArray, beta: FloatArray) -> tuple[FloatArray, Matrix, Matrix]:
    """Within-set choice probabilities, per-set expected covariates and the Hessian."""
    sizes = np.diff(np.append(start, len(x)))
    set_of = np.repeat(np.arange(len(start)), sizes)
    eta = x @ beta
    eta = eta - np.maximum.reduceat(eta, start)[set_of]  # no overflow in exp
    weight = np.exp(eta)
    p = weight / np.add.reduceat(weight, start)[set_of]
    mean = np.add.reduceat(p[:, None] * x, start, axis=0)
    hessian = (x * p[:, None]).T @ x - mean.T @ mean
    return p, mean, hessian


def clustered_covariance(sets: MatchedSets, beta: FloatArray, inverse: Matrix) -> Matrix:
    """Two-way cluster-robust covariance: by anchor + by partner - by set (the intersection)."""
    _p, mean, _h = _moments(sets.x, sets.start, beta)
    scores = sets.x[sets.start] - mean

    def meat(groups: IntArray) -> Matrix:
        summed = np.zeros((int(groups.max(initial=0)) + 1, scores.shape[1]))
        np.add.at(summed, groups, scores)
        return summed.T @ summed

    middle = meat(sets.anchor) + meat(sets.partner) - scores.T @ scores
    covariance: Matrix = inverse @ middle @ inverse
    if np.any(np.diag(covariance) <= 0):  # two-way can lose definiteness: fall back to one way
        covariance = inverse @ meat(sets.anchor) @ inverse
    return covariance


def _cases(
    tg: TwinGraph, usable: np.ndarray[Any, np.dtype[np.bool_]], rng: np.random.Generator
) -> IntArray:
    """Usable twinnings as (anchor, partner) rows, the anchor drawn at random."""
    ends = np.asarray(tg.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    ends = ends[usable[ends[:, 0]] & usable[ends[:, 1]]]
    flip = rng.random(len(ends)) < 0.5
    return np.where(flip[:, None], ends[:, ::-1], ends)


def _draw_controls(
    tg: TwinGraph,
    cases: IntArray,
    country: IntArray,
    usable: np.ndarray[Any, np.dtype[np.bool_]],
    k: int,
    rng: np.random.Generator,
) -> IntArray:
    """Up to ``k`` places per case from the partner's country, not twinned with the anchor
    (-1 where fewer were found)."""
    n = tg.graph.vcount()
    pool = np.flatnonzero(usable)
    pool = pool[np.argsort(country[pool], kind="stable")]
    pool_country = country[pool]
    wanted = country[cases[:, 1]]
    first = np.searchsorted(pool_country, wanted, side="left")
    count = np.searchsorted(pool_country, wanted, side="right") - first
    draws = 3 * k
    picks = pool[
        first[:, None] + np.floor(rng.random((len(cases), draws)) * count[:, None]).astype(np.int64)
    ]
    ends = np.asarray(tg.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    linked = np.sort(ends.min(axis=1) * n + ends.max(axis=1))
    anchor = cases[:, [0]]
    keys = np.minimum(anchor, picks) * n + np.maximum(anchor, picks)
    valid = (picks != anchor) & (picks != cases[:, [1]]) & ~np.isin(keys, linked)
    valid &= np.cumsum(valid, axis=1) <= k
    return np.where(valid, picks, -1)


def _covariates(tg: TwinGraph, anchor: IntArray, candidate: IntArray, degree: FloatArray) -> Matrix:
    km = pair_distances(tg, anchor, candidate)
    bands = [((km >= low) & (km < high)).astype(float) for _term, low, high in BAND_TERMS]
    return np.column_stack([*bands, np.log1p(degree)])


def matched_sets(
    tg: TwinGraph, *, controls: int = 5, seed: int = 0
) -> tuple[MatchedSets, IntArray]:
    """The matched design of the module docstring, and each set's partner country code."""
    located = ~np.isnan(tg.column("lat")) & ~np.isnan(tg.column("lon"))
    countries = tg.graph.vs["country"] if tg.graph.vcount() else []
    country = block_codes(countries)
    usable = located & np.asarray([c is not None for c in countries], dtype=bool)
    rng = np.random.default_rng(seed)
    cases = _cases(tg, usable, rng)
    drawn = _draw_controls(tg, cases, country, usable, controls, rng)
    degree = np.asarray(tg.graph.degree(), dtype=float)
    # rows: the case, then its controls; sets keep their order
    candidate = np.column_stack([cases[:, 1], drawn])
    kept = candidate >= 0
    set_of = np.repeat(np.arange(len(cases)), kept.sum(axis=1))
    rows = candidate[kept]
    own = degree[rows] - np.column_stack([np.ones(len(cases)), np.zeros(drawn.shape)])[kept]
    x = _covariates(tg, cases[set_of, 0], rows, own)
    start = (
        np.flatnonzero(np.r_[True, set_of[1:] != set_of[:-1]])
        if len(set_of)
        else np.zeros(0, dtype=np.int64)
    )
    terms = (*(t for t, *_ in BAND_TERMS), DEGREE_TERM)
    sets = MatchedSets(x, start.astype(np.int64), cases[:, 0], cases[:, 1], terms)
    return sets, np.asarray(country[cases[:, 0]] != country[cases[:, 1]], dtype=bool)


def _subset(sets: MatchedSets, keep: np.ndarray[Any, np.dtype[np.bool_]]) -> MatchedSets:
    """The sets where ``keep`` (per set) holds, and only the terms that vary within them."""
    sizes = np.diff(np.append(sets.start, len(sets.x)))
    rows = np.repeat(keep, sizes)
    x = sets.x[rows]
    start = np.append(0, np.cumsum(sizes[keep]))[:-1].astype(np.int64)
    varies = (
        np.asarray([np.ptp(x[:, j]) > 0 for j in range(x.shape[1])])
        if len(x)
        else np.zeros(0, dtype=bool)
    )
    _p, mean, _h = _moments(x[:, varies], start, np.zeros(int(varies.sum())))
    within = np.abs(x[start][:, varies] - mean).sum(axis=0) > 0  # varies inside some set
    columns = np.flatnonzero(varies)[within]
    return MatchedSets(
        x[:, columns],
        start,
        sets.anchor[keep],
        sets.partner[keep],
        tuple(sets.terms[j] for j in columns),
    )


def _table(sets: MatchedSets, scope: str) -> pd.DataFrame:
    beta, inverse = conditional_logit(sets)
    robust = np.sqrt(np.diag(clustered_covariance(sets, beta, inverse)))
    return pd.DataFrame(
        {
            "scope": scope,
            "term": list(sets.terms),
            "odds_ratio": np.exp(beta),
            "ci_low": np.exp(beta - 1.96 * robust),
            "ci_high": np.exp(beta + 1.96 * robust),
            "estimate": beta,
            "std_error": robust,
            "z": beta / robust,
            "model_std_error": np.sqrt(np.diag(inverse)),
            "sets": len(sets.start),
        }
    )


def gravity_fit(tg: TwinGraph, *, controls: int = 5, seed: int = 0) -> GravityFit:
    """Fit the matched gravity model (see the module docstring) on all and on international
    twinnings.

    Parameters
    ----------
    tg:
        The graph; places need coordinates and countries.
    controls:
        Unlinked places of the partner's country per twinning (fewer where the country has
        fewer).
    seed:
        Seed of the anchors and controls.

    Raises
    ------
    InputError
        If ``controls`` < 1.
    """
    if controls < 1:
        raise InputError(f"controls must be >= 1, not {controls}")
    sets, international = matched_sets(tg, controls=controls, seed=seed)
    design = (
        f"conditional logit, each twinning matched with up to {controls} untwinned places of the "
        f"partner's country (seed {seed}); reference band >= 800 km; two-way cluster-robust "
        "standard errors by anchor and partner place"
    )
    empty = pd.DataFrame(columns=list(COLUMNS))
    with_controls = np.asarray(np.diff(np.append(sets.start, len(sets.x))) > 1, dtype=bool)
    if with_controls.sum() < MIN_CASES:
        note = f"only {int(with_controls.sum())} twinnings have coordinates, countries and controls"
        return GravityFit(stamp(empty, tg.provenance), int(with_controls.sum()), 0, note)
    tables = []
    abroad = np.asarray(with_controls & international, dtype=bool)
    for scope, keep in (("all", with_controls), ("international", abroad)):
        chosen = _subset(sets, keep)
        if len(chosen.start) >= MIN_CASES and chosen.terms:
            tables.append(_table(chosen, scope))
    table = pd.concat(tables, ignore_index=True) if tables else empty
    used = _subset(sets, with_controls)
    return GravityFit(
        stamp(table, tg.provenance.with_method(design)), len(used.start), used.controls, design
    )
