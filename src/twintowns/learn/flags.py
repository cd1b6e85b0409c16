"""Users' flags on generated items ("wrong", "ambiguous"): stored, listed for review, and
excluded from every new deck.

A flag names an item by its stable id (:func:`twintowns.learn.items.item_id`).  When the item
is known at flagging time its text, sources and fact key are kept with the flag, so a reviewer
sees what was flagged, and an item flagged *wrong* keeps every other item on the same fact out
of new decks too (an *ambiguous* item only excludes itself).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from twintowns.errors import InputError, StoreError
from twintowns.learn.items import Item
from twintowns.registry import Registry
from twintowns.store import schema


class FlagReason(StrEnum):
    """Why an item was flagged."""

    WRONG = "wrong"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class Flag:
    """A stored flag, with the item's text when it was known."""

    id: int
    item_id: str
    reason: FlagReason
    note: str
    flagged_at: dt.datetime
    fact_key: str | None = None
    kind: str | None = None
    prompt: str | None = None
    answer: str | None = None
    sources: str | None = None


@dataclass(frozen=True, slots=True)
class Exclusions:
    """What new decks leave out: flagged item ids, and the facts of items flagged wrong."""

    item_ids: frozenset[str] = frozenset()
    fact_keys: frozenset[str] = frozenset()

    def excludes(self, item: Item) -> bool:
        """True when ``item`` must not be generated."""
        return item.id in self.item_ids or item.key in self.fact_keys


def _valid_id(item_id: str) -> str:
    text = item_id.strip().lower()
    if not (8 <= len(text) <= 32) or any(c not in "0123456789abcdef" for c in text):
        raise InputError(f"{item_id!r} is not an item id (16 hexadecimal digits)")
    return text


def flag_item(
    registry: Registry, item_id: str, reason: FlagReason, note: str = "", item: Item | None = None
) -> Flag:
    """Store a flag on an item.

    Parameters
    ----------
    registry:
        The registry whose ``learn_flags`` table holds flags.
    item_id, reason, note:
        The item's id (as printed on every card), ``wrong`` or ``ambiguous``, free text.
    item:
        The item itself, when known: its text, sources and fact key are kept.

    Returns
    -------
    Flag
        The stored flag.

    Raises
    ------
    InputError, StoreError
        If ``item_id`` is not an id (or not ``item``'s), or the database cannot be written.
    """
    wanted = _valid_id(item_id)
    if item is not None and item.id != wanted:
        raise InputError(f"item {item.id} does not have the id {wanted}")
    flag = _new_flag(wanted, reason, note, item)
    row = {f: getattr(flag, f) for f in Flag.__slots__ if f != "id"}
    row["reason"] = reason.value
    try:
        with registry.engine.begin() as conn:
            new_id = conn.execute(sa.insert(schema.learn_flags).values(**row)).inserted_primary_key
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot store the flag: {exc}") from exc
    assert new_id is not None
    return dataclasses.replace(flag, id=int(new_id[0]))


def _new_flag(item_id: str, reason: FlagReason, note: str, item: Item | None) -> Flag:
    """A flag not yet stored (id 0), with the item's text when known."""
    return Flag(
        id=0,
        item_id=item_id,
        reason=reason,
        note=note,
        flagged_at=dt.datetime.now(dt.UTC),
        fact_key=item.key if item else None,
        kind=item.kind.value if item else None,
        prompt=item.prompt if item else None,
        answer=item.answer if item else None,
        sources="; ".join(s.label() for s in item.sources) if item else None,
    )


def list_flags(registry: Registry) -> list[Flag]:
    """Every flag, oldest first.

    Raises
    ------
    StoreError
        If the database cannot be read (for instance, not migrated).
    """
    table = schema.learn_flags
    try:
        with registry.engine.connect() as conn:
            found = list(conn.execute(sa.select(table).order_by(table.c.id)).mappings())
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot read flags: {exc}") from exc
    flags = []
    for row in found:
        values = dict(row)
        when = values["flagged_at"]
        if when.tzinfo is None:  # SQLite drops the zone of the UTC time we wrote
            values["flagged_at"] = when.replace(tzinfo=dt.UTC)
        values["reason"] = FlagReason(values["reason"])
        flags.append(Flag(**values))
    return flags


def exclusions(registry: Registry) -> Exclusions:
    """What the stored flags keep out of new decks."""
    flags = list_flags(registry)
    return Exclusions(
        item_ids=frozenset(f.item_id for f in flags),
        fact_keys=frozenset(
            f.fact_key for f in flags if f.reason is FlagReason.WRONG and f.fact_key
        ),
    )
