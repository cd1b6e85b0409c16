"""claims of a step (events.step, events.standing), sources' publication date, rules' dispute,
kept_open events

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 23:00:00.000000

Issue 21: an event may be one of several sources' claims about the same step; the status
follows the accepted claim.  The 25 decisions to keep a link open, stored until now as
``dispute`` events whose description starts "Kept open", become ``kept_open`` events (the
prefix goes: the type says it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_EVENTS = sa.table("events", sa.column("type", sa.String), sa.column("description", sa.Text))
# (old prefix, new prefix) of the descriptions of the migrated events
_PREFIXES = (
    ("Kept open: ", ""),
    ("Kept open without activity: ", "Without activity: "),
    ("Kept open one year on: ", "One year on: "),
)


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published", sa.String(12), nullable=True))
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step", sa.String(120), nullable=True))
        batch_op.add_column(
            sa.Column("standing", sa.String(12), nullable=False, server_default="accepted")
        )
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dispute", sa.Text(), nullable=True))
    for old, new in _PREFIXES:
        op.execute(
            _EVENTS.update()
            .where(_EVENTS.c.type == "dispute", _EVENTS.c.description.startswith(old))
            .values(
                type="kept_open",
                description=sa.literal(new) + sa.func.substr(_EVENTS.c.description, len(old) + 1),
            )
        )


def downgrade() -> None:
    op.execute(
        _EVENTS.update()
        .where(_EVENTS.c.type == "kept_open")
        .values(type="dispute", description=sa.literal("Kept open: ") + _EVENTS.c.description)
    )
    # ALTER TABLE ... DROP COLUMN in place (SQLite >= 3.35): copying the referenced tables
    # (sources) would break their foreign keys while rows exist.
    for table, column in (
        ("rules", "dispute"),
        ("events", "standing"),
        ("events", "step"),
        ("sources", "published"),
    ):
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.drop_column(column)
