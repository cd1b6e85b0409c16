"""Users, roles and credentials in the registry database: adding users, granting roles,
issuing API tokens and browser sessions, and resolving a presented secret to its principal.

Every change to users and roles is written to the audit log in its own transaction; secrets
are stored only as digests (:mod:`twintowns.accounts.secrets`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa

from twintowns.accounts.roles import ALL_SCOPES, Action, Principal, Role, parse_scopes
from twintowns.accounts.secrets import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    digest,
    hash_password,
    new_secret,
    same,
    verify_password,
)
from twintowns.errors import AuthenticationError, InputError, NotFoundError
from twintowns.store.dialect import write_transaction
from twintowns.store.living import roles, tokens, users
from twintowns.store.writer import audit

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,59}$")
SESSION_HOURS = 12
"""How long a browser session lasts."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_name(name: str) -> str:
    """``name`` when it is a valid user name (2-60 letters, digits, ``_.-``).

    Raises
    ------
    InputError
        Otherwise.
    """
    if not NAME.fullmatch(name):
        raise InputError(f"user name {name[:60]!r}: 2-60 letters, digits, '_', '.' or '-'")
    return name


def _check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(f"password: {MIN_PASSWORD}-{MAX_PASSWORD} characters")


def _user_id(conn: sa.Connection, name: str) -> int:
    found = conn.scalar(sa.select(users.c.id).where(users.c.name == name))
    if found is None:
        raise NotFoundError(f"no user {name!r}")
    return int(found)


def add_user(engine: sa.Engine, name: str, password: str, *, actor: str) -> int:
    """Create a user (with no role: they can do nothing yet) and return their id.

    Raises
    ------
    InputError
        For a bad name or password, or a name already taken.
    """
    check_name(name)
    _check_password(password)
    hashed = hash_password(password)
    with write_transaction(engine) as conn:
        if conn.scalar(sa.select(users.c.id).where(users.c.name == name)) is not None:
            raise InputError(f"user {name!r} exists already")
        row = {"name": name, "password_hash": hashed, "created_at": _now(), "disabled": False}
        user_id = int(conn.execute(users.insert().returning(users.c.id), row).scalar_one())
        audit(conn, "user add", f"user:{name}", {}, actor)
    return user_id


def grant_role(
    engine: sa.Engine,
    name: str,
    role: Role,
    *,
    actor: str,
    place: str | None = None,
    verified: bool = False,
) -> None:
    """Give ``name`` a role (a steward's with the place they speak for).

    Raises
    ------
    InputError
        For a steward without a place, or a place given to another role.
    NotFoundError
        For an unknown user.
    """
    if (role is Role.STEWARD) != (place is not None):
        raise InputError("a steward needs --place, and only a steward takes one")
    with write_transaction(engine) as conn:
        user_id = _user_id(conn, name)
        key = {"user_id": user_id, "role": role.value, "place_id": place or ""}
        conditions = [roles.c[k] == v for k, v in key.items()]
        conn.execute(roles.delete().where(*conditions))
        conn.execute(roles.insert(), {**key, "verified": verified})
        detail = {"role": role.value, "place": place, "verified": verified}
        audit(conn, "role grant", f"user:{name}", detail, actor)


def issue_token(
    engine: sa.Engine, name: str, scopes: str, *, actor: str, days: int | None = None
) -> str:
    """Issue an API token for ``name`` with ``scopes`` and return its secret (shown once;
    only its digest is stored).

    Raises
    ------
    InputError
        For unknown or no scopes, or a non-positive lifetime.
    NotFoundError
        For an unknown user.
    """
    try:
        wanted = parse_scopes(scopes)
    except ValueError:
        known = ", ".join(a.value for a in Action)
        raise InputError(f"scopes {scopes[:80]!r}: expected some of {known}") from None
    if not wanted or (days is not None and days < 1):
        raise InputError("a token needs at least one scope and a positive lifetime")
    secret = "tt_" + new_secret()
    expires = _now() + dt.timedelta(days=days) if days else None
    with write_transaction(engine) as conn:
        row = {
            "user_id": _user_id(conn, name),
            "digest": digest(secret),
            "kind": "api",
            "scopes": " ".join(sorted(wanted)),
            "created_at": _now(),
            "expires_at": expires,
        }
        conn.execute(tokens.insert(), row)
        audit(conn, "token issue", f"user:{name}", {"scopes": row["scopes"]}, actor)
    return secret


