"""The lab: the analyses twinning researchers run, as functions returning tables and graphs.

Read a registry once (:func:`load_data`), build the graph as of a date (:func:`build_graph`;
undated twinnings are present today and absent in history), then ask: the KONECT-style
:func:`summarise`, :func:`rankings`, the country tables of :mod:`~twintowns.analysis.countries`,
the distance tests of :mod:`~twintowns.analysis.geography` and :mod:`~twintowns.analysis.bands`
(four null models, per distance band), the matched gravity fit of
:mod:`~twintowns.analysis.gravity`, the power-law verdict of :mod:`~twintowns.analysis.tails`,
:mod:`~twintowns.analysis.homophily`,
:mod:`~twintowns.analysis.history`, and the HTML report (its quality section is
:mod:`twintowns.quality`'s)
(:func:`write_report`).  Every table carries its provenance in ``frame.attrs["provenance"]``.

The names below load their module on first use, so importing the package (or its light
:mod:`~twintowns.analysis.choices`) does not pull in igraph, pandas and matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twintowns.analysis.choices import Level, Measure
    from twintowns.analysis.data import (
        DataStamp,
        Provenance,
        RegistryData,
        load_data,
        provenance_of,
    )
    from twintowns.analysis.graph import (
        TwinGraph,
        build_graph,
        edges_frame,
        graph_from_edges,
        is_present,
        nodes_frame,
        to_networkx,
    )
    from twintowns.analysis.ranking import rankings
    from twintowns.analysis.report import ReportOptions, build_report, write_report
    from twintowns.analysis.summary import NetworkSummary, summarise, summary_table

_HOMES: dict[str, str] = {
    "Level": "choices",
    "Measure": "choices",
    "Provenance": "data",
    "RegistryData": "data",
    "DataStamp": "data",
    "load_data": "data",
    "provenance_of": "data",
    "TwinGraph": "graph",
    "build_graph": "graph",
    "edges_frame": "graph",
    "graph_from_edges": "graph",
    "is_present": "graph",
    "nodes_frame": "graph",
    "to_networkx": "graph",
    "rankings": "ranking",
    "ReportOptions": "report",
    "build_report": "report",
    "write_report": "report",
    "NetworkSummary": "summary",
    "summarise": "summary",
    "summary_table": "summary",
}

__all__ = [
    "DataStamp",
    "Level",
    "Measure",
    "NetworkSummary",
    "Provenance",
    "RegistryData",
    "ReportOptions",
    "TwinGraph",
    "build_graph",
    "build_report",
    "edges_frame",
    "graph_from_edges",
    "is_present",
    "load_data",
    "nodes_frame",
    "provenance_of",
    "rankings",
    "summarise",
    "summary_table",
    "to_networkx",
    "write_report",
]


def __getattr__(name: str) -> Any:
    """Load the module that defines ``name`` on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
