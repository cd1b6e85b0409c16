"""The registry's relational schema (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Every fact row records the ``dataset`` load that wrote it: loading a dataset again replaces
its rows and only its rows.  Enumerations are stored as their text values; fuzzy dates as
their text form (``[~]YYYY[-MM[-DD]]``) plus, for events, the first and last day they may
denote (``date_lo``, ``date_hi``) so date-range queries run in SQL.  Every fact row carries
``source_id`` and ``locator``: its citation.  Status is never stored.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _cited() -> list[sa.Column[str]]:
    """The columns every fact table has: its citation, and the dataset load that wrote it
    (a reload of that dataset replaces exactly its rows, whatever sources they cite)."""
    return [
        sa.Column("source_id", sa.String(120), sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("locator", sa.String(300)),
        sa.Column("dataset", sa.String(120), nullable=False, index=True),
    ]


def _place_fk(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(
        name, sa.String(120), sa.ForeignKey("places.id", ondelete="CASCADE"), nullable=nullable
    )


def _twinning_fk() -> sa.Column[str]:
    return sa.Column(
        "twinning_id",
        sa.String(250),
        sa.ForeignKey("twinnings.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("publisher", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("retrieved", sa.Date),
    sa.Column("licence", sa.String(120)),
    sa.Column("published", sa.String(12)),  # fuzzy publication date (revision 0005)
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("wikidata", sa.String(20), index=True),
    sa.Column("geonames", sa.Integer, index=True),
    sa.Column("admin_area", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("population", sa.BigInteger),
    sa.Column("population_year", sa.Integer),
    *_cited(),
)

place_names = sa.Table(
    "place_names",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _place_fk("place_id"),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("norm", sa.Text, nullable=False, index=True),
    sa.Column("lang", sa.String(20), nullable=False),
    sa.Column("valid_from", sa.String(12)),
    sa.Column("valid_until", sa.String(12)),
    sa.Column("preferred", sa.Boolean, nullable=False, default=False),
    *_cited(),
    sa.Index("ix_place_names_place_id", "place_id"),
)

place_countries = sa.Table(
    "place_countries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _place_fk("place_id"),
    sa.Column("iso", sa.String(2), nullable=False, index=True),
    sa.Column("valid_from", sa.String(12)),
    sa.Column("valid_until", sa.String(12)),
    *_cited(),
    sa.Index("ix_place_countries_place_id", "place_id"),
)

twinnings = sa.Table(
    "twinnings",
    metadata,
    sa.Column("id", sa.String(250), primary_key=True),
    _place_fk("place_a"),
    _place_fk("place_b"),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("basis", sa.String(10), nullable=False),
    sa.Column("exclusive_reciprocal", sa.Boolean, nullable=False, default=False),
    sa.Column("fixed_term", sa.Boolean, nullable=False, default=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    *_cited(),
    sa.UniqueConstraint("place_a", "place_b"),
    sa.CheckConstraint("place_a < place_b", name="ordered_pair"),
    sa.Index("ix_twinnings_place_b", "place_b"),
)

twinning_names = sa.Table(
    "twinning_names",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _twinning_fk(),
    sa.Column("lang", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    *_cited(),
)

twinning_reasons = sa.Table(
    "twinning_reasons",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _twinning_fk(),
    sa.Column("reason", sa.String(40), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    *_cited(),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _twinning_fk(),
    _place_fk("claimant_id"),
    _place_fk("partner_id"),
    sa.Column("kind", sa.String(40)),
    sa.Column("raw_name", sa.Text),
    sa.Column("asserted", sa.Boolean, nullable=False, default=True),
    sa.Column("confidence", sa.Float),  # resolution confidence; NULL for curated claims (1.0)
    *_cited(),
    # a place's deletion (a reload's diff, its cascade) looks its claims up (revision 0008)
    sa.Index("ix_claims_claimant_id", "claimant_id"),
    sa.Index("ix_claims_partner_id", "partner_id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _twinning_fk(),
    sa.Column("type", sa.String(30), nullable=False, index=True),
    sa.Column("date", sa.String(12)),
    sa.Column("date_lo", sa.Date, index=True),
    sa.Column("date_hi", sa.Date, index=True),
    sa.Column("end_date", sa.String(12)),
    _place_fk("actor_id", nullable=True),
    sa.Column("cause", sa.Text),
    sa.Column("description", sa.Text, nullable=False, default=""),
    # claims of one step share its key; standing: accepted, supporting or disputed (0005)
    sa.Column("step", sa.String(120)),
    sa.Column(
        "standing", sa.String(12), nullable=False, default="accepted", server_default="accepted"
    ),
    *_cited(),
    sa.Index("ix_events_actor_id", "actor_id"),  # revision 0008, as claims'
)

networks = sa.Table(
    "networks",
    metadata,
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("country", sa.String(2)),
    sa.Column("founded", sa.String(12)),
    sa.Column("description", sa.Text, nullable=False, default=""),
    *_cited(),
)

memberships = sa.Table(
    "memberships",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "network_id",
        sa.String(120),
        sa.ForeignKey("networks.id", ondelete="CASCADE"),
        nullable=False,
    ),
    _place_fk("place_id"),
    sa.Column("valid_from", sa.String(12)),
    sa.Column("valid_until", sa.String(12)),
    sa.Column("role", sa.String(40), nullable=False, default="member"),
    *_cited(),
    sa.Index("ix_memberships_network_id", "network_id"),  # revision 0008, as claims'
    sa.Index("ix_memberships_place_id", "place_id"),
)

rules = sa.Table(
    "rules",
    metadata,
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("effect", sa.String(60), nullable=False),
    sa.Column("network_id", sa.String(120), sa.ForeignKey("networks.id", ondelete="CASCADE")),
    sa.Column("country", sa.String(2)),
    sa.Column("since", sa.String(12)),
    sa.Column("dispute", sa.Text),  # what each source says when they disagree (revision 0005)
    # a further source's account of the rule ``claim_of`` names, and how it ranks (0006)
    sa.Column("claim_of", sa.String(120)),
    sa.Column("standing", sa.String(12), nullable=False, server_default="accepted"),
    *_cited(),
    sa.Index("ix_rules_network_id", "network_id"),  # revision 0008, as claims'
)

terms = sa.Table(
    "terms",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("lang", sa.String(20), nullable=False),
    sa.Column("region", sa.Text, nullable=False, default=""),
    sa.Column("kind", sa.String(40)),
    sa.Column("literal", sa.Text, nullable=False, default=""),
    sa.Column("transliteration", sa.Text, nullable=False, default=""),
    sa.Column("note", sa.Text, nullable=False, default=""),
    *_cited(),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("detail", sa.JSON, nullable=False),
)

review_queue = sa.Table(
    "review_queue",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    *_cited(),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("country", sa.Text, nullable=False, default=""),
    sa.Column("mentions", sa.Integer, nullable=False, default=1),
    sa.Column("place_id", sa.String(120), sa.ForeignKey("places.id", ondelete="SET NULL")),
    sa.Column("gazetteer_key", sa.String(60)),
    sa.Column("method", sa.String(30), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("candidates", sa.JSON, nullable=False),
    sa.Index("ix_review_queue_place_id", "place_id"),  # revision 0008, as claims'
)

# Tables holding facts cited to a source, child tables first (the order to delete in).
CITED_FACT_TABLES: tuple[sa.Table, ...] = (
    twinning_names,
    twinning_reasons,
    claims,
    events,
    memberships,
    rules,
    terms,
    place_names,
    place_countries,
    review_queue,
)


# ---------------------------------------------------------------------------------------------
# The learning pack (twintowns.learn, migration 0002): users' flags on generated items.
# Not facts: no citation and no dataset, so no reload touches them.  ``item_id`` is the stable
# content hash of the flagged item; ``fact_key`` names the fact it tested, so an item flagged
# "wrong" also keeps the other items on that fact out of new decks.  The item's text is kept
# for review when it was known at flagging time.
learn_flags = sa.Table(
    "learn_flags",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("item_id", sa.String(32), nullable=False, index=True),
    sa.Column("reason", sa.String(20), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("fact_key", sa.Text),
    sa.Column("kind", sa.String(30)),
    sa.Column("prompt", sa.Text),
    sa.Column("answer", sa.Text),
    sa.Column("sources", sa.Text),
    sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("reason IN ('wrong', 'ambiguous')", name="reason"),
)


# ---------------------------------------------------------------------------------------------
# Completeness markers (migration 0003): one row per dataset, written in the same transaction as
# the dataset's rows.  A marker is proof that its dataset's load committed whole; the first-use
# fill writes the markers of everything it loads, so "filled" is a fact, not a guess from which
# tables happen to hold rows.  ``load_id`` is shared by every dataset one transaction wrote.
registry_loads = sa.Table(
    "registry_loads",
    metadata,
    sa.Column("dataset", sa.String(120), primary_key=True),
    sa.Column("load_id", sa.String(32), nullable=False),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("written", sa.JSON, nullable=False),
)


# ---------------------------------------------------------------------------------------------
# Teachers' courses (twintowns.learn.courses, migration 0009).  Not facts: no citation, no
# dataset, so no reload touches them.  A course is a deck recipe (topics, count, seed...) plus
# the teacher's edits over the generated items; each save is a new immutable version row, and
# ``courses.version`` names the newest (a save must name it: a stale one is refused).
# ``key_hash`` is the SHA-256 of the edit key handed out at creation (a co-editor's capability);
# ``owner_id`` the account that created it (migration 0011; None for courses stored before).
courses = sa.Table(
    "courses",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("owner_id", sa.Integer, nullable=True),  # users.id; None: stored before accounts
)

course_versions = sa.Table(
    "course_versions",
    metadata,
    sa.Column(
        "course_id",
        sa.String(32),
        sa.ForeignKey("courses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("recipe", sa.JSON, nullable=False),
    sa.Column("edits", sa.JSON, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)
