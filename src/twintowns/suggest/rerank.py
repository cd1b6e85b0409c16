"""The second stage: a re-ranker over a pool of candidates, learnt on hard negatives.

**For evaluation only.**  Measured on test links it did not beat the first stage alone (see
``benchmarks/README.md``) while costing ~100 s CPU per world fit, so the shipped suggester
(:mod:`twintowns.suggest.suggester`) is the first stage alone; ``benchmarks/suggest.py
--rerank`` measures this two-stage model beside it (:func:`twintowns.suggest.evaluate.evaluate`
with ``rerank=True``) so that the negative result stays reproducible.

A ranking of ~150,000 candidates is decided at its top, where the first-stage model
(:mod:`twintowns.suggest.learner`, learnt against non-partners standing for uniform draws) and
the classic scores disagree.  This module owns the two-stage ranking:

* **the pool** (:func:`pool`): the union of each classic score's top :data:`POOL_EACH`
  (common partners, Adamic–Adar, resource allocation, preferential attachment; network scores
  only where positive) and the first stage's top :data:`POOL_FIRST`;
* **the re-ranker's features** (:data:`RERANK_FEATURES`, :func:`query_rows`): the pair's
  :data:`~twintowns.suggest.features.FEATURES`, the first-stage score, and each score's rank
  *within the anchor's candidates* (how the pair compares with the anchor's other
  candidates, a listwise view a pair's raw value does not give);
* **its training** (:func:`fit_reranker`): queries made from the training graph alone — a
  seeded share of its links (none of the first stage's targets) taken out, each anchor's
  candidates featurised on what remains, pooled as above, and its pool's rows labelled (1: a
  link taken out).  The negatives are the pool's other members (**hard negatives**: what the
  first stage and the classic scores rank high), not random pairs.  scikit-learn's
  ``GradientBoostingClassifier`` fits it; :class:`Ranker` scores with both exported forests
  (pool members by the re-ranker, above everyone else, who keep the first stage's order).

The settings (:data:`POOL_FIRST`, :data:`POOL_EACH`, :data:`QUERY_SHARE`, trees and depth)
were chosen on a validation split carved from a training graph
(``benchmarks/suggest_select.py --rerank``), never on test links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from twintowns.suggest.features import COLUMN, FEATURES, Matrix, pair_features, partners_in
from twintowns.suggest.learner import Sample, _anchored, edge_list, pools
from twintowns.suggest.tables import FloatArray, IntArray, Links, Places, links_of
from twintowns.suggest.trees import Forest, forest_of

POOL_FIRST = 100
"""The first stage's top candidates in the pool (at least ``twintowns suggest --top``'s
maximum, so every answer comes from the pool)."""
POOL_EACH = 50
"""Each classic score's top candidates in the pool."""
QUERY_SHARE = 0.1
"""Share of the training graph's links taken out to make the re-ranker's queries."""
MAX_QUERIES = 400
"""Anchors whose pools the re-ranker learns from (each costs a full featurised ranking)."""
NEGATIVES = 60
"""Pool members drawn as negatives per query (weighted to stand for the whole pool)."""
TREES = 150
DEPTH = 3
RATE = 0.05
SUBSAMPLE = 0.7
POOLED = ("common_partners", "adamic_adar", "resource_allocation", "log_partners_candidate")
RANKED = ("adamic_adar", "resource_allocation", "log_partners_candidate", "country_pair_propensity")
RERANK_FEATURES: tuple[str, ...] = (
    *FEATURES,
    "first_stage",
    "first_stage_gap",
    "log_rank_first_stage",
    *(f"log_rank_{name}" for name in RANKED),
    "log_rank_nearest",
    "log_two_hop_candidates",
)
OFFSET = 1.0e6
"""Added to a pool member's re-ranker score so that it ranks above every other candidate."""


def _top(values: FloatArray, k: int, positive_only: bool) -> IntArray:
    """Positions of the ``k`` largest values (only positive ones, if asked)."""
    eligible = np.flatnonzero(values > 0) if positive_only else np.arange(len(values))
    if len(eligible) <= k:
        return eligible
    chosen = np.argpartition(-values[eligible], k - 1)[:k]
    return eligible[chosen]


