"""Corrections of places, flags on facts and reverts: the change kinds that the fact tables
cannot hold as one more row.

Each is parsed from untrusted JSON into a small typed record, checked against the registry
as the reader shows it (corrections in force applied, see :mod:`twintowns.store.corrections`)
and, once accepted, written as new rows under the contributors' dataset, cited to the
proposal's source: nothing any dataset wrote is rewritten or deleted, so no reload undoes a
correction and a revert only adds a row.

Payloads (``payload`` of ``POST /proposals``):

- ``flag``: ``twinning``, ``question`` (what is doubtful), optionally ``fact`` (``event:N``
  or ``claim:N``, a row of that twinning).
- ``level``: ``place``, ``level`` (a place level).
- ``wrong_place``: ``twinning``, ``wrong`` (one of its sides), ``right`` (the place it is).
- ``merge``: ``place`` (kept), ``other`` (the same place under another id: withdrawn, its
  twinnings and names moved to ``place``).
- ``split``: ``place``, ``new_place`` (a new id), ``name``, ``lang``, optionally ``level`` and
  ``twinnings`` (ids of ``place``'s twinnings that are the new place's).
- ``revert``: ``change_id`` (an accepted proposal, not itself a revert).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from twintowns.errors import ConflictError, InputError, NotFoundError
from twintowns.model.vocab import PlaceLevel
from twintowns.store import corrections as view
from twintowns.store import schema
from twintowns.store.living import corrections, proposals


@dataclass(frozen=True, slots=True)
class FlagChange:
    """An open question about a twinning or one of its facts."""

    twinning: str
    question: str
    fact: str | None = None


@dataclass(frozen=True, slots=True)
class LevelChange:
    """A place's level is another."""

    place: str
    level: PlaceLevel


@dataclass(frozen=True, slots=True)
class WrongPlaceChange:
    """One side of a twinning is another place."""

    twinning: str
    wrong: str
    right: str


@dataclass(frozen=True, slots=True)
class MergeChange:
    """Two place ids are one place: ``other`` goes into ``place``."""

    place: str
    other: str


@dataclass(frozen=True, slots=True)
class SplitChange:
    """One place id holds two places: ``new_place`` is made and takes ``twinnings``."""

    place: str
    new_place: str
    name: str
    lang: str
    level: PlaceLevel | None
    twinnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RevertChange:
    """Undo the accepted proposal ``change_id``."""

    change_id: int


Fix = FlagChange | LevelChange | WrongPlaceChange | MergeChange | SplitChange | RevertChange
FIX_KINDS = ("flag", "level", "wrong_place", "merge", "split", "revert")


def _text(payload: dict[str, Any], key: str, *, limit: int = 120, required: bool = True) -> str:
    value = payload.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise InputError(f"{key}: expected text of 1-{limit} characters")
    return value


def _level(payload: dict[str, Any], *, required: bool = True) -> PlaceLevel | None:
    raw = _text(payload, "level", limit=20, required=required)
    if not raw:
        return None
    try:
        return PlaceLevel(raw)
    except ValueError:
        raise InputError(f"level: expected one of {', '.join(PlaceLevel)}") from None


def _change_id(payload: dict[str, Any]) -> int:
    raw = payload.get("change_id")
    if isinstance(raw, str) and raw.isdigit() and len(raw) < 11:
        raw = int(raw)
    if not isinstance(raw, int) or isinstance(raw, bool) or not 1 <= raw < 2**31:
        raise InputError("change_id: expected the id of an accepted proposal")
    return raw


def parse_fix(kind: str, payload: dict[str, Any]) -> Fix:
    """The change a proposal of one of :data:`FIX_KINDS` describes.

    Raises
    ------
    InputError
        For a bad field (one line naming it).
    """
    if kind == "flag":
        fact = _text(payload, "fact", limit=40, required=False) or None
        if fact is not None and not _fact_key(fact):
            raise InputError("fact: expected event:N or claim:N")
        question = _text(payload, "question", limit=2_000)
        return FlagChange(_text(payload, "twinning", limit=250), question, fact)
    if kind == "level":
        return LevelChange(_text(payload, "place"), _level(payload) or PlaceLevel.OTHER)
    if kind == "wrong_place":
        return WrongPlaceChange(
            _text(payload, "twinning", limit=250), _text(payload, "wrong"), _text(payload, "right")
        )
    if kind == "merge":
        return MergeChange(_text(payload, "place"), _text(payload, "other"))
    if kind == "split":
        moved = payload.get("twinnings", [])
        if not isinstance(moved, list) or not all(isinstance(t, str) for t in moved):
            raise InputError("twinnings: expected a list of twinning ids")
        return SplitChange(
            _text(payload, "place"),
            _text(payload, "new_place"),
            _text(payload, "name", limit=200),
            _text(payload, "lang", limit=20),
            _level(payload, required=False),
            tuple(sorted(set(moved)))[:200],
        )
    return RevertChange(_change_id(payload))


