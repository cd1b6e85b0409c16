"""Helpers of the living-registry tests: a seed of two places and a twinning, and users of
any role, signed in."""

from __future__ import annotations

import sqlalchemy as sa

from twintowns.accounts import Principal, Role, add_user, grant_role, login, principal
from twintowns.store import schema

TWINNING = "gb-coventry--ru-volgograd"


def seed(engine: sa.Engine) -> None:
    """Two places, a source and their twinning (curated dataset)."""
    cite = {"source_id": "seed", "locator": None, "dataset": "curated"}
    with engine.begin() as conn:
        conn.execute(schema.sources.insert(), {"id": "seed", "title": "Seed"})
        for place in ("gb-coventry", "ru-volgograd", "de-kiel"):
            conn.execute(schema.places.insert(), {"id": place, "level": "city", **cite})
        conn.execute(
            schema.twinnings.insert(),
            {
                "id": TWINNING,
                "place_a": "gb-coventry",
                "place_b": "ru-volgograd",
                "kind": "twin_town",
                "basis": "unknown",
                "exclusive_reciprocal": False,
                "fixed_term": False,
                "note": "",
                **cite,
            },
        )


PASSWORD = "correct horse battery"


def make_user(engine: sa.Engine, name: str, *roles: Role, place: str | None = None) -> Principal:
    """A user with ``roles`` (a steward of ``place``, verified), signed in."""
    add_user(engine, name, PASSWORD, actor="test")
    for role in roles:
        where = place if role is Role.STEWARD else None
        grant_role(engine, name, role, actor="test", place=where, verified=True)
    return principal(engine, login(engine, name, PASSWORD).secret, "session")
