"""Every difference between the SQL backends lives here (SQLite and PostgreSQL).

* URL handling: SQLite files get their directory created; PostgreSQL URLs get the psycopg 3
  driver when none is named.
* Connection set-up: SQLite runs in WAL mode with foreign keys on and a busy timeout.
* Transactions: on SQLite the driver's own transaction handling is switched off and every
  transaction is opened with an explicit ``BEGIN``, so DDL (a migration) stays inside the
  transaction instead of committing on its own; write transactions take the write lock first.
* Bulk loads: ``COPY`` on PostgreSQL, driver-level ``executemany`` on SQLite.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from twintowns.errors import ConfigurationError

SUPPORTED = ("sqlite", "postgresql")


def normalise_url(url: str) -> URL:
    """Parse and complete a database URL.

    Raises
    ------
    ConfigurationError
        For a malformed URL or an unsupported backend.
    """
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError as exc:
        raise ConfigurationError(f"invalid database URL {url!r}: {exc}") from exc
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED:
        raise ConfigurationError(
            f"unsupported database backend {backend!r} (use sqlite or postgresql)"
        )
    if backend == "postgresql" and parsed.get_driver_name() in ("psycopg2", ""):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "postgresql" and "+" not in parsed.drivername:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        parsed = parsed.set(database=str(path))
    return parsed


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens transactions itself only before INSERT/UPDATE/DELETE, so a CREATE TABLE
    # runs (and commits) outside any transaction: a migration killed half-way leaves half a
    # schema.  With the driver in autocommit mode, _sqlite_on_begin opens every transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


# Any 64-bit number: PostgreSQL registry writers (loads, migrations) queue on this lock.
_PG_WRITER_LOCK = 0x7477696E746F776E
_BEGIN_MODE = "sqlite_begin"  # execution option: DEFERRED (reads) or IMMEDIATE (writes)


def _sqlite_on_begin(conn: sa.Connection) -> None:
    mode = conn.get_execution_options().get(_BEGIN_MODE, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def configure(engine: sa.Engine) -> None:
    """Install per-connection settings for the engine's backend."""
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_on_begin)


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One write transaction, committed when the block ends and rolled back on any error.

    On SQLite it takes the write lock at ``BEGIN`` (waiting up to the busy timeout for another
    writer): a transaction that read first and wrote later could otherwise fail half-way when
    another writer committed in between.  On PostgreSQL it takes a transaction-level advisory
    lock, so writers queue the same way (two first-use fills: the second finds the registry
    filled).  DDL inside it is transactional on both backends.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.execution_options(**{_BEGIN_MODE: "IMMEDIATE"})
        with conn.begin():
            if conn.dialect.name == "postgresql":  # one registry writer at a time, as on SQLite
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_WRITER_LOCK)))
            yield conn


def _to_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _to_json(value: Any) -> Any:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _driver_values(
    columns: Sequence[sa.Column[Any]], rows: Sequence[Mapping[str, Any]]
) -> list[tuple[Any, ...]]:
    """Rows as tuples the driver takes: JSON as text, dates as ISO text (converted only in
    the columns that need it: this runs for every cell of a world build)."""
    pick = operator.itemgetter(*(c.name for c in columns))
    values = [pick(row) if len(columns) > 1 else (pick(row),) for row in rows]
    fixes = [
        (i, _to_json if isinstance(c.type, sa.JSON) else _to_text)
        for i, c in enumerate(columns)
        if isinstance(c.type, sa.JSON | sa.Date | sa.DateTime)
    ]
    if not fixes:
        return values
    out = []
    for value in values:
        cells = list(value)
        for i, fix in fixes:
            cells[i] = fix(cells[i])
        out.append(tuple(cells))
    return out


def bulk_insert(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows fast, bypassing per-row statement processing: ``COPY`` on
    PostgreSQL, ``executemany`` with plain tuples on SQLite.  All rows have the same keys."""
    if not rows:
        return
    columns = [table.c[name] for name in rows[0]]
    values = _driver_values(columns, rows)
    names = ", ".join(f'"{c.name}"' for c in columns)
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for value in values:
                copy.write_row(value)
        return
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', values)
