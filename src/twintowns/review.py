"""Reviewing name resolutions: accept the resolver's choice, override it, or reject the
mention.  Decisions go to the curated overrides file (so every rebuild repeats them) and the
decided item leaves the queue, audited."""

from __future__ import annotations

from pathlib import Path

from twintowns.errors import InputError
from twintowns.model import ReviewItem
from twintowns.registry import Registry
from twintowns.resolve.overrides import save_override
from twintowns.store.writer import close_review


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
