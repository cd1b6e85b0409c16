"""Clauset's discrete power-law fit, vectorised, for the goodness-of-fit bootstrap.

This module owns :func:`fit_tail`: for every candidate start of the tail (each distinct degree
but the largest) the exponent is estimated and the Kolmogorov-Smirnov distance between the
tail and the fitted law computed, all candidates at once on the degree histogram; the tail
starts where that distance is smallest (Clauset, Shalizi and Newman 2009).  It is the method
of ``powerlaw.Fit(data, discrete=True)`` with the same estimator per candidate, so that both
agree on the degrees (tested): the discrete approximation
``1 + n / sum(ln(k / (xmin - 1/2)))`` where ``xmin >= 10`` and it lies in (1.5, 3], else the
exact maximum-likelihood exponent (Hurwitz zeta normaliser) within ``powerlaw``'s default
range ``alpha <= 3``, found by a golden-section search on every candidate together; as in
``powerlaw``, a candidate whose exponent reaches that bound is not chosen (unless all do).
Both CDFs are ``P(X < k)`` at the distinct degrees, as in ``powerlaw``.

``powerlaw`` fits each candidate with scipy's Nelder-Mead in Python (about 0.8 s per sample
on the world graph); this fit takes milliseconds, which makes hundreds of bootstrap samples
affordable by default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]
ALPHA_MAX = 3.0  # powerlaw's default upper bound for the exponent
_ALPHA_MIN = 1.0 + 1e-6  # the discrete power law is not normalisable at alpha <= 1
_APPROX_FROM = 10  # powerlaw uses the discrete approximation from this xmin on
_GOLDEN = (math.sqrt(5) - 1) / 2
_STEPS = 40  # golden-section steps: the bracket shrinks to 1e-8


@dataclass(frozen=True, slots=True)
class TailFit:
    """The best tail of a degree sequence: its start, exponent, KS distance and size."""

    xmin: int
    alpha: float
    ks: float
    n: int


def _negative_loglik(alpha: FloatArray, n: FloatArray, logs: FloatArray, x: FloatArray) -> Any:
    return alpha * logs + n * np.log(special.zeta(alpha, x))


def _mle(n: FloatArray, logs: FloatArray, x: FloatArray) -> FloatArray:
    """Maximum-likelihood exponents of the discrete power law on ``[x, inf)`` for every
    candidate at once (the likelihood is log-concave in alpha, so golden section finds it)."""
    lo, hi = np.full_like(x, _ALPHA_MIN), np.full_like(x, ALPHA_MAX)
    a, b = hi - _GOLDEN * (hi - lo), lo + _GOLDEN * (hi - lo)
    fa, fb = _negative_loglik(a, n, logs, x), _negative_loglik(b, n, logs, x)
    for _ in range(_STEPS):
        left = fa < fb  # the minimum lies in [lo, b]
        hi, lo = np.where(left, b, hi), np.where(left, lo, a)
        a_new = np.where(left, hi - _GOLDEN * (hi - lo), b)
        b_new = np.where(left, a, lo + _GOLDEN * (hi - lo))
        # one new point per candidate, the other is kept: one zeta evaluation per step
        probe = _negative_loglik(np.where(left, a_new, b_new), n, logs, x)
        fa_new = np.where(left, probe, fb)
        fb_new = np.where(left, fa, probe)
        a, b, fa, fb = a_new, b_new, fa_new, fb_new
    return np.asarray((lo + hi) / 2, dtype=float)


def _exponents(n: FloatArray, logs: FloatArray, x: FloatArray) -> FloatArray:
    """powerlaw's exponent per candidate: the approximation where it applies, else the MLE."""
    with np.errstate(divide="ignore", invalid="ignore"):
        approx = 1 + n / (logs - n * np.log(x - 0.5))
    use = (x >= _APPROX_FROM) & (approx > 1.5) & (approx <= ALPHA_MAX)
    found = np.asarray(approx, dtype=float)
    fit = ~use
    if fit.any():
        found[fit] = _mle(n[fit], logs[fit], x[fit])
    return found


def _ks(values: FloatArray, tail_n: FloatArray, alpha: FloatArray) -> FloatArray:
    """KS distance of every candidate tail (row ``i`` starts at ``values[i]``).

    Only the cells inside a tail (column ``j >= i``) are evaluated: the others count 0.
    """
    k = len(alpha)
    rows, columns = np.triu_indices(k, m=len(values))
    with np.errstate(invalid="ignore"):
        model = (
            1 - special.zeta(alpha[rows], values[columns]) / special.zeta(alpha, values[:k])[rows]
        )
    empirical = 1 - tail_n[columns] / tail_n[rows]
    gap = np.zeros((k, len(values)))
    gap[rows, columns] = np.abs(model - empirical)
    return np.asarray(gap.max(axis=1), dtype=float)


def fit_tail(values: IntArray) -> TailFit | None:
    """The discrete power-law tail of ``values`` (zeros ignored) with xmin by KS distance.

    Returns None when fewer than three distinct positive values exist (no candidate pair).
    """
    positive = np.asarray(values)[np.asarray(values) > 0]
    distinct, counts = np.unique(positive, return_counts=True)
    if len(distinct) < 3:
        return None
    x = distinct.astype(float)
    tail_n = counts[::-1].cumsum()[::-1].astype(float)
    tail_logs = (counts * np.log(x))[::-1].cumsum()[::-1]
    k = len(distinct) - 1  # the largest value cannot start a tail
    alpha = _exponents(tail_n[:k], tail_logs[:k], x[:k])
    distances = _ks(x, tail_n, alpha)
    # powerlaw rejects candidates whose exponent sits on its bound (unless all do)
    valid = alpha < ALPHA_MAX - 1e-6
    best = int(np.nanargmin(np.where(valid, distances, np.inf) if valid.any() else distances))
    return TailFit(
        int(distinct[best]), float(alpha[best]), float(distances[best]), int(tail_n[best])
    )
