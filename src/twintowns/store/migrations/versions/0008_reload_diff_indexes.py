"""indexes on the columns that refer to places and networks (reload diffs, cascades)

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-05 04:45:00.000000

Issue 22: a reload deletes the places and networks its dataset no longer lists unless
something still refers to them, and the deletion cascades to the rows that do; without an
index on the referring column each deleted row scanned the whole table (a reload's cost grew
with the product of the two sizes).  Plain indexes, no data change.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_INDEXES = (
    ("claims", "claimant_id"),
    ("claims", "partner_id"),
    ("events", "actor_id"),
    ("memberships", "network_id"),
    ("memberships", "place_id"),
    ("rules", "network_id"),
    ("review_queue", "place_id"),
)


def upgrade() -> None:
    for table, column in _INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in reversed(_INDEXES):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
