"""Shortest-path statistics of the largest connected component (KONECT's convention).

This module owns the distance distribution (exact from all pairs, or estimated by breadth-first
search from a seeded random sample of sources), the exact diameter (iFUB: a few breadth-first
searches instead of all of them, Crescenzi et al. 2013), the mean and median distance and the
50 % / 90 % effective diameters (linear interpolation of the distance CDF, as in SNAP and
KONECT).  Distances are between distinct places; pairs in other components are not counted.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import igraph as ig
import numpy as np
import numpy.typing as npt

from twintowns.errors import InputError

IntArray = np.ndarray[tuple[int], np.dtype[np.int64]]
EXACT_FACTOR = 3  # a sampled source costs about 3 exact ones (Python lists per search)
# All-pairs breadth-first work (places x (places + twinnings)) measured exactly by default:
# the world's largest component (6.3e8) takes about 5 s of CPU with the bit-parallel search;
# 5e9 stays well under a minute on one loaded core.
EXACT_WORK_LIMIT = 5e9


def exact_affordable(graph: ig.Graph) -> bool:
    """Whether all-pairs distances of ``graph`` fit the default budget (under a minute)."""
    n = graph.vcount()
    return bool(n * (n + graph.ecount()) <= EXACT_WORK_LIMIT)


@dataclass(frozen=True)
class DistanceStats:
    """Distances in a connected graph.

    Attributes
    ----------
    counts:
        ``counts[k]``: pairs at distance ``k`` (``counts[0] = 0``).  Unordered pairs when exact,
        (source, target) pairs when sampled.
    exact:
        True when every pair was measured.
    sources, seed:
        Number of breadth-first sources and the seed that drew them (sampled only).
    diameter:
        The exact diameter (iFUB), whatever ``exact`` says.
    """

    counts: IntArray
    exact: bool
    sources: int
    seed: int
    diameter: int

    @property
    def pairs(self) -> int:
        """Number of pairs measured."""
        return int(self.counts.sum())

    @property
    def mean(self) -> float:
        """Mean distance (NaN without pairs)."""
        if not self.pairs:
            return math.nan
        return float((np.arange(len(self.counts)) * self.counts).sum() / self.pairs)

    @property
    def median(self) -> int:
        """Smallest distance within which at least half the pairs lie (0 without pairs)."""
        if not self.pairs:
            return 0
        return int(np.searchsorted(self.counts.cumsum(), self.pairs / 2))

    def effective_diameter(self, share: float) -> float:
        """Distance within which ``share`` of the pairs lie, linearly interpolated.

        Raises
        ------
        InputError
            If ``share`` is not in (0, 1].
        """
        if not 0 < share <= 1:
            raise InputError(f"share must be in (0, 1], not {share}")
        if not self.pairs:
            return math.nan
        cdf = self.counts.cumsum().astype(float)
        target = share * self.pairs
        d = int(np.searchsorted(cdf, target, side="right"))
        if d >= len(cdf):
            return float(len(cdf) - 1)
        below = cdf[d - 1] if d > 0 else 0.0
        return float((d - 1) + (target - below) / (cdf[d] - below))

    @property
    def method(self) -> str:
        """How the distances were measured, for captions."""
        if self.exact:
            return "distances: all pairs of the largest component"
        return (
            f"distances: breadth-first search from {self.sources} random places of the largest "
            f"component (seed {self.seed}); diameter exact (iFUB)"
        )


def largest_component(graph: ig.Graph) -> ig.Graph:
    """The largest connected component as a graph (empty graph for an empty one)."""
    if graph.vcount() == 0:
        return graph.copy()
    giant: ig.Graph = graph.connected_components().giant()
    return giant


def _levels(graph: ig.Graph, vertex: int) -> list[list[int]]:
    vids, layers, _parents = graph.bfs(vertex)
    return [vids[layers[i] : layers[i + 1]] for i in range(len(layers) - 1)]


def diameter_ifub(graph: ig.Graph) -> int:
    """Exact diameter of a connected graph by iFUB from its highest-degree vertex.

    Breadth-first search from the start vertex ``u`` gives its fringe sets ``F_i``; the
    eccentricities of the deepest fringes bound the diameter from below and ``2(i-1)`` from
    above, and the search stops when they meet.
    """
    if graph.vcount() <= 1:
        return 0
    start = int(np.argmax(graph.degree()))
    levels = _levels(graph, start)
    i = len(levels) - 1
    lower, upper = i, 2 * i
    while upper > lower:
        deepest = int(max(graph.eccentricity(vertices=levels[i])))
        if max(lower, deepest) > 2 * (i - 1):
            return max(lower, deepest)
        lower = max(lower, deepest)
        upper = 2 * (i - 1)
        i -= 1
    return lower


Rounds = list[tuple[IntArray, IntArray]]
Bits = npt.NDArray[np.uint64]
Ends = npt.NDArray[np.int64]  # (m, 2): one row per edge


def _edge_ends(graph: ig.Graph) -> Ends:
    """The edges as an ``(m, 2)`` array of vertex ids."""
    return np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)


def _neighbour_rounds(ends: Ends) -> Rounds:
    """The adjacency as rounds: round ``r`` pairs every vertex of degree > ``r`` (targets)
    with its ``r``-th neighbour (sources), so one round is one vectorised gather and OR."""
    source = np.concatenate([ends[:, 0], ends[:, 1]])
    target = np.concatenate([ends[:, 1], ends[:, 0]])
    order = np.argsort(target, kind="stable")
    source, target = source[order], target[order]
    starts = np.flatnonzero(np.r_[True, target[1:] != target[:-1]])
    degree = np.diff(np.r_[starts, len(source)])
    by_degree = np.argsort(-degree, kind="stable")
    rounds = []
    for r in range(int(degree.max(initial=0))):
        has = by_degree[: int(np.count_nonzero(degree > r))]
        rounds.append((target[starts[has]], source[starts[has] + r]))
    return rounds


@dataclass
class _Tally:
    """Ordered pairs ``(u, v)`` of one graph by distance (``u == v`` at 0), three ways:
    counted, weighted by ``w(v)`` and weighted by ``w(u) w(v)``, where ``w`` counts the
    leaves hanging on a vertex (:func:`_exact_counts`)."""

    pairs: IntArray
    weighted: IntArray
    products: IntArray
    w: IntArray
    planes: int = dataclasses.field(init=False)  # bits of the largest weight
    held: IntArray = dataclasses.field(init=False)  # vertices that hold leaves

    def __post_init__(self) -> None:
        self.planes = int(self.w.max(initial=0)).bit_length()
        self.held = np.flatnonzero(self.w)

    def add(self, level: int, new: Bits, masks: list[Bits]) -> None:
        """Add the pairs first reached at ``level`` (``new``: one row per target, one bit per
        source of the block; ``masks[j]``: the block's sources whose weight has bit ``j``)."""
        found = np.bitwise_count(new).sum(axis=1, dtype=np.int64)
        self.pairs[level] += int(found.sum())
        if not len(self.held):
            return
        self.weighted[level] += int(found @ self.w)
        rows = new[self.held]
        by_source = np.zeros(len(self.held), dtype=np.int64)
        for j, mask in enumerate(masks):  # sum of the sources' weights, one bit plane at a time
            by_source += np.bitwise_count(rows & mask).sum(axis=1, dtype=np.int64) << j
        self.products[level] += int(by_source @ self.w[self.held])


def _block_counts(lo: int, hi: int, rounds: Rounds, tally: _Tally) -> None:
    """Add the pairs from sources ``lo..hi-1`` to ``tally`` (one bit per source)."""
    n = len(tally.w)
    reach = np.zeros((n, (hi - lo + 63) // 64), dtype=np.uint64)
    own = np.arange(lo, hi)
    bits = np.left_shift(np.uint64(1), ((own - lo) % 64).astype(np.uint64))
    reach[own, (own - lo) // 64] = bits
    masks = []
    for j in range(tally.planes):
        mask = np.zeros(reach.shape[1], dtype=np.uint64)
        has = ((tally.w[lo:hi] >> j) & 1).astype(bool)
        np.bitwise_or.at(mask, (own[has] - lo) // 64, bits[has])
        masks.append(mask)
    frontier, d = reach.copy(), 0
    tally.add(0, frontier, masks)
    while True:
        d += 1
        # every vertex learns the sources its neighbours reached at the last level (older
        # ones it knows already); vertices that learnt nothing new pass nothing on
        active = np.asarray(frontier.any(axis=1), dtype=bool)
        after = reach.copy()
        for targets, sources in rounds:
            moving = active[sources]
            after[targets[moving]] |= frontier[sources[moving]]
        frontier = after ^ reach
        reach = after
        if not frontier.any():
            return
        tally.add(d, frontier, masks)


def _leaves(ends: Ends, n: int) -> tuple[IntArray, IntArray] | None:
    """The vertices that are not leaves and, per vertex, the leaves hanging on it; None when
    some edge joins two leaves (a lone edge: nothing to take out)."""
    degree = np.bincount(ends.ravel(), minlength=n)
    leaf = degree[ends] == 1
    if not leaf.any() or (leaf[:, 0] & leaf[:, 1]).any():
        return None
    hosts = np.where(leaf[:, 0], ends[:, 1], ends[:, 0])[leaf.any(axis=1)]
    return np.flatnonzero(degree != 1), np.bincount(hosts, minlength=n)


def _exact_counts(graph: ig.Graph, block: int = 4096) -> IntArray:
    """Pairs at every distance, by breadth-first search from all sources at once.

    Each vertex holds one bit per source of a block (``block`` sources at a time): a level
    of the search ORs every vertex's bits into its neighbours', and the new bits are the pairs
    at that distance.  Leaves (degree 1) are taken out first: a leaf on ``u`` is one step
    further than ``u`` from everything else, so the search runs on the rest with each vertex
    weighted by its leaves (a third of the world's places: 2.5 times less work).  It equals
    ``Graph.path_length_hist`` (tested) and takes about a second where igraph's single-source
    loop takes half a minute on the world graph.
    """
    n = graph.vcount()
    counts = np.zeros(n + 3, dtype=np.int64)
    ends = _edge_ends(graph)
    if len(ends):
        pruned = _leaves(ends, n)
        core, w = (np.arange(n), np.zeros(n, dtype=np.int64)) if pruned is None else pruned
        index = np.full(n, -1, dtype=np.int64)
        index[core] = np.arange(len(core))
        inner = index[ends]
        inner = inner[(inner >= 0).all(axis=1)]
        m = len(core)
        zeros = [np.zeros(m + 1, dtype=np.int64) for _ in range(3)]
        tally = _Tally(zeros[0], zeros[1], zeros[2], w[core])
        rounds = _neighbour_rounds(inner)
        for lo in range(0, m, block):
            _block_counts(lo, min(m, lo + block), rounds, tally)
        # unordered pairs: core-core at k; a leaf and a core vertex at k + 1; two leaves on
        # different vertices at k + 2, on the same one at 2
        counts[1 : m + 1] += tally.pairs[1:] // 2
        counts[1 : m + 2] += tally.weighted
        products = tally.products
        products[0] -= int(tally.w @ tally.w)
        counts[2 : m + 3] += products // 2
        counts[2] += int((tally.w * (tally.w - 1) // 2).sum())
    counts = np.trim_zeros(counts, "b")
    return np.pad(counts, (0, max(0, 2 - len(counts))))


def _sampled_counts(graph: ig.Graph, sources: int, seed: int) -> IntArray:
    rng = np.random.default_rng(seed)
    chosen = rng.choice(graph.vcount(), size=sources, replace=False)
    counts = np.zeros(graph.vcount() + 1, dtype=np.int64)
    for vertex in chosen:
        _vids, layers, _parents = graph.bfs(int(vertex))
        sizes = np.diff(layers)
        counts[: len(sizes)] += sizes
    counts[0] = 0
    return np.trim_zeros(counts, "b") if counts.any() else counts[:2]


def distance_stats(graph: ig.Graph, sources: int | None = 1000, seed: int = 0) -> DistanceStats:
    """Distance statistics of a connected graph (pass the largest component).

    Parameters
    ----------
    graph:
        A connected undirected graph.
    sources:
        Breadth-first sources to sample.  Every pair is measured exactly when ``sources`` is
        None or the graph has at most ``EXACT_FACTOR * sources`` vertices (there the exact
        all-pairs count, in C, is cheaper than the sample, which crosses into Python per source).
    seed:
        Seed of the sample.

    Raises
    ------
    InputError
        If ``sources`` is smaller than 1.
    """
    if sources is not None and sources < 1:
        raise InputError(f"sources must be >= 1, not {sources}")
    n = graph.vcount()
    diameter = diameter_ifub(graph)
    if sources is None or n <= EXACT_FACTOR * sources:
        counts = _exact_counts(graph) if n > 1 else np.zeros(2, dtype=np.int64)
        return DistanceStats(counts, True, n, seed, diameter)
    return DistanceStats(_sampled_counts(graph, sources, seed), False, sources, seed, diameter)
