"""The KONECT-style summary (twintowns.analysis.summary, .paths, .degrees).

Hand-checked values for the fixture graph (edges ab, ac, bc, cd, de, df; degrees a2 b2 c3 d3
e1 f1, with c = gamma and d = toledo-es):

* wedges = sum d(d-1)/2 = 1 + 1 + 3 + 3 + 0 + 0 = 8; one triangle (abc); transitivity 3/8.
* distances of the 15 pairs: 1 for ab ac bc cd de df (6), 2 for ad bd ce cf ef (5), 3 for ae
  af be bf (4): diameter 3, mean (6 + 10 + 12) / 15 = 28/15, median 2 (6/15 < 1/2 <= 11/15).
* effective diameters: 50 % of 15 pairs is 7.5, between 6 (d=1) and 11 (d=2): 1 + 1.5/5 =
  1.3; 90 % is 13.5, between 11 and 15: 2 + 2.5/4 = 2.625.
* degree assortativity over both ends of each edge (12 ordered pairs): mean 7/3, variance
  6 - 49/9 = 5/9, covariance 31/6 - 49/9 = -5/18, so r = -1/2.
* Gini of [1,1,2,2,3,3]: sum (2i - n - 1) x_(i) = -5 -3 -2 +2 +9 +15 = 16, over n sum x = 72.
* KONECT's exponent: 1 + 6 / (2 ln 2 + 2 ln 3).
"""

from __future__ import annotations

import math

import igraph as ig
import networkx as nx
import numpy as np
import pytest

from twintowns.analysis import TwinGraph, summarise, summary_table, to_networkx
from twintowns.analysis.degrees import degree_distribution, fit_power_law, gini
from twintowns.analysis.konect import KONECT_TWIN_FIGURES
from twintowns.analysis.paths import (
    _exact_counts,
    _sampled_counts,
    diameter_ifub,
    distance_stats,
    largest_component,
)
from twintowns.analysis.summary import algebraic_connectivity, over_time_table
from twintowns.errors import InputError


def test_fixture_summary_matches_hand_computation(six: TwinGraph) -> None:
    s = summarise(six)
    assert (s.nodes, s.edges, s.max_degree, s.lcc_nodes) == (6, 6, 3, 6)
    assert s.mean_degree == 2.0
    assert s.lcc_share == 1.0
    assert (s.triangles, s.wedges) == (1, 8)
    assert s.transitivity == pytest.approx(3 / 8)
    assert s.diameter == 3
    assert s.median_distance == 2
    assert s.mean_distance == pytest.approx(28 / 15)
    assert s.effective_diameter_50 == pytest.approx(1.3)
    assert s.effective_diameter_90 == pytest.approx(2.625)
    assert s.assortativity == pytest.approx(-0.5)
    assert s.gini == pytest.approx(16 / 72)
    assert s.power_law_exponent == pytest.approx(1 + 6 / (2 * math.log(2) + 2 * math.log(3)))
    assert s.distances.exact


def test_algebraic_connectivity_agrees_with_networkx(six: TwinGraph) -> None:
    expected = nx.algebraic_connectivity(to_networkx(six), method="tracemin_lu", seed=1)
    assert summarise(six).algebraic_connectivity == pytest.approx(expected, rel=1e-6)
    ring = ig.Graph.Ring(500)  # sparse path of the solver: lambda2 = 2 - 2 cos(2 pi / n)
    assert algebraic_connectivity(ring) == pytest.approx(2 - 2 * math.cos(2 * math.pi / 500))


def test_table_puts_konect_beside_ours(six: TwinGraph) -> None:
    table = summary_table(summarise(six)).set_index("statistic")
    assert table.loc["Places (nodes)", "konect"] == 14_274
    assert table.loc["Twinnings (edges)", "konect"] == 20_573
    assert table.loc["Transitivity (clustering)", "ours"] == pytest.approx(0.375)
    assert table.loc["Degree assortativity", "konect"] == pytest.approx(0.386786)
    assert table.loc["Largest component share", "konect"] == pytest.approx(0.723, abs=5e-4)
    assert "not computed" in table.loc["Tail power-law p-value", "note"]
    assert table.attrs["reference"].url == "http://konect.cc/networks/twin/"


def test_konect_reference_is_the_published_page() -> None:
    published = KONECT_TWIN_FIGURES
    mean_degree = 2 * published["edges"] / published["nodes"]
    assert published["mean_degree"] == pytest.approx(mean_degree, rel=1e-5)
    assert published["transitivity"] == pytest.approx(
        3 * published["triangles"] / published["wedges"], rel=1e-4
    )


def test_crawl_summary_is_plausible(crawl: TwinGraph) -> None:
    s = summarise(crawl, path_sources=300, gof_samples=0)  # the bootstrap is tested below
    assert (s.nodes, s.edges) == (10_055, 17_401)  # measured in the dataset's PROVENANCE.md
    assert s.lcc_nodes == 10_055  # a crawl from Weimar: one component
    assert s.max_degree == 98
    assert s.diameter == 25  # exact (iFUB); KONECT's 2017 graph: 25
    assert 6.5 < s.mean_distance < 8.5
    assert s.median_distance in (7, 8)
    assert 0.05 < s.transitivity < 0.2
    assert 0.2 < s.assortativity < 0.5
    assert 0.4 < s.gini < 0.6
    assert 2.0 < s.power_law_exponent < 3.0
    assert 2.5 < s.tail_power_law_exponent < 3.5
    assert 0.001 < s.algebraic_connectivity < 0.05
    assert not s.distances.exact
    assert s.distances.sources == 300


