"""Does distance matter?  Great-circle distances, a degree-preserving null model, a gravity fit.

This module owns the distance of every twinning (haversine on WGS84 coordinates), the
comparison of the observed distance distribution with rewired graphs that keep every place's
degree (several seeds, a confidence band per distance bin, link probability per bin from a
sample of place pairs), and the plain-words verdict.  The gravity-style logistic fit lives in
:mod:`twintowns.analysis.gravity`.  Twinnings with a side lacking coordinates are left out and
counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from twintowns.analysis.data import Provenance, stamp
from twintowns.analysis.graph import TwinGraph, edges_frame
from twintowns.analysis.nullmodel import rewired_series
from twintowns.errors import InputError

EARTH_RADIUS_KM = 6371.0088
# Doubling distance bins (km); the last edge is beyond half the Earth's circumference.
DISTANCE_BINS: tuple[float, ...] = (0, 25, 50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 20100)
MIN_MEASURED = 30  # fewer measured twinnings than this: no verdict
PAIR_SAMPLES = 200_000  # random place pairs that estimate how many pairs each bin holds

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]


def haversine_km(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Great-circle distance in km between points given in decimal degrees (NaN propagates)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1))), dtype=float)


def _ends(tg: TwinGraph, edges: list[tuple[int, int]] | None = None) -> tuple[IntArray, IntArray]:
    pairs = np.asarray(tg.graph.get_edgelist() if edges is None else edges, dtype=np.int64)
    pairs = pairs.reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def pair_distances(tg: TwinGraph, a: IntArray, b: IntArray) -> FloatArray:
    """Distances in km between vertex index arrays ``a`` and ``b`` of the graph."""
    lat, lon = tg.column("lat"), tg.column("lon")
    return haversine_km(lat[a], lon[a], lat[b], lon[b])


def edge_distances(tg: TwinGraph) -> pd.DataFrame:
    """Every twinning of the graph with its great-circle distance ``km`` (NaN when a side has
    no coordinates)."""
    frame = edges_frame(tg)
    a, b = _ends(tg)
    frame["km"] = pair_distances(tg, a, b)
    return stamp(frame, tg.provenance)


@dataclass(frozen=True)
class DistanceTest:
    """Observed twinning distances against a degree-preserving null model.

    Attributes
    ----------
    bins:
        Bin edges in km.
    observed:
        Twinnings per bin.
    null_mean, null_low, null_high:
        Rewired twinnings per bin: mean and the band's bounds across seeds.
    pair_share:
        Share of all pairs of places (with coordinates) per bin, from a random sample.
    places:
        Places with coordinates (pairs = places * (places - 1) / 2).
    observed_median, null_medians:
        Median distance of the data, and of each rewired graph.
    measured, unmeasured:
        Twinnings with and without coordinates on both sides.
    seeds, band:
        Number of rewired graphs and the band's coverage (0.95: 2.5th to 97.5th percentile).
    provenance:
        What was measured.
    """

    bins: FloatArray
    observed: IntArray
    null_mean: FloatArray
    null_low: FloatArray
    null_high: FloatArray
    pair_share: FloatArray
    places: int
    observed_median: float
    null_medians: FloatArray
    measured: int
    unmeasured: int
    seeds: int
    band: float
    provenance: Provenance

    def table(self) -> pd.DataFrame:
        """Per distance bin: counts, the null band, and link probabilities."""
        pairs = self.places * (self.places - 1) / 2 * self.pair_share
        with np.errstate(divide="ignore", invalid="ignore"):
            frame = pd.DataFrame(
                {
                    "from_km": self.bins[:-1],
                    "to_km": self.bins[1:],
                    "observed": self.observed,
                    "null_mean": self.null_mean,
                    "null_low": self.null_low,
                    "null_high": self.null_high,
                    "ratio": self.observed / self.null_mean,
                    "link_probability": np.where(pairs > 0, self.observed / pairs, np.nan),
                    "null_link_probability": np.where(pairs > 0, self.null_mean / pairs, np.nan),
                }
            )
        return stamp(frame, self.provenance)

    @property
    def null_median(self) -> float:
        """Mean of the rewired graphs' median distances."""
        return float(self.null_medians.mean()) if len(self.null_medians) else math.nan


def _measured(tg: TwinGraph, edges: list[tuple[int, int]] | None = None) -> FloatArray:
    a, b = _ends(tg, edges)
    distances = pair_distances(tg, a, b)
    return distances[~np.isnan(distances)]


def _pair_share(tg: TwinGraph, bins: FloatArray, samples: int, seed: int) -> tuple[FloatArray, int]:
    located = np.flatnonzero(~np.isnan(tg.column("lat")) & ~np.isnan(tg.column("lon")))
    if len(located) < 2:
        return np.zeros(len(bins) - 1), len(located)
    rng = np.random.default_rng(seed)
    a, b = rng.choice(located, size=samples), rng.choice(located, size=samples)
    distinct = a != b
    distances = pair_distances(tg, a[distinct], b[distinct])
    counts = np.histogram(distances, bins=bins)[0]
    return counts / max(counts.sum(), 1), len(located)


