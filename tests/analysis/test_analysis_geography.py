"""Distance, the null model and the gravity fit (twintowns.analysis.geography, .gravity,
.nullmodel)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from twintowns.analysis import TwinGraph, graph_from_edges
from twintowns.analysis.geography import distance_test, edge_distances, haversine_km, verdict
from twintowns.analysis.gravity import DEGREE_TERM, gravity_fit
from twintowns.analysis.nullmodel import rewired, rewired_series
from twintowns.errors import InputError


def synthetic(local: bool, n: int = 300, seed: int = 0) -> TwinGraph:
    """Places scattered over Europe, twinned with their 2 nearest neighbours (``local``) or
    at random, with random populations."""
    rng = np.random.default_rng(seed)
    lat, lon = rng.uniform(36, 60, n), rng.uniform(-9, 30, n)
    if local:
        far = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        np.fill_diagonal(far, np.inf)
        pairs = [(i, int(j)) for i in range(n) for j in np.argsort(far[i])[:2]]
    else:
        pairs = [(int(a), int(b)) for a, b in rng.integers(0, n, size=(2 * n, 2))]
    tg = graph_from_edges([(f"p{a:04d}", f"p{b:04d}") for a, b in pairs], "synthetic")
    index = [int(name[1:]) for name in tg.graph.vs["name"]]
    tg.graph.vs["lat"], tg.graph.vs["lon"] = lat[index].tolist(), lon[index].tolist()
    tg.graph.vs["population"] = rng.lognormal(10, 1, n)[index].tolist()
    return tg


def test_haversine_london_paris() -> None:
    km = haversine_km(
        np.array([51.5074]), np.array([-0.1278]), np.array([48.8566]), np.array([2.3522])
    )
    assert km[0] == pytest.approx(343.5, abs=1.0)
    assert math.isnan(haversine_km(np.array([np.nan]), np.zeros(1), np.zeros(1), np.zeros(1))[0])


def test_edge_distances_of_the_fixture(six: TwinGraph) -> None:
    frame = edge_distances(six).set_index("twinning")
    assert frame.loc["alpha--beta", "km"] == pytest.approx(68.5, abs=0.5)  # 1 degree at 52 N
    assert frame["km"].notna().all()


def test_too_few_coordinates_give_no_verdict(six: TwinGraph) -> None:
    test = distance_test(six, seeds=3)
    assert (test.measured, test.unmeasured) == (6, 0)
    assert verdict(test).startswith("Cannot tell: only 6 twinnings")
    assert gravity_fit(six).sentence().startswith("No gravity fit")


def test_local_twinning_makes_distance_matter() -> None:
    tg = synthetic(local=True)
    test = distance_test(tg, seeds=5)
    assert verdict(test).startswith("Distance matters:")
    assert test.observed_median * 3 < test.null_median
    table = test.table()
    assert table["observed"].sum() == test.measured == tg.graph.ecount()
    assert (table["null_low"] <= table["null_mean"]).all()
    assert (table["null_mean"] <= table["null_high"]).all()
    near = table[table["to_km"] <= 200]
    assert (near["link_probability"] > near["null_link_probability"]).all()


def test_random_twinning_makes_distance_irrelevant() -> None:
    test = distance_test(synthetic(local=False), seeds=5)
    assert verdict(test).startswith("Distance does not matter")
    assert test.null_median == pytest.approx(test.observed_median, rel=0.1)


def test_null_model_keeps_every_degree(crawl: TwinGraph) -> None:
    g = crawl.graph
    copy = rewired(g, seed=4)
    assert copy.degree() == g.degree()
    assert copy.is_simple()
    kept = set(g.get_edgelist()) & {tuple(sorted(e)) for e in copy.get_edgelist()}
    assert len(kept) < 0.2 * g.ecount()  # and little else survives
    assert copy.get_edgelist() == rewired(g, seed=4).get_edgelist()  # reproducible
    assert copy.get_edgelist() != rewired(g, seed=5).get_edgelist()


def test_rewired_graphs_are_cached_per_seed(six: TwinGraph) -> None:
    first = list(rewired_series(six, 2))
    assert all(a is b for a, b in zip(first, rewired_series(six, 2), strict=True))
    with pytest.raises(InputError):
        rewired_series(six, 0)
    with pytest.raises(InputError):
        distance_test(six, seeds=2, band=1.5)


def test_matched_gravity_recovers_a_planted_distance_effect(
    make_countries: Callable[..., TwinGraph],
) -> None:
    fit = gravity_fit(make_countries(planted=True, n=600, edges=1500))
    table = fit.coefficients
    assert set(table["scope"]) == {"all", "international"}
    near, middle = fit.coefficient("< 50 km"), fit.coefficient("50-200 km")
    assert near > middle > fit.coefficient("200-800 km") > 0.5  # odds fall with distance
    row = table[(table["term"] == "50-200 km") & (table["scope"] == "all")].iloc[0]
    assert row["ci_low"] > 1
    assert row["std_error"] > 0
    assert row["model_std_error"] > 0
    assert fit.cases == row["sets"]
    assert 0 < fit.controls <= 5 * fit.cases
    assert "partner's country" in fit.note
    assert "cluster-robust" in fit.note
    assert "Matched gravity fit" in fit.sentence()


def test_matched_gravity_finds_nothing_without_an_effect(
    make_countries: Callable[..., TwinGraph],
) -> None:
    fit = gravity_fit(make_countries(planted=False, n=600, edges=1500))
    table = fit.coefficients[fit.coefficients["scope"] == "all"].set_index("term")
    for term in ("50-200 km", "200-800 km", DEGREE_TERM):
        assert table.loc[term, "ci_low"] < 1 < table.loc[term, "ci_high"], term
