"""Degree statistics: the distribution, its Gini coefficient and power-law fits.

The whole-distribution exponent uses KONECT's estimator, ``1 + n / sum(ln(d / d_min))``
(the continuous maximum-likelihood fit of ``powerlaw`` with ``xmin = d_min``); the tail exponent
is ``powerlaw``'s discrete fit with ``xmin`` chosen by the Kolmogorov-Smirnov distance (Clauset,
Shalizi and Newman 2009).  ``powerlaw`` gives likelihood-ratio tests against the exponential and
log-normal; the goodness-of-fit p-value KONECT prints is Clauset's semi-parametric bootstrap
(:func:`bootstrap_p`), each sample refitted with the vectorised search of
:mod:`~twintowns.analysis.powerfit`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import powerlaw

from twintowns.analysis import powerfit, tails
from twintowns.analysis.data import stamp
from twintowns.analysis.graph import TwinGraph
from twintowns.errors import InputError

IntArray = np.ndarray[tuple[int], np.dtype[np.int64]]
MIN_FIT = 10  # fewer places with a twinning than this: no tail fit


@dataclass(frozen=True, slots=True)
class PowerLawFit:
    """Power-law fits of a degree sequence (NaN where the data cannot support a fit).

    Attributes
    ----------
    exponent, dmin:
        KONECT's whole-distribution exponent and the minimum degree it uses.
    tail_exponent, tail_xmin, tail_sigma:
        Tail fit: exponent, the degree the tail starts at, the exponent's standard error.
    ks_distance:
        Kolmogorov-Smirnov distance of the tail fit.
    vs_exponential, vs_lognormal:
        ``powerlaw``'s normalised log-likelihood ratio R and its p-value (R > 0 favours the
        power law; p < 0.1 makes the sign meaningful).
    gof_p, gof_samples:
        Bootstrap goodness-of-fit p-value and the number of samples (None when not computed).
    comparisons, best, tail_n, best_ccdf:
        The tail against every alternative (:mod:`~twintowns.analysis.tails`), the
        distribution with the smallest AIC, the places in the tail, and the best
        distribution's CCDF as ``(degrees, share of the tail with at least that degree)``.
    """

    exponent: float
    dmin: int
    tail_exponent: float
    tail_xmin: float
    tail_sigma: float
    ks_distance: float
    vs_exponential: tuple[float, float]
    vs_lognormal: tuple[float, float]
    gof_p: float | None = None
    gof_samples: int = 0
    comparisons: tuple[tails.Comparison, ...] = ()
    best: str = "power_law"
    tail_n: int = 0
    best_ccdf: tuple[tuple[float, ...], tuple[float, ...]] = ((), ())

    @property
    def verdict(self) -> str:
        """The verdict in words (see :func:`twintowns.analysis.tails.verdict`)."""
        if not self.comparisons:
            return "No power-law verdict: too few places or distinct degrees for a tail fit."
        return tails.verdict(
            self.comparisons, self.best, self.gof_p, self.gof_samples, self.tail_n, self.tail_xmin
        )


@contextmanager
def _quiet() -> Iterator[None]:
    """``powerlaw`` warns on log(0) and on flat likelihoods; its results are checked instead."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def degrees(tg: TwinGraph) -> IntArray:
    """The degree of every place of the graph."""
    return np.asarray(tg.graph.degree(), dtype=np.int64)


def gini(values: IntArray) -> float:
    """Gini coefficient of non-negative values, ``sum_i (2i - n - 1) x_(i) / (n sum x)``.

    0 when all values are equal; tends to 1 when one value holds everything.  NaN when the
    values are empty or all zero.
    """
    n = len(values)
    total = float(values.sum()) if n else 0.0
    if total == 0:
        return math.nan
    ranks = np.arange(1, n + 1, dtype=float)
    return float(((2 * ranks - n - 1) * np.sort(values)).sum() / (n * total))


def konect_exponent(values: IntArray) -> tuple[float, int]:
    """KONECT's exponent ``1 + n / sum(ln(d / d_min))`` over positive degrees, and ``d_min``."""
    positive = values[values > 0]
    if len(positive) == 0 or positive.min() == positive.max():
        return math.nan, int(positive.min()) if len(positive) else 0
    dmin = int(positive.min())
    with _quiet():
        fit = powerlaw.Fit(positive, xmin=dmin, discrete=False, verbose=0)
        return float(fit.power_law.alpha), dmin


def _tail_fit(values: IntArray) -> powerlaw.Fit | None:
    """``powerlaw``'s discrete tail fit, its xmin found by :func:`~.powerfit.fit_tail` (the
    same search, vectorised: ``powerlaw`` would refit every candidate in Python)."""
    positive = values[values > 0]
    found = powerfit.fit_tail(positive) if len(positive) >= MIN_FIT else None
    if found is None:
        return None
    with _quiet():
        return powerlaw.Fit(positive, discrete=True, xmin=float(found.xmin), verbose=0)


