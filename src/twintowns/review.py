"""Reviewing name resolutions: accept the resolver's choice, override it, or reject the
mention.  Decisions go to the curated overrides file (so every rebuild repeats them) and the
decided item leaves the queue, audited.

The command line decides by item (:func:`accept`, :func:`override`, :func:`reject`); the web
queue (``/resolutions``) decides through :func:`decide`, which names the reviewer, allows only
the item's own candidates, and removes the item, audits and saves the override in one write
transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa

from twintowns.errors import ConfigurationError, InputError, NotFoundError
from twintowns.model import Place, ReviewItem
from twintowns.registry import Registry
from twintowns.resolve.overrides import save_override
from twintowns.store import rows, schema
from twintowns.store.dialect import write_transaction
from twintowns.store.writer import audit, close_review

WEB_DECISIONS = ("accept", "reject")
_OVERRIDES_LOCK = threading.Lock()
"""One override-file rewrite at a time in this process (it is read, changed and written)."""


def gazetteer_key(registry: Registry, target: str) -> str:
    """A gazetteer key from a key (``gn:2653941``) or a registry place id with a GeoNames id.

    Raises
    ------
    InputError
        If the target is neither.
    """
    if target.startswith(("gn:", "adm1:")):
        return target
    place = registry.reader.places([target]).get(target)
    if place is None:
        raise InputError(f"{target!r} is neither a gazetteer key (gn:...) nor a place id")
    if place.geonames is None:
        raise InputError(f"place {target!r} has no GeoNames id; give a gazetteer key instead")
    return f"gn:{place.geonames}"


def accept(registry: Registry, item_id: int, overrides: Path | None = None) -> ReviewItem:
    """Confirm the resolver's choice for a review item.

    Raises
    ------
    InputError
        If the item was not resolved (there is nothing to accept).
    """
    item = registry.reader.review_item(item_id)
    if item.gazetteer_key is None:
        raise InputError(f"review item {item_id} was not resolved: override or reject it")
    return _decide(registry, item_id, item, item.gazetteer_key, "accepted", overrides)


def override(
    registry: Registry, item_id: int, target: str, overrides: Path | None = None
) -> ReviewItem:
    """Resolve a review item's mention to ``target`` (a gazetteer key or a place id)."""
    item = registry.reader.review_item(item_id)
    return _decide(
        registry, item_id, item, gazetteer_key(registry, target), "overridden", overrides
    )


def reject(registry: Registry, item_id: int, overrides: Path | None = None) -> ReviewItem:
    """Record that a review item's mention names no place to link."""
    item = registry.reader.review_item(item_id)
    return _decide(registry, item_id, item, None, "rejected", overrides)


def _decide(
    registry: Registry,
    item_id: int,
    item: ReviewItem,
    target: str | None,
    how: str,
    overrides: Path | None,
) -> ReviewItem:
    save_override(item.name, item.country, target, f"{how} in review of {item.citation}", overrides)
    close_review(registry.engine, item_id, f"{how}: {target}")
    return item


def candidates_of(item: ReviewItem) -> tuple[str, ...]:
    """The gazetteer keys a reviewer may accept: the resolver's choice first, then the other
    places it considered."""
    keys = [item.gazetteer_key, *item.candidates] if item.gazetteer_key else [*item.candidates]
    return tuple(dict.fromkeys(k for k in keys if k))


def candidate_places(registry: Registry, keys: Iterable[str]) -> dict[str, Place]:
    """The registry's places behind GeoNames keys (``gn:2653941``), where it has them."""
    numbers = {int(k[3:]): k for k in keys if k.startswith("gn:") and k[3:].isdigit()}
    if not numbers:
        return {}
    places = schema.places
    query = sa.select(places.c.id, places.c.geonames).where(places.c.geonames.in_(numbers))
    with registry.engine.connect() as conn:
        found = {str(r.id): numbers[int(r.geonames)] for r in conn.execute(query)}
    return {found[p.id]: p for p in registry.reader.places(list(found)).values()}


def decide(
    registry: Registry,
    item_id: int,
    decision: str,
    *,
    reviewer: str,
    candidate: str | None = None,
    overrides: Path | None = None,
) -> tuple[ReviewItem, str | None]:
    """A reviewer's decision from the web queue: accept ``candidate`` (by default the
    resolver's choice), which must be one of the item's candidates, or reject the mention.

    The item leaves the queue, the audit log names ``reviewer``, and the override is saved,
    all in one write transaction (a failure to save the file rolls the rest back).

    Returns
    -------
    The decided item and the gazetteer key it now resolves to (None: rejected).

    Raises
    ------
    InputError
        For another decision, or a candidate the item does not offer.
    NotFoundError
        For an unknown (or already decided) item.
    ConfigurationError
        When the overrides file cannot be written (nothing is changed).
    """
    if decision not in WEB_DECISIONS:
        raise InputError(f"decision: expected accept or reject, got {decision[:20]!r}")
    queue = schema.review_queue
    with _OVERRIDES_LOCK, write_transaction(registry.engine) as conn:
        row = conn.execute(sa.select(queue).where(queue.c.id == item_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no review item {item_id} (decided already?)")
        item = rows.review_from(row)
        target = (candidate or item.gazetteer_key) if decision == "accept" else None
        if decision == "accept" and target not in candidates_of(item):
            raise InputError(f"candidate {str(target)[:60]!r}: not one this item offers")
        conn.execute(queue.delete().where(queue.c.id == item_id))
        how = "accepted" if decision == "accept" else "rejected"
        detail = {"name": item.name, "country": item.country, "decision": f"{how}: {target}"}
        audit(conn, "review", f"{row['source_id']}:{row['locator']}", detail, reviewer)
        note = f"{how} on the web by {reviewer} in review of {item.citation}"
        try:
            save_override(item.name, item.country, target, note, overrides)
        except OSError as exc:  # rolls the removal and the audit row back
            raise ConfigurationError(
                f"cannot save the decision to the overrides file ({exc.strerror}): set "
                "TWINTOWNS_OVERRIDES_PATH to a writable file"
            ) from None
    return item, target
