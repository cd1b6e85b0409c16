"""Loads: one write transaction for any number of bundles and snapshots, all or nothing.

:func:`loading` opens the transaction and yields a :class:`Load`; everything written through
it commits together with a completeness marker per dataset (table ``registry_loads``), or not
at all: a process killed at any moment leaves the registry as it was before the load.  A load
that would take a dataset's table from some rows to none, or a source's rows to none, is
refused (:class:`~twintowns.errors.EmptyLoadError`) unless ``allow_empty`` is given: that is
what an empty or truncated data file looks like.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from twintowns.errors import EmptyLoadError, IntegrityError, StoreError
from twintowns.model import Bundle
from twintowns.store import schema, snapshot
from twintowns.store.dialect import write_transaction
from twintowns.store.reader import Reader
from twintowns.store.writer import current_actor, write_bundle

# The facts counted: every cited table but the review queue (work to do, not facts: a better
# resolver may leave none).
COUNTED: tuple[sa.Table, ...] = (
    schema.places,
    schema.twinnings,
    schema.networks,
    *(t for t in schema.CITED_FACT_TABLES if t is not schema.review_queue),
)
# Tables of statements a data file lists: one going from some rows to none is refused.  Places,
# names and events may all go in a legitimate reload (an import whose remaining claims all land
# on curated places and twinnings creates none of its own).
GUARDED = ("twinnings", "claims", "networks")
# A source is "emptied" when it no longer backs any statement (places alone do not count: the
# gazetteer backs only the places an import happens to create).
_PLACE_TABLES = frozenset({"places", "place_names", "place_countries"})


ANALYZE_FROM = 50_000
"""Rows a load writes from which it refreshes the planner's statistics (``ANALYZE``) before
committing: the first queries after a bulk load would otherwise be planned for the tables
as they were."""


@dataclass(frozen=True)
class DatasetRows:
    """How many rows a dataset holds, per table and, for statements, per cited source."""

    tables: dict[str, int]
    sources: Counter[str]


def dataset_rows(conn: sa.Connection, dataset: str) -> DatasetRows:
    """Count the fact rows ``dataset`` holds, inside the caller's transaction."""
    tables: dict[str, int] = {}
    sources: Counter[str] = Counter()
    for table in COUNTED:
        query = (
            sa.select(table.c.source_id, sa.func.count())
            .where(table.c.dataset == dataset)
            .group_by(table.c.source_id)
        )
        found = {str(row[0]): int(row[1]) for row in conn.execute(query)}
        tables[table.name] = sum(found.values())
        if table.name not in _PLACE_TABLES:
            sources.update(found)
    return DatasetRows(tables, sources)


def emptied(before: DatasetRows, after: DatasetRows, written: dict[str, int]) -> list[str]:
    """What a load took from some rows to none: the whole dataset, a statement table (counting
    the rows it wrote, also those kept under another dataset's name, such as a world claim's
    curated twinning), or a source's statements."""
    if sum(before.tables.values()) and not sum(after.tables.values()):
        return [f"all its {sum(before.tables.values()):,} rows"]
    lost = [
        f"all its {before.tables[t]:,} {t}"
        for t in GUARDED
        if before.tables.get(t) and not max(after.tables.get(t, 0), written.get(t, 0))
    ]
    lost += [
        f"every statement citing {s!r} ({n:,} rows)"
        for s, n in sorted(before.sources.items())
        if n and not after.sources[s]
    ]
    return lost


def check_not_emptied(
    dataset: str,
    before: DatasetRows,
    after: DatasetRows,
    written: dict[str, int],
    origin: str | None = None,
) -> None:
    """Refuse a load that took ``dataset``, one of its statement tables or a source's
    statements from some rows to none (see :func:`emptied`).

    Raises
    ------
    EmptyLoadError
        Naming ``origin`` (the file or folder the data came from) when given.
    """
    lost = emptied(before, after, written)
    if lost:
        raise EmptyLoadError(
            f"refusing an empty replacement of dataset {dataset!r}: it would remove "
            f"{'; '.join(lost)} (an empty or truncated file?); allow empty replacements "
            "(--allow-empty) to proceed",
            path=origin,
        )


@dataclass
class Load:
    """An open load transaction: write bundles and snapshots, read what is written so far."""

    conn: sa.Connection
    action: str
    actor: str
    allow_empty: bool = False
    written: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def reader(self) -> Reader:
        """Reads inside this transaction (they see what it wrote so far)."""
        return Reader(self.conn.engine, self.conn)

    def bundle(
        self, bundle: Bundle, *, action: str | None = None, origin: str | None = None
    ) -> dict[str, int]:
        """Write ``bundle`` (replacing its dataset's earlier rows); rows written per table.

        Raises
        ------
        EmptyLoadError
            If it would empty a table of the dataset or a source, unless ``allow_empty``.
        IntegrityError
            If the bundle refers to unknown places.
        """
        before = dataset_rows(self.conn, bundle.name)
        counts = write_bundle(self.conn, bundle, action=action or self.action, actor=self.actor)
        self._written(bundle.name, before, counts, origin)
        return counts

    def snapshot(self, path: Path) -> dict[str, int]:
        """Write a snapshot file (replacing its dataset's earlier rows); rows per table.

        Raises
        ------
        DataFileError
            If the file is not a snapshot.
        EmptyLoadError
            As :meth:`bundle`.
        """
        payload = snapshot.read(path)
        dataset = str(payload["dataset"])
        before = dataset_rows(self.conn, dataset)
        counts = snapshot.write(self.conn, payload, actor=self.actor)
        self._written(dataset, before, counts, str(path))
        return counts

    def _written(
        self, dataset: str, before: DatasetRows, counts: dict[str, int], origin: str | None
    ) -> None:
        if not self.allow_empty:
            after = dataset_rows(self.conn, dataset)
            check_not_emptied(dataset, before, after, counts, origin)
        self.written[dataset] = counts


