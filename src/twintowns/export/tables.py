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
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import orjson

from twintowns.export.records import COLUMNS, Parts
from twintowns.untrusted import FORMULA_PREFIXES

_RISKY = FORMULA_PREFIXES
K = TypeVar("K")
_LISTS = ("sources", "licences")
_FLOATS = ("a_latitude", "a_longitude", "b_latitude", "b_longitude", "confidence")
_INTS = ("a_geonames", "b_geonames")
_BOOLS = ("exclusive_reciprocal", "one_sided")


# Text the CSV writer might quote or escape (QUOTE_MINIMAL quotes a delimiter, a quote or a
# line end; any control character is sent to the writer too): other text is written as it is.
_WRITER_CHANGES = re.compile(r'[,"\x00-\x1f\x7f]')


class _Lines(list[str]):
    """What the CSV writer writes to: its lines, taken back one at a time."""

    write = list.append


def _safe(value: Any) -> Any:
    """A cell made safe for a spreadsheet (:func:`twintowns.untrusted.csv_cell`, inlined)."""
    return "'" + value if value.__class__ is str and value.startswith(_RISKY) else value


class _Cells:
    """Cells rendered as ``csv.writer`` writes them, with a carriage return quoted as a line
    feed is: the writer quotes only its own line end's characters, and a bare ``\\r`` in
    an unquoted cell splits the row for pandas and spreadsheets."""

    def __init__(self) -> None:
        self.lines = _Lines()
        self.writer = csv.writer(self.lines, lineterminator="\r\n")

    def row(self, cells: Sequence[Any]) -> str:
        """Several cells, comma-separated, made safe first (no line end)."""
        self.writer.writerow([_safe(v) for v in cells])
        return self.lines.pop()[:-2]

    def text(self, value: str) -> str:
        """One text cell, made safe."""
        if value.startswith(_RISKY):
            value = "'" + value
        if not value or _WRITER_CHANGES.search(value) is None:
            return value
        return self.row((value,))  # never empty here: no lone-empty-field quoting


class _Once(dict[K, str]):
    """Cells rendered on first use: ``cells[key]`` (a dictionary look-up after the first)."""

    def __init__(self, render: Callable[[K], str]) -> None:
        super().__init__()
        self.render = render

    def __missing__(self, key: K) -> str:
        found = self[key] = self.render(key)
        return found


def to_csv(parts: Sequence[Parts]) -> str:
    """CSV with the columns of :data:`~twintowns.export.records.COLUMNS`, from records in
    parts (:func:`~twintowns.export.records.row_parts`).

    The same text as ``csv.writer`` writing every row's cells (made safe for a spreadsheet),
    with each place's eight cells, each list of sources or licences and each vocabulary word
    rendered once: a place ends many twinnings and most twinnings cite the same few sources.
    """
    cells = _Cells()
    ends: dict[str, str] = {}  # place id -> its eight cells
    words = _Once(cells.text)  # kind, basis, status, precision
    lists = _Once[tuple[str, ...]](lambda items: cells.text(";".join(items)))
    text = cells.text
    lines = [cells.row(COLUMNS) + "\n"]
    for tid, a, b, rest in parts:
        end_a, end_b = ends.get(a[0]), ends.get(b[0])
        if end_a is None:
            end_a = ends[a[0]] = cells.row(a)
        if end_b is None:
            end_b = ends[b[0]] = cells.row(b)
        kind, basis, status, status_since, since, precision, first, last = rest[:8]
        one_way, one_sided, confidence, sources, licences = rest[8:]
        # ISO days ("YYYY-MM-DD") need no quoting and are never risky; booleans and the
        # confidence are written as str() writes them; None as nothing
        lines.append(
            f"{text(tid)},{end_a},{end_b},{words[kind]},{words[basis]},{words[status]},"
            f"{status_since or ''},{since or ''},{'' if precision is None else words[precision]},"
            f"{first or ''},{last or ''},{one_way},{one_sided},{confidence},"
            f"{lists[sources]},{lists[licences]}\n"
        )
    return "".join(lines)


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
