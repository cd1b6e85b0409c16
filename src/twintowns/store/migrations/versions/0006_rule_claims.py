"""rules' accounts as ranked claims (rules.claim_of, rules.standing)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 02:00:00.000000

Issue 21: a rule may be told differently by several sources; each further source's account
is a rule row naming the rule it describes (``claim_of``), and every account carries its
standing (accepted, supporting or disputed), as events' claims do since revision 0005.
Existing rows are rules as first recorded: ``claim_of`` stays empty, ``standing`` accepted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_of", sa.String(120), nullable=True))
        batch_op.add_column(
            sa.Column("standing", sa.String(12), nullable=False, server_default="accepted")
        )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN in place (SQLite >= 3.35), as revision 0005 does.
    with op.batch_alter_table("rules", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("standing")
        batch_op.drop_column("claim_of")
