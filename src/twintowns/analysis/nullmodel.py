"""Null models: the graph with its edges redrawn at random, seeded, keeping chosen features.

This module owns reproducible randomness for igraph (which draws from Python's ``random`` by
default), :func:`rewired`, which keeps every place's degree and the graph simple while
destroying everything else (geography, homophily, clustering), and the stricter models of
:class:`NullModel` that also keep the choice of partner countries or continents
(:func:`null_edges`).  Comparisons with several samples give the intervals of the geography
and homophily analyses.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import igraph as ig
import numpy as np

from twintowns.errors import InputError

REWIRE_FACTOR = 10  # swap attempts per edge


class TwinGraphLike(Protocol):
    """What the null model needs of a twinning graph: cached rewired copies by seed."""

    def rewired(self, seed: int) -> ig.Graph:
        """The rewired graph for ``seed``."""


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Make igraph's random draws reproducible inside the block, then restore its default."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def rewired(graph: ig.Graph, seed: int) -> ig.Graph:
    """A copy of ``graph`` with ``REWIRE_FACTOR * edges`` degree-preserving edge swaps.

    Vertex attributes are kept; edge attributes are meaningless afterwards.
    """
    copy = graph.copy()
    if copy.ecount() >= 2:
        with seeded(seed):
            copy.rewire(n=REWIRE_FACTOR * copy.ecount())
    return copy


def rewired_series(tg: TwinGraphLike, seeds: int, first_seed: int = 0) -> Iterator[ig.Graph]:
    """``seeds`` rewired copies of a twinning graph, with seeds ``first_seed``,
    ``first_seed + 1``...; the graph caches them, so analyses sharing seeds share the work.

    Raises
    ------
    InputError
        If ``seeds`` < 1.
    """
    if seeds < 1:
        raise InputError(f"seeds must be >= 1, not {seeds}")
    return (tg.rewired(first_seed + offset) for offset in range(seeds))


# --- Null models that keep geography's confounders ------------------------------------------
#
# The rewiring above mixes countries freely, so it credits distance with what is really the
# choice of partner countries.  The models below keep that choice.  They work on edge-end
# ("stub") arrays, vectorised, so twenty samples of the world graph take a fraction of a second.


class NullModel(enum.Enum):
    """The null models of the distance test, from the loosest to the strictest."""

    DEGREE = "degree only"
    CONTINENT_PAIRS = "degree + continent pairs"
    COUNTRY_BLOCKS = "degree-corrected country blocks"
    COUNTRY_PAIRS = "degree + country pairs"

    @property
    def description(self) -> str:
        """What the model keeps, for captions."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    NullModel.DEGREE: "every place's number of partners (degree-preserving edge swaps)",
    NullModel.CONTINENT_PAIRS: (
        "every place's number of partners on each continent (stubs matched within each "
        "continent pair)"
    ),
    NullModel.COUNTRY_BLOCKS: (
        "the twinnings between each pair of countries; partners drawn with probability "
        "proportional to their degree (degree-corrected stochastic block model)"
    ),
    NullModel.COUNTRY_PAIRS: (
        "every place's number of partners in each country (stubs matched within each country pair)"
    ),
}

IntArray = np.ndarray[Any, np.dtype[np.int64]]


def block_codes(labels: Sequence[str | None]) -> IntArray:
    """Integer codes of vertex labels (countries, continents); missing labels share one block."""
    text = np.asarray(["?" if label is None else str(label) for label in labels], dtype=object)
    if len(text) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.unique(text.astype(str), return_inverse=True)[1].astype(np.int64)


def _shuffle_within(values: IntArray, groups: IntArray, rng: np.random.Generator) -> IntArray:
    """``values`` randomly permuted among the positions of the same group."""
    positions = np.argsort(groups, kind="stable")
    drawn = np.lexsort((rng.random(len(groups)), groups))
    out = np.empty_like(values)
    out[positions] = values[drawn]
    return out


def stub_matched(ends: IntArray, block: IntArray, rng: np.random.Generator) -> IntArray:
    """Edges re-paired at random within each block pair, keeping every vertex's number of
    partners in each block (the stationary state of swaps restricted to one block pair).

    Each edge end ("stub") is labelled with its block pair and its side (both sides are one
    slot for a pair inside one block); stubs are shuffled within their slot.  The result may
    hold a few self-loops or repeated pairs, which callers drop or count.

    Parameters
    ----------
    ends:
        ``(m, 2)`` vertex indices.
    block:
        Block code of every vertex (:func:`block_codes`).
    rng:
        The random generator.
    """
    a, b = ends[:, 0], ends[:, 1]
    ba, bb = block[a], block[b]
    low = np.minimum(ba, bb)
    pair = low * (int(block.max(initial=0)) + 1) + np.maximum(ba, bb)
    slots = np.concatenate([pair * 2 + (ba != low), pair * 2 + (bb != low)])
    stubs = _shuffle_within(np.concatenate([a, b]), slots, rng)
    return np.column_stack([stubs[: len(a)], stubs[len(a) :]])


def block_model(ends: IntArray, block: IntArray, rng: np.random.Generator) -> IntArray:
    """A degree-corrected block model draw: every edge keeps the blocks of its two ends, and
    each end is redrawn among all stubs of its block (a vertex with degree k is drawn with
    probability k / stubs of the block), so degrees are kept in expectation."""
    stubs = ends.reshape(-1)
    blocks = block[stubs]
    order = np.argsort(blocks, kind="stable")
    ordered, ordered_blocks = stubs[order], blocks[order]
    start = np.searchsorted(ordered_blocks, blocks, side="left")
    count = np.searchsorted(ordered_blocks, blocks, side="right") - start
    picked = ordered[start + np.floor(rng.random(len(stubs)) * count).astype(np.int64)]
    return picked.reshape(-1, 2)


def null_edges(
    graph: ig.Graph,
    model: NullModel,
    seed: int,
    *,
    blocks: Callable[[str], IntArray] | None = None,
    rewire: Callable[[int], ig.Graph] | None = None,
    ends: IntArray | None = None,
) -> IntArray:
    """One sample of ``model``'s edges as ``(m, 2)`` vertex indices of ``graph``.

    Country and continent blocks come from the vertex attributes ``country`` and
    ``continent`` (``blocks(attribute)`` may supply cached codes); ``rewire(seed)`` may supply
    cached rewired copies for the degree-only model, ``ends`` the graph's edge list.
    """
    if model is NullModel.DEGREE:
        copy = rewire(seed) if rewire is not None else rewired(graph, seed)
        return np.asarray(copy.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    if ends is None:
        ends = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng([seed, list(NullModel).index(model)])
    attribute = "continent" if model is NullModel.CONTINENT_PAIRS else "country"
    block = blocks(attribute) if blocks is not None else block_codes(graph.vs[attribute])
    if model is NullModel.COUNTRY_BLOCKS:
        return block_model(ends, block, rng)
    return stub_matched(ends, block, rng)
