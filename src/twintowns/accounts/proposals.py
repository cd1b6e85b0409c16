"""Sourced proposals and their review: the only way the living registry changes.

A contributor proposes a change with an http(s) source and a reason, based on the version of
the resource it edits (:mod:`.versions`); a reviewer accepts or rejects it, naming the
proposal's version they saw.  Accepting writes the change's facts (:mod:`.changes`), moves the
resource's version on and appends to the audit log, all in one write transaction: a stale
proposal or a stale review gets :class:`~twintowns.errors.ConflictError` and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from twintowns.accounts import versions
from twintowns.accounts.changes import MAX_TEXT, check_exists, parse_change, target_of
from twintowns.accounts.roles import Action, Principal
from twintowns.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from twintowns.store.dialect import write_transaction
from twintowns.store.living import corrections, proposal_reviews, proposals, users
from twintowns.store.writer import audit
from twintowns.untrusted import is_http_url

DECISIONS = ("accept", "reject")


def require(who: Principal | None, action: Action) -> Principal:
    """``who`` when they may do ``action``.

    Raises
    ------
    AuthenticationError
        For no principal (anonymous).
    PermissionDeniedError
        When their roles or scopes do not allow it.
    """
    from twintowns.errors import AuthenticationError

    if who is None:
        raise AuthenticationError(f"sign in to {action.value}")
    if not who.can(action):
        raise PermissionDeniedError(f"{who.name} may not {action.value}")
    return who


def _bounded(value: str | None, name: str, *, required: bool) -> str | None:
    if value is None or not value.strip():
        if required:
            raise InputError(f"{name}: required")
        return None
    if len(value) > MAX_TEXT:
        raise InputError(f"{name}: at most {MAX_TEXT} characters")
    return value


def _texts(reason: str, locator: str | None, quote: str | None) -> dict[str, str | None]:
    return {
        "locator": (_bounded(locator, "locator", required=False) or "")[:300] or None,
        "quote": _bounded(quote, "quote", required=False),
        "reason": _bounded(reason, "reason", required=True),
    }


def propose(
    engine: sa.Engine,
    who: Principal | None,
    kind: str,
    payload: dict[str, Any],
    *,
    source_url: str,
    reason: str,
    base_version: int,
    locator: str | None = None,
    quote: str | None = None,
) -> dict[str, Any]:
    """Record a proposal and return it.

    Raises
    ------
    AuthenticationError, PermissionDeniedError
        Unless ``who`` may propose.
    InputError
        For a bad change, a source that is not an http(s) URL, or no reason.
    NotFoundError
        For a change about unknown places or twinnings.
    ConflictError
        When ``base_version`` is not the resource's version now.
    """
    author = require(who, Action.PROPOSE)
    change = parse_change(kind, payload)
    _check_source(kind, source_url, locator)
    row: dict[str, Any] = {
        "kind": kind,
        "base_version": base_version,
        "payload": payload,
        "source_url": source_url,
        **_texts(reason, locator, quote),
        "author_id": author.user_id,
        "status": "pending",
        "created_at": dt.datetime.now(dt.UTC),
        "version": 1,
    }
    with write_transaction(engine) as conn:
        row["target"] = target_of(conn, change)
        check_exists(conn, change)
        versions.check(conn, str(row["target"]), base_version)
        row["id"] = conn.execute(proposals.insert().returning(proposals.c.id), row).scalar_one()
        audit(conn, "propose", str(row["target"]), {"proposal": row["id"]}, author.name)
    return get(engine, int(row["id"]))


def _check_source(kind: str, source_url: str, locator: str | None) -> None:
    """An http(s) source URL; a flag may name only a locator (where the doubt is seen).

    Raises
    ------
    InputError
    """
    if kind == "flag" and not source_url:
        if not (locator or "").strip():
            raise InputError("locator: a flag needs a source URL or at least a locator")
        return
    if len(source_url) > MAX_TEXT or not is_http_url(source_url):
        raise InputError("source_url: an http:// or https:// URL is required")


def _select() -> sa.Select[Any]:
    return sa.select(proposals, users.c.name.label("author")).join(
        users, users.c.id == proposals.c.author_id
    )


def _out(conn: sa.Connection, row: Any, reverts: dict[str, int]) -> dict[str, Any]:
    """A proposal's answer: its row, its before/after and the revert that undid it, if any."""
    out = dict(row)
    out.pop("author_id", None)
    if not isinstance(out.get("diff"), dict):
        # accepted before diffs were recorded (revision 0010): the view now holds the
        # change, so a prediction would show it twice
        out["diff"] = None if out["status"] == "accepted" else _predicted(conn, out)
    out["reverted_by"] = reverts.get(f"contrib-{out['id']}")
    return out


def _predicted(conn: sa.Connection, row: dict[str, Any]) -> dict[str, Any] | None:
    """The before/after of a proposal not (yet) accepted, from the view now (None when it
    no longer applies: a place gone, a twinning made meanwhile)."""
    from twintowns.accounts.diff import diff

    try:
        return diff(conn, parse_change(str(row["kind"]), dict(row["payload"])))
    except (InputError, NotFoundError, ConflictError):
        return None


