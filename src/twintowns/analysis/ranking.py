"""Rankings of places and countries by degree, betweenness and PageRank.

At place level the scores are igraph's on the twinning graph; betweenness is exact on graphs of
at most ``sources`` places and otherwise estimated from ``sources`` random source places,
scaled by ``n / sources`` (Brandes and Pich 2007).  At country level the graph is
:func:`~twintowns.analysis.countries.country_graph`: a country's degree is the number of
twinnings its places take part in, PageRank is weighted by twinnings between countries, and
betweenness counts the countries on shortest chains of country links.
"""

from __future__ import annotations

from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from twintowns.analysis.choices import Level, Measure
from twintowns.analysis.countries import country_graph
from twintowns.analysis.data import stamp
from twintowns.analysis.graph import TwinGraph
from twintowns.errors import InputError

__all__ = ["Level", "Measure", "betweenness", "country_rankings", "place_rankings", "rankings"]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def betweenness(
    graph: ig.Graph, *, sources: int | None = 1000, seed: int = 0
) -> tuple[FloatArray, str]:
    """Betweenness of every vertex, exact or estimated, and a note saying which.

    Parameters
    ----------
    graph:
        An undirected graph.
    sources:
        Source vertices to sample when the graph has more vertices; None: exact.
    seed:
        Seed of the sample.

    Raises
    ------
    InputError
        If ``sources`` < 1.
    """
    n = graph.vcount()
    if sources is not None and sources < 1:
        raise InputError(f"sources must be >= 1, not {sources}")
    if sources is None or n <= sources:
        return np.asarray(graph.betweenness(directed=False), dtype=float), "betweenness exact"
    chosen = np.random.default_rng(seed).choice(n, size=sources, replace=False)
    partial = np.asarray(graph.betweenness(directed=False, sources=chosen.tolist()), dtype=float)
    note = f"betweenness estimated from {sources} random sources (seed {seed}), scaled by n/k"
    return partial * n / sources, note


def _scores(
    graph: ig.Graph, by: Measure, sources: int | None, seed: int, weights: str | None = None
) -> tuple[FloatArray, str]:
    if by is Measure.BETWEENNESS:
        return betweenness(graph, sources=sources, seed=seed)
    if by is Measure.PAGERANK:
        found = graph.pagerank(directed=False, weights=weights)
        return np.asarray(found, dtype=float), "PageRank, damping 0.85"
    return np.asarray(graph.degree(), dtype=float), "degree"


def _ranked(frame: pd.DataFrame, keys: list[str], top: int) -> pd.DataFrame:
    ordered = frame.sort_values([*keys, "id"], ascending=[False] * len(keys) + [True])
    ordered = ordered.head(top).reset_index(drop=True)
    ordered.insert(0, "rank", ordered[keys[0]].rank(method="min", ascending=False).astype(int))
    return ordered


def place_rankings(
    tg: TwinGraph,
    by: Measure = Measure.DEGREE,
    top: int = 20,
    *,
    sources: int | None = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """The ``top`` places by ``by``: ``rank, id, name, country, degree[, score]``."""
    g = tg.graph
    scores, note = _scores(g, by, sources, seed)
    frame = pd.DataFrame(
        {"id": g.vs["name"], "name": g.vs["label"], "country": g.vs["country"]}
    ).assign(degree=g.degree())
    if by is not Measure.DEGREE:
        frame[by.value] = scores
    keys = [by.value, "degree"] if by is not Measure.DEGREE else ["degree"]
    return stamp(_ranked(frame, keys, top), tg.provenance.with_method(note))


def country_rankings(
    tg: TwinGraph, by: Measure = Measure.DEGREE, top: int = 20, *, seed: int = 0
) -> pd.DataFrame:
    """The ``top`` countries: ``rank, id, name, places, twinnings, partner_countries[, score]``.

    ``twinnings`` counts every twinning with a side in the country (domestic ones once).
    """
    cg = country_graph(tg)
    scores, note = _scores(cg, by, None, seed, weights="weight" if cg.ecount() else None)
    frame = pd.DataFrame(
        {
            "id": cg.vs["name"],
            "name": cg.vs["label"],
            "places": cg.vs["places"],
            "twinnings": cg.vs["twinnings"],
            "partner_countries": cg.degree(),
        }
    )
    keys = ["twinnings", "partner_countries"]
    if by is not Measure.DEGREE:
        frame[by.value] = scores
        keys = [by.value, *keys]
    return stamp(_ranked(frame, keys, top), tg.provenance.with_method(f"country graph; {note}"))


def rankings(
    tg: TwinGraph,
    by: Measure = Measure.DEGREE,
    level: Level = Level.PLACE,
    top: int = 20,
    *,
    sources: int | None = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Rank places or countries of a twinning graph.

    Parameters
    ----------
    tg:
        The graph.
    by:
        Degree, betweenness or PageRank.
    level:
        Places, or countries (places grouped by their country at the graph's date).
    top:
        How many rows.
    sources:
        Betweenness sample size for large place graphs (None: exact).
    seed:
        Seed of that sample.

    Raises
    ------
    InputError
        If ``top`` < 1 or ``sources`` < 1.
    """
    if top < 1:
        raise InputError(f"top must be >= 1, not {top}")
    if level is Level.COUNTRY:
        return country_rankings(tg, by, top, seed=seed)
    return place_rankings(tg, by, top, sources=sources, seed=seed)
