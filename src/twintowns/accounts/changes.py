"""What a proposal proposes, checked: the kinds of change and how an accepted one is written.

A change is a small typed record built from untrusted JSON (:func:`parse_change`).  Applying an
accepted change (:func:`apply_change`) writes ordinary fact rows under the contributors'
dataset, cited to a source made for the proposal (its URL, the editor and the reason), so the
status derivation reads them like any other claim and no reload erases them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from twintowns.accounts.fixes import (
    FIX_KINDS,
    Fix,
    check_fix,
    correction,
    fix_target,
    live_places,
    live_twinning,
    parse_fix,
)
from twintowns.errors import DateError, InputError, NotFoundError
from twintowns.model import EventType, FuzzyDate, TwinningKind
from twintowns.model.place import PlaceName
from twintowns.model.source import Citation
from twintowns.model.twinning import pair_key
from twintowns.store import rows, schema
from twintowns.store.living import CONTRIBUTIONS

MAX_TEXT = 2_000
"""Longest free text (description, reason, quote) a proposal carries."""


@dataclass(frozen=True, slots=True)
class EventChange:
    """A dated event of an existing twinning (a suspension in 2022, a 1957 signing)."""

    twinning: str
    type: EventType
    date: FuzzyDate | None
    description: str = ""
    cause: str | None = None


@dataclass(frozen=True, slots=True)
class TwinningChange:
    """A new twinning between two known places, claimed by one side or both."""

    a: str
    b: str
    kind: TwinningKind
    claimants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameChange:
    """A correction: a further (or preferred) name of a place."""

    place: str
    name: str
    lang: str
    preferred: bool


Change = EventChange | TwinningChange | NameChange | Fix
KINDS = ("event", "twinning", "name", *FIX_KINDS)


def _text(payload: dict[str, Any], key: str, *, required: bool = True, limit: int = 200) -> str:
    value = payload.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise InputError(f"{key}: expected text of 1-{limit} characters")
    return value


def _event(payload: dict[str, Any]) -> EventChange:
    try:
        kind = EventType(_text(payload, "type", limit=40))
        raw = _text(payload, "date", required=False, limit=20)
        date = FuzzyDate.parse(raw) if raw else None
    except ValueError as exc:
        if isinstance(exc, DateError):
            raise
        known = ", ".join(t.value for t in EventType)
        raise InputError(f"type: expected one of {known}") from None
    return EventChange(
        twinning=_text(payload, "twinning", limit=250),
        type=kind,
        date=date,
        description=_text(payload, "description", required=False, limit=MAX_TEXT),
        cause=_text(payload, "cause", required=False, limit=MAX_TEXT) or None,
    )


def _twinning(payload: dict[str, Any]) -> TwinningChange:
    a, b = pair_key(_text(payload, "a", limit=120), _text(payload, "b", limit=120))
    try:
        kind = TwinningKind(_text(payload, "kind", limit=40))
    except ValueError:
        raise InputError("kind: not a known twinning kind") from None
    claimants = payload.get("claimants", [a, b])
    if not isinstance(claimants, list) or not claimants or not set(claimants) <= {a, b}:
        raise InputError("claimants: one or both of the two places")
    return TwinningChange(a, b, kind, tuple(sorted(set(claimants))))


def _name(payload: dict[str, Any]) -> NameChange:
    preferred = payload.get("preferred", False)
    if not isinstance(preferred, bool):
        raise InputError("preferred: expected true or false")
    return NameChange(
        place=_text(payload, "place", limit=120),
        name=_text(payload, "name"),
        lang=_text(payload, "lang", limit=20),
        preferred=preferred,
    )


def parse_change(kind: str, payload: dict[str, Any]) -> Change:
    """The change a proposal of ``kind`` describes.

    Raises
    ------
    InputError
        For an unknown kind or a bad field (one line naming it).
    """
    if kind == "event":
        return _event(payload)
    if kind == "twinning":
        return _twinning(payload)
    if kind == "name":
        return _name(payload)
    if kind in FIX_KINDS:
        return parse_fix(kind, payload)
    raise InputError(f"kind {kind[:40]!r}: expected one of {', '.join(KINDS)}")


def target_of(conn: sa.Connection, change: Change) -> str:
    """The resource a change edits (its version guards the write)."""
    if not isinstance(change, EventChange | TwinningChange | NameChange):
        return fix_target(conn, change)
    if isinstance(change, EventChange):
        return f"twinning:{change.twinning}"
    if isinstance(change, TwinningChange):
        return f"twinning:{change.a}--{change.b}"
    return f"place:{change.place}"


def check_exists(conn: sa.Connection, change: Change) -> None:
    """Refuse a change about unknown places or twinnings (or a twinning that exists).

    Raises
    ------
    NotFoundError, InputError
    """
    if not isinstance(change, EventChange | TwinningChange | NameChange):
        check_fix(conn, change)
        return
    if isinstance(change, EventChange):
        live_twinning(conn, change.twinning)  # NotFoundError unless the view shows it
        return
    wanted = [change.a, change.b] if isinstance(change, TwinningChange) else [change.place]
    found = live_places(conn, wanted)
    if missing := [p for p in wanted if p not in found]:
        raise NotFoundError(f"no place {missing[0]!r}")
    if isinstance(change, TwinningChange):
        pair = f"{change.a}--{change.b}"
        try:  # a twinning withdrawn or reverted may be proposed again
            live_twinning(conn, pair)
        except NotFoundError:
            return
        raise InputError(f"twinning {pair!r} exists already: propose an event instead")


def _source(conn: sa.Connection, proposal: dict[str, Any], author: str) -> tuple[str, str]:
    """Write the proposal's source row; return its id and the locator citing the editor."""
    source_id = f"contrib-{proposal['id']}"
    conn.execute(
        schema.sources.insert(),
        {
            "id": source_id,
            "title": f"Proposal {proposal['id']} by {author}: {proposal['reason'][:200]}",
            "publisher": "twintowns contributors",
            "url": proposal["source_url"] or None,
            "retrieved": dt.date.today(),
        },
    )
    locator = f"proposal {proposal['id']} by {author}"
    if proposal.get("locator"):
        locator += f"; {proposal['locator']}"
    return source_id, locator[:300]


