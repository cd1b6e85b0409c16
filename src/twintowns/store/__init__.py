"""The registry store: SQLAlchemy Core schema, Alembic migrations, one URL picks the backend.

:func:`make_engine` builds engines (never at import time), :func:`migrate` brings a database to
the current schema (repairing a half-made one), :func:`loading` writes any number of bundles
and snapshots in one audited, all-or-nothing transaction (:func:`load_bundle` one bundle) and
:class:`Reader` answers queries.
"""

from twintowns.store import living, snapshot
from twintowns.store.engine import current_revision, head_revision, make_engine, migrate
from twintowns.store.loading import Load, load_bundle, load_snapshot, loading, markers
from twintowns.store.reader import Reader

__all__ = [
    "Load",
    "Reader",
    "current_revision",
    "head_revision",
    "living",
    "load_bundle",
    "load_snapshot",
    "loading",
    "make_engine",
    "markers",
    "migrate",
    "snapshot",
]
