"""The network summary in KONECT's format, printed beside KONECT's published "twin" figures.

This module owns :class:`NetworkSummary` (every statistic of KONECT's page that the issue asks
for), :func:`summarise` (igraph, scipy and powerlaw calls on one graph) and
:func:`summary_table` (our numbers, KONECT's, and how each was computed).  Conventions follow
KONECT: degree statistics over all places with an edge; distances, diameter and algebraic
connectivity over the largest connected component; transitivity is ``3 triangles / wedges``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.linalg import LinearOperator, eigsh, splu

from twintowns.analysis import forked
from twintowns.analysis.data import Provenance, RegistryData, stamp
from twintowns.analysis.degrees import IntArray, PowerLawFit, degrees, fit_power_law, gini
from twintowns.analysis.graph import TwinGraph, wikidata_subgraph
from twintowns.analysis.konect import KONECT_TWIN, KONECT_TWIN_FIGURES
from twintowns.analysis.paths import (
    DistanceStats,
    distance_stats,
    exact_affordable,
    largest_component,
)

_DENSE_LIMIT = 400  # below this many vertices the Laplacian is diagonalised densely
GOF_SAMPLES = 100  # bootstrap samples by default: p to 0.01, well under a second (powerfit)


@dataclass(frozen=True)
class NetworkSummary:
    """KONECT's statistics of one graph (NaN where a statistic is undefined, e.g. no edges)."""

    nodes: int
    edges: int
    mean_degree: float
    max_degree: int
    lcc_nodes: int
    lcc_share: float
    diameter: int
    mean_distance: float
    median_distance: int
    effective_diameter_50: float
    effective_diameter_90: float
    triangles: int
    wedges: int
    transitivity: float
    assortativity: float
    gini: float
    power_law_exponent: float
    tail_power_law_exponent: float
    tail_power_law_p: float | None
    algebraic_connectivity: float
    distances: DistanceStats
    power_law: PowerLawFit
    provenance: Provenance


def laplacian(graph: ig.Graph) -> sp.csc_matrix:
    """The combinatorial Laplacian ``D - A`` of an undirected simple graph, sparse."""
    n = graph.vcount()
    ends = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    ones = np.ones(len(ends))
    adjacency = sp.coo_matrix((ones, (ends[:, 0], ends[:, 1])), shape=(n, n)).tocsr()
    adjacency = adjacency + adjacency.T
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    return sp.csc_matrix(sp.diags(degree) - adjacency)


def algebraic_connectivity(graph: ig.Graph) -> float:
    """Second-smallest Laplacian eigenvalue of a connected graph (NaN below two vertices).

    Large graphs use shift-invert Lanczos around a small negative shift, with a minimum-degree
    ordering of the factorisation (0.5 s on 10,000 places).
    """
    n = graph.vcount()
    if n < 2:
        return math.nan
    matrix = laplacian(graph)
    if n <= _DENSE_LIMIT:
        return float(np.linalg.eigvalsh(matrix.toarray())[1])
    sigma = -1e-3
    # the shifted Laplacian is symmetric positive definite: no pivoting needed (a third faster)
    factor = splu(
        sp.csc_matrix(matrix - sigma * sp.identity(n)),
        permc_spec="MMD_AT_PLUS_A",
        diag_pivot_thresh=0,
        options={"SymmetricMode": True},
    )
    inverse = LinearOperator((n, n), matvec=factor.solve, dtype=float)
    values = eigsh(matrix, k=2, sigma=sigma, which="LM", OPinv=inverse, return_eigenvectors=False)
    return float(np.sort(values)[1])


def summarise(
    tg: TwinGraph,
    *,
    path_sources: int | Literal["auto"] | None = "auto",
    seed: int = 0,
    gof_samples: int = GOF_SAMPLES,
) -> NetworkSummary:
    """Compute the KONECT-style summary of a twinning graph.

    Parameters
    ----------
    tg:
        The graph (see :func:`~twintowns.analysis.graph.build_graph`).
    path_sources, seed:
        Distances are estimated from ``path_sources`` random breadth-first sources drawn with
        ``seed`` when the largest component has more than three times as many places, else
        (and when None) measured over all pairs (:func:`~.paths.distance_stats`); "auto"
        measures all pairs when that takes under a minute (:func:`~.paths.exact_affordable`)
        and samples 1000 sources otherwise.
    gof_samples:
        Bootstrap samples for the power-law goodness-of-fit p-value (seeded with ``seed``;
        0: not computed).

    The summary, its distances and its power-law fit are computed once per graph and
    arguments (:meth:`~.graph.TwinGraph.memo`), so the report and its sections share them.

    Raises
    ------
    InputError
        If ``path_sources`` < 1 or ``gof_samples`` < 0.
    """
    key = f"summary:{path_sources}:{seed}:{gof_samples}"
    return tg.memo(key, lambda: _summarise(tg, path_sources, seed, gof_samples))


