"""The degree-preserving null model: the graph with its edges rewired at random, seeded.

This module owns reproducible randomness for igraph (which draws from Python's ``random`` by
default) and :func:`rewired`, which keeps every place's degree and the graph simple while
destroying everything else (geography, homophily, clustering).  Comparisons with several
rewired copies give the confidence bands of the geography and homophily analyses.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import igraph as ig

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
