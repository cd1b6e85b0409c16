"""Before and after: the state of the twinnings and places a proposal changes.

A state is a small JSON dict per resource (``twinning:ID`` or ``place:ID``; None when it does
not exist in the view).  For a pending proposal, ``after`` is predicted from the registry as
the reader shows it now; when a proposal is accepted, both are read in the review's
transaction, around the write, and recorded with it (``proposals.diff``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from twintowns.accounts import fixes
from twintowns.accounts.changes import Change, EventChange, NameChange, TwinningChange
from twintowns.model.status import status_as_of
from twintowns.store import corrections
from twintowns.store.living import proposals
from twintowns.store.reader import Reader

State = dict[str, Any] | None


def twinning_state(conn: sa.Connection, twinning_id: str) -> State:
    """A twinning's sides, kind, status today, events and open questions."""
    found = Reader(conn.engine, conn).twinnings([twinning_id])
    if not found:
        return None
    twinning = found[0]
    now = status_as_of(twinning.events, dt.date.today())
    events = [
        {
            "type": e.type.value,
            "date": str(e.date) if e.date else None,
            "source": e.citation.source_id,
        }
        for e in twinning.events
    ]
    questions = corrections.open_questions(conn, twinning_id)
    return {
        "twinning": twinning.id,
        "places": [twinning.a, twinning.b],
        "kind": twinning.kind.value,
        "status": now.status.value,
        "since": str(now.since) if now.since else None,
        "events": events,
        "open_questions": [q["question"] for q in questions],
    }


def place_state(conn: sa.Connection, place_id: str) -> State:
    """A place's level, names and twinnings."""
    reader = Reader(conn.engine, conn)
    place = reader.places([place_id]).get(place_id)
    if place is None:
        return None
    return {
        "place": place.id,
        "level": place.level.value,
        "names": sorted({n.text for n in place.names}),
        "twinnings": sorted(t.id for t in reader.twinnings_of(place_id)),
    }


def state(conn: sa.Connection, resource: str) -> State:
    """The state of ``twinning:ID`` or ``place:ID``."""
    kind, _, key = resource.partition(":")
    return twinning_state(conn, key) if kind == "twinning" else place_state(conn, key)


def resources(conn: sa.Connection, change: Change) -> list[str]:
    """The resources ``change`` touches (the first is the one its version guards)."""
    if isinstance(change, EventChange | fixes.FlagChange):
        return [f"twinning:{change.twinning}"]
    if isinstance(change, TwinningChange):
        return [f"twinning:{change.a}--{change.b}"]
    if isinstance(change, NameChange | fixes.LevelChange):
        return [f"place:{change.place}"]
    if isinstance(change, fixes.WrongPlaceChange):
        other = [s for s in change.twinning.split("--", 1) if s != change.wrong]
        pair = "--".join(sorted([*other[:1], change.right]))
        return [f"twinning:{change.twinning}", f"twinning:{pair}"]
    if isinstance(change, fixes.MergeChange):
        return [f"place:{change.place}", f"place:{change.other}"]
    if isinstance(change, fixes.SplitChange):
        return [f"place:{change.place}", f"place:{change.new_place}"]
    from twintowns.accounts.changes import parse_change

    row = conn.execute(
        sa.select(proposals.c.kind, proposals.c.payload).where(proposals.c.id == change.change_id)
    ).first()
    if row is None or row[0] == "revert":
        return []
    return resources(conn, parse_change(str(row[0]), dict(row[1])))


def _with_event(before: State, change: EventChange) -> State:
    if before is None:
        return None
    event = {"type": change.type.value, "date": str(change.date) if change.date else None}
    return {**before, "events": [*before["events"], {**event, "source": "(this proposal)"}]}


def predict(conn: sa.Connection, change: Change, before: dict[str, State]) -> dict[str, State]:
    """The state after ``change``, predicted from ``before`` (see :func:`resources`)."""
    keys = list(before)
    first = before[keys[0]] if keys else None
    if isinstance(change, EventChange):
        return {keys[0]: _with_event(first, change)}
    if isinstance(change, TwinningChange):
        made = {"twinning": keys[0].split(":", 1)[1], "places": [change.a, change.b]}
        return {keys[0]: {**made, "kind": change.kind.value, "claimants": list(change.claimants)}}
    if first is None:
        return dict(before)
    if isinstance(change, NameChange):
        return {keys[0]: {**first, "names": sorted({*first["names"], change.name})}}
    if isinstance(change, fixes.LevelChange):
        return {keys[0]: {**first, "level": change.level.value}}
    if isinstance(change, fixes.FlagChange):
        asked = [*first["open_questions"], change.question]
        return {keys[0]: {**first, "open_questions": asked}}
    if isinstance(change, fixes.WrongPlaceChange):
        pair = keys[1].split(":", 1)[1]
        moved = {**first, "twinning": pair, "places": pair.split("--", 1)}
        return {keys[0]: None, keys[1]: moved}
    if isinstance(change, fixes.MergeChange):
        other = before[keys[1]] or {"names": [], "twinnings": []}
        merged = {
            **first,
            "names": sorted({*first["names"], *other["names"]}),
            "twinnings": sorted({*first["twinnings"], *_rekeyed(other["twinnings"], change)}),
        }
        return {keys[0]: merged, keys[1]: None}
    if isinstance(change, fixes.SplitChange):
        kept = [t for t in first["twinnings"] if t not in change.twinnings]
        new = {
            "place": change.new_place,
            "level": change.level.value if change.level else first["level"],
            "names": [change.name],
            "twinnings": sorted(_rekeyed(list(change.twinnings), change)),
        }
        return {keys[0]: {**first, "twinnings": kept}, keys[1]: new}
    return _reverted(conn, change, before)


def _rekeyed(twinnings: list[str], change: fixes.MergeChange | fixes.SplitChange) -> list[str]:
    old, new = (
        (change.other, change.place)
        if isinstance(change, fixes.MergeChange)
        else (change.place, change.new_place)
    )
    out = []
    for twinning in twinnings:
        sides = [new if s == old else s for s in twinning.split("--", 1)]
        if sides[0] != sides[1]:
            out.append("--".join(sorted(sides)))
    return out


def _reverted(conn: sa.Connection, change: Change, before: dict[str, State]) -> dict[str, State]:
    """A revert's after: the reverted change's recorded before (the state it undoes)."""
    assert isinstance(change, fixes.RevertChange)
    recorded = conn.scalar(sa.select(proposals.c.diff).where(proposals.c.id == change.change_id))
    if isinstance(recorded, dict) and isinstance(recorded.get("before"), dict):
        return {k: recorded["before"].get(k) for k in before}
    return dict(before)


def diff(conn: sa.Connection, change: Change) -> dict[str, Any]:
    """``{"before": {resource: state}, "after": {resource: state}}`` of a pending change."""
    before = {r: state(conn, r) for r in resources(conn, change)}
    return {"before": before, "after": predict(conn, change, before)}
