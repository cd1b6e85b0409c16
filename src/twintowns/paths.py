"""Chains of twinnings: the twinning graph and shortest paths between two places in it.

Places are nodes and twinnings undirected edges.  :func:`shortest_chain` runs a breadth-first
search (tens of milliseconds across the world's ~25,000 twinnings).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from twintowns.model import Twinning

Adjacency = Mapping[str, Mapping[str, Twinning]]


def adjacency(twinnings: Iterable[Twinning]) -> dict[str, dict[str, Twinning]]:
    """Each place's partners, with the twinning linking them.

    Parameters
    ----------
    twinnings:
        The edges of the graph.

    Returns
    -------
    dict
        ``{place id: {partner id: twinning}}``.
    """
    graph: dict[str, dict[str, Twinning]] = {}
    for twinning in twinnings:
        graph.setdefault(twinning.a, {})[twinning.b] = twinning
        graph.setdefault(twinning.b, {})[twinning.a] = twinning
    return graph


@dataclass(frozen=True)
class Chain:
    """A shortest chain: ``places[0]`` is the start, ``places[-1]`` the goal, and
    ``twinnings[i]`` links ``places[i]`` and ``places[i + 1]``."""

    places: tuple[str, ...]
    twinnings: tuple[Twinning, ...]

    @property
    def length(self) -> int:
        """Number of twinnings in the chain (0 from a place to itself)."""
        return len(self.twinnings)


def _walk(parents: Mapping[str, str | None], node: str) -> list[str]:
    """Follow parent links from ``node`` back to the root."""
    path = [node]
    while (parent := parents[path[-1]]) is not None:
        path.append(parent)
    return path


def shortest_chain(graph: Adjacency, start: str, goal: str) -> Chain | None:
    """The shortest chain of twinnings from ``start`` to ``goal``, or None when unconnected.

    Ties are broken by place id, so the answer is stable.

    Parameters
    ----------
    graph:
        The twinning graph, as built by :func:`adjacency`.
    start, goal:
        Place ids.
    """
    if start == goal:
        return Chain((start,), ())
    parents: dict[str, str | None] = {start: None}
    frontier = deque([start])
    while frontier and goal not in parents:
        node = frontier.popleft()
        for partner in sorted(graph.get(node, {})):
            if partner not in parents:
                parents[partner] = node
                frontier.append(partner)
    if goal not in parents:
        return None
    places = list(reversed(_walk(parents, goal)))
    links = tuple(graph[a][b] for a, b in itertools.pairwise(places))
    return Chain(tuple(places), links)