def _mark(conn: sa.Connection, load: Load) -> None:
    """Write the completeness markers of every dataset the load wrote (same transaction)."""
    marks = schema.registry_loads
    load_id, now = uuid.uuid4().hex, dt.datetime.now(dt.UTC)
    for dataset, counts in load.written.items():
        conn.execute(marks.delete().where(marks.c.dataset == dataset))
        conn.execute(
            marks.insert(),
            {
                "dataset": dataset,
                "load_id": load_id,
                "action": load.action[:60],
                "loaded_at": now,
                "written": counts,
            },
        )


def _analyze(conn: sa.Connection, load: Load) -> None:
    """Refresh the statistics after a bulk load (:data:`ANALYZE_FROM` rows or more), in the
    load's transaction: on SQLite from a bounded sample per index, so it stays cheap."""
    if sum(sum(counts.values()) for counts in load.written.values()) < ANALYZE_FROM:
        return
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
    conn.exec_driver_sql("ANALYZE")


@contextmanager
def loading(
    engine: sa.Engine, action: str, *, actor: str | None = None, allow_empty: bool = False
) -> Iterator[Load]:
    """One all-or-nothing load: everything written through the yielded :class:`Load` commits
    together, with its completeness markers, when the block ends; nothing does on any error.

    Parameters
    ----------
    engine:
        The registry database.
    action:
        What to call the writes in the audit log and the markers (``init``, ``build``).
    actor:
        Who writes; the OS user by default.
    allow_empty:
        Allow replacing a dataset's table (or a source's rows) with none.

    Raises
    ------
    IntegrityError
        If a database constraint fails.
    StoreError
        If the database fails.
    """
    try:
        with write_transaction(engine) as conn:
            load = Load(conn, action, actor or current_actor(), allow_empty)
            yield load
            _analyze(conn, load)
            _mark(conn, load)
    except sa.exc.IntegrityError as exc:
        raise IntegrityError(f"database constraint failed: {exc.orig}") from exc
    except sa.exc.OperationalError as exc:
        raise StoreError(f"database error: {exc.orig}") from exc


def load_bundle(
    engine: sa.Engine,
    bundle: Bundle,
    *,
    action: str,
    actor: str | None = None,
    allow_empty: bool = False,
    origin: str | None = None,
) -> dict[str, int]:
    """Write a bundle in one transaction; on any error the database is left as it was.

    What an earlier load of the same dataset (:attr:`Bundle.name`) wrote is replaced, so
    loading the same bundle twice gives the same database.  The write is audited and marked
    complete.

    Parameters
    ----------
    engine:
        The registry database.
    bundle:
        The facts to write.
    action:
        What to call the write in the audit log (``load curated``).
    actor:
        Who writes; the OS user by default.
    allow_empty:
        Allow replacing a dataset's table (or a source's rows) with none.
    origin:
        The file or folder the bundle was read from, named in an :class:`EmptyLoadError`.

    Returns
    -------
    dict
        Rows written per table.

    Raises
    ------
    EmptyLoadError
        If the load would empty a table of the dataset or a source, unless ``allow_empty``.
    IntegrityError
        If the bundle refers to places that exist neither in it nor in the database, or a
        database constraint fails.
    StoreError
        If the database fails.
    """
    with loading(engine, action, actor=actor, allow_empty=allow_empty) as load:
        return load.bundle(bundle, origin=origin)


def load_snapshot(engine: sa.Engine, path: Path, *, allow_empty: bool = False) -> dict[str, int]:
    """Load a snapshot file in one transaction (see :func:`load_bundle`).

    Raises
    ------
    DataFileError
        If the file is not a snapshot.
    EmptyLoadError
        If the load would empty a table of the dataset or a source, unless ``allow_empty``.
    """
    with loading(engine, "load snapshot", allow_empty=allow_empty) as load:
        return load.snapshot(path)


def markers(engine: sa.Engine) -> dict[str, dict[str, Any]]:
    """The completeness markers: per dataset, the load that wrote it last."""
    marks = schema.registry_loads
    with engine.connect() as conn:
        return {
            row["dataset"]: dict(row)
            for row in conn.execute(sa.select(marks).order_by(marks.c.dataset)).mappings()
        }
