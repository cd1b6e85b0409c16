"""First-use fill: the data that ships with the package, loaded into an empty registry.

The curated facts and the world snapshot are written in **one** transaction with their
completeness markers, so a registry is either unfilled or completely filled: a process killed
during the fill leaves it empty and the next run fills it again.  A registry an older version
left half-filled (its curated half committed, the world half not: no markers, only the curated
dataset, and nothing in the audit log but the bundled curated load) is recognised as torn and
filled again.
"""

from __future__ import annotations

from enum import StrEnum
from importlib import resources
from pathlib import Path

import sqlalchemy as sa

from twintowns.progress import QUIET, Progress
from twintowns.store import loading, schema

CURATED_DATASET = "curated"
WORLD_DATASET = "world"
_LEGACY_CURATED_ACTION = "load bundled curated"  # what the two-transaction fill audited first


def bundled_snapshot() -> Path:
    """Where the world snapshot ships inside the package."""
    return Path(str(resources.files("twintowns") / "data" / "world" / "world-snapshot.json.gz"))


class FillState(StrEnum):
    """Whether a registry holds its data."""

    EMPTY = "empty"
    TORN = "torn"  # half of an older version's two-transaction fill
    FILLED = "filled"  # a marked (complete) load, or data loaded some other way


def _distinct(conn: sa.Connection, column: sa.Column[str]) -> set[str]:
    return set(conn.scalars(sa.select(column).distinct()))


def fill_state(conn: sa.Connection) -> FillState:
    """What the registry on ``conn`` holds: nothing, a torn fill, or data."""
    if conn.scalar(sa.select(sa.func.count()).select_from(schema.registry_loads)):
        return FillState.FILLED
    datasets = _distinct(conn, schema.places.c.dataset) | _distinct(
        conn, schema.twinnings.c.dataset
    )
    if not datasets and not conn.scalar(sa.select(sa.func.count()).select_from(schema.sources)):
        return FillState.EMPTY
    actions = _distinct(conn, schema.audit_log.c.action)
    if datasets == {CURATED_DATASET} and actions == {_LEGACY_CURATED_ACTION}:
        return FillState.TORN
    return FillState.FILLED


def needs_fill(engine: sa.Engine) -> bool:
    """True when the registry is empty or holds a torn fill."""
    with engine.connect() as conn:
        return fill_state(conn) is not FillState.FILLED


def fill(engine: sa.Engine, progress: Progress = QUIET) -> dict[str, dict[str, int]]:
    """Load the bundled curated facts and world snapshot in one transaction, unless the
    registry is filled by the time this process holds the write lock (another process may have
    filled it meanwhile).

    Parameters
    ----------
    engine:
        The registry's database.
    progress:
        Told each stage as it starts (reading, each write, the commit); the world snapshot is
        the long one (tens of seconds).

    Returns
    -------
    dict
        Rows written per table, per dataset (empty when nothing needed doing).
    """
    # Imported here: YAML and the curated schema cost every command's start, and only a first
    # use (or a torn fill) needs them.
    from twintowns.sources.curated import load_curated

    progress.stage("reading the curated facts")
    curated = load_curated()  # read and validated before the write lock is taken
    world = bundled_snapshot()
    with loading(engine, "fill bundled data") as load:
        if fill_state(load.conn) is FillState.FILLED:
            return {}
        progress.stage("writing the curated facts")
        load.bundle(curated, action=_LEGACY_CURATED_ACTION)
        if world.exists():
            progress.stage("writing the world snapshot")
            load.snapshot(world)
        progress.stage("committing")
    return load.written
