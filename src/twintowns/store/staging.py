"""Reload diffs through staging tables: a dataset's keyed rows (places, twinnings, networks,
rules, sources) are bulk-copied into a temporary table, and set-based statements then delete,
update and insert against it.

No statement carries one bound parameter per row (the old ``id NOT IN (?, ?, ...)`` hit
SQLite's variable limit at 250,000 twinnings), every join runs on an index (the staging
table's, the target's primary key), and a row is rewritten only when one of its values
differs, so reloading a dataset with one row changed changes one row.  The temporary tables
live inside the load's transaction and are dropped when the write is done (a rollback drops
them too: DDL is transactional on both backends).

Rows are streamed: the writer hands iterables that make each row when it is asked for, and
they are sent :data:`CHUNK_ROWS` at a time, so a load holds one chunk of rows (dicts) at a
time beside its bundle, not a copy of the whole dataset as rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa

from twintowns.store.dialect import bulk_insert

CHUNK_ROWS = 20_000
"""Rows handed to the driver per bulk statement (``COPY`` or ``executemany``): bounds the
driver-side copy of a large dataset."""


T = TypeVar("T")


def chunks(items: Iterable[T], size: int | None = None) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (:data:`CHUNK_ROWS` by default; the last one shorter),
    drawn from it as they go."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size or CHUNK_ROWS)):
        yield chunk


def insert_chunked(conn: sa.Connection, table: sa.Table, items: Iterable[dict[str, Any]]) -> int:
    """Bulk-insert ``items`` into ``table`` (``COPY`` on PostgreSQL) :data:`CHUNK_ROWS` at a
    time, making them as they go; the number of rows inserted."""
    count = 0
    for chunk in chunks(items):
        bulk_insert(conn, table, chunk)
        count += len(chunk)
    return count


def key_of(table: sa.Table) -> sa.Column[Any]:
    """The single-column primary key of a keyed table."""
    (key,) = table.primary_key.columns
    return key


@contextmanager
def staged(
    conn: sa.Connection, table: sa.Table, items: Iterable[dict[str, Any]]
) -> Iterator[sa.Table]:
    """A temporary table holding ``items`` (rows of ``table``, streamed into it), dropped when
    the block ends.

    Its columns are the rows' keys (just the key when there are none), with the target's
    types, and an index on the key (not unique: a duplicate id then fails in the target,
    through the same error path as before).
    """
    key = key_of(table)
    iterator = iter(items)
    first = next(iterator, None)
    names = list(first) if first is not None else [key.name]
    stage = sa.Table(
        f"stage_{table.name}",
        sa.MetaData(),
        *(sa.Column(table.c[n].name, table.c[n].type) for n in names),
        sa.Index(f"ix_stage_{table.name}_key", key.name),
        prefixes=["TEMPORARY"],
    )
    stage.create(conn)
    count = insert_chunked(conn, stage, itertools.chain([first], iterator) if first else ())
    if conn.dialect.name == "postgresql" and count >= CHUNK_ROWS:
        # autovacuum never analyzes temporary tables: without statistics the planner would
        # guess the joins of a large stage blind (a small one is planned well from its size)
        conn.exec_driver_sql(f'ANALYZE "{stage.name}"')
    yield stage
    # Not in a ``finally``: after an error the transaction rolls back, which drops the table
    # (and a failed PostgreSQL transaction would refuse the DROP).
    stage.drop(conn)


def _absent_from(stage: sa.Table, table: sa.Table) -> sa.ColumnElement[bool]:
    """True for a row of ``table`` whose key the stage does not hold."""
    key = key_of(table)
    return ~sa.exists().where(stage.c[key.name] == table.c[key.name])


def retract_missing(
    conn: sa.Connection,
    table: sa.Table,
    stage: sa.Table,
    dataset: str,
    *also: sa.ColumnElement[bool],
) -> int:
    """Delete the rows ``dataset`` wrote into ``table`` that the stage no longer lists (and
    that meet every condition in ``also``); the number deleted."""
    condition = sa.and_(table.c.dataset == dataset, _absent_from(stage, table), *also)
    return int(conn.execute(table.delete().where(condition)).rowcount)


def merge(conn: sa.Connection, table: sa.Table, stage: sa.Table, owner: str | None) -> int:
    """Update the rows of ``table`` whose staged version differs, insert the staged rows it
    lacks; the number of rows changed.

    With ``owner``, an existing row is updated only when that dataset wrote it (a world import
    attaches claims to a curated twinning without overwriting its kind).
    """
    key = key_of(table).name
    columns = [c.name for c in stage.columns if c.name != key]
    changed = 0
    if columns:
        differs = sa.or_(*(table.c[c].is_distinct_from(stage.c[c]) for c in columns))
        where = [table.c[key] == stage.c[key], differs]
        if owner is not None:
            where.append(table.c.dataset == owner)
        update = table.update().values({c: stage.c[c] for c in columns}).where(*where)
        changed += int(conn.execute(update).rowcount)
    missing = ~sa.exists().where(table.c[key] == stage.c[key])
    names = [c.name for c in stage.columns]
    fresh = sa.select(*(stage.c[n] for n in names)).where(missing)
    insert = table.insert().from_select(names, fresh).execution_options(preserve_rowcount=True)
    changed += int(conn.execute(insert).rowcount)  # an INSERT's count is kept only when asked
    return changed
