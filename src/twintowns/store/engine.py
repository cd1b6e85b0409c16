"""Engine factory and schema migration (Alembic), driven by one URL."""

from __future__ import annotations

from importlib import resources

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from twintowns.errors import StoreError
from twintowns.store import dialect


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


def alembic_config(engine: sa.Engine) -> Config:
    """An Alembic configuration bound to ``engine`` (no ini file needed)."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("twintowns.store") / "migrations")
    )
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest migration revision shipped with this version."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("twintowns.store") / "migrations")
    )
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at, ``None`` for an empty database."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot open database: {exc.orig}") from exc


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision (creating it in an empty database).

    Raises
    ------
    StoreError
        If the database cannot be reached or the migration fails.
    """
    try:
        command.upgrade(alembic_config(engine), "head")
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot migrate database: {exc.orig}") from exc
