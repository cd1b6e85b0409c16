"""Is the degree distribution a power law?  The tail against its alternatives, and a verdict.

This module owns the comparison of the tail power law (degrees >= ``xmin``, chosen by
``powerlaw``) with the exponential, lognormal, stretched exponential and truncated power law
(Clauset, Shalizi and Newman 2009): Vuong's normalised log-likelihood ratio ``R`` (R < 0
favours the alternative) with its p-value, the Akaike information criterion that picks the
best-fitting distribution, the CCDF of that distribution for the degree plot, and the
verdict in words.

``powerlaw`` fits the discrete truncated power law through mpmath's Lerch function, which
takes tens of seconds on the world graph; here it is fitted by direct maximum likelihood on
``p(k) ~ k^-alpha exp(-lambda k)`` with the normaliser summed numerically (the same model; the
ratio test against the nested power law uses Wilks' chi-square with one degree of freedom).
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np
import powerlaw
from scipy import optimize, special

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
ALTERNATIVES = ("exponential", "lognormal", "stretched_exponential", "truncated_power_law")
NAMES = {
    "power_law": "power law",
    "exponential": "exponential",
    "lognormal": "lognormal",
    "stretched_exponential": "stretched exponential",
    "truncated_power_law": "truncated power law",
}
PARAMETERS = {
    "power_law": 1,
    "exponential": 1,
    "lognormal": 2,
    "stretched_exponential": 2,
    "truncated_power_law": 2,
}
GOF_LEVEL = 0.1  # Clauset et al.: p below this rules the power law out
_SUM_LIMIT = 20_000  # degrees summed in the truncated power law's normaliser


@dataclass(frozen=True, slots=True)
class Comparison:
    """The power law against one alternative on the tail.

    ``ratio`` is the normalised log-likelihood ratio (power law minus alternative; negative
    favours the alternative), ``p`` its significance, ``aic`` the alternative's AIC.
    """

    alternative: str
    ratio: float
    p: float
    aic: float


@dataclass(frozen=True, slots=True)
class TruncatedPowerLaw:
    """A discrete truncated power law fitted on ``k >= xmin``."""

    alpha: float
    lam: float
    xmin: int

    def log_pmf(self, k: FloatArray) -> FloatArray:
        """Log probability of each degree (``k >= xmin``)."""
        return np.asarray(-self.alpha * np.log(k) - self.lam * k - _log_norm(self), dtype=float)

    def ccdf(self, k: FloatArray) -> FloatArray:
        """Share of the tail with degree >= each ``k``."""
        support = np.arange(self.xmin, self.xmin + _SUM_LIMIT, dtype=float)
        tail = np.exp(self.log_pmf(support))[::-1].cumsum()[::-1]
        index = np.clip(np.asarray(k, dtype=np.int64) - self.xmin, 0, len(support) - 1)
        return np.asarray(tail[index], dtype=float)


def _log_norm(model: TruncatedPowerLaw) -> float:
    support = np.arange(model.xmin, model.xmin + _SUM_LIMIT, dtype=float)
    terms = -model.alpha * np.log(support) - model.lam * support
    peak = float(terms.max())
    return peak + math.log(float(np.exp(terms - peak).sum()))


def fit_truncated(tail: FloatArray, xmin: int) -> TruncatedPowerLaw:
    """Maximum-likelihood discrete truncated power law on the tail (``lambda >= 0``)."""

    def negative(theta: FloatArray) -> float:
        model = TruncatedPowerLaw(float(theta[0]), float(theta[1]), xmin)
        return -float(model.log_pmf(tail).sum())

    found = optimize.minimize(
        negative,
        x0=np.asarray([1.5, 0.01]),
        bounds=[(0.01, 6.0), (0.0, 5.0)],
        method="L-BFGS-B",
    )
    return TruncatedPowerLaw(float(found.x[0]), float(found.x[1]), xmin)


_TRUNCATED: weakref.WeakKeyDictionary[powerlaw.Fit, TruncatedPowerLaw] = weakref.WeakKeyDictionary()


def _truncated(fit: powerlaw.Fit) -> TruncatedPowerLaw:
    """:func:`fit_truncated` on the tail of ``fit``, once per fit: the comparison and the
    best distribution's CCDF share it (the same deterministic optimisation, a tenth of a
    second each)."""
    found = _TRUNCATED.get(fit)
    if found is None:
        found = _TRUNCATED[fit] = fit_truncated(np.asarray(fit.data, dtype=float), int(fit.xmin))
    return found


def _vuong(first: FloatArray, second: FloatArray) -> tuple[float, float]:
    """Normalised log-likelihood ratio and its two-sided p-value (non-nested models)."""
    difference = first - second
    spread = float(difference.std())
    if spread == 0:
        return 0.0, 1.0
    ratio = float(difference.sum()) / (spread * math.sqrt(len(difference)))
    return ratio, float(math.erfc(abs(ratio) / math.sqrt(2)))


def compare_tail(fit: powerlaw.Fit) -> tuple[Comparison, ...]:
    """The tail power law against every alternative of :data:`ALTERNATIVES`."""
    tail = np.asarray(fit.data, dtype=float)
    power = np.asarray(fit.power_law.loglikelihoods(tail), dtype=float)
    found = []
    for name in ALTERNATIVES:
        if name == "truncated_power_law":
            other = _truncated(fit).log_pmf(tail)
            ratio, _p = _vuong(power, other)
            # nested: chi-squared (1 degree of freedom) survival, scipy.stats.chi2.sf's own
            # function (scipy.stats itself, half a second to import, is not needed)
            p = float(special.chdtrc(1, 2 * abs(float((power - other).sum()))))
        else:
            other = np.asarray(getattr(fit, name).loglikelihoods(tail), dtype=float)
            r, p = fit.distribution_compare("power_law", name, normalized_ratio=True)
            ratio, p = float(r), float(p)
        found.append(Comparison(name, ratio, p, _aic(other, name)))
    return tuple(found)


def _aic(loglikelihoods: FloatArray, name: str) -> float:
    return 2 * PARAMETERS[name] - 2 * float(np.nansum(loglikelihoods))


def power_law_aic(fit: powerlaw.Fit) -> float:
    """AIC of the tail power law."""
    tail = np.asarray(fit.data, dtype=float)
    return _aic(np.asarray(fit.power_law.loglikelihoods(tail), dtype=float), "power_law")


def best_distribution(comparisons: tuple[Comparison, ...], power_aic: float) -> str:
    """The distribution with the smallest AIC on the tail (``power_law`` or an alternative)."""
    best, value = "power_law", power_aic
    for comparison in comparisons:
        if comparison.aic < value:
            best, value = comparison.alternative, comparison.aic
    return best


def best_ccdf(fit: powerlaw.Fit, best: str, k: FloatArray) -> FloatArray:
    """CCDF of the best distribution at degrees ``k >= xmin``, conditional on the tail."""
    if best == "truncated_power_law":
        return _truncated(fit).ccdf(k)
    distribution = getattr(fit, best)
    # powerlaw's discrete CCDF is P(X > k); shift by one to get the share with at least k
    shifted = np.maximum(np.asarray(k, dtype=float) - 1, float(fit.xmin))  # powerlaw trims < xmin
    below = np.asarray(distribution.ccdf(shifted), dtype=float)
    return np.where(np.asarray(k) <= fit.xmin, 1.0, below)


def verdict(
    comparisons: tuple[Comparison, ...],
    best: str,
    gof_p: float | None,
    samples: int,
    tail_n: int,
    xmin: float,
) -> str:
    """The power-law verdict in words: the bootstrap p-value, who beats the power law, and the
    best-fitting distribution by AIC."""
    tail = f"the tail (degree >= {xmin:g}, {tail_n:,} places)"
    if gof_p is None:
        head = "Power law not tested (no bootstrap samples)"
    elif gof_p < GOF_LEVEL:
        head = f"Not a power law: bootstrap p = {gof_p:.3f} < {GOF_LEVEL} ({samples} samples)"
    else:
        head = f"A power law is plausible: bootstrap p = {gof_p:.3f} ({samples} samples)"
    better = [c for c in comparisons if c.ratio < 0 and c.p < GOF_LEVEL]
    beaten = (
        "; "
        + ", ".join(f"{NAMES[c.alternative]} (R = {c.ratio:+.2f})" for c in better)
        + " fit significantly better"
        if better
        else "; no alternative fits significantly better"
    )
    return f"{head}{beaten}; best on {tail} by AIC: {NAMES[best]}."