def pool(x: Matrix, first: FloatArray) -> IntArray:
    """Positions (rows of ``x``) of an anchor's pool: the first stage's top
    :data:`POOL_FIRST` and each of :data:`POOLED`'s top :data:`POOL_EACH`, sorted."""
    parts = [_top(first, POOL_FIRST, False)]
    for name in POOLED:
        network = name != "log_partners_candidate"
        parts.append(_top(x[:, COLUMN[name]], POOL_EACH, network))
    return np.unique(np.concatenate(parts))


def _log_rank(values: FloatArray, chosen: IntArray) -> FloatArray:
    """ln of each chosen row's rank among all rows (1 + how many are strictly greater)."""
    ordered = np.sort(values)
    above = len(values) - np.searchsorted(ordered, values[chosen], side="right")
    return np.asarray(np.log1p(above.astype(float)), dtype=float)


def query_rows(x: Matrix, first: FloatArray, chosen: IntArray) -> Matrix:
    """The :data:`RERANK_FEATURES` of the chosen rows of one anchor's candidates ``x``."""
    km = x[:, COLUMN["log_km"]]
    nearness = np.where(km == -999.0, -np.inf, -km)
    two_hop = float((x[:, COLUMN["common_partners"]] > 0).sum())
    columns = [
        x[chosen],
        first[chosen, None],
        (first[chosen] - first.max(initial=0.0))[:, None],
        _log_rank(first, chosen)[:, None],
        *(_log_rank(x[:, COLUMN[name]], chosen)[:, None] for name in RANKED),
        _log_rank(nearness, chosen)[:, None],
        np.full((len(chosen), 1), np.log1p(two_hop)),
    ]
    found: Matrix = np.hstack(columns)
    return found


@dataclass(frozen=True)
class Ranker:
    """Both stages: the first-stage forest over every candidate, the re-ranker over the pool."""

    first: Forest
    second: Forest

    def ranked(
        self, x: Matrix, first: FloatArray | None = None
    ) -> tuple[FloatArray, IntArray, FloatArray]:
        """First-stage scores of every row of ``x`` (one anchor's candidates; ``first``: those
        scores if already known), the pool's positions and their re-ranker scores."""
        first = self.first.decision(x) if first is None else first
        chosen = pool(x, first)
        second = self.second.decision(query_rows(x, first, chosen)) if len(chosen) else first[:0]
        return first, chosen, second

    def scores(self, x: Matrix, first: FloatArray | None = None) -> FloatArray:
        """One score per row of one anchor's candidates: the pool by the re-ranker, above
        everyone else (by the first stage; ``first``: as in :meth:`ranked`)."""
        first, chosen, second = self.ranked(x, first)
        found = first.copy()
        found[chosen] = OFFSET + second
        return found


def _queries(
    links: Links, places: Places, first_targets: IntArray, rng: np.random.Generator
) -> tuple[Links, dict[int, list[int]]]:
    """Take :data:`QUERY_SHARE` of the links (between places of one level group, none of the
    first stage's targets) out of the graph: the graph left and the links by anchor."""
    edges = edge_list(links)
    a, b = edges[:, 0], edges[:, 1]
    taken_before = {(min(p, q), max(p, q)) for p, q in first_targets.tolist()}
    eligible = np.flatnonzero(
        (places.group[a] >= 0)
        & (places.group[a] == places.group[b])
        & np.asarray([(p, q) not in taken_before for p, q in edges.tolist()], dtype=bool)
    )
    size = min(round(QUERY_SHARE * len(edges)), len(eligible))
    taken = np.zeros(len(edges), dtype=bool)
    taken[rng.choice(eligible, size=size, replace=False)] = True
    left = links_of(places, map(tuple, edges[~taken].tolist()))
    return left, _anchored(edges[taken], rng)


def _candidates(places: Places, links: Links, group: IntArray, u: int) -> IntArray:
    chosen = np.zeros(places.size, dtype=bool)
    chosen[group] = True
    chosen[links.neighbours(u)] = False
    chosen[u] = False
    return np.flatnonzero(chosen)


