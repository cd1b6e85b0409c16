"""A gravity-style fit: the odds of a twinning against distance and population.

This module owns a case-control logistic regression: every twinning whose sides have the
needed data is a case, random unlinked pairs of the same places are controls, and

    logit P(twinned) = b0 + b_pop * ln(pop_a * pop_b) + b_dist * ln(km)

is fitted by Newton-Raphson.  Sampling controls shifts only the intercept, so the slopes are
elasticities: doubling the distance multiplies the odds of a twinning by ``2 ** b_dist``.
Without populations (too few places have one) the fit uses distance alone and says so.
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
from twintowns.errors import InputError

MIN_CASES = 10
FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True)
class GravityFit:
    """The fitted coefficients (``term, estimate, std_error, z``; empty when no fit) and counts."""

    coefficients: pd.DataFrame
    cases: int
    controls: int
    note: str

    def coefficient(self, term: str) -> float:
        """One estimate by term name (NaN when absent)."""
        rows = self.coefficients[self.coefficients["term"] == term]
        return float(rows["estimate"].iloc[0]) if len(rows) else math.nan

    def sentence(self) -> str:
        """The distance elasticity in words."""
        slope = self.coefficient("log_distance")
        if math.isnan(slope):
            return f"No gravity fit: {self.note}."
        return (
            f"Gravity fit ({self.cases} twinnings, {self.controls} random pairs; {self.note}): "
            f"doubling the distance multiplies the odds of a twinning by {2**slope:.2f}"
        )


def logistic(x: FloatArray, y: FloatArray, iterations: int = 50) -> tuple[FloatArray, FloatArray]:
    """Maximum-likelihood logistic regression by Newton-Raphson; estimates and standard errors.

    Raises
    ------
    InputError
        If the design is singular (a constant or duplicated covariate).
    """
    beta = np.zeros(x.shape[1])
    hessian = np.eye(x.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x @ beta)))
        hessian = x.T @ (x * (p * (1 - p))[:, None])
        try:
            step = np.linalg.solve(hessian, x.T @ (y - p))
        except np.linalg.LinAlgError as exc:
            raise InputError(f"gravity fit: singular design ({exc})") from exc
        beta = beta + step
        if np.max(np.abs(step)) < 1e-9:
            break
    errors = np.sqrt(np.diag(np.linalg.pinv(hessian)))
    return beta, errors


def _controls(
    tg: TwinGraph, usable: IntArray, count: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray]:
    """``count`` random pairs of distinct usable places that are not twinned."""
    n = tg.graph.vcount()
    ends = np.asarray(tg.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    linked = ends.min(axis=1) * n + ends.max(axis=1)
    a, b = rng.choice(usable, size=3 * count), rng.choice(usable, size=3 * count)
    key = np.minimum(a, b) * n + np.maximum(a, b)
    keep = np.flatnonzero((a != b) & ~np.isin(key, linked))[:count]
    return a[keep], b[keep]


def _cases(tg: TwinGraph, usable: IntArray) -> tuple[IntArray, IntArray]:
    ends = np.asarray(tg.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    mask = np.isin(ends[:, 0], usable) & np.isin(ends[:, 1], usable)
    return ends[mask, 0], ends[mask, 1]


def _design(tg: TwinGraph, a: IntArray, b: IntArray, with_population: bool) -> FloatArray:
    columns = [np.ones(len(a))]
    if with_population:
        population = tg.column("population")
        columns.append(np.log(population[a] * population[b]))
    columns.append(np.log(np.maximum(pair_distances(tg, a, b), 1.0)))
    return np.column_stack(columns)


def _usable(tg: TwinGraph) -> tuple[IntArray, bool]:
    """Places the fit can use, and whether enough of their twinnings have populations."""
    population = tg.column("population")
    located = ~np.isnan(tg.column("lat")) & ~np.isnan(tg.column("lon"))
    with_pop = np.flatnonzero(located & (population > 0))
    if len(_cases(tg, with_pop)[0]) >= MIN_CASES:
        return with_pop, True
    return np.flatnonzero(located), False


def gravity_fit(tg: TwinGraph, *, controls: int = 5, seed: int = 0) -> GravityFit:
    """Fit the gravity-style model (see the module docstring).

    Parameters
    ----------
    tg:
        The graph; places need coordinates (and populations for the population term).
    controls:
        Random unlinked pairs per twinning.
    seed:
        Seed of the control sample.

    Raises
    ------
    InputError
        If ``controls`` < 1.
    """
    if controls < 1:
        raise InputError(f"controls must be >= 1, not {controls}")
    usable, use_population = _usable(tg)
    case_a, case_b = _cases(tg, usable)
    empty = pd.DataFrame(columns=["term", "estimate", "std_error", "z"])
    if len(case_a) < MIN_CASES:
        note = f"only {len(case_a)} twinnings have coordinates on both sides"
        return GravityFit(stamp(empty, tg.provenance), len(case_a), 0, note)
    rng = np.random.default_rng(seed)
    ctrl_a, ctrl_b = _controls(tg, usable, controls * len(case_a), rng)
    x = np.vstack(
        [_design(tg, case_a, case_b, use_population), _design(tg, ctrl_a, ctrl_b, use_population)]
    )
    y = np.concatenate([np.ones(len(case_a)), np.zeros(len(ctrl_a))])
    beta, errors = logistic(x, y)
    terms = ["intercept (case-control)", *(["log_population_product"] * use_population)]
    table = pd.DataFrame(
        {"term": [*terms, "log_distance"], "estimate": beta, "std_error": errors}
    ).assign(z=lambda f: f["estimate"] / f["std_error"])
    note = "distance and population" if use_population else "distance only (too few populations)"
    provenance = tg.provenance.with_method(f"case-control logistic fit, {controls} controls/case")
    return GravityFit(stamp(table, provenance), len(case_a), len(ctrl_a), note)
