"""Distance against null models that respect countries: per distance band, with intervals.

This module owns the comparison of the observed twinning distances with the four null models
of :class:`~twintowns.analysis.nullmodel.NullModel` (degree only; degree + continent pairs; a
degree-corrected country-block model; degree + country pairs) in four bands (< 50, 50-200,
200-800, >= 800 km), each from at least :data:`MIN_SAMPLES` seeded samples, the **border
effect** (twinnings under 50 km, international ones apart) reported separately from the
median, and the geography sentence of the report, which is derived from these numbers and set
against Kaltenbrunner et al. (2013).

Self-loops that the stub-matching and block models can draw are dropped; each sample's band
counts are rescaled to the observed number of measured twinnings so that all columns count
the same total.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from twintowns.analysis.data import Provenance, stamp
from twintowns.analysis.geography import DISTANCE_BINS, MIN_MEASURED, haversine_km
from twintowns.analysis.graph import TwinGraph
from twintowns.analysis.konect import KALTENBRUNNER_2013
from twintowns.analysis.nullmodel import NullModel, block_codes, null_edges
from twintowns.errors import InputError

BANDS: tuple[float, ...] = (0.0, 50.0, 200.0, 800.0, math.inf)
BAND_LABELS: tuple[str, ...] = ("< 50 km", "50-200 km", "200-800 km", ">= 800 km")
MIN_SAMPLES = 20  # fewer samples give intervals too coarse to quote
BORDER_KM = 50.0
FINE = np.asarray(DISTANCE_BINS, dtype=float)

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True)
class NullSamples:
    """One null model's samples: per sample the median distance, twinnings per band and
    international twinnings under 50 km (rows are samples), the self-loops dropped, and
    twinnings per fine distance bin (:data:`~.geography.DISTANCE_BINS`, for the plot)."""

    model: NullModel
    medians: FloatArray
    bands: FloatArray
    border_international: FloatArray
    self_loops: float
    fine: FloatArray


@dataclass(frozen=True)
class BandTest:
    """Observed twinning distances against several null models, per band.

    Attributes
    ----------
    observed_median, observed_bands, observed_border_international:
        Median distance (km), twinnings per band, international twinnings under 50 km.
    measured, unmeasured:
        Twinnings with and without coordinates on both sides.
    nulls:
        The samples of every null model.
    samples, coverage:
        Samples per model and the intervals' coverage (0.95: 2.5th to 97.5th percentile).
    provenance:
        What was measured.
    """

    observed_median: float
    observed_bands: IntArray
    observed_border_international: int
    measured: int
    unmeasured: int
    nulls: tuple[NullSamples, ...]
    samples: int
    coverage: float
    provenance: Provenance

    def _interval(self, values: FloatArray) -> tuple[float, float]:
        low, high = np.nanpercentile(values, [(1 - self.coverage) * 50, (1 + self.coverage) * 50])
        return float(low), float(high)

    def null(self, model: NullModel) -> NullSamples:
        """The samples of one model."""
        return next(n for n in self.nulls if n.model is model)

    def median_ratio(self, model: NullModel) -> tuple[float, float, float]:
        """Null median / observed median (> 1: partners closer than chance): mean and interval."""
        ratios = self.null(model).medians / self.observed_median
        return (float(np.nanmean(ratios)), *self._interval(ratios))

    def band_ratio(self, model: NullModel, band: int) -> tuple[float, float, float]:
        """Observed / expected twinnings in one band: ratio to the mean and its interval
        (observed over the interval's bounds of the expected count; inf when a bound is 0)."""
        expected = self.null(model).bands[:, band]
        low, high = self._interval(expected)
        observed = float(self.observed_bands[band])
        return (
            _ratio(observed, float(expected.mean())),
            _ratio(observed, high),
            _ratio(observed, low),
        )

    def table(self) -> pd.DataFrame:
        """One row per null model and band (``band = "median"`` for the median distance):
        ``model, band, observed, expected, expected_low, expected_high, ratio, ratio_low,
        ratio_high`` (ratio: observed/expected per band; null/observed for the median)."""
        rows = []
        for null in self.nulls:
            rows.append(self._median_row(null))
            for i, label in enumerate(BAND_LABELS):
                ratio = self.band_ratio(null.model, i)
                low, high = self._interval(null.bands[:, i])
                rows.append(
                    {
                        "model": null.model.value,
                        "band": label,
                        "observed": float(self.observed_bands[i]),
                        "expected": float(null.bands[:, i].mean()),
                        "expected_low": low,
                        "expected_high": high,
                        "ratio": ratio[0],
                        "ratio_low": ratio[1],
                        "ratio_high": ratio[2],
                    }
                )
        return stamp(pd.DataFrame(rows), self.provenance)

    def _median_row(self, null: NullSamples) -> dict[str, Any]:
        ratio = self.median_ratio(null.model)
        low, high = self._interval(null.medians)
        return {
            "model": null.model.value,
            "band": "median km",
            "observed": self.observed_median,
            "expected": float(np.nanmean(null.medians)),
            "expected_low": low,
            "expected_high": high,
            "ratio": ratio[0],
            "ratio_low": ratio[1],
            "ratio_high": ratio[2],
        }

    def overview(self) -> pd.DataFrame:
        """One row per null model: the null median and, per band, ``ratio [low-high]``."""
        rows = []
        for null in self.nulls:
            mean, low, high = (
                float(v) for v in (np.nanmean(null.medians), *self._interval(null.medians))
            )
            ratio = self.median_ratio(null.model)
            row = {
                "null model": null.model.value,
                "null median km": f"{mean:,.0f} [{low:,.0f}-{high:,.0f}]",
                "median ratio": _span(ratio),
            }
            row.update(
                {
                    label: _span(self.band_ratio(null.model, i))
                    for i, label in enumerate(BAND_LABELS)
                }
            )
            rows.append(row)
        return stamp(pd.DataFrame(rows), self.provenance)

    def border(self) -> pd.DataFrame:
        """The border effect per null model: twinnings under 50 km (all, and international)
        observed against expected with the interval."""
        rows = []
        for null in self.nulls:
            near, abroad = null.bands[:, 0], null.border_international
            rows.append(
                {
                    "null model": null.model.value,
                    "observed < 50 km": int(self.observed_bands[0]),
                    "expected < 50 km": _count_span(near, self._interval(near)),
                    "observed international < 50 km": self.observed_border_international,
                    "expected international < 50 km": _count_span(abroad, self._interval(abroad)),
                }
            )
        return stamp(pd.DataFrame(rows), self.provenance)


def _ratio(observed: float, expected: float) -> float:
    if expected > 0:
        return observed / expected
    return math.inf if observed else math.nan


def _span(values: tuple[float, float, float]) -> str:
    mean, low, high = values
    return f"{mean:.2f} [{low:.2f}-{high:.2f}]"


def _count_span(values: FloatArray, interval: tuple[float, float]) -> str:
    return f"{values.mean():,.0f} [{interval[0]:,.0f}-{interval[1]:,.0f}]"


@dataclass(frozen=True)
class _Places:
    """What every sample needs of the graph's places, computed once."""

    lat: FloatArray
    lon: FloatArray
    country: IntArray  # -1: unknown
    codes: dict[str, IntArray]
    ends: IntArray


def _places(tg: TwinGraph) -> _Places:
    countries = tg.graph.vs["country"] if tg.graph.vcount() else []
    code = block_codes(countries)
    unknown = np.asarray([c is None for c in countries], dtype=bool)
    return _Places(
        tg.column("lat"),
        tg.column("lon"),
        np.where(unknown, -1, code),
        {"country": code, "continent": block_codes(tg.graph.vs["continent"] if countries else [])},
        np.asarray(tg.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2),
    )


def _measure(places: _Places, ends: IntArray) -> tuple[FloatArray, FloatArray, float, int]:
    """Distances of the non-loop edges with coordinates, their bands, international twinnings
    under 50 km, and the number of self-loops (fine bins: ``np.histogram(km, FINE)``)."""
    loops = ends[:, 0] == ends[:, 1]
    a, b = ends[~loops, 0], ends[~loops, 1]
    km = haversine_km(places.lat[a], places.lon[a], places.lat[b], places.lon[b])
    ca, cb = places.country[a], places.country[b]
    foreign = (ca != cb) & (ca >= 0) & (cb >= 0)
    located = ~np.isnan(km)
    bands = np.histogram(km[located], bins=np.asarray(BANDS))[0].astype(float)
    abroad = float(np.count_nonzero(located & (km < BORDER_KM) & foreign))
    return km[located], bands, abroad, int(loops.sum())


def _samples(
    tg: TwinGraph, places: _Places, model: NullModel, samples: int, seed: int, measured: int
) -> NullSamples:
    medians, bands, abroad, fine, loops = [], [], [], [], 0
    for offset in range(samples):
        ends = null_edges(
            tg.graph,
            model,
            seed + offset,
            blocks=places.codes.__getitem__,
            rewire=tg.rewired,
            ends=places.ends,
        )
        km, counts, near_abroad, dropped = _measure(places, ends)
        scale = measured / len(km) if len(km) else math.nan  # same total as the observed
        medians.append(float(np.median(km)) if len(km) else math.nan)
        bands.append(counts * scale)
        abroad.append(near_abroad * scale)
        fine.append(np.histogram(km, bins=FINE)[0] * scale)
        loops += dropped
    return NullSamples(
        model,
        np.asarray(medians, dtype=float),
        np.asarray(bands, dtype=float).reshape(samples, len(BAND_LABELS)),
        np.asarray(abroad, dtype=float),
        loops / samples,
        np.asarray(fine, dtype=float).reshape(samples, len(FINE) - 1),
    )


def band_test(
    tg: TwinGraph,
    samples: int = MIN_SAMPLES,
    *,
    seed: int = 0,
    coverage: float = 0.95,
    models: tuple[NullModel, ...] = tuple(NullModel),
) -> BandTest:
    """Compare twinning distances with ``samples`` draws of each null model, per band.

    Parameters
    ----------
    tg:
        The graph; places need coordinates (and countries/continents for the stricter models).
    samples, seed:
        Draws per model (at least :data:`MIN_SAMPLES`) and the first seed.
    coverage:
        Coverage of the intervals.
    models:
        The null models to run (all four by default).

    Raises
    ------
    InputError
        If ``samples`` < :data:`MIN_SAMPLES` or ``coverage`` is not in (0, 1).
    """
    if samples < MIN_SAMPLES:
        raise InputError(f"samples must be >= {MIN_SAMPLES} for intervals, not {samples}")
    if not 0 < coverage < 1:
        raise InputError(f"coverage must be in (0, 1), not {coverage}")
    places = _places(tg)
    ends = places.ends
    km, bands, abroad, _loops = _measure(places, ends)
    nulls = tuple(_samples(tg, places, model, samples, seed, len(km)) for model in models)
    note = f"null models: {samples} samples each, seeds {seed}..{seed + samples - 1}; " + "; ".join(
        f"{m.value}: keeps {m.description}" for m in models
    )
    return BandTest(
        observed_median=float(np.median(km)) if len(km) else math.nan,
        observed_bands=bands.astype(np.int64),
        observed_border_international=int(abroad),
        measured=len(km),
        unmeasured=len(ends) - len(km),
        nulls=nulls,
        samples=samples,
        coverage=coverage,
        provenance=tg.provenance.with_method(note),
    )


def _explained(test: BandTest) -> float:
    """Share of the degree-only null's log-median gap that the country-pair null removes."""
    loose = math.log(test.median_ratio(NullModel.DEGREE)[0])
    strict = math.log(test.median_ratio(NullModel.COUNTRY_PAIRS)[0])
    return 1 - strict / loose if loose > 0 else math.nan


def _border_clause(test: BandTest) -> str:
    """The border effect under the strictest null, in words (empty when there is none)."""
    ratio, low, _high = test.band_ratio(NullModel.COUNTRY_PAIRS, 0)
    null = test.null(NullModel.COUNTRY_PAIRS)
    if not low > 1:
        return ""
    strength = "a strong border effect" if low >= 2 else "a border effect"
    return (
        f"; plus {strength}: {test.observed_bands[0]:,} twinnings under 50 km against "
        f"{null.bands[:, 0].mean():,.0f} expected (×{ratio:.1f}), international ones "
        f"{test.observed_border_international:,} against {null.border_international.mean():,.0f}"
    )


def _far_clause(test: BandTest) -> str:
    ratios = [test.band_ratio(NullModel.COUNTRY_PAIRS, i)[0] for i in (2, 3)]
    return (
        f"; from 200 km upward the observed/expected ratio is {min(ratios):.2f}-{max(ratios):.2f}"
    )


def geography_sentence(test: BandTest) -> str:
    """Whether and how distance matters, in plain words derived from the numbers.

    The degree-only null gives the raw gap; the degree + country-pair null (each place keeps
    its partners per country) says how much of it is the choice of countries.  Distance
    "works mainly through the choice of countries" when the strict null's median ratio is
    within 10 % of 1 (or its interval holds 1) while the loose one's is not; the border effect
    is reported apart, from the < 50 km band of the strict null.
    """
    have = {n.model for n in test.nulls}
    if test.measured < MIN_MEASURED:
        return (
            f"Cannot tell: only {test.measured} twinnings have coordinates on both sides "
            f"(at least {MIN_MEASURED} are needed)."
        )
    if not {NullModel.DEGREE, NullModel.COUNTRY_PAIRS} <= have:
        return "Cannot tell: the degree-only and the country-pair null models are both needed."
    loose, strict = test.median_ratio(NullModel.DEGREE), test.median_ratio(NullModel.COUNTRY_PAIRS)
    facts = (
        f"twinned places are a median {test.observed_median:,.0f} km apart ({test.measured:,} "
        f"measured twinnings), against {test.observed_median * loose[0]:,.0f} km when only every "
        f"place's number of partners is kept (ratio {loose[0]:.2f}) and "
        f"{test.observed_median * strict[0]:,.0f} km when each place also keeps its partners "
        f"per country (ratio {strict[0]:.2f} [{strict[1]:.2f}-{strict[2]:.2f}], "
        f"{test.samples} samples)"
    )
    cite = f"Kaltenbrunner et al. 2013 ({KALTENBRUNNER_2013.url})"
    strict_null = abs(strict[0] - 1) < 0.1 or strict[1] <= 1 <= strict[2]
    if abs(loose[0] - 1) < 0.1:
        head = f"Distance does not matter: {facts}"
        cite = f"as {cite} found"
    elif strict_null and loose[0] > 1:
        head = (
            f"Distance works mainly through the choice of countries "
            f"({_explained(test):.0%} of the log-median gap): {facts}"
        )
        cite = f"consistent with {cite}, who found pairing not influenced by proximity"
    elif loose[0] > 1:
        head = f"Distance matters beyond the choice of countries: {facts}"
        cite = f"contrary to {cite}"
    else:
        head = f"Partners are farther apart than chance: {facts}"
    return f"{head}{_border_clause(test)}{_far_clause(test)}; {cite}."
