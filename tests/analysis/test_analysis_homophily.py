"""Homophily (twintowns.analysis.homophily).

Fixture by hand (12 edge ends): continents, 5 Europe-Europe and 1 Europe-North America
twinnings: e_EU,EU = 10/12, a_EU = 11/12, a_NA = 1/12, so r = (10/12 - 122/144) / (1 - 122/144)
= -2/22.  Levels: town-town 1 (alpha-beta), town-city 2, city-city 3: e_tt = 2/12, e_cc = 6/12,
a_t = 4/12, a_c = 8/12, r = (8/12 - 80/144) / (64/144) = 1/4.  Degree: -1/2 (see the summary
tests).
"""

from __future__ import annotations

import pytest

from twintowns.analysis import TwinGraph
from twintowns.analysis.homophily import assortativity_table, same_name_pairs


def test_assortativity_matches_hand_computation(six: TwinGraph) -> None:
    table = assortativity_table(six, seeds=3).set_index("attribute")
    assert table.loc["degree", "assortativity"] == pytest.approx(-0.5)
    assert table.loc["continent", "assortativity"] == pytest.approx(-2 / 22)
    assert table.loc["level", "assortativity"] == pytest.approx(0.25)
    assert table.loc["continent", "places"] == 6
    assert table.loc["population (log)", "places"] == 5  # epsilon has no population
    assert table.loc["population (log)", "twinnings"] == 5
    assert table["null_mean"].notna().all()


def test_same_name_pairs(six: TwinGraph) -> None:
    pairs = same_name_pairs(six, seeds=3)
    assert pairs["twinning"].tolist() == ["toledo-es--toledo-us"]
    assert pairs["shared_name"].tolist() == ["toledo"]
    assert pairs.attrs["expected"] >= 0
    assert "expected by chance" in pairs.attrs["provenance"].method
