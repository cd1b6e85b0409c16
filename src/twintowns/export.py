"""Exports of the registry's twinnings: CSV, JSON and GeoJSON, each carrying attribution.

Every record names the sources of its facts and their licences; JSON and GeoJSON also carry a
top-level ``attribution`` with every source used.  CSV cells that a spreadsheet would evaluate
(text starting with ``= + - @``, tab or CR) are neutralised by
:func:`twintowns.untrusted.csv_cell`; every CSV column of :data:`CSV_COLUMNS` is text (or a
boolean), so no number is touched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import orjson

from twintowns.model import Place, Source, Twinning, established, status_as_of
from twintowns.registry import Registry
from twintowns.untrusted import csv_row
from twintowns.views import cited_sources

CSV_COLUMNS = (
    "id",
    "a",
    "a_name",
    "a_country",
    "b",
    "b_name",
    "b_country",
    "kind",
    "basis",
    "status",
    "status_since",
    "since",
    "exclusive_reciprocal",
    "one_sided",
    "confidence",
    "sources",
    "licences",
)


class ExportFormat(StrEnum):
    """Supported export formats."""

    CSV = "csv"
    JSON = "json"
    GEOJSON = "geojson"


@dataclass(frozen=True)
class _Item:
    twinning: Twinning
    a: Place
    b: Place


def _items(registry: Registry) -> tuple[list[_Item], dict[str, Source]]:
    reader = registry.reader
    places = reader.places()
    items = [_Item(t, places[t.a], places[t.b]) for t in reader.twinnings()]
    return items, reader.sources()


def _record(item: _Item, sources: dict[str, Source], as_of: dt.date | None) -> dict[str, Any]:
    t = item.twinning
    status = status_as_of(t.events, as_of)
    since = established(t.events)
    source_ids = cited_sources(t)
    licences = sorted({sources[s].licence or "unknown" for s in source_ids if s in sources})
    return {
        "id": t.id,
        "a": t.a,
        "a_name": item.a.name(when=as_of),
        "a_country": item.a.country(as_of),
        "b": t.b,
        "b_name": item.b.name(when=as_of),
        "b_country": item.b.country(as_of),
        "kind": t.kind.value,
        "basis": t.basis.value,
        "status": status.status.value,
        "status_since": status.since.isoformat() if status.since else None,
        "since": since.isoformat() if since else None,
        "exclusive_reciprocal": t.exclusive_reciprocal,
        "one_sided": t.one_sided,
        "confidence": t.confidence,
        "sources": list(source_ids),
        "licences": licences,
    }


def _attribution(sources: dict[str, Source]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher,
            "url": s.url,
            "licence": s.licence,
            "retrieved": s.retrieved.isoformat() if s.retrieved else None,
        }
        for s in sorted(sources.values(), key=lambda s: s.id)
    ]


def _csv(records: Iterator[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(
            csv_row(
                {
                    **record,
                    "sources": ";".join(record["sources"]),
                    "licences": ";".join(record["licences"]),
                }
            )
        )
    return out.getvalue()


def _feature(item: _Item, record: dict[str, Any]) -> dict[str, Any] | None:
    a, b = item.a.coordinates, item.b.coordinates
    if a is None or b is None:
        return None
    return {
        "type": "Feature",
        "id": record["id"],
        "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
        "properties": record,
    }


def export(registry: Registry, fmt: ExportFormat, as_of: dt.date | None = None) -> str:
    """Every twinning of the registry in ``fmt``, statuses as of ``as_of`` (today when None).

    GeoJSON holds one LineString per twinning whose two places both have coordinates; the
    count of those left out is in its ``skipped_without_coordinates`` member.
    """
    items, sources = _items(registry)
    used = {s for item in items for s in cited_sources(item.twinning)}
    used |= {c.source_id for item in items for p in (item.a, item.b) if (c := p.citation)}
    attribution = _attribution({k: v for k, v in sources.items() if k in used})
    if fmt is ExportFormat.CSV:
        return _csv(_record(i, sources, as_of) for i in items)
    if fmt is ExportFormat.JSON:
        records = [_record(i, sources, as_of) for i in items]
        payload = {"attribution": attribution, "twinnings": records}
        return orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode()
    features = [_feature(i, _record(i, sources, as_of)) for i in items]
    kept = [f for f in features if f is not None]
    collection = {
        "type": "FeatureCollection",
        "attribution": attribution,
        "skipped_without_coordinates": len(features) - len(kept),
        "features": kept,
    }
    return orjson.dumps(collection).decode()
