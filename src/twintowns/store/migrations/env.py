"""Alembic environment: runs migrations on the connection (or engine) passed in by
:func:`twintowns.store.migrate`.

Given a connection, every revision runs inside the caller's transaction (so a killed migration
leaves the schema as it was); given only an engine, in one transaction of its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from twintowns.store import living  # noqa: F401  (its tables join the metadata)
from twintowns.store.dialect import write_transaction
from twintowns.store.schema import metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    engine = context.config.attributes.get("engine")
    if engine is None:  # plain `alembic` CLI use: build from the ini's URL
        engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite://")
    with write_transaction(engine) as connection:
        _run(connection)
