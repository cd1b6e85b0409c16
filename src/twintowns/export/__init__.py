"""Exports of the registry's twinnings: CSV, JSON, GeoJSON, GraphML, Parquet and QuickStatements.

The one export pipeline of twintowns: the CLI's ``export`` and the API's ``/export.*`` both
call :func:`render` (the API only wraps the result in an HTTP response).  Every format holds
the same record per twinning (:data:`~twintowns.export.records.COLUMNS`) and credits its
sources: JSON, GeoJSON and GraphML carry the attribution inside, Parquet in its schema
metadata, and a CSV or Parquet file written by :func:`write` gets a sidecar
``<name>.attribution.txt`` with every source's title, author, URL and licence.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

from twintowns.export.records import (
    COLUMNS,
    Item,
    Selection,
    attribution,
    attribution_text,
    load,
    records,
    row_parts,
    selection,
    used_sources,
    value_rows,
)
from twintowns.registry import Registry

__all__ = [
    "COLUMNS",
    "ExportFormat",
    "Item",
    "Selection",
    "attribution_text",
    "export",
    "load",
    "render",
    "selection",
    "sidecar_path",
    "write",
    "write_selection",
]


class ExportFormat(StrEnum):
    """Supported export formats."""

    CSV = "csv"
    JSON = "json"
    GEOJSON = "geojson"
    GRAPHML = "graphml"
    PARQUET = "parquet"
    QUICKSTATEMENTS = "quickstatements"  # commands to add the twinnings to Wikidata

    @property
    def binary(self) -> bool:
        """True for formats that are bytes, not text (Parquet)."""
        return self is ExportFormat.PARQUET

    @property
    def sidecar(self) -> bool:
        """True for formats whose attribution goes in a sidecar text file."""
        return self in (ExportFormat.CSV, ExportFormat.PARQUET)


def render(fmt: ExportFormat, chosen: Selection) -> bytes:
    """The selection in ``fmt``, as bytes (UTF-8 for the text formats).

    Parameters
    ----------
    fmt:
        The format.
    chosen:
        Twinnings, sources, the day of the statuses and the registry's places.
    """
    from twintowns.export import geo, graphml, tables

    if fmt is ExportFormat.QUICKSTATEMENTS:  # each command cites its own reference
        from twintowns.export.quickstatements import to_quickstatements

        return to_quickstatements(chosen).encode()
    if fmt is ExportFormat.CSV:  # no attribution inside: it goes in the sidecar
        return tables.to_csv(row_parts(chosen)).encode()
    credits = attribution(used_sources(chosen))
    if fmt is ExportFormat.PARQUET:
        return tables.to_parquet(value_rows(chosen), credits)
    rows = records(chosen)
    if fmt is ExportFormat.JSON:
        text = tables.to_json(rows, credits)
    elif fmt is ExportFormat.GEOJSON:
        text = geo.to_geojson(chosen.items, rows, credits, chosen.places)
    else:
        text = graphml.to_graphml(rows, credits)
    return text.encode()


def export(
    registry: Registry,
    fmt: ExportFormat,
    as_of: dt.date | None = None,
    *,
    include_doubtful: bool = False,
) -> bytes:
    """Every twinning of ``registry`` in ``fmt``, statuses as of ``as_of`` (today when None);
    doubtful ones only with ``include_doubtful``."""
    return render(fmt, selection(registry, as_of, include_doubtful=include_doubtful))


def sidecar_path(path: Path) -> Path:
    """Where the attribution of an export written to ``path`` goes: ``<stem>.attribution.txt``."""
    return path.with_name(f"{path.stem}.attribution.txt")


def write(
    registry: Registry,
    fmt: ExportFormat,
    path: Path,
    as_of: dt.date | None = None,
    *,
    include_doubtful: bool = False,
) -> list[Path]:
    """Write every twinning to ``path`` (and a CSV's or Parquet's attribution beside it).

    Returns
    -------
    list of Path
        The files written, the export first.
    """
    chosen = selection(registry, as_of, include_doubtful=include_doubtful)
    return write_selection(chosen, fmt, path)


def write_selection(chosen: Selection, fmt: ExportFormat, path: Path) -> list[Path]:
    """Write ``chosen`` to ``path`` in ``fmt`` (and a CSV's or Parquet's attribution beside
    it); returns the files written, the export first."""
    path.write_bytes(render(fmt, chosen))
    if not fmt.sidecar:
        return [path]
    side = sidecar_path(path)
    side.write_text(attribution_text(used_sources(chosen)), encoding="utf-8")
    return [path, side]