@dataclass(frozen=True, slots=True)
class Session:
    """A browser session: the cookie's secret and the CSRF token the page must echo."""

    secret: str
    csrf: str


def login(engine: sa.Engine, name: str, password: str) -> Session:
    """Check a password and open a session.

    Raises
    ------
    AuthenticationError
        For an unknown user, a wrong password or a disabled account (one message for all).
    """
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == name[:60])).mappings().first()
    stored = None if row is None or row["disabled"] else str(row["password_hash"])
    if not verify_password(stored, password[:MAX_PASSWORD]) or row is None:
        raise AuthenticationError("wrong user name or password")
    session = Session(new_secret(), new_secret())
    with write_transaction(engine) as conn:
        conn.execute(
            tokens.insert(),
            {
                "user_id": row["id"],
                "digest": digest(session.secret),
                "kind": "session",
                "scopes": " ".join(sorted(ALL_SCOPES)),
                "csrf_digest": digest(session.csrf),
                "created_at": _now(),
                "expires_at": _now() + dt.timedelta(hours=SESSION_HOURS),
            },
        )
    return session


def logout(engine: sa.Engine, secret: str) -> None:
    """End the session (or revoke the token) whose secret this is."""
    with write_transaction(engine) as conn:
        conn.execute(tokens.delete().where(tokens.c.digest == digest(secret)))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite drops the zone


def principal(engine: sa.Engine, secret: str, kind: str, csrf: str | None = None) -> Principal:
    """The principal a token (``kind`` api) or session cookie (``kind`` session) stands for.

    With ``csrf`` (a session's unsafe request), the CSRF token must match the session's.

    Raises
    ------
    AuthenticationError
        For an unknown, expired or wrong-kind secret, a disabled user or a CSRF mismatch.
    """
    query = (
        sa.select(tokens, users.c.name, users.c.disabled)
        .join(users, users.c.id == tokens.c.user_id)
        .where(tokens.c.digest == digest(secret[:100]), tokens.c.kind == kind)
    )
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
        if row is None or row["disabled"]:
            raise AuthenticationError("unknown or revoked credentials")
        if row["expires_at"] is not None and _aware(row["expires_at"]) < _now():
            raise AuthenticationError("expired credentials: sign in again")
        if csrf is not None and not same(str(row["csrf_digest"] or ""), digest(csrf[:100])):
            raise AuthenticationError("missing or wrong CSRF token (X-CSRF-Token)")
        held = list(conn.execute(sa.select(roles).where(roles.c.user_id == row["user_id"])))
    return Principal(
        user_id=int(row["user_id"]),
        name=str(row["name"]),
        roles=frozenset(Role(r.role) for r in held),
        stewarded=frozenset(r.place_id for r in held if r.role == "steward" and r.verified),
        scopes=parse_scopes(str(row["scopes"])),
    )


def list_users(engine: sa.Engine) -> list[dict[str, object]]:
    """Every user with their roles (no hashes), by name."""
    with engine.connect() as conn:
        found = conn.execute(sa.select(users.c.id, users.c.name, users.c.disabled)).all()
        held = conn.execute(sa.select(roles)).all()
    out: list[dict[str, object]] = []
    for user in sorted(found, key=lambda u: u.name):
        mine = [r for r in held if r.user_id == user.id]
        out.append(
            {
                "name": user.name,
                "disabled": user.disabled,
                "roles": [
                    {"role": r.role, "place": r.place_id or None, "verified": r.verified}
                    for r in mine
                ],
            }
        )
    return out
