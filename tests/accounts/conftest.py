"""Fixtures of the living-registry tests: a migrated registry (SQLite and PostgreSQL) holding
three places and one twinning, and a file of the curated registry for the API tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from support.living import seed
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated


@pytest.fixture
def living(engine: sa.Engine) -> Iterator[sa.Engine]:
    """The seeded registry."""
    seed(engine)
    return engine


@pytest.fixture(scope="module")
def curated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry file with the curated facts, made once per module (API tests copy it)."""
    path = tmp_path_factory.mktemp("curated") / "registry.sqlite"
    registry = Registry.open(Settings(database_url=f"sqlite:///{path}", auto_load=False))
    registry.load(load_curated(), action="load curated for the living-registry API tests")
    with registry.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    registry.engine.dispose()
    return path
