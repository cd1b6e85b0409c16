"""How the evaluation hides links: the random and the temporal split.

This module owns :class:`Split` (a training graph, the hidden links with the side each is
asked from, and every known partner, which no ranking offers as a candidate) and the two ways
of making one: :func:`random_split` hides a seeded share of the evidence (twinnings in force
today and not doubtful, :func:`~twintowns.suggest.suggester.is_evidence`: a suspended or
ended link is neither learnt from nor asked for); :func:`temporal_split` keeps the evidence
established before a year and hides what was established from it on (undated links are in
neither: nobody knows which side of the year they fall on).
A hidden link never enters the training graph; the graph is built from the kept links alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twintowns.model import established
from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest.learner import edge_list
from twintowns.suggest.suggester import is_evidence
from twintowns.suggest.tables import IntArray, Links, Places, links_of

HIDDEN_SHARE = 0.1
TEMPORAL_YEAR = 2000


@dataclass(frozen=True)
class Split:
    """A training graph and the links hidden from it.

    Attributes
    ----------
    name:
        ``random`` or ``temporal``.
    seed:
        Seed of the hiding and of every draw made for it.
    train:
        The graph of the links kept (what every feature and the model are computed from).
    hidden:
        The hidden links as rows (anchor, partner): the anchor is the side asked.
    known:
        Every twinning of the registry, doubtful ones included: their partners are never
        candidates, except the hidden partner being ranked (the "filtered" setting).
    """

    name: str
    seed: int
    train: Links
    hidden: IntArray
    known: Links


def _rows(snapshot: RegistrySnapshot, places: Places) -> tuple[IntArray, list[int | None]]:
    """The evidence (:func:`~twintowns.suggest.suggester.is_evidence`) as row pairs, with
    each link's year established (if dated)."""
    index = places.index()
    pairs, years = [], []
    for twinning in snapshot.twinnings:
        if not is_evidence(twinning) or twinning.a not in index or twinning.b not in index:
            continue
        pairs.append((index[twinning.a], index[twinning.b]))
        when = established(twinning.events)
        years.append(when.year if when is not None else None)
    return np.asarray(pairs, dtype=np.int64).reshape(-1, 2), years


def _anchored(places: Places, hidden: IntArray, rng: np.random.Generator) -> IntArray:
    """Hidden links between places of one level group, each from a random side."""
    a, b = hidden[:, 0], hidden[:, 1]
    keep = (places.group[a] >= 0) & (places.group[a] == places.group[b])
    a, b = a[keep], b[keep]
    flip = rng.random(len(a)) < 0.5
    return np.column_stack([np.where(flip, b, a), np.where(flip, a, b)]).astype(np.int64)


def known_links(snapshot: RegistrySnapshot, places: Places) -> Links:
    """Every twinning of the snapshot as a graph (doubtful ones included)."""
    index = places.index()
    return links_of(
        places,
        ((index[t.a], index[t.b]) for t in snapshot.twinnings if t.a in index and t.b in index),
    )


def random_split(snapshot: RegistrySnapshot, places: Places, known: Links, seed: int) -> Split:
    """Hide :data:`HIDDEN_SHARE` of the evidence (seeded)."""
    rng = np.random.default_rng(seed)
    pairs, _years = _rows(snapshot, places)
    hide = np.zeros(len(pairs), dtype=bool)
    hide[rng.choice(len(pairs), size=round(HIDDEN_SHARE * len(pairs)), replace=False)] = True
    train = links_of(places, map(tuple, pairs[~hide].tolist()))
    return Split("random", seed, train, _anchored(places, pairs[hide], rng), known)


def temporal_split(
    snapshot: RegistrySnapshot, places: Places, known: Links, seed: int, year: int = TEMPORAL_YEAR
) -> Split:
    """Train on the links established before ``year``, hide those established from it on."""
    rng = np.random.default_rng(seed)
    pairs, years = _rows(snapshot, places)
    before = np.asarray([y is not None and y < year for y in years], dtype=bool)
    after = np.asarray([y is not None and y >= year for y in years], dtype=bool)
    train = links_of(places, map(tuple, pairs[before].tolist()))
    return Split("temporal", seed, train, _anchored(places, pairs[after], rng), known)


def inner_split(places: Places, outer: Split, seed: int) -> Split:
    """A random split of ``outer``'s training graph alone, for choices made before testing:
    :data:`HIDDEN_SHARE` of its links hidden; only its own links count as known, so nothing
    of ``outer``'s hidden links is used, not even to bar a candidate."""
    rng = np.random.default_rng(seed)
    pairs = edge_list(outer.train)
    hide = np.zeros(len(pairs), dtype=bool)
    hide[rng.choice(len(pairs), size=round(HIDDEN_SHARE * len(pairs)), replace=False)] = True
    train = links_of(places, map(tuple, pairs[~hide].tolist()))
    return Split("inner", seed, train, _anchored(places, pairs[hide], rng), outer.train)