@dataclass(frozen=True)
class Queries:
    """The re-ranker's rows (:data:`RERANK_FEATURES`), labels (1: a link taken out), weights,
    each row's anchor and candidate, and the graph the rows were read from."""

    x: Matrix
    y: IntArray
    weight: FloatArray
    anchor: IntArray
    candidate: IntArray
    graph: Links


def rerank_sample(
    places: Places, links: Links, first: Forest, first_sample: Sample, *, seed: int
) -> Queries:
    """The re-ranker's rows, labels and weights, from ``links`` alone (module docstring).

    Each query's positives in its pool are kept with weight 1; :data:`NEGATIVES` of its
    other pool members are drawn and weighted to stand for the whole pool.  Queries whose
    pool misses every positive teach no ordering and are left out.
    """
    rng = np.random.default_rng(seed + 7919)
    targets = np.column_stack([first_sample.anchor, first_sample.candidate])[first_sample.y == 1]
    graph, by_anchor = _queries(links, places, targets, rng)
    anchors = sorted(by_anchor)
    rng.shuffle(anchors)
    group_pools = pools(places)
    by_country: dict[int, IntArray] = {}
    xs, ys, ws, us, vs = [], [], [], [], []
    for u in anchors[:MAX_QUERIES]:
        v = _candidates(places, graph, group_pools[int(places.group[u])], u)
        country = int(places.country[u])
        if country not in by_country:
            by_country[country] = partners_in(graph, places, country)
        x = pair_features(places, graph, u, v, by_country[country])
        score = first.decision(x)
        chosen = pool(x, score)
        positive = np.isin(v[chosen], by_anchor[u])
        if not positive.any():
            continue
        negatives = np.flatnonzero(~positive)
        drawn = rng.choice(negatives, size=min(NEGATIVES, len(negatives)), replace=False)
        rows = np.concatenate([np.flatnonzero(positive), drawn])
        xs.append(query_rows(x, score, chosen[rows]))
        ys.append((np.arange(len(rows)) < positive.sum()).astype(np.int64))
        weight = len(negatives) / max(len(drawn), 1)
        ws.append(np.concatenate([np.ones(int(positive.sum())), np.full(len(drawn), weight)]))
        us.append(np.full(len(rows), u, dtype=np.int64))
        vs.append(v[chosen[rows]])
    if not xs:
        empty = np.zeros(0, dtype=np.int64)
        return Queries(np.zeros((0, len(RERANK_FEATURES))), empty, np.zeros(0), empty, empty, graph)
    return Queries(
        np.vstack(xs),
        np.concatenate(ys),
        np.concatenate(ws),
        np.concatenate(us),
        np.concatenate(vs),
        graph,
    )


def fit_reranker(
    places: Places, links: Links, first: Forest, first_sample: Sample, *, seed: int
) -> Forest:
    """Learn the re-ranker from ``links`` alone and export it (scikit-learn's
    ``GradientBoostingClassifier``).

    Raises
    ------
    InputError
        If the queries' pools lack positives or negatives.
    """
    from sklearn.ensemble import GradientBoostingClassifier  # seconds to import: only here

    from twintowns.errors import InputError

    queries = rerank_sample(places, links, first, first_sample, seed=seed)
    x, y, weight = queries.x, queries.y, queries.weight
    if len(np.unique(y)) < 2:
        raise InputError("suggestions: too few links to learn the re-ranker from")
    model = GradientBoostingClassifier(
        n_estimators=TREES,
        max_depth=DEPTH,
        learning_rate=RATE,
        subsample=SUBSAMPLE,
        random_state=seed,
    )
    model.fit(x, y, sample_weight=weight)
    trees: list[Any] = [row[0] for row in model.estimators_]
    bare = forest_of(trees, RATE, 0.0, model.feature_importances_)
    offset = float(model.decision_function(x[:1])[0] - bare.decision(x[:1])[0])
    return forest_of(trees, RATE, offset, model.feature_importances_)
