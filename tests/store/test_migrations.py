"""Migrations on both backends: the migrated schema is exactly ``schema.metadata``, migrating is
idempotent and reversible, and SQLite connections get their PRAGMAs."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from twintowns.errors import StoreError
from twintowns.sources.curated import load_curated
from twintowns.store import (
    Reader,
    current_revision,
    head_revision,
    load_bundle,
    make_engine,
    migrate,
    schema,
)
from twintowns.store.engine import alembic_config


def schema_differences(engine: sa.Engine) -> list[Any]:
    """What Alembic's autogenerate would change to make the database match ``schema.py``."""
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), schema.metadata))


def structure(engine: sa.Engine) -> dict[str, Any]:
    """Tables with their columns, indexes, foreign keys, unique and check constraints."""
    inspector = sa.inspect(engine)
    return {
        name: (
            [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(name)],
            sorted(str(i) for i in inspector.get_indexes(name)),
            sorted(str(fk) for fk in inspector.get_foreign_keys(name)),
            sorted(str(u) for u in inspector.get_unique_constraints(name)),
            sorted(str(c) for c in inspector.get_check_constraints(name)),
        )
        for name in sorted(inspector.get_table_names())
    }


def test_migrated_schema_matches_the_models(engine: sa.Engine) -> None:
    assert schema_differences(engine) == []


def test_an_empty_database_migrates_to_head(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        assert schema_differences(engine) != []  # the comparison does see a missing schema

        migrate(engine)

        assert current_revision(engine) == head_revision()
        tables = set(sa.inspect(engine).get_table_names())
        assert tables == set(schema.metadata.tables) | {"alembic_version"}
    finally:
        engine.dispose()


def test_migrating_twice_is_a_no_op(engine: sa.Engine) -> None:
    load_bundle(engine, load_curated(), action="load curated")
    reader = Reader(engine)
    before = (structure(engine), {t: reader.count(t) for t in schema.metadata.tables})

    migrate(engine)

    assert (structure(engine), {t: reader.count(t) for t in schema.metadata.tables}) == before
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1


def test_downgrade_to_base_and_back(engine: sa.Engine) -> None:
    command.downgrade(alembic_config(engine), "base")
    assert current_revision(engine) is None
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}

    migrate(engine)
    assert current_revision(engine) == head_revision()
    assert schema_differences(engine) == []


def test_migrations_have_one_head() -> None:
    engine = make_engine("sqlite://")
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    assert scripts.get_heads() == [head_revision()]
    assert scripts.get_bases() == ["0001"]


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'registry.sqlite'}")
    try:
        migrate(engine)
        with engine.connect() as first, engine.connect() as second:  # every pooled connection
            for conn in (first, second):
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
            assert (tmp_path / "registry.sqlite-wal").exists()
    finally:
        engine.dispose()


def test_unopenable_database_raises_store_error(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}")  # a directory is not a database file
    try:
        with pytest.raises(StoreError, match="cannot migrate"):
            migrate(engine)
        with pytest.raises(StoreError, match="cannot open"):
            current_revision(engine)
    finally:
        engine.dispose()


@contextmanager
def socket_port() -> Iterator[int]:
    """A local port that is bound but not listening: connections to it are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_unreachable_server_raises_store_error() -> None:
    with socket_port() as port:  # bound but never accepting: nothing listens there
        engine = make_engine(f"postgresql://nobody@127.0.0.1:{port}/none?connect_timeout=2")
        try:
            with pytest.raises(StoreError, match="cannot migrate"):
                migrate(engine)
            with pytest.raises(StoreError, match="cannot open"):
                current_revision(engine)
        finally:
            engine.dispose()


def _minimal_row(table: sa.Table, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` plus a filler for every other NOT NULL column without a default."""
    row = dict(values)
    for column in table.columns:
        needs = not column.nullable and column.default is None and column.server_default is None
        serial = column.name == "id" and "INT" in str(column.type).upper()
        if column.name not in row and needs and not serial:
            row[column.name] = False if isinstance(column.type, sa.Boolean) else "x"
    return row


def test_revision_0005_turns_kept_open_disputes_into_kept_open_events(engine: sa.Engine) -> None:
    command.downgrade(alembic_config(engine), "0004")
    meta = sa.MetaData()
    meta.reflect(engine)
    places, twinnings, sources, events = (
        meta.tables[n] for n in ("places", "twinnings", "sources", "events")
    )
    cite = {"source_id": "s", "locator": None, "dataset": "curated"}
    with engine.begin() as conn:
        conn.execute(sources.insert(), [_minimal_row(sources, {"id": "s", "title": "S"})])
        for pid in ("a", "b"):
            conn.execute(
                places.insert(), [_minimal_row(places, {"id": pid, "level": "town", **cite})]
            )
        conn.execute(
            twinnings.insert(),
            [
                _minimal_row(
                    twinnings,
                    {
                        "id": "a--b",
                        "place_a": "a",
                        "place_b": "b",
                        "kind": "twin_town",
                        "basis": "unknown",
                        **cite,
                    },
                )
            ],
        )
        texts = [
            "Kept open: the council kept it",
            "Kept open one year on: still kept",
            "Came close to ending",
        ]
        conn.execute(
            events.insert(),
            [
                _minimal_row(
                    events, {"twinning_id": "a--b", "type": "dispute", "description": t, **cite}
                )
                for t in texts
            ],
        )
    migrate(engine)
    with engine.connect() as conn:
        found = conn.execute(
            sa.text("SELECT type, description, standing FROM events ORDER BY id")
        ).all()
    assert [tuple(r) for r in found] == [
        ("kept_open", "the council kept it", "accepted"),
        ("kept_open", "One year on: still kept", "accepted"),
        ("dispute", "Came close to ending", "accepted"),
    ]
    command.downgrade(alembic_config(engine), "0004")
    with engine.connect() as conn:
        back = conn.execute(sa.text("SELECT type, description FROM events ORDER BY id")).all()
    assert [r[0] for r in back] == ["dispute", "dispute", "dispute"]
    assert back[0][1] == "Kept open: the council kept it"
