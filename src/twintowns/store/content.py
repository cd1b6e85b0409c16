"""What one read of the whole registry gives (:class:`Content`, read by
:meth:`twintowns.store.Reader.content`) and the read transaction it is read in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa

from twintowns.errors import StoreError
from twintowns.model import Network, Place, Rule, Source, Term, Twinning


@contextmanager
def read_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection inside one read transaction: every read through it sees the same state
    of the database, whatever is committed meanwhile (REPEATABLE READ on PostgreSQL, one
    explicit transaction on SQLite, whose driver would otherwise run each SELECT on its own).

    Raises
    ------
    StoreError
        If the database cannot be reached or read (the message holds no SQL).
    """
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                raw = conn.connection.driver_connection
                if conn.dialect.name == "sqlite" and not getattr(raw, "in_transaction", True):
                    conn.exec_driver_sql("BEGIN")
                yield conn
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot read the registry: {type(exc).__name__}") from exc


@dataclass(frozen=True)
class Content:
    """Everything a registry holds that its readers use, read at one data version."""

    version: str
    key: str
    places: dict[str, Place]
    twinnings: tuple[Twinning, ...]
    sources: dict[str, Source]
    datasets: dict[str, str]
    terms: tuple[Term, ...]
    networks: tuple[Network, ...]
    rules: tuple[Rule, ...]
