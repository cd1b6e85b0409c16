"""courses record their owner: the account that created them (courses.owner_id)

Revision ID: 0011_course_owner
Revises: 0010_living
Create Date: 2026-12-05 09:40:00.000000

Issues 15 and 23: course writes need a signed-in account now; a course keeps the id of the
user who created it (``users.id``).  Courses stored before have none: only an admin may save
them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_course_owner"
down_revision = "0010_living"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("owner_id")
