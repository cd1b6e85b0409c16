"""Tabular exports: CSV, JSON and Parquet of :mod:`~twintowns.export.records` rows.

CSV cells go through :func:`twintowns.untrusted.csv_row` (text a spreadsheet would evaluate is
neutralised; numbers and booleans stay as they are); lists are joined by ``;``.  JSON carries
the attribution at the top; Parquet carries it in the schema metadata (key ``attribution``),
with typed columns (coordinates and confidence as doubles, GeoNames ids as integers, lists of
source ids as lists).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import orjson

from twintowns.export.records import COLUMNS
from twintowns.untrusted import FORMULA_PREFIXES

_RISKY = FORMULA_PREFIXES
_LISTS = ("sources", "licences")
_FLOATS = ("a_latitude", "a_longitude", "b_latitude", "b_longitude", "confidence")
_INTS = ("a_geonames", "b_geonames")
_BOOLS = ("exclusive_reciprocal", "one_sided")


def to_csv(rows: Sequence[Sequence[Any]]) -> str:
    """CSV with the columns of :data:`~twintowns.export.records.COLUMNS`, from value rows
    (:func:`~twintowns.export.records.value_rows`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    joined = [COLUMNS.index(key) for key in _LISTS]
    for row in rows:
        values = list(row)
        for i in joined:
            values[i] = ";".join(values[i])
        # csv_cell inlined (a third of the export's time as a call per cell): the same rule
        writer.writerow(
            ["'" + v if v.__class__ is str and v.startswith(_RISKY) else v for v in values]
        )
    return out.getvalue()


def to_json(rows: Sequence[dict[str, Any]], attribution: list[dict[str, Any]]) -> str:
    """``{"attribution": [...], "twinnings": [...]}``, indented."""
    payload = {"attribution": attribution, "twinnings": list(rows)}
    return orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode()


def _type(column: str) -> Any:
    import pyarrow as pa  # imported here: only Parquet exports pay for it

    if column in _LISTS:
        return pa.list_(pa.string())
    if column in _FLOATS:
        return pa.float64()
    if column in _INTS:
        return pa.int64()
    if column in _BOOLS:
        return pa.bool_()
    return pa.string()


def to_parquet(rows: Sequence[Sequence[Any]], attribution: list[dict[str, Any]]) -> bytes:
    """A Parquet file (zstd) of value rows (:func:`~twintowns.export.records.value_rows`);
    the attribution JSON is in the schema metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta = {b"attribution": orjson.dumps(attribution)}
    schema = pa.schema([pa.field(c, _type(c)) for c in COLUMNS], metadata=meta)
    columns = {c: [row[i] for row in rows] for i, c in enumerate(COLUMNS)}
    table = pa.Table.from_pydict(columns, schema=schema)
    out = io.BytesIO()
    pq.write_table(table, out, compression="zstd")
    return out.getvalue()
