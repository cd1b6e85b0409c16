"""Filtered exports of twinnings: CSV, GeoJSON and GraphML, each carrying attribution.

The columns and properties are those of :mod:`twintowns.export` (the CLI's unfiltered export);
here they apply to any :class:`~twintowns.query.TwinningFilter` selection.  CSV rows name
their sources and licences; GeoJSON and GraphML also carry every source used, with its
licence, at the top.  No web framework here: these are plain text builders.  CSV cells go
through :func:`twintowns.untrusted.csv_row` (formula-looking text neutralised, as in the CLI's
export).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from twintowns.api import convert
from twintowns.export import CSV_COLUMNS
from twintowns.model import Source
from twintowns.query import TwinningRow
from twintowns.untrusted import csv_row


def attribution(sources: Mapping[str, Source]) -> list[dict[str, Any]]:
    """Every source used, as JSON-ready records."""
    return [convert.source(s).model_dump(mode="json") for s in sources.values()]


def _record(row: TwinningRow) -> dict[str, Any]:
    return convert.twinning(row).model_dump()


def to_csv(rows: Iterable[TwinningRow]) -> str:
    """CSV with the columns of :data:`twintowns.export.CSV_COLUMNS`; lists joined by ``;``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        record = _record(row)
        record["sources"] = ";".join(record["sources"])
        record["licences"] = ";".join(record["licences"])
        writer.writerow(csv_row(record))
    return out.getvalue()


def to_geojson(rows: Iterable[TwinningRow], sources: Mapping[str, Source]) -> str:
    """A FeatureCollection of LineStrings; twinnings lacking coordinates are counted, not drawn."""
    features, skipped = [], 0
    for row in rows:
        a, b = row.a.coordinates, row.b.coordinates
        if a is None or b is None:
            skipped += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": row.twinning.id,
                "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
                "properties": _record(row),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "attribution": attribution(sources),
        "skipped_without_coordinates": skipped,
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False)


_NODE_KEYS = (("name", "string"), ("country", "string"), ("lat", "double"), ("lon", "double"))
_EDGE_KEYS = (
    ("kind", "string"),
    ("status", "string"),
    ("status_since", "string"),
    ("since", "string"),
    ("exclusive_reciprocal", "boolean"),
    ("one_sided", "boolean"),
    ("sources", "string"),
    ("licences", "string"),
)


def _data(key: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, list):
        value = ";".join(value)
    return f'<data key="{key}">{escape(str(value))}</data>'


def _graphml_keys() -> list[str]:
    keys = ['<key id="attribution" for="graph" attr.name="attribution" attr.type="string"/>']
    for scope, fields in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        keys += [
            f'<key id="{name}" for="{scope}" attr.name="{name}" attr.type="{kind}"/>'
            for name, kind in fields
        ]
    return keys


def to_graphml(rows: list[TwinningRow], sources: Mapping[str, Source]) -> str:
    """A GraphML graph: places as nodes, twinnings as undirected edges."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">')
    lines += _graphml_keys()
    lines.append('<graph id="twinnings" edgedefault="undirected">')
    lines.append(_data("attribution", json.dumps(attribution(sources), ensure_ascii=False)))
    places = {p.id: p for row in rows for p in (row.a, row.b)}
    for place_id in sorted(places):
        place = places[place_id]
        coords = place.coordinates
        values = (place.name(), place.country(), coords and coords.lat, coords and coords.lon)
        data = "".join(_data(k, v) for (k, _), v in zip(_NODE_KEYS, values, strict=True))
        lines.append(f"<node id={quoteattr(place_id)}>{data}</node>")
    for row in rows:
        record = _record(row)
        data = "".join(_data(k, record[k]) for k, _ in _EDGE_KEYS)
        t = row.twinning
        ids = f"id={quoteattr(t.id)} source={quoteattr(t.a)} target={quoteattr(t.b)}"
        lines.append(f"<edge {ids}>{data}</edge>")
    lines += ["</graph>", "</graphml>", ""]
    return "\n".join(lines)
