"""Writes: a bundle replaces what the previous load of the same dataset wrote, and every write is
recorded in the audit log.  The transaction around them is :mod:`twintowns.store.loading`'s."""

from __future__ import annotations

import datetime as dt
import getpass
import itertools
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from typing import Any

import sqlalchemy as sa

from twintowns.errors import NotFoundError
from twintowns.model import Bundle
from twintowns.store import rows, schema, staging


def current_actor() -> str:
    """Who is writing: the operating-system user, or ``unknown``."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def audit(
    conn: sa.Connection, action: str, target: str, detail: Mapping[str, Any], actor: str
) -> None:
    """Append one entry to the audit log, inside the caller's transaction."""
    conn.execute(
        schema.audit_log.insert(),
        {
            "at": dt.datetime.now(dt.UTC),
            "actor": actor,
            "action": action,
            "target": target,
            "detail": dict(detail),
        },
    )


# The keyed tables a bundle writes, diffed against the database through a staging table
# (:mod:`.staging`); rules are keyed too but cited facts, so only their dataset's are diffed.
_KEYED = ("sources", "places", "twinnings", "networks", "rules")


def _retract(conn: sa.Connection, dataset: str, stages: Mapping[str, sa.Table]) -> dict[str, int]:
    """Delete what the previous load of this dataset wrote and the bundle no longer lists, so a
    reload replaces it; the keyed rows deleted per table."""
    for table in schema.CITED_FACT_TABLES:
        if table is not schema.rules:  # diffed like the other keyed tables
            conn.execute(table.delete().where(table.c.dataset == dataset))
    gone = {
        name: staging.retract_missing(conn, schema.metadata.tables[name], stages[name], dataset)
        for name in ("rules", "twinnings", "networks")
    }
    gone["places"] = staging.retract_missing(
        conn, schema.places, stages["places"], dataset, *_unreferenced()
    )
    return gone


def _unreferenced() -> list[sa.ColumnElement[bool]]:
    """Conditions true for a place nothing else refers to (another dataset's twinning, claim,
    event or membership): each an indexed lookup (revision 0008), not a scan."""
    pl = schema.places
    refs = (
        schema.twinnings.c.place_a,
        schema.twinnings.c.place_b,
        schema.claims.c.claimant_id,
        schema.events.c.actor_id,
        schema.memberships.c.place_id,
    )
    return [~sa.exists().where(ref == pl.c.id) for ref in refs]


def _known_places(conn: sa.Connection) -> frozenset[str]:
    return frozenset(conn.scalars(sa.select(schema.places.c.id)))


def _tag(items: Iterable[rows.Row], dataset: str) -> Iterator[rows.Row]:
    return ({**item, "dataset": dataset} for item in items)


def _keyed_rows(bundle: Bundle) -> dict[str, Iterable[rows.Row]]:
    """The bundle's rows of the keyed tables, each made when the stage asks for it."""
    name = bundle.name
    return {
        "sources": map(rows.source_row, bundle.sources),
        "places": _tag(map(rows.place_row, bundle.places), name),
        "twinnings": _tag(map(rows.twinning_row, bundle.twinnings), name),
        "networks": _tag(map(rows.network_row, bundle.networks), name),
        "rules": _tag(map(rows.rule_row, bundle.rules), name),
    }


def _diff(conn: sa.Connection, bundle: Bundle, stack: ExitStack) -> dict[str, int]:
    """Stage the bundle's keyed rows, retract what it no longer lists and merge the rest, in
    foreign-key order; rows changed (deleted, updated or inserted) per keyed table."""
    keyed = _keyed_rows(bundle)
    stages = {
        name: stack.enter_context(staging.staged(conn, schema.metadata.tables[name], items))
        for name, items in keyed.items()
    }
    changed = {"sources": staging.merge(conn, schema.sources, stages["sources"], None)}
    gone = _retract(conn, bundle.name, stages)
    for name in ("places", "twinnings", "networks", "rules"):
        table = schema.metadata.tables[name]
        changed[name] = gone[name] + staging.merge(conn, table, stages[name], bundle.name)
    return changed


