"""Alembic environment: runs migrations on the engine passed in by :func:`migrate`."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from twintowns.store.schema import metadata

engine = context.config.attributes.get("engine")
if engine is None:  # plain `alembic` CLI use: build from the ini's URL
    engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite://")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