def test_ifub_diameter_is_exact() -> None:
    for seed in range(5):
        graph = largest_component(ig.Graph.Erdos_Renyi(n=400, m=480 + 40 * seed))
        assert diameter_ifub(graph) == graph.diameter(directed=False)
    assert diameter_ifub(ig.Graph.Tree(127, 2)) == 12
    assert diameter_ifub(ig.Graph(n=1)) == 0


def test_sampling_every_source_counts_every_ordered_pair() -> None:
    graph = largest_component(ig.Graph.Barabasi(300, 2))
    exact = _exact_counts(graph)
    sampled = _sampled_counts(graph, graph.vcount(), seed=3)
    assert np.array_equal(sampled, 2 * exact[: len(sampled)])


def test_sampled_distances_are_close_to_exact(crawl: TwinGraph) -> None:
    giant = largest_component(ig.Graph.Barabasi(3000, 1))
    exact, sampled = distance_stats(giant, None), distance_stats(giant, 200, seed=1)
    assert exact.exact
    assert not sampled.exact
    assert sampled.mean == pytest.approx(exact.mean, rel=0.03)
    assert sampled.diameter == exact.diameter


def test_bad_parameters_are_input_errors(six: TwinGraph) -> None:
    with pytest.raises(InputError):
        summarise(six, path_sources=0)
    with pytest.raises(InputError):
        summarise(six, gof_samples=-1)
    with pytest.raises(InputError):
        distance_stats(largest_component(six.graph)).effective_diameter(1.5)


def test_gini_bounds() -> None:
    assert gini(np.array([3, 3, 3])) == 0.0
    assert gini(np.array([0, 0, 0, 10])) == pytest.approx(0.75)
    assert math.isnan(gini(np.array([], dtype=np.int64)))


def test_power_law_fit_on_a_power_law() -> None:
    rng = np.random.default_rng(7)
    sample = np.floor(4.5 * (1 - rng.random(3000)) ** (-1 / 1.5) + 0.5).astype(np.int64)
    fit = fit_power_law(sample, gof_samples=4, seed=1)
    assert fit.tail_exponent == pytest.approx(2.5, abs=0.2)
    assert fit.vs_exponential[0] > 0  # the power law beats the exponential
    assert fit.gof_p is not None
    assert 0.0 <= fit.gof_p <= 1.0
    assert fit.gof_samples == 4
    assert [c.alternative for c in fit.comparisons] == [
        "exponential",
        "lognormal",
        "stretched_exponential",
        "truncated_power_law",
    ]
    truncated = fit.comparisons[-1]
    assert truncated.p > 0.05  # a pure power law needs no cut-off
    assert "(4 samples)" in fit.verdict
    assert len(fit.best_ccdf[0]) == len(fit.best_ccdf[1]) > 5


def test_a_lognormal_tail_is_not_called_a_power_law() -> None:
    sample = np.round(np.random.default_rng(3).lognormal(1.0, 1.0, 4000)).astype(np.int64) + 1
    fit = fit_power_law(sample, gof_samples=20, seed=2)
    assert fit.gof_p is not None
    assert fit.best != "power_law"
    assert any(c.ratio < 0 and c.p < 0.1 for c in fit.comparisons)
    assert "fit significantly better" in fit.verdict
    _degrees, ccdf = fit.best_ccdf
    assert ccdf[0] == pytest.approx(1.0)
    assert list(ccdf) == sorted(ccdf, reverse=True)  # a CCDF falls


def test_tiny_graphs_have_no_tail_fit(six: TwinGraph) -> None:
    fit = summarise(six, gof_samples=3).power_law
    assert math.isnan(fit.tail_exponent)
    assert fit.gof_p is None


def test_degree_distribution(six: TwinGraph) -> None:
    frame = degree_distribution(six)
    assert frame["degree"].tolist() == [1, 2, 3]
    assert frame["places"].tolist() == [2, 2, 2]
    assert frame["ccdf"].tolist() == pytest.approx([1, 4 / 6, 2 / 6])


def test_network_over_time(six: TwinGraph, at: object) -> None:
    assert callable(at)
    table = over_time_table([summarise(at("1960")), summarise(at("1990")), summarise(six)])
    assert list(table.columns) == ["1960-12-31", "1990-12-31", "today"]
    assert table.loc["Places (nodes)"].tolist() == [4, 5, 6]
    assert table.loc["Twinnings (edges)"].tolist() == [3, 5, 6]
    assert "Tail power-law exponent" not in table.index


def test_the_wikidata_column_forked_equals_in_process(
    crawl: TwinGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from twintowns.analysis import summary
    from twintowns.analysis.data import RegistryData
    from twintowns.snapshot import RegistrySnapshot

    # the crawl is an edge list without claims: half of its places stand in for the
    # Wikidata-only subgraph (a fresh graph, with nothing memoised, on every call)
    half = crawl.graph.subgraph(range(0, crawl.graph.vcount(), 2))
    monkeypatch.setattr(
        summary,
        "wikidata_subgraph",
        lambda *_a, **_k: dataclasses.replace(crawl, graph=half, _memo={}),
    )
    empty = RegistrySnapshot(version="", places={}, twinnings=(), sources={})
    data = RegistryData(empty, [], crawl.provenance.snapshot)
    forked, alone = (
        summary.summarise_with_wikidata(data, crawl, path_sources=200, gof_samples=5, fork=fork)[2]
        for fork in (True, False)
    )
    assert forked.edges == half.ecount() > 0
    for key in ("nodes", "edges", "mean_distance", "transitivity", "tail_power_law_p"):
        assert getattr(forked, key) == getattr(alone, key)
