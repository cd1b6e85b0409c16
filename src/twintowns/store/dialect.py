"""Every difference between the SQL backends lives here (SQLite and PostgreSQL).

* URL handling: SQLite files get their directory created; PostgreSQL URLs get the psycopg 3
  driver when none is named.
* Connection set-up: SQLite runs in WAL mode with foreign keys on and a busy timeout.
"""

from __future__ import annotations

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
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def configure(engine: sa.Engine) -> None:
    """Install per-connection settings for the engine's backend."""
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_on_connect)
