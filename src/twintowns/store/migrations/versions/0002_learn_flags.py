"""learning pack: flags on generated items

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learn_flags",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("fact_key", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=True),
        sa.Column("prompt", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("sources", sa.Text(), nullable=True),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("reason IN ('wrong', 'ambiguous')", name=op.f("ck_learn_flags_reason")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learn_flags")),
    )
    with op.batch_alter_table("learn_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learn_flags_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("learn_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learn_flags_item_id"))
    op.drop_table("learn_flags")
