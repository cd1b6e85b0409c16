"""The lab on the bundled world registry (curated facts + world snapshot): slow, run by CI."""

from __future__ import annotations

import pytest

from twintowns.analysis import Measure, build_graph, load_data, rankings, summarise
from twintowns.analysis.geography import distance_test, verdict
from twintowns.registry import Registry
from twintowns.settings import Settings

pytestmark = pytest.mark.slow


def test_world_record_holder_summary_and_distance(bundled_db_url: str) -> None:
    data = load_data(Registry.open(Settings(database_url=bundled_db_url)))
    if data.snapshot.twinnings < 5000:
        pytest.fail("the package ships no world snapshot: the bundled registry is curated only")
    tg = build_graph(data)
    top = rankings(tg, Measure.DEGREE, top=1)
    assert top["id"].iloc[0] == "st-petersburg"  # the record holder
    summary = summarise(tg, path_sources=200)
    assert summary.max_degree == top["degree"].iloc[0]
    assert 0.6 < summary.lcc_share < 0.95
    assert 20 <= summary.diameter <= 30  # KONECT 2017: 25
    assert 0.08 < summary.transitivity < 0.16  # KONECT: 0.111
    assert 0.3 < summary.assortativity < 0.5  # KONECT: +0.387
    assert 0.45 < summary.gini < 0.6  # KONECT: 0.506
    test = distance_test(tg, seeds=3)
    assert test.measured > 0.9 * tg.graph.ecount()
    assert verdict(test).startswith("Distance matters")
