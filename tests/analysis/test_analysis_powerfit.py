"""The vectorised power-law fit and the fast exact distances against the libraries they
replace in the hot path (``powerlaw.Fit`` and ``Graph.path_length_hist``)."""

from __future__ import annotations

import igraph as ig
import numpy as np
import powerlaw
import pytest

from twintowns.analysis.degrees import _quiet, _synthetic, bootstrap_p
from twintowns.analysis.nullmodel import seeded
from twintowns.analysis.paths import _exact_counts, largest_component
from twintowns.analysis.powerfit import fit_tail


def _samples() -> list[np.ndarray]:
    rng = np.random.default_rng(11)
    body = rng.integers(1, 12, 4000)
    found = [
        np.floor(4.5 * (1 - rng.random(3000)) ** (-1 / 1.5) + 0.5).astype(np.int64),
        rng.zipf(2.2, 3000),
        rng.geometric(0.2, 2000),
        np.floor(rng.lognormal(1, 1, 3000)).astype(np.int64) + 1,
    ]
    with seeded(4):
        found.append(np.asarray(ig.Graph.Barabasi(3000, 2).degree()))
    found += [_synthetic(body, 8, 2.4 + 0.2 * i, rng) for i in range(3)]
    return found


@pytest.mark.parametrize("index", range(8))
def test_fit_tail_agrees_with_powerlaw(index: int) -> None:
    values = _samples()[index]
    ours = fit_tail(values)
    with _quiet():  # powerlaw's own warnings (deprecations, optimiser bounds)
        theirs = powerlaw.Fit(values[values > 0], discrete=True, verbose=0)
        alpha, distance = theirs.power_law.alpha, theirs.power_law.D
    assert ours is not None
    assert ours.xmin == theirs.xmin
    assert ours.alpha == pytest.approx(alpha, abs=2e-4)
    assert ours.ks == pytest.approx(distance, abs=2e-4)
    assert ours.n == len(theirs.data)


def test_fit_tail_needs_three_distinct_values() -> None:
    assert fit_tail(np.array([1, 1, 2, 2, 0])) is None
    assert fit_tail(np.array([1, 2, 3, 3])) is not None


def test_bootstrap_is_seeded_and_tells_power_laws_from_others() -> None:
    rng = np.random.default_rng(5)
    law = np.floor(2.5 * (1 - rng.random(4000)) ** (-1 / 1.6) + 0.5).astype(np.int64)
    geometric = rng.geometric(0.15, 4000)
    assert bootstrap_p(law, 60, seed=3) == bootstrap_p(law, 60, seed=3)
    assert bootstrap_p(law, 60, seed=3) > 0.1  # a power law is not ruled out
    assert bootstrap_p(geometric, 60, seed=3) < 0.1  # a geometric tail is


def _with_leaves(graph: ig.Graph, every: int) -> ig.Graph:
    """``graph`` with leaves hung on every ``every``-th vertex, 1 to 127 of them (each bit of
    a weight's seven)."""
    n, edges = graph.vcount(), graph.get_edgelist()
    for i, host in enumerate(range(0, graph.vcount(), every)):
        count = (1, 2, 127, 64, 5, 0, 33, 96)[i % 8]
        edges += [(host, n + j) for j in range(count)]
        n += count
    return ig.Graph(n=n, edges=edges)


@pytest.mark.parametrize("block", [64, 100, 4096])
def test_bit_parallel_distances_equal_igraph(block: int) -> None:
    graphs = [
        largest_component(ig.Graph.Erdos_Renyi(n=500, m=600, directed=False)),
        ig.Graph.Tree(300, 3),
        largest_component(ig.Graph.Barabasi(700, 1)),
        ig.Graph(n=2, edges=[(0, 1)]),
        ig.Graph.Star(40),  # leaves only, on one vertex
        _with_leaves(ig.Graph.Barabasi(300, 2), 7),  # a core with many leaves per vertex
        ig.Graph.Ring(30),  # no leaf at all
    ]
    with seeded(2):
        graphs[0] = largest_component(ig.Graph.Erdos_Renyi(n=500, m=600, directed=False))
    for graph in graphs:
        ours = _exact_counts(graph, block)
        theirs = np.zeros(len(ours), dtype=np.int64)
        for start, _end, count in graph.path_length_hist(directed=False).bins():
            theirs[int(start)] = count
        assert np.array_equal(ours, theirs)
        assert len(ours) - 1 == graph.diameter(directed=False)
