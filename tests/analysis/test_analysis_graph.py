"""The graph as of a date, its views and its provenance (twintowns.analysis.graph, .data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from twintowns.analysis import (
    RegistryData,
    TwinGraph,
    build_graph,
    edges_frame,
    graph_from_edges,
    is_present,
    nodes_frame,
    provenance_of,
    to_networkx,
)
from twintowns.analysis.continents import continent_of
from twintowns.analysis.data import fingerprint
from twintowns.model import Citation, Event, EventType, FuzzyDate, Twinning, TwinningKind

CITE = Citation("s")


def twinning(*events: tuple[EventType, str | None]) -> Twinning:
    made = tuple(Event(t, FuzzyDate.parse(d) if d else None, CITE) for t, d in events)
    return Twinning("a", "b", TwinningKind.TWIN_TOWN, CITE, events=made)


def test_undated_twinnings_exist_today_and_never_in_history(today: dt.date) -> None:
    undated = twinning()
    assert is_present(undated, None)
    assert is_present(undated, today)
    assert not is_present(undated, dt.date(1990, 12, 31))
    only_undated_signing = twinning((EventType.SIGNING, None))
    assert is_present(only_undated_signing, None)
    assert not is_present(only_undated_signing, dt.date(2000, 1, 1))


def test_dated_twinnings_follow_their_status() -> None:
    signed = twinning((EventType.SIGNING, "1956"))
    assert not is_present(signed, dt.date(1955, 12, 31))
    assert is_present(signed, dt.date(1956, 12, 31))
    suspended = twinning((EventType.SIGNING, "1989"), (EventType.SUSPENSION, "2022-02-24"))
    assert is_present(suspended, dt.date(2021, 12, 31))
    assert not is_present(suspended, None)
    assert is_present(suspended, None, include_suspended=True)
    ended = twinning((EventType.SIGNING, "1960"), (EventType.TERMINATION, "2014"))
    assert not is_present(ended, None, include_suspended=True)
    assert not is_present(twinning((EventType.PROPOSAL, "2022")), None)


def test_todays_graph_of_the_fixture(six: TwinGraph) -> None:
    g = six.graph
    assert (g.vcount(), g.ecount()) == (6, 6)
    assert sorted(g.vs["name"]) == ["alpha", "beta", "epsilon", "gamma", "toledo-es", "toledo-us"]
    assert dict(zip(g.vs["name"], g.degree(), strict=True)) == {
        "alpha": 2,
        "beta": 2,
        "gamma": 3,
        "toledo-es": 3,
        "epsilon": 1,
        "toledo-us": 1,
    }
    assert six.index("gone") == -1
    assert six.graph.vs[six.index("toledo-us")]["continent"] == "NA"


def test_history_graphs_keep_only_dated_twinnings(at: Callable[[str], TwinGraph]) -> None:
    in_1960, in_1990 = at("1960").graph, at("1990").graph
    assert sorted(in_1960.es["twinning"]) == ["alpha--beta", "alpha--gamma", "alpha--gone"]
    assert sorted(in_1990.es["twinning"]) == [
        "alpha--beta",
        "alpha--gamma",
        "alpha--gone",
        "beta--gamma",
        "beta--paused",
    ]
    assert in_1990.vcount() == 5


def test_suspended_twinnings_on_request(six_data: RegistryData) -> None:
    tg = build_graph(six_data, include_suspended=True)
    assert tg.graph.ecount() == 7
    assert "suspended" in tg.provenance.rule


def test_views_carry_provenance(six: TwinGraph, six_data: RegistryData) -> None:
    nodes, edges = nodes_frame(six), edges_frame(six)
    assert len(nodes) == 6
    assert len(edges) == 6
    assert set(edges.columns) >= {"twinning", "a", "b", "a_country", "b_country", "since"}
    assert edges.set_index("twinning").loc["alpha--gamma", "since"] == 1947
    found = provenance_of(edges)
    assert found is not None
    assert found.snapshot.fingerprint == six_data.snapshot.fingerprint
    assert "six-towns 9" in found.line()  # all nine twinnings cite the fixture source
    assert "6 places, 6 twinnings" in found.line()


def test_networkx_view(six: TwinGraph) -> None:
    nxg = to_networkx(six)
    assert (nxg.number_of_nodes(), nxg.number_of_edges()) == (6, 6)
    assert nxg.nodes["toledo-us"]["country"] == "US"
    assert nxg.edges["gamma", "toledo-es"]["since"] == 2004


def test_snapshot_counts_sources(six_data: RegistryData) -> None:
    snapshot = six_data.snapshot
    assert (snapshot.places, snapshot.twinnings) == (9, 9)
    (use,) = [u for u in snapshot.sources if u.source.id == "six-towns"]
    assert (use.twinnings, use.places, use.source.licence) == (9, 9, "CC0-1.0")


def test_fingerprint_changes_with_the_facts(six_data: RegistryData) -> None:
    ids = list(six_data.places)
    assert fingerprint(ids, six_data.twinnings) == six_data.snapshot.fingerprint
    assert fingerprint(ids, six_data.twinnings[1:]) != six_data.snapshot.fingerprint


def test_edge_lists_drop_loops_and_repeats() -> None:
    tg = graph_from_edges([("x", "y"), ("y", "x"), ("x", "x"), ("y", "z")], "inline")
    assert (tg.graph.vcount(), tg.graph.ecount()) == (3, 2)
    assert tg.provenance.snapshot.origin == "inline"


def test_continents() -> None:
    assert continent_of("DE") == "EU"
    assert continent_of("US") == "NA"
    assert continent_of("JP") == "AS"
    assert continent_of("SU") == "EU"  # historic codes the registry uses
    assert continent_of(None) is None
    assert continent_of("ZZ") is None


def test_wikidata_subgraph_cut_from_the_whole_equals_a_fresh_build(
    six_data: RegistryData,
) -> None:
    import dataclasses

    from twintowns.analysis.graph import wikidata_subgraph
    from twintowns.model import Source

    wikidata = Source("wikidata-test", "Wikidata (test)", licence="CC0-1.0")

    def cited(t: Twinning) -> Twinning:
        claims = tuple(
            dataclasses.replace(c, citation=dataclasses.replace(c.citation, source_id=wikidata.id))
            for c in t.claims
        )
        return dataclasses.replace(t, claims=claims)

    twinnings = [cited(t) if i % 2 else t for i, t in enumerate(six_data.twinnings)]
    sources = {**six_data.sources, wikidata.id: wikidata}
    held = dataclasses.replace(six_data.registry_snapshot, sources=sources)
    data = dataclasses.replace(six_data, twinnings=twinnings, registry_snapshot=held)
    whole = build_graph(data)
    cut, fresh = wikidata_subgraph(data, whole=whole), wikidata_subgraph(data)
    assert 0 < cut.graph.ecount() < whole.graph.ecount()
    for key in ("name", "label", "country", "level"):
        assert cut.graph.vs[key] == fresh.graph.vs[key]
    assert cut.graph.get_edgelist() == fresh.graph.get_edgelist()
    assert cut.graph.es["twinning"] == fresh.graph.es["twinning"]
    assert cut.names() == fresh.names()
    assert cut.provenance == fresh.provenance
