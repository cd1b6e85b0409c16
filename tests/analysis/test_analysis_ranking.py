"""Rankings and countries (twintowns.analysis.ranking, .countries).

Fixture by hand: betweenness of gamma = 6 (it lies on the one shortest path of alpha or beta to
each of toledo-es, epsilon, toledo-us), of toledo-es = 7 (alpha, beta and gamma to epsilon and
toledo-us, and epsilon to toledo-us); everyone else 0.  Countries: GB twinnings ab, ac, bc;
FR ac, bc, cd; ES cd, de, df; partner countries GB 1 (FR), FR 2, ES 3.  Communities: the
two halves {alpha, beta, gamma} and {toledo-es, epsilon, toledo-us}, modularity
(3/6 - (7/12)^2) + (2/6 - (5/12)^2) = 5/6 - 74/144.
"""

from __future__ import annotations

import datetime as dt

import igraph as ig
import networkx as nx
import numpy as np
import pytest

from twintowns.analysis import (
    Level,
    Measure,
    RegistryData,
    TwinGraph,
    graph_from_edges,
    rankings,
    to_networkx,
)
from twintowns.analysis.countries import (
    communities,
    connectivity,
    continent_matrix,
    country_matrix,
    country_pairs,
    domestic_share,
)
from twintowns.analysis.ranking import betweenness
from twintowns.errors import InputError
from twintowns.paths import adjacency, shortest_chain


def test_degree_ranking_breaks_ties_by_id(six: TwinGraph) -> None:
    found = rankings(six, Measure.DEGREE, top=6)
    assert found["id"].tolist() == ["gamma", "toledo-es", "alpha", "beta", "epsilon", "toledo-us"]
    assert found["rank"].tolist() == [1, 1, 3, 3, 5, 5]


def test_betweenness_ranking(six: TwinGraph) -> None:
    found = rankings(six, Measure.BETWEENNESS, top=3)
    assert found["id"].tolist()[:2] == ["toledo-es", "gamma"]
    assert found["betweenness"].tolist()[:2] == [7.0, 6.0]


def test_pagerank_agrees_with_networkx(six: TwinGraph) -> None:
    found = rankings(six, Measure.PAGERANK, top=6).set_index("id")["pagerank"]
    expected = nx.pagerank(to_networkx(six), alpha=0.85)
    for place, value in expected.items():
        assert found[place] == pytest.approx(value, abs=1e-4)
    assert found.index[0] in {"gamma", "toledo-es"}


def test_country_ranking(six: TwinGraph) -> None:
    found = rankings(six, Measure.DEGREE, Level.COUNTRY, top=5)
    assert found["id"].tolist() == ["ES", "FR", "GB", "DE", "US"]
    assert found["twinnings"].tolist() == [3, 3, 3, 1, 1]
    assert found["partner_countries"].tolist() == [3, 2, 1, 1, 1]
    by_pagerank = rankings(six, Measure.PAGERANK, Level.COUNTRY, top=5)
    assert by_pagerank["pagerank"].sum() == pytest.approx(1.0)


def test_sampled_betweenness_estimates_the_exact_one() -> None:
    exact, note = betweenness(graph_from_edges([("a", "b"), ("b", "c")], "path").graph)
    assert exact.tolist() == [0.0, 1.0, 0.0]
    assert note == "betweenness exact"
    graph = ig.Graph.Barabasi(800, 2)
    truth, _ = betweenness(graph, sources=None)
    estimate, note = betweenness(graph, sources=300, seed=2)
    assert "estimated from 300" in note
    assert np.corrcoef(truth, estimate)[0, 1] > 0.95
    assert estimate.sum() == pytest.approx(truth.sum(), rel=0.1)  # scaled by n / k


def test_record_holder_tops_the_crawl(crawl: TwinGraph) -> None:
    top = rankings(crawl, Measure.DEGREE, top=1)
    assert top["id"].iloc[0] == "Q656"  # Sankt Petersburg, the record holder, in 2016 too
    assert top["degree"].iloc[0] == 98


def test_bad_ranking_parameters(six: TwinGraph) -> None:
    with pytest.raises(InputError):
        rankings(six, top=0)
    with pytest.raises(InputError):
        rankings(six, Measure.BETWEENNESS, sources=0)


def test_country_tables(six: TwinGraph) -> None:
    matrix = country_matrix(six)
    assert matrix.loc["GB", "FR"] == 2
    assert matrix.loc["FR", "GB"] == 2
    assert matrix.loc["GB", "GB"] == 1
    assert int(matrix.to_numpy().trace()) == 1
    assert list(country_matrix(six, top=2).index) == ["ES", "FR"]
    pairs = country_pairs(six, top=1)
    assert pairs[["a", "b", "twinnings"]].values.tolist() == [["FR", "GB", 2]]
    domestic = domestic_share(six)
    assert domestic.attrs["overall"] == pytest.approx(1 / 6)
    assert domestic.set_index("country").loc["GB", "share"] == pytest.approx(1 / 3)
    continents = continent_matrix(six)
    assert continents.loc["Europe", "Europe"] == 5
    assert continents.loc["Europe", "North America"] == 1


def test_every_country_is_linked(six: TwinGraph) -> None:
    linked = connectivity(six)
    assert linked.all_connected
    assert linked.countries == 5
    assert linked.outside_giant_places == ()
    split = graph_from_edges([("a", "b"), ("c", "d")], "two pairs")
    split.graph.vs["country"] = ["AA", "AA", "BB", "CC"]
    apart = connectivity(split)
    assert not apart.all_connected
    assert apart.components == (("BB", "CC"), ("AA",))
    assert apart.outside_giant_places == ("BB", "CC")


def test_communities_are_the_two_halves(six: TwinGraph) -> None:
    found = communities(six, seed=1)
    groups = {
        frozenset(six.graph.vs[i]["name"] for i, c in enumerate(found.membership) if c == k)
        for k in set(found.membership)
    }
    assert groups == {
        frozenset({"alpha", "beta", "gamma"}),
        frozenset({"toledo-es", "epsilon", "toledo-us"}),
    }
    assert found.modularity == pytest.approx(5 / 6 - 74 / 144)
    assert found.table["places"].tolist() == [3, 3]
    assert "Leiden" in found.table.attrs["provenance"].method


def test_shortest_chain_through_twinnings_in_force(six_data: RegistryData) -> None:
    graph = adjacency(six_data.twinnings)
    found = shortest_chain(graph, "alpha", "toledo-us")
    assert found is not None
    assert found.places == ("alpha", "gamma", "toledo-es", "toledo-us")
    assert [t.id for t in found.twinnings] == [
        "alpha--gamma",
        "gamma--toledo-es",
        "toledo-es--toledo-us",
    ]
    assert shortest_chain(graph, "alpha", "gone") is None  # ended in 2014: not in force today
    in_2000 = shortest_chain(graph, "alpha", "gone", dt.date(2000, 1, 1))
    assert in_2000 is not None
    assert in_2000.length == 1
    assert shortest_chain(graph, "beta", "paused") is None  # suspended
    suspended = shortest_chain(graph, "beta", "paused", include_suspended=True)
    assert suspended is not None
