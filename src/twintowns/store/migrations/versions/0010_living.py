"""living registry, part two: corrections and flags, and each proposal's recorded diff

Revision ID: 0010_living
Revises: 0009
Create Date: 2026-12-05 08:00:00.000000

Issue 15: accepted flags on facts, corrections of places (level, wrong place, merge, split)
and reverts write ``corrections`` rows under the contributors' dataset; an accepted proposal
keeps the before/after of what it changed (``proposals.diff``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_living"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("diff", sa.JSON(), nullable=True))
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=250), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=120), nullable=False),
        sa.Column("locator", sa.String(length=300), nullable=True),
        sa.Column("dataset", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_corrections_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
    )
    op.create_index(op.f("ix_corrections_subject"), "corrections", ["subject"])
    op.create_index(op.f("ix_corrections_proposal_id"), "corrections", ["proposal_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_corrections_proposal_id"), table_name="corrections")
    op.drop_index(op.f("ix_corrections_subject"), table_name="corrections")
    op.drop_table("corrections")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("diff")
