"""The twinning graph: nodes are places, edges are twinnings, as of a date.

This module owns :class:`TwinGraph` (an igraph graph plus its provenance), the rule deciding
which twinnings exist at a date (:func:`is_present`), and the pandas and networkx views.

The rule
--------
A twinning is an edge at date ``as_of`` when :func:`twintowns.paths.in_force` says so (the one
status rule of every face): its derived status is *active*, or it is *unknown but attested*
and the question is about the present (undated twinnings count today and in no history
query).  Suspended twinnings are left out unless asked for; ended and merely proposed ones
never count.  Nodes are the places with at least one edge, as in KONECT.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

import igraph as ig
import numpy as np
import pandas as pd

from twintowns.analysis.continents import continent_of
from twintowns.analysis.data import DataStamp, Provenance, RegistryData, fingerprint, stamp
from twintowns.analysis.nullmodel import rewired
from twintowns.model import Place, Source, established, normalise_name
from twintowns.paths import in_force

if TYPE_CHECKING:  # networkx is imported by the one function that returns its graph
    import networkx as nx

T = TypeVar("T")
RULE = "active, or undated and present"
RULE_SUSPENDED = "active or suspended, or undated and present"


@dataclass(frozen=True)
class TwinGraph:
    """An undirected simple graph of places and twinnings, with its provenance.

    Vertex attributes: ``name`` (place id), ``label``, ``country``, ``continent``, ``level``,
    ``lat``, ``lon`` and ``population`` (NaN when unknown); every place's normalised names
    come from :meth:`names`.  Edge attributes: ``twinning`` (id), ``kind`` and ``since`` (year
    established, or None).
    """

    graph: ig.Graph
    provenance: Provenance
    _memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    _names: Callable[[], list[frozenset[str]]] = field(
        default=lambda: [], repr=False, compare=False
    )

    def names(self) -> list[frozenset[str]]:
        """Every vertex's names, normalised (case- and accent-free), by vertex index.

        Computed on first use: the world's ~170,000 names take seconds to normalise, and only
        the same-name analysis reads them.
        """
        return self.memo("names", self._names)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per graph and key (derived graphs, rewired copies)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    def rewired(self, seed: int) -> ig.Graph:
        """The graph after degree-preserving rewiring with ``seed`` (computed once per seed).

        See :func:`twintowns.analysis.nullmodel.rewired`; vertex attributes are kept.
        """
        return self.memo(f"rewired:{seed}", lambda: rewired(self.graph, seed))

    @property
    def as_of(self) -> dt.date | None:
        """The date of the graph (None: today)."""
        return self.provenance.as_of

    def index(self, place_id: str) -> int:
        """The vertex index of a place, or -1 when it has no edge in this graph."""
        try:
            found: int = self.graph.vs.find(name=place_id).index
        except (ValueError, KeyError):
            return -1
        return found

    def column(self, attribute: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        """A numeric vertex attribute as a float array (``lat``, ``lon``, ``population``)."""
        return np.asarray(self.graph.vs[attribute], dtype=float)


# The rule deciding which twinnings are edges is the one of chains (:mod:`twintowns.paths`):
# one definition for the lab, the API's /path and `twintowns analyse chain`.
is_present = in_force


def _vertex_attributes(places: list[Place], as_of: dt.date | None) -> dict[str, list[Any]]:
    countries = [p.country(as_of) for p in places]
    nan = float("nan")
    return {
        "name": [p.id for p in places],
        "label": [p.name(when=as_of) for p in places],
        "country": countries,
        "continent": [continent_of(c) for c in countries],
        "level": [p.level.value for p in places],
        "lat": [p.coordinates.lat if p.coordinates else nan for p in places],
        "lon": [p.coordinates.lon if p.coordinates else nan for p in places],
        "population": [float(p.population) if p.population else nan for p in places],
    }


def _normalised_names(places: list[Place]) -> Callable[[], list[frozenset[str]]]:
    return lambda: [frozenset(normalise_name(n.text) for n in p.names) for p in places]


def build_graph(
    data: RegistryData, as_of: dt.date | None = None, *, include_suspended: bool = False
) -> TwinGraph:
    """The twinning graph of a registry at ``as_of`` (today when None).

    Parameters
    ----------
    data:
        What :func:`~twintowns.analysis.data.load_data` read.
    as_of:
        The day; undated twinnings count only for the present (see the module docstring).
    include_suspended:
        Keep suspended twinnings as edges.

    Returns
    -------
    TwinGraph
        The graph and its provenance.
    """
    kept = [t for t in data.twinnings if is_present(t, as_of, include_suspended=include_suspended)]
    ids = sorted({p for t in kept for p in (t.a, t.b)})
    index = {pid: i for i, pid in enumerate(ids)}
    graph = ig.Graph(n=len(ids), edges=[(index[t.a], index[t.b]) for t in kept])
    places = [data.places[p] for p in ids]
    for key, values in _vertex_attributes(places, as_of).items():
        graph.vs[key] = values
    graph.es["twinning"] = [t.id for t in kept]
    graph.es["kind"] = [t.kind.value for t in kept]
    years = [established(t.events) for t in kept]
    graph.es["since"] = [y.year if y else None for y in years]
    rule = RULE_SUSPENDED if include_suspended else RULE
    provenance = Provenance(data.snapshot, as_of, graph.vcount(), graph.ecount(), rule)
    return TwinGraph(graph, provenance, _names=_normalised_names(places))


def is_wikidata(source: Source) -> bool:
    """Whether a source is Wikidata (or a dump or crawl of it), by its id or address."""
    return "wikidata" in source.id.lower() or "wikidata.org" in (source.url or "").lower()


def wikidata_subgraph(
    data: RegistryData, as_of: dt.date | None = None, *, whole: TwinGraph | None = None
) -> TwinGraph:
    """The graph of the twinnings with at least one claim citing a Wikidata source: the
    like-for-like comparison with KONECT's Wikidata-only "twin" network.

    Pass ``whole`` (the graph :func:`build_graph` made of ``data`` at ``as_of``) to cut the
    subgraph out of it rather than build it again: the same places, order and attributes.
    """
    wikidata = {sid for sid, source in data.sources.items() if is_wikidata(source)}
    kept = [t for t in data.twinnings if any(c.citation.source_id in wikidata for c in t.claims)]
    cited = ", ".join(sorted(wikidata)) or "(no Wikidata source in the registry)"
    method = f"Wikidata-only subgraph: twinnings with a claim citing {cited}"
    if whole is None or whole.as_of != as_of:
        tg = build_graph(dataclasses.replace(data, twinnings=kept), as_of)
        return TwinGraph(tg.graph, tg.provenance.with_method(method), _names=tg._names)
    ids = {t.id for t in kept}
    edges = [e for e, tid in enumerate(whole.graph.es["twinning"]) if tid in ids]
    graph = whole.graph.subgraph_edges(edges, delete_vertices=True)
    ends = np.asarray(whole.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)[edges]
    vertices = np.unique(ends).tolist()  # subgraph_edges keeps the vertices' order
    provenance = dataclasses.replace(
        whole.provenance, nodes=graph.vcount(), edges=graph.ecount(), method=method
    )
    return TwinGraph(graph, provenance, _names=lambda: [whole.names()[v] for v in vertices])


def graph_from_edges(pairs: Iterable[tuple[str, str]], label: str) -> TwinGraph:
    """A bare graph from an edge list (ids only), for data that is not in a registry.

    Self-loops and repeated pairs (in either direction) are dropped.  Vertices carry only
    ``name`` and ``label`` (= the id); the other attributes are missing values.

    Parameters
    ----------
    pairs:
        ``(id, id)`` pairs, e.g. the lines of a relations file.
    label:
        What to call the origin in the provenance (a file name).
    """
    unique = sorted({(a, b) if a < b else (b, a) for a, b in pairs if a != b})
    ids = sorted({p for pair in unique for p in pair})
    index = {pid: i for i, pid in enumerate(ids)}
    graph = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in unique])
    nan = [float("nan")] * len(ids)
    graph.vs["name"] = ids
    graph.vs["label"] = ids
    for key in ("country", "continent", "level"):
        graph.vs[key] = [None] * len(ids)
    for key in ("lat", "lon", "population"):
        graph.vs[key] = nan
    graph.es["twinning"] = [f"{a}--{b}" for a, b in unique]
    graph.es["kind"] = [None] * len(unique)
    graph.es["since"] = [None] * len(unique)
    digest = fingerprint(ids, [])
    snapshot = DataStamp(label, digest, dt.datetime.now(dt.UTC), len(ids), len(unique))
    provenance = Provenance(snapshot, None, len(ids), len(unique), "edge list")
    names = [frozenset([normalise_name(i)]) for i in ids]
    return TwinGraph(graph, provenance, _names=lambda: names)


def nodes_frame(tg: TwinGraph) -> pd.DataFrame:
    """One row per place of the graph, with its degree (a pandas view)."""
    g = tg.graph
    columns = ("name", "label", "country", "continent", "level", "lat", "lon", "population")
    frame = pd.DataFrame({c: g.vs[c] for c in columns}).rename(columns={"name": "place"})
    frame["degree"] = g.degree()
    return stamp(frame, tg.provenance)


def edges_frame(tg: TwinGraph) -> pd.DataFrame:
    """One row per twinning of the graph, with both sides' ids, names and countries."""
    g = tg.graph
    ends = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    ids, labels, countries = (
        np.asarray(g.vs[k], dtype=object) for k in ("name", "label", "country")
    )
    frame = pd.DataFrame(
        {
            "twinning": g.es["twinning"],
            "a": ids[ends[:, 0]],
            "a_name": labels[ends[:, 0]],
            "a_country": countries[ends[:, 0]],
            "b": ids[ends[:, 1]],
            "b_name": labels[ends[:, 1]],
            "b_country": countries[ends[:, 1]],
            "kind": g.es["kind"],
            "since": pd.array(g.es["since"], dtype="Int64"),
        }
    )
    return stamp(frame, tg.provenance)


def to_networkx(tg: TwinGraph) -> nx.Graph:
    """The graph as a networkx graph keyed by place id, with the same attributes."""
    import networkx as nx

    g = tg.graph
    out = nx.Graph()
    attributes = [a for a in g.vs.attributes() if a != "name"]
    for vertex in g.vs:
        out.add_node(vertex["name"], **{a: vertex[a] for a in attributes})
    for edge in g.es:
        a, b = g.vs[edge.source]["name"], g.vs[edge.target]["name"]
        out.add_edge(a, b, **edge.attributes())
    out.graph["provenance"] = tg.provenance.line()
    return out
