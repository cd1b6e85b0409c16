"""History of an editable resource: its version and every proposal about it, with reviews."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twintowns.accounts import proposals, versions
from twintowns.store.living import proposal_reviews, users


def history(engine: sa.Engine, resource: str, limit: int = 200) -> dict[str, Any]:
    """The resource's version and its proposals (newest first), each with its reviews (who,
    when, decision, comment)."""
    found = proposals.listing(engine, target=resource, limit=limit)
    ids = [p["id"] for p in found]
    query = (
        sa.select(proposal_reviews, users.c.name.label("reviewer"))
        .join(users, users.c.id == proposal_reviews.c.reviewer_id)
        .where(proposal_reviews.c.proposal_id.in_(ids))
        .order_by(proposal_reviews.c.id)
    )
    with engine.connect() as conn:
        version = versions.version_of(conn, resource)
        reviews = [dict(r) for r in conn.execute(query).mappings()]
    for item in found:
        item["reviews"] = [
            {k: r[k] for k in ("reviewer", "decision", "comment", "at")}
            for r in reviews
            if r["proposal_id"] == item["id"]
        ]
    return {"resource": resource, "version": version, "proposals": found}


def open_questions(engine: sa.Engine, twinning_id: str) -> list[dict[str, Any]]:
    """The accepted, unreverted flags on a twinning (see :mod:`twintowns.store.corrections`)."""
    from twintowns.store.corrections import open_questions as questions

    with engine.connect() as conn:
        return questions(conn, twinning_id)