def _compare(fit: powerlaw.Fit, other: str) -> tuple[float, float]:
    with _quiet():
        ratio, p = fit.distribution_compare("power_law", other, normalized_ratio=True)
    return float(ratio), float(p)


def fit_power_law(values: IntArray, *, gof_samples: int = 0, seed: int = 0) -> PowerLawFit:
    """Fit power laws to a degree sequence.

    Parameters
    ----------
    values:
        Degrees (zeros are ignored).
    gof_samples:
        Number of bootstrap samples for the goodness-of-fit p-value (0: not computed; KONECT's
        resolution of 0.002 needs 500).
    seed:
        Seed of the bootstrap.

    Raises
    ------
    InputError
        If ``gof_samples`` is negative.
    """
    if gof_samples < 0:
        raise InputError(f"gof_samples must be >= 0, not {gof_samples}")
    exponent, dmin = konect_exponent(values)
    fit = _tail_fit(values)
    nan2 = (math.nan, math.nan)
    try:
        if fit is None:
            raise ValueError("too few distinct degrees")
        with _quiet():  # powerlaw fits lazily, on first attribute access
            law = fit.power_law
            tail = (float(law.alpha), float(fit.xmin), float(law.standard_err), float(law.D))
            comparisons = (_compare(fit, "exponential"), _compare(fit, "lognormal"))
    except ValueError:  # powerlaw: "No data points in defined range" on tiny samples
        return PowerLawFit(exponent, dmin, math.nan, math.nan, math.nan, math.nan, nan2, nan2)
    gof = bootstrap_p(values, gof_samples, seed) if gof_samples else None
    return PowerLawFit(
        exponent, dmin, *tail, *comparisons, gof_p=gof, gof_samples=gof_samples, **_tail_fields(fit)
    )


def _tail_fields(fit: powerlaw.Fit) -> dict[str, Any]:
    """The alternatives, the best distribution and its CCDF over the tail's degree range."""
    with _quiet():
        found = tails.compare_tail(fit)
        best = tails.best_distribution(found, tails.power_law_aic(fit))
        data = np.asarray(fit.data, dtype=float)
        k = np.unique(np.round(np.geomspace(float(fit.xmin), float(data.max()), 40)))
        ccdf = tails.best_ccdf(fit, best, k)
    return {
        "comparisons": found,
        "best": best,
        "tail_n": len(data),
        "best_ccdf": (tuple(k.tolist()), tuple(float(v) for v in ccdf)),
    }


def _synthetic(values: IntArray, xmin: float, alpha: float, rng: np.random.Generator) -> IntArray:
    """One semi-parametric sample: the body resampled, the tail drawn from the fitted law."""
    body = values[values < xmin]
    n = len(values)
    tail_n = rng.binomial(n, 1 - len(body) / n) if len(body) else n
    u = rng.random(tail_n)
    tail = np.floor((xmin - 0.5) * (1 - u) ** (-1 / (alpha - 1)) + 0.5).astype(np.int64)
    head = rng.choice(body, size=n - tail_n) if len(body) else np.empty(0, dtype=np.int64)
    return np.concatenate([head, tail])


def bootstrap_p(values: IntArray, samples: int, seed: int = 0) -> float:
    """Clauset et al.'s goodness-of-fit p-value: the share of synthetic samples (body
    resampled, tail from the fit) whose own best fit (xmin searched again, as for the data)
    is at least as far (KS) as the data's.  Every fit is :func:`~.powerfit.fit_tail`.

    A p-value below 0.1 rules the power law out.  NaN when the data admit no tail fit.
    """
    rng = np.random.default_rng(seed)
    positive = values[values > 0]
    observed = powerfit.fit_tail(positive)
    if observed is None:
        return math.nan
    worse = 0
    for _ in range(samples):
        sample = _synthetic(positive, observed.xmin, observed.alpha, rng)
        found = powerfit.fit_tail(sample)
        worse += found is None or found.ks >= observed.ks
    return worse / samples


def degree_distribution(tg: TwinGraph) -> pd.DataFrame:
    """Places per degree: ``degree, places, share, ccdf`` (share with at least that degree)."""
    values = degrees(tg)
    counts = np.bincount(values) if len(values) else np.zeros(1, dtype=np.int64)
    present = np.nonzero(counts)[0]
    at_least = counts[::-1].cumsum()[::-1]
    total = max(len(values), 1)
    frame = pd.DataFrame(
        {
            "degree": present,
            "places": counts[present],
            "share": counts[present] / total,
            "ccdf": at_least[present] / total,
        }
    )
    return stamp(frame, tg.provenance)