_TWINNING_CHILDREN = ("twinning_names", "twinning_reasons", "claims", "events")
"""The tables of :func:`rows.twinning_child_rows`, in foreign-key order."""


def _twinning_children(bundle: Bundle, table_name: str) -> Iterator[rows.Row]:
    for twinning in bundle.twinnings:
        yield from rows.twinning_child_rows(twinning)[table_name]


def _children(bundle: Bundle) -> dict[str, Iterable[rows.Row]]:
    """The bundle's rows of the tables that are replaced wholesale, in foreign-key order, each
    made when it is written (one pass over the twinnings per child table)."""
    name = bundle.name
    names = itertools.chain(
        (r for p in bundle.places for r in rows.name_rows(p)),
        (rows.name_row(pid, n) for pid, n in bundle.further_names),
    )
    out: dict[str, Iterable[rows.Row]] = {
        "place_names": _tag(names, name),
        "place_countries": _tag((r for p in bundle.places for r in rows.country_rows(p)), name),
    }
    for table_name in _TWINNING_CHILDREN:
        out[table_name] = _tag(_twinning_children(bundle, table_name), name)
    out["memberships"] = _tag(map(rows.membership_row, bundle.memberships), name)
    out["terms"] = _tag(map(rows.term_row, bundle.terms), name)
    out["review_queue"] = _tag(map(rows.review_row, bundle.reviews), name)
    return out


_ORDER = ("sources", "places", "place_names", "place_countries", "twinnings")
_LAST = ("networks", "memberships", "rules", "terms", "review_queue")


def _write(conn: sa.Connection, bundle: Bundle) -> tuple[dict[str, int], dict[str, int]]:
    """Write the bundle; rows written and keyed rows changed, per table."""
    with ExitStack() as stack:
        changed = _diff(conn, bundle, stack)
    written = {
        table_name: staging.insert_chunked(conn, schema.metadata.tables[table_name], table_rows)
        for table_name, table_rows in _children(bundle).items()
    }
    counts = {
        "sources": len(bundle.sources),
        "places": len(bundle.places),
        "twinnings": len(bundle.twinnings),
        "networks": len(bundle.networks),
        "rules": len(bundle.rules),
        **written,
    }
    middle = sorted(set(counts) - set(_ORDER) - set(_LAST))
    return {name: counts[name] for name in (*_ORDER, *middle, *_LAST)}, changed


def write_bundle(
    conn: sa.Connection, bundle: Bundle, *, action: str, actor: str | None = None
) -> dict[str, int]:
    """Write a bundle inside the caller's transaction, replacing what an earlier load of the same
    dataset (:attr:`Bundle.name`) wrote, and audit the write.

    Use :func:`twintowns.store.load_bundle` or :func:`twintowns.store.loading` to get the
    transaction (with the empty-replacement guard and the completeness marker).

    Returns
    -------
    dict
        Rows written per table.

    Raises
    ------
    IntegrityError
        If the bundle refers to places that exist neither in it nor in the database.
    """
    bundle.check(_known_places(conn))
    counts, changed = _write(conn, bundle)
    audit(conn, action, bundle.name, {**counts, "changed": changed}, actor or current_actor())
    return counts


def close_review(
    engine: sa.Engine, item_id: int, decision: str, *, actor: str | None = None
) -> None:
    """Remove a decided item from the review queue, recording the decision in the audit log.

    Raises
    ------
    NotFoundError
        If no review item has that id.
    """
    queue = schema.review_queue
    with engine.begin() as conn:
        row = conn.execute(sa.select(queue).where(queue.c.id == item_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no review item {item_id}")
        conn.execute(queue.delete().where(queue.c.id == item_id))
        detail = {"name": row["name"], "country": row["country"], "decision": decision}
        audit(
            conn, "review", f"{row['source_id']}:{row['locator']}", detail, actor or current_actor()
        )
