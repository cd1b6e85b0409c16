"""Tables of the living registry (migration 0007): accounts, roles, tokens, proposals, their
reviews, and the versions of editable resources.

They live in the registry's one :data:`~twintowns.store.schema.metadata` but hold no cited
facts and no ``dataset``: no reload (``build``, ``load``) touches them.  Accepted proposals
write their facts under the contributors' own dataset (:data:`CONTRIBUTIONS`), which only the
review writes and which no bundle is named after.
"""

from __future__ import annotations

import sqlalchemy as sa

from twintowns.store.schema import metadata

CONTRIBUTIONS = "contributions"
"""The dataset accepted proposals write their facts under (no bundle carries this name)."""

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(60), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
)

roles = sa.Table(
    "roles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    # a steward's place ('' for the other roles: a NULL would defeat the unique constraint)
    sa.Column("place_id", sa.String(120), nullable=False, default=""),
    sa.Column("verified", sa.Boolean, nullable=False, default=False),
    sa.UniqueConstraint("user_id", "role", "place_id"),
)

tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False, unique=True),  # sha256 of the secret
    sa.Column("kind", sa.String(10), nullable=False),  # api or session
    sa.Column("scopes", sa.Text, nullable=False, default=""),
    sa.Column("csrf_digest", sa.String(64)),  # sessions: sha256 of the CSRF token
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True)),
)

proposals = sa.Table(
    "proposals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),  # event, twinning, name
    sa.Column("target", sa.String(300), nullable=False, index=True),  # twinning:ID, place:ID
    sa.Column("base_version", sa.Integer, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("source_url", sa.Text, nullable=False),
    sa.Column("locator", sa.String(300)),
    sa.Column("quote", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("status", sa.String(12), nullable=False, default="pending"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    # the before/after of the state it changes, recorded when accepted (migration 0010)
    sa.Column("diff", sa.JSON),
)

proposal_reviews = sa.Table(
    "proposal_reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "proposal_id",
        sa.Integer,
        sa.ForeignKey("proposals.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("decision", sa.String(10), nullable=False),  # accept or reject
    sa.Column("comment", sa.Text, nullable=False, default=""),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

resource_versions = sa.Table(
    "resource_versions",
    metadata,
    # twinning:ID or place:ID; a resource without a row is at version 0
    sa.Column("resource", sa.String(300), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)

corrections = sa.Table(
    "corrections",
    metadata,
    # Accepted corrections and flags the fact tables cannot hold (migration 0010): a flag on a
    # fact (an open question), a place's level, a twinning or a place withdrawn from the view
    # (a wrong place, a merge), written under the contributors' dataset and cited to the
    # proposal's source like every contributed fact.  Plain ids, no foreign keys: a reload that
    # drops a place must not drop the correction of it.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),  # flag, level, retract_twinning, ...
    sa.Column("subject", sa.String(250), nullable=False, index=True),  # a twinning or place id
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("proposal_id", sa.Integer, nullable=False, index=True),
    sa.Column("source_id", sa.String(120), sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("locator", sa.String(300)),
    sa.Column("dataset", sa.String(120), nullable=False),
)
