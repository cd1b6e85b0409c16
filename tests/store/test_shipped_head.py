"""The start-up check of the schema version, read without Alembic (issue 13: instant start)."""

from __future__ import annotations

from pathlib import Path

from twintowns.store import head_revision, make_engine, migrate
from twintowns.store.engine import _at_head
from twintowns.store.revisions import shipped_head


def test_the_revision_files_name_alembic_s_head() -> None:
    assert shipped_head() == head_revision()


def test_a_fresh_database_is_not_at_head_until_migrated(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite'}")
    try:
        assert not _at_head(engine)
        migrate(engine)
        assert _at_head(engine)
    finally:
        engine.dispose()
