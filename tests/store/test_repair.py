"""Half-made schemas (tables without their version stamp, as a migration killed under an older
version left them) are repaired by the next migration on both backends, or refused clearly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

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
from twintowns.store.engine import repair, tables_at


@pytest.fixture
def bare(database_url: str) -> Iterator[sa.Engine]:
    """An engine on an empty, unmigrated database."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def matches_head(engine: sa.Engine) -> bool:
    with engine.connect() as conn:
        return not compare_metadata(MigrationContext.configure(conn), schema.metadata)


def test_tables_at_each_revision() -> None:
    assert tables_at(None) == frozenset()
    assert "learn_flags" not in tables_at("0001")
    assert "learn_flags" in tables_at("0002")
    assert tables_at(head_revision()) == frozenset(schema.metadata.tables)


def test_empty_leftover_tables_are_dropped_and_recreated(bare: sa.Engine) -> None:
    # What a kill during the first migration left under the old, non-transactional DDL.
    part = [schema.audit_log, schema.sources, schema.places, schema.place_names]
    schema.metadata.create_all(bare, tables=part)
    assert current_revision(bare) is None

    migrate(bare)  # used to fail: "table audit_log already exists"

    assert current_revision(bare) == head_revision()
    assert matches_head(bare)


def test_a_complete_unstamped_schema_with_rows_is_stamped(bare: sa.Engine) -> None:
    migrate(bare)
    load_bundle(bare, load_curated(), action="load curated")
    places = Reader(bare).count("places")
    with bare.begin() as conn:
        conn.exec_driver_sql("DELETE FROM alembic_version")

    migrate(bare)

    assert current_revision(bare) == head_revision()
    assert Reader(bare).count("places") == places


def test_an_old_stamp_with_newer_tables_holding_rows_is_stamped(bare: sa.Engine) -> None:
    migrate(bare)
    load_bundle(bare, load_curated(), action="load curated")  # writes a marker row (0003)
    with bare.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")

    migrate(bare)

    assert current_revision(bare) == head_revision()
    assert Reader(bare).count("registry_loads") == 1


def test_leftovers_holding_rows_in_a_wrong_schema_are_refused(bare: sa.Engine) -> None:
    schema.metadata.create_all(bare, tables=[schema.sources, schema.places])
    with bare.begin() as conn:
        conn.execute(schema.sources.insert(), {"id": "kept", "title": "Someone's data"})

    with pytest.raises(StoreError, match="half-made schema: tables places, sources hold rows"):
        migrate(bare)

    assert current_revision(bare) is None
    assert set(sa.inspect(bare).get_table_names()) == {"sources", "places"}  # nothing changed


def test_tables_that_are_not_the_registrys_are_left_alone(bare: sa.Engine) -> None:
    with bare.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE other_app (x INTEGER)")
    schema.metadata.create_all(bare, tables=[schema.audit_log])

    migrate(bare)

    assert current_revision(bare) == head_revision()
    tables = set(sa.inspect(bare).get_table_names())
    assert tables == {*schema.metadata.tables, "alembic_version", "other_app"}


def test_repair_is_a_no_op_on_a_migrated_database(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        assert repair(conn) is None
