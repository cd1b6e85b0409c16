"""completeness markers: one row per dataset load, written with its rows

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_loads",
        sa.Column("dataset", sa.String(length=120), nullable=False),
        sa.Column("load_id", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("written", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("dataset", name=op.f("pk_registry_loads")),
    )


def downgrade() -> None:
    op.drop_table("registry_loads")
