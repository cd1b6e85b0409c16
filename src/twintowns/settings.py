"""Typed settings, read from ``TWINTOWNS_*`` environment variables.

One :class:`Settings` object is built by the shell (CLI, API factory, tests) and passed in;
nothing reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Return the per-user data directory twintowns uses by default."""
    return Path(user_data_dir("twintowns", appauthor=False))


def _default_database_url() -> str:
    return f"sqlite:///{default_data_dir() / 'twintowns.sqlite'}"


class Settings(BaseSettings):
    """All knobs of twintowns.

    Attributes
    ----------
    database_url:
        SQLAlchemy URL of the registry database.  Default: an SQLite file in the user's data
        directory.  ``postgresql+psycopg://...`` selects PostgreSQL.
    auto_load:
        Fill an empty registry with the bundled data on first use.
    echo_sql:
        Log every SQL statement (debugging).
    """

    model_config = SettingsConfigDict(env_prefix="TWINTOWNS_", extra="ignore")

    database_url: str = Field(default_factory=_default_database_url)
    auto_load: bool = True
    echo_sql: bool = False
