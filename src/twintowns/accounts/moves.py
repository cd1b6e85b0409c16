"""Writing accepted fixes (:mod:`.fixes`): new rows under the contributors' dataset only.

Moving a twinning to another place (a wrong place, a merge, a split) writes the twinning
between the right places (or restores it, when it was withdrawn), with copies of the old
one's claims and events cited to the proposal's source (the locator names the row and source
they were copied from), and a ``retract_twinning`` correction of the old one.  A row saying what
a row of the new twinning says already is not copied: a place split off and merged back finds
its twinnings' own rows again, once each.  The old rows stay as their dataset wrote them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from twintowns.accounts.fixes import (
    Fix,
    FlagChange,
    LevelChange,
    MergeChange,
    RevertChange,
    SplitChange,
    WrongPlaceChange,
    correction,
    live_twinning,
)
from twintowns.model.place import PlaceName
from twintowns.model.source import Citation
from twintowns.model.twinning import pair_key
from twintowns.store import corrections as view
from twintowns.store import rows, schema

_TWINNING_COPY = ("kind", "basis", "exclusive_reciprocal", "fixed_term", "note")


def _copied(row: dict[str, Any], cite: dict[str, Any]) -> dict[str, Any]:
    """``cite`` with a locator naming where a copied row came from."""
    origin = f"copied from {row['source_id']}" + (f" ({row['locator']})" if row["locator"] else "")
    return {**cite, "locator": f"{cite['locator']}; {origin}"[:300]}


_NOT_FACT = frozenset({"id", "twinning_id", "source_id", "locator", "dataset"})


def _fact(row: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """What a claim or event row says, whatever its row id, twinning and citation."""
    return tuple(sorted((k, repr(v)) for k, v in row.items() if k not in _NOT_FACT))


def _rows(
    conn: sa.Connection, table: sa.Table, twinning_id: str, fixes: view.Corrections
) -> list[dict[str, Any]]:
    """A twinning's rows of ``table`` that the view keeps (not a reverted change's)."""
    found = conn.execute(sa.select(table).where(table.c.twinning_id == twinning_id)).mappings()
    return [dict(r) for r in found if fixes.keeps(r)]


def move(
    conn: sa.Connection, twinning_id: str, wrong: str, right: str, cite: dict[str, Any]
) -> str:
    """Move side ``wrong`` of a twinning to ``right``; return the new twinning's id."""
    old = live_twinning(conn, twinning_id)
    other = old["place_b"] if old["place_a"] == wrong else old["place_a"]
    a, b = pair_key(other, right)
    new_id = f"{a}--{b}"
    tw = schema.twinnings
    fixes = view.load(conn)
    there = conn.execute(sa.select(tw).where(tw.c.id == new_id)).mappings().first()
    if there is None:
        copy = {k: old[k] for k in _TWINNING_COPY}
        conn.execute(tw.insert(), {"id": new_id, "place_a": a, "place_b": b, **copy, **cite})
    elif not fixes.shows_row(new_id, a, b, there["source_id"]):
        correction(conn, "restore_twinning", new_id, {"moved_from": twinning_id}, cite)
    swap = {wrong: right}
    for table, fields in (
        (schema.claims, ("claimant_id", "partner_id")),
        (schema.events, ("actor_id",)),
    ):
        held = {_fact(r) for r in _rows(conn, table, new_id, fixes)}
        for found_row in _rows(conn, table, twinning_id, fixes):
            new = {k: v for k, v in found_row.items() if k != "id"}
            new.update({f: swap.get(new[f], new[f]) for f in fields})
            if _fact(new) in held:  # already on the twinning (moved back, or twice known)
                continue
            held.add(_fact(new))
            conn.execute(table.insert(), {**new, "twinning_id": new_id, **_copied(new, cite)})
    correction(conn, "retract_twinning", twinning_id, {"moved_to": new_id}, cite)
    return new_id


def _sides_of(conn: sa.Connection, place: str) -> list[str]:
    tw = schema.twinnings
    query = sa.select(tw.c.id, tw.c.place_a, tw.c.place_b, tw.c.source_id).where(
        sa.or_(tw.c.place_a == place, tw.c.place_b == place)
    )
    fixes = view.load(conn)
    found = conn.execute(query.order_by(tw.c.id)).all()
    return [str(r[0]) for r in found if fixes.shows_row(str(r[0]), r[1], r[2], str(r[3]))]


def _merge(conn: sa.Connection, change: MergeChange, cite: dict[str, Any]) -> None:
    for twinning_id in _sides_of(conn, change.other):
        a, b = twinning_id.split("--", 1)
        if change.place in (a, b):  # the place twinned with itself: not a twinning
            correction(conn, "retract_twinning", twinning_id, {"merged": True}, cite)
        else:
            move(conn, twinning_id, change.other, change.place, cite)
    names = schema.place_names
    keeps = view.load(conn).keeps
    found = conn.execute(sa.select(names).where(names.c.place_id == change.other)).mappings()
    for name in [dict(n) for n in found if keeps(n)]:
        name.pop("id")
        conn.execute(
            names.insert(),
            {**name, "place_id": change.place, "preferred": False, **_copied(name, cite)},
        )
    correction(conn, "retract_place", change.other, {"into": change.place}, cite)


def _split(conn: sa.Connection, change: SplitChange, cite: dict[str, Any]) -> None:
    pl = schema.places
    level = change.level.value if change.level else None
    if level is None:
        level = conn.scalar(sa.select(pl.c.level).where(pl.c.id == change.place)) or "other"
    conn.execute(pl.insert(), {"id": change.new_place, "level": level, **cite})
    name = PlaceName(change.name, change.lang, preferred=True)
    fallback = Citation(cite["source_id"], cite["locator"])
    made = rows.name_row(change.new_place, name, fallback)
    conn.execute(schema.place_names.insert(), {**made, **cite})
    pc = schema.place_countries
    found = conn.execute(sa.select(pc).where(pc.c.place_id == change.place)).mappings()
    for country in [dict(c) for c in found]:
        country.pop("id")
        conn.execute(
            pc.insert(), {**country, "place_id": change.new_place, **_copied(country, cite)}
        )
    for twinning_id in change.twinnings:
        move(conn, twinning_id, change.place, change.new_place, cite)


def apply_fix(conn: sa.Connection, change: Fix, cite: dict[str, Any]) -> None:
    """Write an accepted fix's rows (inside the review's transaction)."""
    if isinstance(change, FlagChange):
        value = {"question": change.question, "fact": change.fact}
        correction(conn, "flag", change.twinning, value, cite)
    elif isinstance(change, LevelChange):
        correction(conn, "level", change.place, {"level": change.level.value}, cite)
    elif isinstance(change, WrongPlaceChange):
        move(conn, change.twinning, change.wrong, change.right, cite)
    elif isinstance(change, MergeChange):
        _merge(conn, change, cite)
    elif isinstance(change, SplitChange):
        _split(conn, change, cite)
    elif isinstance(change, RevertChange):
        undone: dict[str, Any] = {"change_id": change.change_id}
        correction(conn, "revert", f"contrib-{change.change_id}", undone, cite)
