"""Engine factory and schema migration (Alembic), driven by one URL.

A migration runs in one transaction (DDL is transactional on SQLite, as configured in
:mod:`.dialect`, and on PostgreSQL), so a kill leaves the schema as it was.  Databases that an
older version left half-made (tables without their version stamp) are recognised and repaired
before migrating: empty leftovers are dropped and recreated, a complete schema is stamped, and
anything else is refused with a clear :class:`~twintowns.errors.StoreError`.

Alembic (and Mako, Pygments behind it) is imported only when a migration or a repair runs: a
database already at the newest revision is recognised by reading its version stamp against the
revision files (:func:`shipped_head`), which every command does on start.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import sqlalchemy as sa

from twintowns.errors import StoreError
from twintowns.store import dialect, schema
from twintowns.store import living as _living  # noqa: F401  (its tables join schema.metadata)
from twintowns.store.revisions import shipped_head

if TYPE_CHECKING:
    from alembic.config import Config

_VERSION_TABLE = "alembic_version"


def make_engine(url: str, *, echo: bool = False) -> sa.Engine:
    """Create an engine for ``url`` with the backend's connection settings.

    Raises
    ------
    ConfigurationError
        For a bad or unsupported URL.
    """
    engine = sa.create_engine(dialect.normalise_url(url), echo=echo, future=True)
    dialect.configure(engine)
    return engine


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("twintowns.store") / "migrations")
    )
    return config


def alembic_config(engine: sa.Engine, connection: sa.Connection | None = None) -> Config:
    """An Alembic configuration bound to ``engine`` (no ini file needed); with
    ``connection``, migrations run inside that connection's transaction."""
    config = _config()
    config.attributes["engine"] = engine
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration revision shipped with this version."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at, ``None`` for an empty database."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot open database: {exc.orig}") from exc


@cache
def tables_at(revision: str | None) -> frozenset[str]:
    """The registry tables a database stamped at ``revision`` holds (found by migrating an
    in-memory database to it)."""
    if revision is None:
        return frozenset()
    from alembic import command

    scratch = make_engine("sqlite://")
    try:
        with dialect.write_transaction(scratch) as conn:
            command.upgrade(alembic_config(scratch, conn), revision)
            return frozenset(sa.inspect(conn).get_table_names()) - {_VERSION_TABLE}
    finally:
        scratch.dispose()


def _ours(name: str | None, type_: str, _parent: object) -> bool:
    return type_ != "table" or name in schema.metadata.tables


def _matches_head(conn: sa.Connection) -> bool:
    """True when the registry's tables are exactly the newest schema (other tables ignored)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(conn, opts={"include_name": _ours})
    return not compare_metadata(context, schema.metadata)


def _is_empty(conn: sa.Connection, table: str) -> bool:
    return conn.execute(sa.text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is None


def repair(conn: sa.Connection) -> str | None:
    """Make a half-made schema migratable again, inside the caller's transaction.

    Tables of the registry that exist although the version stamp says they should not (a
    migration killed before its stamp was written, by a version whose DDL was not
    transactional) are dropped when they are all empty, so the migration creates them afresh.
    When they hold rows and the schema is exactly the newest one, the database is stamped.
    Tables that are not the registry's are never touched.

    Returns
    -------
    str or None
        What was done (``dropped ...``, ``stamped ...``), or None when nothing was needed.

    Raises
    ------
    StoreError
        When leftover tables hold rows and the schema is not the newest: a person must look.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    stamp = MigrationContext.configure(conn).get_current_revision()
    present = set(sa.inspect(conn).get_table_names()) & set(schema.metadata.tables)
    extra = sorted(present - tables_at(stamp))
    if not extra:
        return None
    if all(_is_empty(conn, table) for table in extra):
        leftovers = sa.MetaData()
        leftovers.reflect(conn, only=extra)
        leftovers.drop_all(conn)
        return f"dropped empty leftover tables {', '.join(extra)}"
    if _matches_head(conn):
        command.stamp(alembic_config(conn.engine, conn), "head")
        return f"stamped a complete schema at {head_revision()}"
    raise StoreError(
        f"half-made schema: tables {', '.join(extra)} hold rows but the database is stamped "
        f"at {stamp or 'no revision'} and does not match revision {head_revision()}; "
        "restore a backup or remove the database"
    )


def _at_head(engine: sa.Engine) -> bool:
    """True when the database's version stamp is :func:`shipped_head` (a missing stamp table,
    or any doubt, is False: the migration path then looks properly)."""
    head = shipped_head()
    if head is None:
        return False
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(_VERSION_TABLE):
            return False
        stamps = list(conn.scalars(sa.text(f"SELECT version_num FROM {_VERSION_TABLE}")))
    return stamps == [head]


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision (creating it in an empty database), in one
    transaction, repairing a half-made schema first (see :func:`repair`).

    Raises
    ------
    StoreError
        If the database cannot be reached, its schema cannot be repaired, or the migration
        fails.
    """
    try:
        if _at_head(engine):
            return  # the common case takes no write lock: a long load does not block it
        from alembic import command

        with dialect.write_transaction(engine) as conn:
            repair(conn)
            command.upgrade(alembic_config(engine, conn), "head")
    except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
        raise StoreError(f"cannot migrate database: {exc.orig}") from exc