def _summarise(
    tg: TwinGraph, path_sources: int | Literal["auto"] | None, seed: int, gof_samples: int
) -> NetworkSummary:
    g = tg.graph
    values = degrees(tg)
    giant = tg.memo("giant", lambda: largest_component(g))
    if path_sources == "auto":
        path_sources = None if exact_affordable(giant) else 1000
    # the report, the summary and history share these (one graph, one computation)
    distances = tg.memo(
        f"distances:{path_sources}:{seed}", lambda: distance_stats(giant, path_sources, seed)
    )
    fit = tg.memo(
        f"power_law:{gof_samples}:{seed}",
        lambda: fit_power_law(values, gof_samples=gof_samples, seed=seed),
    )
    return NetworkSummary(
        **_degree_fields(g, values),
        **_structure_fields(g, values),
        **_path_fields(g, giant, distances),
        power_law_exponent=fit.exponent,
        tail_power_law_exponent=fit.tail_exponent,
        tail_power_law_p=fit.gof_p,
        power_law=fit,
        provenance=tg.provenance.with_method(distances.method),
    )


def summarise_with_wikidata(
    data: RegistryData,
    tg: TwinGraph,
    *,
    path_sources: int | Literal["auto"] | None = "auto",
    seed: int = 0,
    gof_samples: int = GOF_SAMPLES,
    fork: bool = True,
) -> tuple[NetworkSummary, TwinGraph, NetworkSummary]:
    """The summary of ``tg`` (built from ``data``), the Wikidata-only subgraph of the same
    date and its summary (KONECT's like-for-like column), with the same arguments.

    With ``fork`` the subgraph is summarised in a forked process meanwhile (same numbers:
    every random choice is seeded), which halves the wall time on two cores.
    """
    sub = wikidata_subgraph(data, tg.as_of, whole=tg)
    wait = forked.start(
        lambda: summarise(sub, path_sources=path_sources, seed=seed, gof_samples=gof_samples),
        fork=fork,
    )
    found = summarise(tg, path_sources=path_sources, seed=seed, gof_samples=gof_samples)
    return found, sub, wait()


def _path_fields(g: ig.Graph, giant: ig.Graph, distances: DistanceStats) -> dict[str, Any]:
    return {
        "lcc_nodes": giant.vcount(),
        "lcc_share": giant.vcount() / g.vcount() if g.vcount() else math.nan,
        "diameter": distances.diameter,
        "mean_distance": distances.mean,
        "median_distance": distances.median,
        "effective_diameter_50": distances.effective_diameter(0.5),
        "effective_diameter_90": distances.effective_diameter(0.9),
        "algebraic_connectivity": algebraic_connectivity(giant),
        "distances": distances,
    }


def _degree_fields(g: ig.Graph, values: IntArray) -> dict[str, Any]:
    n, m = g.vcount(), g.ecount()
    return {
        "nodes": n,
        "edges": m,
        "mean_degree": 2 * m / n if n else math.nan,
        "max_degree": int(values.max()) if n else 0,
        "gini": gini(values),
    }


