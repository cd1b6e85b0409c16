"""Homophily: do places twin with places like themselves?

This module owns assortativity by degree, population (log), continent, country and
administrative level, each beside the same coefficient on degree-preserving rewired graphs (so
"+0.3" can be read against what the degree sequence alone produces), and the same-name pairs
(Toledo-Toledo, Cordoba-Cordoba) with how many chance would give.  Each coefficient uses only
the places that have the attribute and the twinnings between them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import igraph as ig
import numpy as np
import pandas as pd

from twintowns.analysis.data import stamp
from twintowns.analysis.graph import TwinGraph
from twintowns.analysis.nullmodel import rewired_series

Coefficient = Callable[[ig.Graph], tuple[float, int, int]]


def _numeric(attribute: str, transform: Callable[[float], float]) -> Coefficient:
    def measure(graph: ig.Graph) -> tuple[float, int, int]:
        """Coefficient over places with a positive value, with places and twinnings used."""
        values = graph.vs[attribute]
        keep = [i for i, v in enumerate(values) if v is not None and v == v and v > 0]
        sub = graph.induced_subgraph(keep)
        if sub.ecount() < 2:
            return math.nan, len(keep), sub.ecount()
        found = sub.assortativity([transform(v) for v in sub.vs[attribute]], directed=False)
        return float(found), len(keep), sub.ecount()

    return measure


def _nominal(attribute: str) -> Coefficient:
    def measure(graph: ig.Graph) -> tuple[float, int, int]:
        """Coefficient over places with a value, with places and twinnings used."""
        values = graph.vs[attribute]
        keep = [i for i, v in enumerate(values) if v]
        sub = graph.induced_subgraph(keep)
        if sub.ecount() < 2:
            return math.nan, len(keep), sub.ecount()
        codes = {v: i for i, v in enumerate(sorted(set(sub.vs[attribute])))}
        types = [codes[v] for v in sub.vs[attribute]]
        return float(sub.assortativity_nominal(types, directed=False)), len(keep), sub.ecount()

    return measure


def _degree(graph: ig.Graph) -> tuple[float, int, int]:
    if graph.ecount() < 2:
        return math.nan, graph.vcount(), graph.ecount()
    return float(graph.assortativity_degree(directed=False)), graph.vcount(), graph.ecount()


COEFFICIENTS: dict[str, tuple[str, Coefficient]] = {
    "degree": ("numeric", _degree),
    "population (log)": ("numeric", _numeric("population", math.log)),
    "continent": ("nominal", _nominal("continent")),
    "country": ("nominal", _nominal("country")),
    "level": ("nominal", _nominal("level")),
}


def assortativity_table(tg: TwinGraph, *, seeds: int = 5, seed: int = 0) -> pd.DataFrame:
    """Assortativity coefficients, observed and on ``seeds`` rewired graphs.

    Columns: ``attribute, kind, places, twinnings, assortativity, null_mean, null_sd``
    (NaN where fewer than two twinnings have the attribute on both sides).

    Raises
    ------
    InputError
        If ``seeds`` < 1.
    """
    null: dict[str, list[float]] = {name: [] for name in COEFFICIENTS}
    for graph in rewired_series(tg, seeds, seed):
        for name, (_kind, measure) in COEFFICIENTS.items():
            null[name].append(measure(graph)[0])
    rows = []
    for name, (kind, measure) in COEFFICIENTS.items():
        value, places, twinnings = measure(tg.graph)
        draws = np.asarray(null[name], dtype=float)
        finite = draws[~np.isnan(draws)]
        rows.append(
            {
                "attribute": name,
                "kind": kind,
                "places": places,
                "twinnings": twinnings,
                "assortativity": value,
                "null_mean": float(finite.mean()) if len(finite) else math.nan,
                "null_sd": float(finite.std()) if len(finite) else math.nan,
            }
        )
    note = f"null: {seeds} degree-preserving rewirings (seeds {seed}..{seed + seeds - 1})"
    return stamp(pd.DataFrame(rows), tg.provenance.with_method(note))


def _same_name_edges(graph: ig.Graph, names: list[frozenset[str]]) -> list[tuple[int, int, str]]:
    found = []
    for a, b in graph.get_edgelist():
        shared = names[a] & names[b]
        if shared:
            found.append((a, b, sorted(shared)[0]))
    return found


def same_name_pairs(tg: TwinGraph, *, seeds: int = 5, seed: int = 0) -> pd.DataFrame:
    """Twinnings whose two places share a name (any name, compared case- and accent-free).

    Columns: ``twinning, shared_name, a, a_name, a_country, b, b_name, b_country``.
    ``frame.attrs["expected"]`` holds the mean count on ``seeds`` rewired graphs.
    """
    g = tg.graph
    ids, labels, countries = g.vs["name"], g.vs["label"], g.vs["country"]
    found = _same_name_edges(g, tg.names())
    eids = g.get_eids([(a, b) for a, b, _ in found])
    rows = [
        {
            "twinning": g.es[eid]["twinning"],
            "shared_name": shared,
            "a": ids[a],
            "a_name": labels[a],
            "a_country": countries[a],
            "b": ids[b],
            "b_name": labels[b],
            "b_country": countries[b],
        }
        for eid, (a, b, shared) in zip(eids, found, strict=True)
    ]
    columns = ["twinning", "shared_name", "a", "a_name", "a_country", "b", "b_name", "b_country"]
    frame = pd.DataFrame(rows, columns=columns)
    chance = [len(_same_name_edges(graph, tg.names())) for graph in rewired_series(tg, seeds, seed)]
    frame.attrs["expected"] = float(np.mean(chance))
    note = f"expected by chance {np.mean(chance):.1f} ({seeds} rewirings)"
    return stamp(frame, tg.provenance.with_method(note))