def _event_row(change: EventChange, actor_place: str | None) -> dict[str, Any]:
    a, b = change.twinning.split("--", 1)
    return {
        "twinning_id": change.twinning,
        "type": change.type.value,
        "date": str(change.date) if change.date else None,
        "date_lo": change.date.start if change.date else None,
        "date_hi": change.date.end if change.date else None,
        "actor_id": actor_place if actor_place in (a, b) else None,
        "cause": change.cause,
        "description": change.description,
        "standing": "accepted",
    }


def _write_twinning(conn: sa.Connection, change: TwinningChange, cite: dict[str, Any]) -> None:
    """The twinning row and its claims; a twinning that has a row already (withdrawn or its
    creation reverted: :func:`check_exists` let it through) is restored by a correction."""
    pair = f"{change.a}--{change.b}"
    tw = schema.twinnings
    if conn.scalar(sa.select(tw.c.id).where(tw.c.id == pair)) is not None:
        correction(conn, "restore_twinning", pair, {"proposed": change.kind.value}, cite)
    else:
        _insert_twinning(conn, change, cite)
    for claimant in change.claimants:
        partner = change.b if claimant == change.a else change.a
        claim = {"claimant_id": claimant, "partner_id": partner, "kind": change.kind.value}
        conn.execute(
            schema.claims.insert(), {"twinning_id": pair, **claim, "asserted": True, **cite}
        )


def _insert_twinning(conn: sa.Connection, change: TwinningChange, cite: dict[str, Any]) -> None:
    pair = f"{change.a}--{change.b}"
    conn.execute(
        schema.twinnings.insert(),
        {
            "id": pair,
            "place_a": change.a,
            "place_b": change.b,
            "kind": change.kind.value,
            "basis": "unknown",
            "exclusive_reciprocal": False,
            "fixed_term": False,
            "note": "",
            **cite,
        },
    )


def apply_change(
    conn: sa.Connection, proposal: dict[str, Any], author: str, actor_place: str | None
) -> None:
    """Write an accepted proposal's facts (inside the review's transaction).

    ``actor_place`` is the side the author is the verified steward of, if any: their event is
    recorded as that place's own act.
    """
    from twintowns.accounts.moves import apply_fix

    change = parse_change(str(proposal["kind"]), dict(proposal["payload"]))
    check_exists(conn, change)
    source_id, locator = _source(conn, proposal, author)
    cite = {"source_id": source_id, "locator": locator, "dataset": CONTRIBUTIONS}
    if not isinstance(change, EventChange | TwinningChange | NameChange):
        apply_fix(conn, change, cite)
    elif isinstance(change, EventChange):
        conn.execute(schema.events.insert(), {**_event_row(change, actor_place), **cite})
    elif isinstance(change, TwinningChange):
        _write_twinning(conn, change, cite)
    else:
        name = PlaceName(change.name, change.lang, preferred=change.preferred)
        made = rows.name_row(change.place, name, Citation(source_id, locator))
        conn.execute(schema.place_names.insert(), {**made, **cite})
