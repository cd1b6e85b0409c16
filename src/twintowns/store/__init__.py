"""The registry store: SQLAlchemy Core schema, Alembic migrations, one URL picks the backend.

:func:`make_engine` builds engines (never at import time), :func:`migrate` brings a database to
the current schema, :func:`load_bundle` writes a bundle in one audited transaction and
:class:`Reader` answers queries.
"""

from twintowns.store import snapshot
from twintowns.store.engine import current_revision, head_revision, make_engine, migrate
from twintowns.store.reader import Reader
from twintowns.store.writer import load_bundle

__all__ = [
    "Reader",
    "current_revision",
    "head_revision",
    "load_bundle",
    "make_engine",
    "migrate",
    "snapshot",
]
