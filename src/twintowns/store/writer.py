"""Writes: a bundle replaces what the previous load of the same dataset wrote, and every write is
recorded in the audit log.  The transaction around them is :mod:`twintowns.store.loading`'s."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from twintowns.errors import NotFoundError
from twintowns.model import Bundle
from twintowns.store import rows, schema
from twintowns.store.dialect import bulk_insert

_CHUNK = 900  # stay under every backend's bound-parameter limit


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


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


def _upsert(
    conn: sa.Connection,
    table: sa.Table,
    items: list[rows.Row],
    owner: str | None = None,
) -> None:
    """Insert new rows and update existing ones (by primary key).

    With ``owner``, an existing row is updated only when that dataset wrote it: a world import
    attaches claims to a curated twinning without overwriting its kind.
    """
    if not items:
        return
    key = next(iter(table.primary_key.columns)).name
    existing: dict[Any, Any] = {}
    has_owner = "dataset" in table.c
    selected = [table.c[key], table.c.dataset if has_owner else table.c[key]]
    for chunk in _chunks([r[key] for r in items]):
        found = conn.execute(sa.select(*selected).where(table.c[key].in_(chunk)))
        existing.update((row[0], row[1]) for row in found)
    fresh = [r for r in items if r[key] not in existing]
    if fresh:
        conn.execute(table.insert(), fresh)
    stale = [
        r for r in items if r[key] in existing and (owner is None or existing[r[key]] == owner)
    ]
    if stale:
        columns = [c for c in stale[0] if c != key]
        statement = (
            table.update()
            .where(table.c[key] == sa.bindparam("_key"))
            .values({c: sa.bindparam(c) for c in columns})
        )
        conn.execute(statement, [{"_key": r[key], **{c: r[c] for c in columns}} for r in stale])


def _insert(conn: sa.Connection, table: sa.Table, items: list[rows.Row]) -> None:
    bulk_insert(conn, table, items)


def _retract(conn: sa.Connection, dataset: str, bundle: Bundle) -> None:
    """Delete what the previous load of this dataset wrote, so a reload replaces it."""
    for table in schema.CITED_FACT_TABLES:
        conn.execute(table.delete().where(table.c.dataset == dataset))
    tw = schema.twinnings
    kept_twinnings = [t.id for t in bundle.twinnings]
    gone = sa.select(tw.c.id).where(tw.c.dataset == dataset, tw.c.id.not_in(kept_twinnings))
    conn.execute(tw.delete().where(tw.c.id.in_(gone.scalar_subquery())))
    nets = schema.networks
    kept_networks = [n.id for n in bundle.networks]
    conn.execute(nets.delete().where(nets.c.dataset == dataset, nets.c.id.not_in(kept_networks)))
    _retract_places(conn, dataset, [p.id for p in bundle.places])


def _retract_places(conn: sa.Connection, dataset: str, kept: list[str]) -> None:
    """Delete places the dataset introduced and no longer lists, unless something else still
    refers to them (another dataset's twinning, claim, event or membership)."""
    pl, tw = schema.places, schema.twinnings
    referenced = sa.union(
        sa.select(tw.c.place_a),
        sa.select(tw.c.place_b),
        sa.select(schema.claims.c.claimant_id),
        sa.select(schema.events.c.actor_id).where(schema.events.c.actor_id.is_not(None)),
        sa.select(schema.memberships.c.place_id),
    ).subquery()
    doomed = sa.select(pl.c.id).where(
        pl.c.dataset == dataset,
        pl.c.id.not_in(kept),
        pl.c.id.not_in(sa.select(referenced.c[0])),
    )
    conn.execute(pl.delete().where(pl.c.id.in_(doomed.scalar_subquery())))


def _known_places(conn: sa.Connection) -> frozenset[str]:
    return frozenset(conn.scalars(sa.select(schema.places.c.id)))


def _tag(items: Iterable[rows.Row], dataset: str) -> list[rows.Row]:
    return [{**item, "dataset": dataset} for item in items]


def _write(conn: sa.Connection, bundle: Bundle) -> dict[str, int]:
    name = bundle.name
    _upsert(conn, schema.sources, [rows.source_row(s) for s in bundle.sources])
    _retract(conn, name, bundle)
    _upsert(conn, schema.places, _tag(map(rows.place_row, bundle.places), name), name)
    names = _tag((r for p in bundle.places for r in rows.name_rows(p)), name)
    names += _tag((rows.name_row(pid, n) for pid, n in bundle.further_names), name)
    countries = _tag((r for p in bundle.places for r in rows.country_rows(p)), name)
    _insert(conn, schema.place_names, names)
    _insert(conn, schema.place_countries, countries)
    _upsert(conn, schema.twinnings, _tag(map(rows.twinning_row, bundle.twinnings), name), name)
    children: dict[str, list[rows.Row]] = {}
    for twinning in bundle.twinnings:
        for table_name, table_rows in rows.twinning_child_rows(twinning).items():
            children.setdefault(table_name, []).extend(_tag(table_rows, name))
    for table_name, table_rows in children.items():
        _insert(conn, schema.metadata.tables[table_name], table_rows)
    _upsert(conn, schema.networks, _tag(map(rows.network_row, bundle.networks), name), name)
    _insert(conn, schema.memberships, _tag(map(rows.membership_row, bundle.memberships), name))
    _upsert(conn, schema.rules, _tag(map(rows.rule_row, bundle.rules), name), name)
    _insert(conn, schema.terms, _tag(map(rows.term_row, bundle.terms), name))
    _insert(conn, schema.review_queue, _tag(map(rows.review_row, bundle.reviews), name))
    return {
        "sources": len(bundle.sources),
        "places": len(bundle.places),
        "place_names": len(names),
        "place_countries": len(countries),
        "twinnings": len(bundle.twinnings),
        **{name: len(items) for name, items in sorted(children.items())},
        "networks": len(bundle.networks),
        "memberships": len(bundle.memberships),
        "rules": len(bundle.rules),
        "terms": len(bundle.terms),
        "review_queue": len(bundle.reviews),
    }


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
    counts = _write(conn, bundle)
    audit(conn, action, bundle.name, counts, actor or current_actor())
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
