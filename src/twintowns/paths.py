"""Chains of twinnings: which twinnings are in force at a date, and shortest chains through them.

This module owns the one status rule every face uses for "is this twinning a link at that
date?" (:func:`in_force`: the API's ``/path``, ``twintowns analyse chain`` and the lab's graph)
and the one shortest-chain search (:func:`shortest_chain`, a breadth-first search taking tens
of milliseconds across the world's twinnings).

The rule
--------
A twinning is in force at ``as_of`` when its derived status (``status_as_of``) is *active*, or
when it is *unknown but attested* and the question is about the present: a twinning with no
dated lifecycle event (all of the world data, from Wikipedia and Wikidata, has no dates)
counts as in force **today** (``as_of`` omitted, today or later) and as **absent in every
history query** (``as_of`` in the past).  Suspended twinnings are left out unless asked for;
ended and merely proposed ones never count.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from twintowns.model import Status, Twinning, status_as_of

Adjacency = Mapping[str, Mapping[str, Twinning]]


def in_force(
    twinning: Twinning, as_of: dt.date | None = None, *, include_suspended: bool = False
) -> bool:
    """Whether ``twinning`` is a link at ``as_of`` (see the module's rule).

    Parameters
    ----------
    twinning:
        The twinning with its events.
    as_of:
        The day; None (or today or later) asks about the present.
    include_suspended:
        Count suspended twinnings as links too.
    """
    present = as_of is None or as_of >= dt.date.today()
    lifecycle = [e for e in twinning.events if e.type.is_lifecycle]
    if not lifecycle:  # the world data: no dates at all
        return present
    status = status_as_of(lifecycle, as_of).status
    if status is Status.ACTIVE:
        return True
    if status is Status.SUSPENDED:
        return include_suspended
    if status is not Status.UNKNOWN:
        return False
    return present and not any(e.date is not None for e in lifecycle)


def adjacency(twinnings: Iterable[Twinning]) -> dict[str, dict[str, Twinning]]:
    """Each place's partners, with the twinning linking them (every twinning, whatever its
    status: :func:`shortest_chain` applies the status rule as it walks).

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


def shortest_chain(
    graph: Adjacency,
    start: str,
    goal: str,
    as_of: dt.date | None = None,
    *,
    include_suspended: bool = False,
) -> Chain | None:
    """The shortest chain of twinnings in force at ``as_of`` from ``start`` to ``goal``, or
    None when no such chain exists.

    Only twinnings :func:`in_force` at ``as_of`` are links: active ones, and undated attested
    ones when ``as_of`` is today or omitted; never suspended (unless ``include_suspended``),
    ended or proposed ones.  Ties are broken by place id, so the answer is stable.

    Parameters
    ----------
    graph:
        The twinning graph, as built by :func:`adjacency` (every twinning).
    start, goal:
        Place ids.
    as_of:
        The day (today when None).
    include_suspended:
        Let suspended twinnings link too.
    """
    if start == goal:
        return Chain((start,), ())
    parents: dict[str, str | None] = {start: None}
    frontier = deque([start])
    while frontier and goal not in parents:
        node = frontier.popleft()
        partners = graph.get(node, {})
        for partner in sorted(partners):
            if partner in parents:
                continue
            if in_force(partners[partner], as_of, include_suspended=include_suspended):
                parents[partner] = node
                frontier.append(partner)
    if goal not in parents:
        return None
    places = list(reversed(_walk(parents, goal)))
    links = tuple(graph[a][b] for a, b in itertools.pairwise(places))
    return Chain(tuple(places), links)
