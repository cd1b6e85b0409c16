"""Snapshots: a dataset's rows, table by table, as compact gzipped JSON.

The bundled world registry ships this way: backend-neutral (it loads into SQLite and
PostgreSQL alike), deterministic (rows sorted, no timestamps), and loaded in one transaction
(:func:`twintowns.store.loading`).
Autoincrement ids are not stored; the database assigns them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from twintowns.errors import DataFileError
from twintowns.store import schema
from twintowns.store.dialect import bulk_insert
from twintowns.store.writer import audit, current_actor

FORMAT = "twintowns-snapshot/1"
# Parents before children, so foreign keys hold while loading.
TABLES: tuple[sa.Table, ...] = (
    schema.places,
    schema.place_names,
    schema.place_countries,
    schema.twinnings,
    schema.twinning_names,
    schema.twinning_reasons,
    schema.claims,
    schema.events,
    schema.networks,
    schema.memberships,
    schema.rules,
    schema.terms,
    schema.review_queue,
)


def _stored_columns(table: sa.Table) -> list[sa.Column[Any]]:
    return [c for c in table.columns if not (c.primary_key and c.autoincrement is True)]


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def dump(engine: sa.Engine, dataset: str, path: Path) -> dict[str, int]:
    """Write every row of ``dataset`` (and the sources they cite) to ``path``.

    Returns
    -------
    dict
        Rows written per table.
    """
    tables: dict[str, Any] = {}
    with engine.connect() as conn:
        for table in TABLES:
            columns = _stored_columns(table)
            # JSON has no ordering on PostgreSQL; the other columns already order every row.
            order = [c for c in columns if c.name != "dataset" and not isinstance(c.type, sa.JSON)]
            query = sa.select(*columns).where(table.c.dataset == dataset).order_by(*order)
            rows = [[_encode(v) for v in row] for row in conn.execute(query)]
            tables[table.name] = {"columns": [c.name for c in columns], "rows": rows}
        cited = sa.union(*(sa.select(t.c.source_id).where(t.c.dataset == dataset) for t in TABLES))
        src = schema.sources
        query = (
            sa.select(src).where(src.c.id.in_(sa.select(cited.subquery().c[0]))).order_by(src.c.id)
        )
        sources = [[_encode(v) for v in row] for row in conn.execute(query)]
    payload = {
        "format": FORMAT,
        "dataset": dataset,
        "sources": {"columns": [c.name for c in src.columns], "rows": sources},
        "tables": tables,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # No file name and mtime 0 in the gzip header: the same rows give the same bytes.
    with path.open("wb") as raw, gzip.GzipFile("", "wb", fileobj=raw, mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    return {name: len(t["rows"]) for name, t in tables.items()}


def read(path: Path) -> Mapping[str, Any]:
    """Read and check a snapshot file (its rows are written by :func:`write`).

    Raises
    ------
    DataFileError
        If the file is not a snapshot.
    """
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            payload = json.load(handle)
    except (OSError, EOFError, ValueError) as exc:
        raise DataFileError(f"not a readable snapshot: {exc}", path=str(path)) from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise DataFileError(f"not a {FORMAT} file", path=str(path))
    if not isinstance(payload.get("dataset"), str) or not payload["dataset"]:
        raise DataFileError("snapshot names no dataset", path=str(path))
    return payload


def _rows(table: sa.Table, block: Mapping[str, Any]) -> list[dict[str, Any]]:
    names = [table.c[name].name for name in block["columns"]]  # unknown columns fail here
    return [dict(zip(names, row, strict=True)) for row in block["rows"]]


def write(
    conn: sa.Connection, payload: Mapping[str, Any], *, actor: str | None = None
) -> dict[str, int]:
    """Write a snapshot read by :func:`read` inside the caller's transaction, replacing what its
    dataset wrote before, and audit the write (the transaction, with its empty-replacement
    guard and completeness marker, is :func:`twintowns.store.loading`'s).

    Returns
    -------
    dict
        Rows written per table.
    """
    dataset = str(payload["dataset"])
    counts: dict[str, int] = {}
    for table in reversed(TABLES):
        conn.execute(table.delete().where(table.c.dataset == dataset))
    src = schema.sources
    known = set(conn.scalars(sa.select(src.c.id)))
    fresh = [r for r in _rows(src, payload["sources"]) if r["id"] not in known]
    bulk_insert(conn, src, fresh)
    for table in TABLES:
        rows = _rows(table, payload["tables"][table.name])
        bulk_insert(conn, table, rows)  # dates travel as ISO text, which both backends take
        counts[table.name] = len(rows)
    audit(conn, "load snapshot", dataset, counts, actor or current_actor())
    return counts
