"""Versions of editable resources (``twinning:ID``, ``place:ID``): a compare-and-set counter.

A write names the version it was based on; :func:`advance` moves the counter on only if it is
still that version, in the caller's write transaction, so of two writes based on the same
version exactly one succeeds and the other gets :class:`~twintowns.errors.ConflictError`.
The same statements decide on SQLite and PostgreSQL (an UPDATE ... WHERE version = :seen,
and an INSERT guarded by the primary key for a resource's first version).
"""

from __future__ import annotations

import sqlalchemy as sa

from twintowns.errors import ConflictError
from twintowns.store.living import resource_versions

_RV = resource_versions


def version_of(conn: sa.Connection, resource: str) -> int:
    """The resource's version (0 before its first accepted change)."""
    found = conn.scalar(sa.select(_RV.c.version).where(_RV.c.resource == resource))
    return int(found or 0)


def check(conn: sa.Connection, resource: str, seen: int) -> None:
    """Refuse a write based on version ``seen`` when the resource has moved on.

    Raises
    ------
    ConflictError
        With the current version.
    """
    now = version_of(conn, resource)
    if now != seen:
        raise ConflictError(
            f"{resource} is at version {now}, not {seen}: reload it and try again",
            version=now,
            current={"resource": resource, "version": now},
        )


def advance(conn: sa.Connection, resource: str, seen: int) -> int:
    """Move ``resource`` from version ``seen`` to the next, and return the new version.

    Raises
    ------
    ConflictError
        When the resource is no longer at ``seen`` (another write got there first).
    """
    if seen == 0:
        exists = conn.scalar(sa.select(_RV.c.version).where(_RV.c.resource == resource))
        if exists is None:
            conn.execute(_RV.insert(), {"resource": resource, "version": 1})
            return 1
    else:
        done = conn.execute(
            _RV.update()
            .where(_RV.c.resource == resource, _RV.c.version == seen)
            .values(version=seen + 1)
        )
        if done.rowcount == 1:
            return seen + 1
    check(conn, resource, seen)  # raises: the version moved
    raise AssertionError("unreachable")  # pragma: no cover
