"""Countries and continents: who twins with whom, communities.

This module owns the country graph (countries linked by the twinnings of their places), the
country x country and continent x continent matrices, the domestic share, whether every
country is connected by a chain of twinnings, and Leiden communities of places (the shortest
chain between two places is :func:`twintowns.paths.shortest_chain`).  A place's country is
its country at the graph's date; places with no known country are left out of country tables
(the quality checks count them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import igraph as ig
import leidenalg
import numpy as np
import pandas as pd

from twintowns.analysis.continents import CONTINENT_NAMES
from twintowns.analysis.data import stamp
from twintowns.analysis.graph import TwinGraph
from twintowns.country_names import country_name
from twintowns.errors import InputError


def _edge_attribute_pairs(tg: TwinGraph, attribute: str) -> list[tuple[str | None, str | None]]:
    values = tg.graph.vs[attribute]
    return [(values[a], values[b]) for a, b in tg.graph.get_edgelist()]


def country_graph(tg: TwinGraph) -> ig.Graph:
    """Countries as vertices, international twinnings as weighted edges (built once per graph).

    Vertex attributes: ``name`` (ISO code), ``label``, ``places``, ``twinnings`` (with a side in
    the country, domestic ones once) and ``domestic``.  Edge attribute ``weight``: twinnings
    between the two countries.
    """
    return tg.memo("country_graph", lambda: _country_graph(tg))


def _country_graph(tg: TwinGraph) -> ig.Graph:
    pairs = [(a, b) for a, b in _edge_attribute_pairs(tg, "country") if a and b]
    places = Counter(c for c in tg.graph.vs["country"] if c)
    codes = sorted(places)
    index = {c: i for i, c in enumerate(codes)}
    links = Counter((min(a, b), max(a, b)) for a, b in pairs if a != b)
    touching = Counter(c for a, b in pairs for c in {a, b})
    domestic = Counter(a for a, b in pairs if a == b)
    graph = ig.Graph(n=len(codes), edges=[(index[a], index[b]) for a, b in links])
    graph.es["weight"] = list(links.values())
    graph.vs["name"] = codes
    graph.vs["label"] = [country_name(c) for c in codes]
    graph.vs["places"] = [places[c] for c in codes]
    graph.vs["twinnings"] = [touching[c] for c in codes]
    graph.vs["domestic"] = [domestic[c] for c in codes]
    return graph


def _matrix(tg: TwinGraph, attribute: str, keep: list[str] | None) -> pd.DataFrame:
    pairs = [(a, b) for a, b in _edge_attribute_pairs(tg, attribute) if a and b]
    labels = keep if keep is not None else sorted({x for pair in pairs for x in pair})
    position = {x: i for i, x in enumerate(labels)}
    cells = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for a, b in pairs:
        if a in position and b in position:
            cells[position[a], position[b]] += 1
            if a != b:
                cells[position[b], position[a]] += 1
    return stamp(pd.DataFrame(cells, index=labels, columns=labels), tg.provenance)


def country_matrix(tg: TwinGraph, top: int | None = None) -> pd.DataFrame:
    """Twinnings between countries (symmetric; the diagonal holds domestic twinnings).

    Parameters
    ----------
    tg:
        The graph.
    top:
        Keep the ``top`` countries with the most twinnings (all when None), in that order.

    Raises
    ------
    InputError
        If ``top`` < 1.
    """
    if top is not None and top < 1:
        raise InputError(f"top must be >= 1, not {top}")
    cg = country_graph(tg)
    order = sorted(range(cg.vcount()), key=lambda i: (-cg.vs[i]["twinnings"], cg.vs[i]["name"]))
    keep = [cg.vs[i]["name"] for i in order][:top] if top else None
    return _matrix(tg, "country", keep)


def continent_matrix(tg: TwinGraph) -> pd.DataFrame:
    """Twinnings between continents (symmetric; the diagonal holds intra-continental ones)."""
    frame = _matrix(tg, "continent", None)
    names = [CONTINENT_NAMES.get(c, c) for c in frame.index]
    frame.index, frame.columns = names, names
    return frame


def country_pairs(tg: TwinGraph, top: int = 20) -> pd.DataFrame:
    """The ``top`` country pairs by twinnings: ``a, a_name, b, b_name, twinnings, share``."""
    cg = country_graph(tg)
    rows = [(cg.vs[e.source]["name"], cg.vs[e.target]["name"], int(e["weight"])) for e in cg.es]
    frame = pd.DataFrame(rows, columns=["a", "b", "twinnings"])
    frame = frame.sort_values(["twinnings", "a", "b"], ascending=[False, True, True]).head(top)
    frame.insert(1, "a_name", [country_name(c) for c in frame["a"]])
    frame.insert(3, "b_name", [country_name(c) for c in frame["b"]])
    frame["share"] = frame["twinnings"] / max(tg.graph.ecount(), 1)
    return stamp(frame.reset_index(drop=True), tg.provenance)


def domestic_share(tg: TwinGraph) -> pd.DataFrame:
    """Per country: ``twinnings``, ``domestic`` (both sides in the country) and their ratio.

    The overall share (domestic twinnings / twinnings with both countries known) is in
    ``frame.attrs["overall"]``.
    """
    cg = country_graph(tg)
    frame = pd.DataFrame(
        {
            "country": cg.vs["name"],
            "name": cg.vs["label"],
            "twinnings": cg.vs["twinnings"],
            "domestic": cg.vs["domestic"],
        }
    )
    frame["share"] = frame["domestic"] / frame["twinnings"].where(frame["twinnings"] > 0)
    frame = frame.sort_values(["twinnings", "country"], ascending=[False, True])
    known = sum(1 for a, b in _edge_attribute_pairs(tg, "country") if a and b)
    frame.attrs["overall"] = float(frame["domestic"].sum() / known) if known else float("nan")
    return stamp(frame.reset_index(drop=True), tg.provenance)


@dataclass(frozen=True)
class Connectivity:
    """Is every country connected to every other by a chain of twinnings?

    Attributes
    ----------
    countries:
        Countries with a place in the graph.
    components:
        Countries per connected component of the country graph, largest first.
    outside_giant_places:
        Countries none of whose places is in the largest component of the place graph.
    """

    countries: int
    components: tuple[tuple[str, ...], ...]
    outside_giant_places: tuple[str, ...]

    @property
    def all_connected(self) -> bool:
        """True when the country graph is connected."""
        return len(self.components) <= 1


def connectivity(tg: TwinGraph) -> Connectivity:
    """Whether every country is linked to every other through twinnings (see
    :class:`Connectivity`)."""
    cg = country_graph(tg)
    parts = sorted(cg.connected_components(), key=lambda c: (-len(c), min(c, default=0)))
    components = tuple(tuple(sorted(cg.vs[i]["name"] for i in part)) for part in parts)
    g = tg.graph
    inside: set[str] = set()
    if g.vcount():
        giant = max(g.connected_components(), key=len)
        inside = {g.vs[i]["country"] for i in giant if g.vs[i]["country"]}
    outside = tuple(sorted(set(cg.vs["name"]) - inside))
    return Connectivity(cg.vcount(), components, outside)


@dataclass(frozen=True)
class Communities:
    """Leiden communities (modularity) of the place graph.

    Attributes
    ----------
    membership:
        Community of every vertex (numbered by decreasing size).
    modularity:
        Modularity of the partition.
    table:
        Per community: ``community, places, twinnings, top_countries, country_share, hub``.
    """

    membership: tuple[int, ...]
    modularity: float
    table: pd.DataFrame


def _community_row(tg: TwinGraph, community: int, members: list[int]) -> dict[str, object]:
    g = tg.graph
    countries = Counter(g.vs[i]["country"] or "?" for i in members)
    top = countries.most_common(3)
    hub = max(members, key=lambda i: (g.degree(i), g.vs[i]["name"]))
    return {
        "community": community,
        "places": len(members),
        "twinnings": len(g.induced_subgraph(members).es),
        "top_countries": ", ".join(f"{c} {n}" for c, n in top),
        "country_share": top[0][1] / len(members),
        "hub": g.vs[hub]["label"],
    }


def communities(tg: TwinGraph, *, seed: int = 0, top: int = 20) -> Communities:
    """Leiden communities maximising modularity (leidenalg), with their main countries.

    Parameters
    ----------
    tg:
        The graph.
    seed:
        Seed of the Leiden algorithm (results are reproducible for a seed).
    top:
        Rows of the table (the largest communities).
    """
    g = tg.graph
    if g.ecount() == 0:
        empty = pd.DataFrame(columns=["community", "places", "twinnings", "top_countries"])
        return Communities(tuple(range(g.vcount())), float("nan"), stamp(empty, tg.provenance))
    partition = leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, seed=seed)
    groups = sorted((list(c) for c in partition), key=lambda c: (-len(c), min(c)))
    membership = [0] * g.vcount()
    for number, members in enumerate(groups):
        for vertex in members:
            membership[vertex] = number
    rows = [_community_row(tg, number, members) for number, members in enumerate(groups[:top])]
    note = f"Leiden (modularity {partition.modularity:.3f}, seed {seed}), {len(groups)} communities"
    table = stamp(pd.DataFrame(rows), tg.provenance.with_method(note))
    return Communities(tuple(membership), float(partition.modularity), table)