def _fact_key(fact: str) -> tuple[str, int] | None:
    table, _, number = fact.partition(":")
    if table in ("event", "claim") and number.isdigit() and len(number) < 11:
        return table, int(number)
    return None


def reverted_proposal(conn: sa.Connection, change_id: int) -> dict[str, Any]:
    """The accepted, unreverted, non-revert proposal ``change_id``.

    Raises
    ------
    NotFoundError, InputError, ConflictError
    """
    found = conn.execute(sa.select(proposals).where(proposals.c.id == change_id)).mappings()
    row = found.first()
    if row is None:
        raise NotFoundError(f"no proposal {change_id}")
    if row["status"] != "accepted":
        raise InputError(f"change_id: proposal {change_id} is {row['status']}, not accepted")
    if row["kind"] == "revert":
        raise InputError("change_id: a revert is not reverted; propose the change again")
    if f"contrib-{change_id}" in view.load(conn).reverted:
        raise ConflictError(f"proposal {change_id} is reverted already")
    return dict(row)


def fix_target(conn: sa.Connection, change: Fix) -> str:
    """The resource a fix edits (for a revert: the reverted change's)."""
    if isinstance(change, RevertChange):
        return str(reverted_proposal(conn, change.change_id)["target"])
    if isinstance(change, FlagChange | WrongPlaceChange):
        return f"twinning:{change.twinning}"
    return f"place:{change.place}"


def live_places(conn: sa.Connection, ids: list[str]) -> set[str]:
    """Those of ``ids`` that are places in the view."""
    pl = schema.places
    fixes = view.load(conn)
    found = conn.execute(sa.select(pl.c.id, pl.c.source_id).where(pl.c.id.in_(ids))).all()
    return {str(r[0]) for r in found if r[1] not in fixes.reverted} - fixes.gone_places


def live_twinning(conn: sa.Connection, twinning_id: str) -> dict[str, Any]:
    """The twinning row, if the view shows it.

    Raises
    ------
    NotFoundError
    """
    tw = schema.twinnings
    row = conn.execute(sa.select(tw).where(tw.c.id == twinning_id)).mappings().first()
    fixes = view.load(conn)
    if row is None or not fixes.shows_row(
        twinning_id, row["place_a"], row["place_b"], row["source_id"]
    ):
        raise NotFoundError(f"no twinning {twinning_id!r}")
    return dict(row)


def _need_places(conn: sa.Connection, *ids: str) -> None:
    found = live_places(conn, list(ids))
    if missing := [p for p in ids if p not in found]:
        raise NotFoundError(f"no place {missing[0]!r}")


def _check_flag(conn: sa.Connection, change: FlagChange) -> None:
    live_twinning(conn, change.twinning)
    key = _fact_key(change.fact) if change.fact else None
    if key is not None:
        table = schema.events if key[0] == "event" else schema.claims
        owner = conn.scalar(sa.select(table.c.twinning_id).where(table.c.id == key[1]))
        if owner != change.twinning:
            raise NotFoundError(f"no {change.fact} of twinning {change.twinning!r}")


def check_fix(conn: sa.Connection, change: Fix) -> None:
    """Refuse a fix about unknown places or twinnings, or one that makes no sense.

    Raises
    ------
    NotFoundError, InputError, ConflictError
    """
    if isinstance(change, FlagChange):
        _check_flag(conn, change)
    elif isinstance(change, LevelChange):
        _need_places(conn, change.place)
    elif isinstance(change, WrongPlaceChange):
        row = live_twinning(conn, change.twinning)
        sides = {row["place_a"], row["place_b"]}
        if change.wrong not in sides:
            raise InputError(f"wrong: {change.wrong!r} is not a side of {change.twinning!r}")
        if change.right in sides:
            raise InputError("right: expected a place other than the twinning's sides")
        _need_places(conn, change.right)
    elif isinstance(change, MergeChange):
        if change.place == change.other:
            raise InputError("other: expected a place other than place")
        _need_places(conn, change.place, change.other)
    elif isinstance(change, SplitChange):
        _need_places(conn, change.place)
        pl = schema.places
        if conn.scalar(sa.select(pl.c.id).where(pl.c.id == change.new_place)) is not None:
            raise InputError(f"new_place: {change.new_place!r} exists already")
        for twinning_id in change.twinnings:
            row = live_twinning(conn, twinning_id)
            if change.place not in (row["place_a"], row["place_b"]):
                raise InputError(f"twinnings: {twinning_id!r} is not {change.place!r}'s")
    else:
        reverted_proposal(conn, change.change_id)


def correction(
    conn: sa.Connection, kind: str, subject: str, value: dict[str, Any], cite: dict[str, Any]
) -> None:
    """Append one corrections row, cited like the proposal's facts."""
    proposal_id = int(str(cite["source_id"]).removeprefix("contrib-"))
    row = {"kind": kind, "subject": subject, "value": value, "proposal_id": proposal_id}
    conn.execute(corrections.insert(), {**row, **cite})