def _reverts(conn: sa.Connection) -> dict[str, int]:
    """Source of each reverted change -> the revert proposal that undid it."""
    fixes = corrections
    query = sa.select(fixes.c.subject, fixes.c.proposal_id).where(fixes.c.kind == "revert")
    return {str(s): int(p) for s, p in conn.execute(query)}


def get(engine: sa.Engine, proposal_id: int) -> dict[str, Any]:
    """One proposal with its author's name.

    Raises
    ------
    NotFoundError
        For an unknown id.
    """
    with engine.connect() as conn:
        found = conn.execute(_select().where(proposals.c.id == proposal_id)).mappings().first()
        if found is None:
            raise NotFoundError(f"no proposal {proposal_id}")
        return _out(conn, found, _reverts(conn))


def listing(
    engine: sa.Engine, *, status: str | None = None, target: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Proposals, newest first, optionally only one status or one target."""
    query = _select().order_by(proposals.c.id.desc()).limit(limit)
    if status:
        query = query.where(proposals.c.status == status)
    if target:
        query = query.where(proposals.c.target == target)
    with engine.connect() as conn:
        reverts = _reverts(conn)
        return [_out(conn, r, reverts) for r in conn.execute(query).mappings()]


def _load(conn: sa.Connection, proposal_id: int, seen: int) -> dict[str, Any]:
    found = conn.execute(_select().where(proposals.c.id == proposal_id)).mappings().first()
    if found is None:
        raise NotFoundError(f"no proposal {proposal_id}")
    row = dict(found)
    if row["version"] != seen or row["status"] != "pending":
        raise ConflictError(
            f"proposal {proposal_id} is {row['status']} at version {row['version']}, "
            f"not pending at version {seen}",
            version=int(row["version"]),
            current={"id": proposal_id, "status": row["status"], "version": row["version"]},
        )
    return row


def review(
    engine: sa.Engine,
    who: Principal | None,
    proposal_id: int,
    decision: str,
    *,
    seen: int,
    comment: str = "",
) -> dict[str, Any]:
    """Accept or reject a pending proposal, based on its version ``seen``; return it.

    Raises
    ------
    AuthenticationError, PermissionDeniedError
        Unless ``who`` may review (nobody reviews their own proposal).
    InputError
        For a decision other than accept or reject, or a comment too long.
    ConflictError
        When the proposal is no longer pending at ``seen``, or (accepting) the resource it
        edits moved on since it was proposed.
    """
    reviewer = require(who, Action.REVIEW)
    if decision not in DECISIONS:
        raise InputError(f"decision: expected accept or reject, got {decision[:20]!r}")
    note = _bounded(comment, "comment", required=False) or ""
    from twintowns.accounts.changes import apply_change
    from twintowns.accounts.diff import resources, state

    with write_transaction(engine) as conn:
        row = _load(conn, proposal_id, seen)
        if row["author_id"] == reviewer.user_id:
            raise PermissionDeniedError("a reviewer may not decide their own proposal")
        if decision == "accept":
            versions.advance(conn, row["target"], int(row["base_version"]))
            change = parse_change(str(row["kind"]), dict(row["payload"]))
            touched = resources(conn, change)
            before = {r: state(conn, r) for r in touched}
            apply_change(conn, row, str(row["author"]), _stewarded(conn, row))
            row["diff"] = {"before": before, "after": {r: state(conn, r) for r in touched}}
        _record(conn, row, reviewer, decision, note)
    return get(engine, proposal_id)


def _record(
    conn: sa.Connection, row: dict[str, Any], reviewer: Principal, decision: str, note: str
) -> None:
    """The decision: the proposal's new status and version, the review row, the audit row."""
    status = "accepted" if decision == "accept" else "rejected"
    conn.execute(
        proposals.update()
        .where(proposals.c.id == row["id"])
        .values(status=status, version=int(row["version"]) + 1, diff=row.get("diff"))
    )
    review_row = {"proposal_id": row["id"], "reviewer_id": reviewer.user_id, "comment": note}
    conn.execute(
        proposal_reviews.insert(),
        {**review_row, "decision": decision, "at": dt.datetime.now(dt.UTC)},
    )
    detail: dict[str, Any] = {"proposal": row["id"], "decision": decision, "comment": note}
    if row["kind"] == "revert" and decision == "accept":
        detail["reverts"] = row["payload"].get("change_id")
    audit(conn, f"review {decision}", str(row["target"]), detail, reviewer.name)


def _stewarded(conn: sa.Connection, row: dict[str, Any]) -> str | None:
    """The side of the target the author is the verified steward of, if any."""
    from twintowns.store.living import roles

    query = sa.select(roles.c.place_id).where(
        roles.c.user_id == row["author_id"], roles.c.role == "steward", roles.c.verified
    )
    places = set(conn.scalars(query))
    resource = str(row["target"]).split(":", 1)[1]
    sides = resource.split("--", 1) if "--" in resource else [resource]
    mine = [s for s in sides if s in places]
    return mine[0] if mine else None
