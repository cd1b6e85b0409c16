"""Fixtures of the living-registry tests: a migrated registry (SQLite and PostgreSQL) holding
three places and one twinning."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from support.living import seed


@pytest.fixture
def living(engine: sa.Engine) -> Iterator[sa.Engine]:
    """The seeded registry."""
    seed(engine)
    return engine
