"""A deck as JSON-ready data: what the HTML quiz page embeds and what the atlas's quiz mode
serves (score, streaks and map-click answers are the client's business).

The form is stable: ``{"title", "topics", "seed", "difficulty", "count", "items": [...]}``,
each item with its id, kind, prompt, answer, explanation, sources and, by kind, ``choices``
(text and ``correct``), ``truth``, ``order`` (entries in the right order) with ``presented``
(the order to show them in), or ``target`` (``lat``, ``lon``, ``tolerance_km``).
"""

from __future__ import annotations

import random
from typing import Any

from twintowns.learn.deck import Deck
from twintowns.learn.items import Item, ItemSource
from twintowns.learn.propositions import proposition_json


def source_json(source: ItemSource) -> dict[str, Any]:
    """JSON form of one citation, with its one-line label."""
    return {
        "source_id": source.source_id,
        "title": source.title,
        "url": source.url,
        "locator": source.locator,
        "licence": source.licence,
        "label": source.label(),
    }


def _presented(item: Item) -> list[int]:
    """A shuffled order of an ordering item's entries (never the answer itself), stable per
    item."""
    indexes = list(range(len(item.order)))
    rng = random.Random(item.id)
    while indexes == sorted(indexes) and len(indexes) > 1:
        rng.shuffle(indexes)
    return indexes


def item_json(item: Item) -> dict[str, Any]:
    """JSON form of one item.

    Parameters
    ----------
    item:
        Any item.

    Returns
    -------
    dict
        Id, kind, difficulty, texts, sources, topics and the kind's answer data.
    """
    out: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind.value,
        "difficulty": item.difficulty.value,
        "prompt": item.prompt,
        "answer": item.answer,
        "explanation": item.explanation,
        "sources": [source_json(s) for s in item.sources],
        "topics": list(item.topics),
        "key": item.key,
    }
    out.update(_answer_data(item))
    return out


def _answer_data(item: Item) -> dict[str, Any]:
    """The kind-specific answer fields of an item's JSON form."""
    out: dict[str, Any] = {}
    if item.choices:
        out["choices"] = [{"text": c.text, "correct": c.correct} for c in item.choices]
    if item.statement is not None:
        out["truth"] = item.truth
        out["statement"] = proposition_json(item.statement)
    if item.order:
        out["order"] = [{"text": e.text, "year": e.year} for e in item.order]
        out["presented"] = _presented(item)
    if item.target is not None:
        target = item.target
        out["target"] = {
            "place_id": target.place_id,
            "label": target.label,
            "lat": target.lat,
            "lon": target.lon,
            "tolerance_km": target.tolerance_km,
        }
    return out


def quiz_json(deck: Deck) -> dict[str, Any]:
    """JSON-ready form of a whole deck, for the HTML page and the atlas's quiz mode.

    Parameters
    ----------
    deck:
        A built deck.

    Returns
    -------
    dict
        Title, filters, seed, difficulty, counts and items.
    """
    spec = deck.spec
    return {
        "title": deck.name,
        "topics": [t.tag for t in spec.topics],
        "seed": spec.seed,
        "difficulty": spec.difficulty.value if spec.difficulty else "mixed",
        "count": len(deck.items),
        "requested": spec.count,
        "items": [item_json(i) for i in deck.items],
    }
