"""GraphML export: places as nodes (id = place id, ``label`` = display name), twinnings as
undirected edges carrying the record's fields; the attribution is a graph attribute (JSON).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import orjson

from twintowns.export.records import COLUMNS

_NODE_KEYS = (
    ("label", "name", "string"),
    ("country", "country", "string"),
    ("level", "level", "string"),
    ("latitude", "latitude", "double"),
    ("longitude", "longitude", "double"),
    ("wikidata", "wikidata", "string"),
    ("geonames", "geonames", "long"),
)  # (GraphML key, record field after the a_/b_ prefix, type)
_EDGE_TYPES = {"exclusive_reciprocal": "boolean", "one_sided": "boolean", "confidence": "double"}
_EDGE_KEYS = tuple(c for c in COLUMNS if c != "id" and not c.startswith(("a_", "b_")))


def _data(key: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, list):
        value = ";".join(value)
    return f'<data key="{key}">{escape(str(value))}</data>'


def _keys() -> list[str]:
    keys = ['<key id="attribution" for="graph" attr.name="attribution" attr.type="string"/>']
    keys += [
        f'<key id="{key}" for="node" attr.name="{key}" attr.type="{kind}"/>'
        for key, _, kind in _NODE_KEYS
    ]
    keys += [
        f'<key id="{key}" for="edge" attr.name="{key}" '
        f'attr.type="{_EDGE_TYPES.get(key, "string")}"/>'
        for key in _EDGE_KEYS
    ]
    return keys


def _nodes(rows: Sequence[dict[str, Any]]) -> list[str]:
    ends: dict[str, tuple[str, dict[str, Any]]] = {}
    for row in rows:
        for side in ("a", "b"):
            ends.setdefault(row[f"{side}_id"], (side, row))
    lines = []
    for place_id in sorted(ends):
        side, row = ends[place_id]
        data = "".join(_data(key, row[f"{side}_{field}"]) for key, field, _ in _NODE_KEYS)
        lines.append(f"<node id={quoteattr(place_id)}>{data}</node>")
    return lines


def to_graphml(rows: Sequence[dict[str, Any]], attribution: list[dict[str, Any]]) -> str:
    """A GraphML document of the rows."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">')
    lines += _keys()
    lines.append('<graph id="twinnings" edgedefault="undirected">')
    lines.append(_data("attribution", orjson.dumps(attribution).decode()))
    lines += _nodes(rows)
    for row in rows:
        data = "".join(_data(key, row[key]) for key in _EDGE_KEYS)
        ids = f"id={quoteattr(row['id'])} source={quoteattr(row['a_id'])}"
        lines.append(f"<edge {ids} target={quoteattr(row['b_id'])}>{data}</edge>")
    lines += ["</graph>", "</graphml>", ""]
    return "\n".join(lines)