def _structure_fields(g: ig.Graph, values: IntArray) -> dict[str, Any]:
    triangles = len(g.list_triangles())
    wedges = int((values * (values - 1) // 2).sum())
    return {
        "triangles": triangles,
        "wedges": wedges,
        "transitivity": 3 * triangles / wedges if wedges else math.nan,
        "assortativity": float(g.assortativity_degree(directed=False)) if g.ecount() else math.nan,
    }


# (field, label, KONECT symbol, note on method)
_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("nodes", "Places (nodes)", "n", "places with at least one twinning"),
    ("edges", "Twinnings (edges)", "m", ""),
    ("mean_degree", "Mean degree", "d", "2m / n"),
    ("max_degree", "Maximum degree", "dmax", ""),
    ("lcc_nodes", "Largest component (places)", "N", ""),
    ("lcc_share", "Largest component share", "N/n", ""),
    ("diameter", "Diameter", "δ", "largest component, exact (iFUB)"),
    ("mean_distance", "Mean distance", "δm", "largest component"),
    ("median_distance", "Median distance", "δM", "largest component"),
    ("effective_diameter_50", "50 % effective diameter", "δ0.5", "interpolated"),
    ("effective_diameter_90", "90 % effective diameter", "δ0.9", "interpolated"),
    ("triangles", "Triangles", "t", ""),
    ("wedges", "Wedges", "s", "sum d(d-1)/2"),
    ("transitivity", "Transitivity (clustering)", "c", "3t / s"),
    ("assortativity", "Degree assortativity", "ρ", "Pearson, edge ends"),
    ("gini", "Gini of degrees", "G", ""),
    ("power_law_exponent", "Power-law exponent", "γ", "1 + n / Σ ln(d/dmin) (powerlaw)"),
    ("tail_power_law_exponent", "Tail power-law exponent", "γt", "powerlaw, xmin by KS"),
    ("tail_power_law_p", "Tail power-law p-value", "p", "bootstrap goodness of fit"),
    ("algebraic_connectivity", "Algebraic connectivity", "a", "λ2 of the Laplacian, LCC"),
)

# The rows compared over time: the structure, not the fits.
_FITS = frozenset(
    {"power_law_exponent", "tail_power_law_exponent", "tail_power_law_p", "algebraic_connectivity"}
)
_TIME_ROWS = tuple(row for row in _ROWS if row[0] not in _FITS)
_SAMPLED = frozenset(
    {"mean_distance", "median_distance", "effective_diameter_50", "effective_diameter_90"}
)


def _note(summary: NetworkSummary, key: str, base: str) -> str:
    fit = summary.power_law
    if key == "tail_power_law_exponent" and not math.isnan(fit.tail_xmin):
        return f"{base}; xmin = {fit.tail_xmin:g}, σ = {fit.tail_sigma:.3f}"
    if key == "tail_power_law_p":
        if fit.gof_p is None:
            return f"not computed (gof_samples=0); {fit.verdict}"
        return f"{base}, {fit.gof_samples} samples (seed {summary.distances.seed}); {fit.verdict}"
    if key == "nodes" and fit.tail_n:
        return f"{base}; degree tail from {fit.tail_xmin:g}: {fit.tail_n:,} places"
    if key in _SAMPLED:
        d = summary.distances
        if d.exact:
            return f"{base}, exact: all {d.pairs:,} pairs"
        return f"{base}, sampled: {d.sources:,} breadth-first sources (seed {d.seed})"
    return base


def summary_table(
    summary: NetworkSummary,
    reference: dict[str, float] | None = None,
    *,
    wikidata: NetworkSummary | None = None,
) -> pd.DataFrame:
    """Our statistics beside KONECT's published "twin" figures.

    Columns: ``statistic, symbol, ours, konect, note``, and ``wikidata_only`` (before
    ``konect``) when ``wikidata`` is given: the like-for-like column, computed on the
    subgraph of twinnings with a Wikidata-sourced claim (:func:`wikidata_subgraph`), since
    KONECT's graph is Wikidata only.  ``konect`` is copied from
    :data:`~twintowns.analysis.konect.KONECT_TWIN_FIGURES` (a published reference, not a
    result).
    """
    published = KONECT_TWIN_FIGURES if reference is None else reference
    rows = []
    for key, label, symbol, note in _ROWS:
        row: dict[str, object] = {"statistic": label, "symbol": symbol}
        row["ours"] = _value(getattr(summary, key))
        if wikidata is not None:
            row["wikidata_only"] = _value(getattr(wikidata, key))
        row["konect"] = published.get(key, math.nan)
        row["note"] = _note(summary, key, note)
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["reference"] = KONECT_TWIN
    if wikidata is not None:
        frame.attrs["wikidata"] = wikidata.provenance
    return stamp(frame, summary.provenance)


def over_time_table(summaries: Sequence[NetworkSummary]) -> pd.DataFrame:
    """Several summaries (the network in 1960, 1990, today) side by side, one column each,
    headed by the graph's date (``today`` for the present); the fits are left out."""
    columns: dict[str, list[float]] = {}
    for summary in summaries:
        when = summary.provenance.as_of
        column = when.isoformat() if when else "today"
        columns[column] = [_value(getattr(summary, key)) for key, *_ in _TIME_ROWS]
    frame = pd.DataFrame(columns, index=[label for _key, label, *_ in _TIME_ROWS])
    frame.index.name = "statistic"
    if summaries:
        stamp(frame, summaries[-1].provenance)
    return frame


def _value(value: float | int | None) -> float:
    return math.nan if value is None else float(value)