def _null_histograms(
    tg: TwinGraph, edges: FloatArray, seeds: int, seed: int
) -> tuple[FloatArray, FloatArray]:
    """Per rewired graph: twinnings per distance bin (rows) and the median distance."""
    counts, medians = [], []
    for graph in rewired_series(tg, seeds, seed):
        distances = _measured(tg, graph.get_edgelist())
        counts.append(np.histogram(distances, bins=edges)[0])
        medians.append(float(np.median(distances)) if len(distances) else math.nan)
    return np.asarray(counts, dtype=float), np.asarray(medians, dtype=float)


def distance_test(
    tg: TwinGraph,
    seeds: int = 10,
    *,
    band: float = 0.95,
    seed: int = 0,
    bins: tuple[float, ...] = DISTANCE_BINS,
) -> DistanceTest:
    """Compare twinning distances with ``seeds`` degree-preserving rewirings of the graph.

    Parameters
    ----------
    tg:
        The graph (places need coordinates to count).
    seeds, seed:
        Number of rewired graphs and the first seed (``seed .. seed + seeds - 1``); ``seed``
        also draws the ``PAIR_SAMPLES`` random place pairs that estimate pairs per bin.
    band, bins:
        Coverage of the per-bin band across rewired graphs; distance bin edges in km.

    Raises
    ------
    InputError
        If ``seeds`` < 1 or ``band`` is not in (0, 1).
    """
    if not 0 < band < 1:
        raise InputError(f"band must be in (0, 1), not {band}")
    edges = np.asarray(bins, dtype=float)
    share, places = _pair_share(tg, edges, PAIR_SAMPLES, seed)
    note = f"null model: {seeds} degree-preserving rewirings, seeds {seed}..{seed + seeds - 1}"
    return DistanceTest(
        **_observed_fields(tg, edges),
        **_null_fields(tg, edges, seeds, seed, band),
        pair_share=share,
        places=places,
        provenance=tg.provenance.with_method(note),
    )


def _null_fields(
    tg: TwinGraph, edges: FloatArray, seeds: int, seed: int, band: float
) -> dict[str, Any]:
    stack, medians = _null_histograms(tg, edges, seeds, seed)
    low, high = np.percentile(stack, [(1 - band) * 50, (1 + band) * 50], axis=0)
    return {
        "null_mean": stack.mean(axis=0),
        "null_low": low,
        "null_high": high,
        "null_medians": medians,
        "seeds": seeds,
        "band": band,
    }


def _observed_fields(tg: TwinGraph, edges: FloatArray) -> dict[str, Any]:
    observed = _measured(tg)
    return {
        "bins": edges,
        "observed": np.histogram(observed, bins=edges)[0],
        "observed_median": float(np.median(observed)) if len(observed) else math.nan,
        "measured": len(observed),
        "unmeasured": tg.graph.ecount() - len(observed),
    }


def near_ratio(test: DistanceTest, within_km: float = 800) -> float:
    """How many times more twinnings than the null model's mean lie within ``within_km``."""
    upper = test.bins[1:]
    near = upper <= within_km
    expected = float(test.null_mean[near].sum())
    return float(test.observed[near].sum()) / expected if expected else math.nan


def verdict(test: DistanceTest) -> str:
    """Whether distance matters, in plain words, against the null model.

    With ``ratio`` = (null model's median distance) / (observed median distance): distance
    does not matter when the observed median lies within the rewired graphs' range of medians
    or ``ratio`` is within 10 % of 1; it matters "a little" up to ``ratio`` 1.5 and "matters"
    beyond; below 0.9 partners are farther apart than chance ("the other way").
    """
    if test.measured < MIN_MEASURED:
        return (
            f"Cannot tell: only {test.measured} twinnings have coordinates on both sides "
            f"(at least {MIN_MEASURED} are needed)."
        )
    low, high = float(np.min(test.null_medians)), float(np.max(test.null_medians))
    facts = (
        f"twinned places are a median {test.observed_median:,.0f} km apart, against "
        f"{test.null_median:,.0f} km ({low:,.0f}-{high:,.0f}) in {test.seeds} random graphs "
        f"that keep every place's number of partners; {near_ratio(test):.1f} times as many "
        f"twinnings lie within 800 km as chance predicts"
    )
    ratio = test.null_median / test.observed_median if test.observed_median else math.inf
    if low <= test.observed_median <= high or abs(ratio - 1) < 0.1:
        return f"Distance does not matter: {facts}."
    if ratio < 1:
        return f"Distance matters the other way (partners are far apart): {facts}."
    if ratio < 1.5:
        return f"Distance matters a little: {facts}."
    return f"Distance matters: {facts}."
