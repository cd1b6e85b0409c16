"""Learning what makes two places twin, from a graph of links: samples and the fitted model.

This module owns the training sample (:func:`training_sample`) and the fit (:func:`fit_forest`:
scikit-learn's ``GradientBoostingClassifier`` with fixed settings, chosen before any
evaluation and never tuned on test links, exported to a
:class:`~twintowns.suggest.trees.Forest`).

The sample is drawn from the graph it is given and nothing else.  A seeded quarter of its
links are the *targets* (each seen from a random side); they are taken out of the graph, and
every row's features are read from what remains.  So a target looks exactly like a link the
model will later be asked to find (absent from the graph it reads), and targets and
non-targets share one graph: no count differs by the row's own link, which would tell the
learner the answer.  Each target has ``negatives`` places of its anchor's level group that
are partners of the anchor in no link: half drawn from its partners' partners (the hard
cases), the rest uniformly, weighted so that they stand for uniform draws from the anchor's
candidates (what a ranking faces).  The weighting was chosen on an inner split of a training
graph (``benchmarks/suggest_select.py``: Hits@10 0.110 weighted against 0.020 unweighted),
never on test links.  Non-partners are drawn from registry places only, not from the GeoNames
towns outside the registry (which are candidates all the same, scored by this model): drawn
from them too, the model spent itself telling the two kinds apart (inner split,
``suggest_select.py --outsiders``: Hits@10 0.070 against 0.115 from registry places only).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from twintowns.suggest.features import FEATURES, pair_features, partners_in, two_hop
from twintowns.suggest.tables import FloatArray, IntArray, Links, Places, links_of
from twintowns.suggest.trees import Forest, Matrix, forest_of

TREES = 100
DEPTH = 3
RATE = 0.1
SUBSAMPLE = 0.5
NEGATIVES = 4
TARGET_SHARE = 0.25
MAX_POSITIVES = 6_000


@dataclass(frozen=True)
class Sample:
    """Feature rows with their labels (1: a target link), anchors and candidates, and the
    graph the features were read from (the given one without its targets)."""

    x: Matrix
    y: IntArray
    anchor: IntArray
    candidate: IntArray
    graph: Links
    weight: FloatArray


def pools(places: Places, *, registered_only: bool = False) -> dict[int, IntArray]:
    """The rows of each level group (who may be suggested to whom), optionally registry
    places only."""
    keep = places.registered if registered_only else np.ones(places.size, dtype=bool)
    return {
        int(g): np.flatnonzero((places.group == g) & keep)
        for g in np.unique(places.group)
        if g >= 0
    }


def _negatives(
    links: Links, graph: Links, pool: IntArray, u: int, count: int, rng: np.random.Generator
) -> tuple[IntArray, FloatArray]:
    """``count`` rows that are not ``u`` nor its partners in ``links`` — half its partners'
    partners in ``graph`` (when it has any), the rest uniform over the allowed pool — and
    their weights: what makes the weighted sample stand for uniform draws from the pool,
    which is what a ranking faces (the partners' partners are a sliver of it; drawn at
    their share, the learner would see too few of them, unweighted it overrates them)."""
    allowed = np.zeros(len(links.indptr) - 1, dtype=bool)
    allowed[pool] = True
    allowed[links.neighbours(u)] = False
    allowed[u] = False
    _, reached = two_hop(graph, u)
    hops = np.flatnonzero(np.bincount(reached, minlength=len(allowed)).astype(bool) & allowed)
    near = (
        rng.choice(hops, size=min(count // 2, len(hops)), replace=False)
        if len(hops)
        else np.zeros(0, dtype=np.int64)
    )
    far = rng.choice(pool, size=2 * count)
    far = far[allowed[far]][: count - len(near)]
    drawn = np.concatenate([np.asarray(near, dtype=np.int64), far.astype(np.int64)])
    size = max(int(allowed.sum()), 1)
    near_mass = len(near) / max(len(hops), 1)  # expected draws per hop node, near part
    far_mass = len(far) / size  # and per pool node, uniform part
    in_hops = np.isin(drawn, hops)
    density = far_mass + np.where(in_hops, near_mass, 0.0)
    weight = (len(drawn) / size) / np.maximum(density, 1e-12)
    return drawn, np.asarray(weight, dtype=float)


def edge_list(links: Links) -> IntArray:
    """Every link once, as rows (a, b) with a < b."""
    rows = np.repeat(np.arange(len(links.indptr) - 1), links.degree)
    keep = rows < links.indices
    return np.column_stack([rows[keep], links.indices[keep]])


def split_targets(
    links: Links, places: Places, rng: np.random.Generator, share: float, limit: int
) -> tuple[Links, IntArray]:
    """Take a ``share`` of the links (at most ``limit``, between places of one level group)
    out of the graph: the graph left and the links taken."""
    edges = edge_list(links)
    a, b = edges[:, 0], edges[:, 1]
    eligible = np.flatnonzero((places.group[a] >= 0) & (places.group[a] == places.group[b]))
    size = min(limit, round(share * len(edges)), len(eligible))
    taken = np.zeros(len(edges), dtype=bool)
    taken[rng.choice(eligible, size=size, replace=False)] = True
    left = links_of(places, map(tuple, edges[~taken].tolist()))
    return left, edges[taken]


def _anchored(targets: IntArray, rng: np.random.Generator) -> dict[int, list[int]]:
    """Targets by anchor, each seen from a random side."""
    a, b = targets[:, 0], targets[:, 1]
    flip = rng.random(len(a)) < 0.5
    anchors, partners = np.where(flip, b, a), np.where(flip, a, b)
    found: dict[int, list[int]] = defaultdict(list)
    for u, v in zip(anchors.tolist(), partners.tolist(), strict=True):
        found[u].append(v)
    return found


def training_sample(
    places: Places,
    links: Links,
    *,
    seed: int,
    negatives: int = NEGATIVES,
    share: float = TARGET_SHARE,
    max_positives: int = MAX_POSITIVES,
    weighted: bool = True,
    outsider_negatives: bool = False,
) -> Sample:
    """Target and non-target rows from ``links`` alone (see the module docstring;
    ``outsider_negatives`` false draws non-partners from registry places only)."""
    rng = np.random.default_rng(seed)
    graph, targets = split_targets(links, places, rng, share, max_positives)
    by_group = pools(places, registered_only=not outsider_negatives)
    by_country: dict[int, IntArray] = {}
    xs, ys, us, vs, ws = [], [], [], [], []
    for u, positives in sorted(_anchored(targets, rng).items()):
        pos = np.asarray(positives, dtype=np.int64)
        neg, neg_weight = _negatives(
            links, graph, by_group[int(places.group[u])], u, negatives * len(pos), rng
        )
        v = np.concatenate([pos, neg])
        ws.append(np.concatenate([np.ones(len(pos)), neg_weight]))
        country = int(places.country[u])
        if country not in by_country:
            by_country[country] = partners_in(graph, places, country)
        xs.append(pair_features(places, graph, u, v, by_country[country]))
        ys.append((np.arange(len(v)) < len(pos)).astype(np.int64))
        us.append(np.full(len(v), u, dtype=np.int64))
        vs.append(v)
    if not xs:
        empty = np.zeros(0, dtype=np.int64)
        return Sample(np.zeros((0, len(FEATURES))), empty, empty, empty, graph, np.zeros(0))
    x, y = np.vstack(xs), np.concatenate(ys)
    weight = np.concatenate(ws) if weighted else np.ones(len(y))
    return Sample(x, y, np.concatenate(us), np.concatenate(vs), graph, weight)


def fit_forest(sample: Sample, *, seed: int) -> Forest:
    """Fit the gradient-boosted classifier on ``sample`` and export it.

    Raises
    ------
    InputError
        If the sample lacks positives or negatives.
    """
    from sklearn.ensemble import GradientBoostingClassifier  # seconds to import: only here

    from twintowns.errors import InputError

    if len(np.unique(sample.y)) < 2:
        raise InputError("suggestions: too few links to learn from (need links and non-links)")
    model = GradientBoostingClassifier(
        n_estimators=TREES,
        max_depth=DEPTH,
        learning_rate=RATE,
        subsample=SUBSAMPLE,
        random_state=seed,
    )
    model.fit(sample.x, sample.y, sample_weight=sample.weight)
    trees: list[Any] = [row[0] for row in model.estimators_]
    bare = forest_of(trees, RATE, 0.0, model.feature_importances_)
    offset = float(model.decision_function(sample.x[:1])[0] - bare.decision(sample.x[:1])[0])
    return forest_of(trees, RATE, offset, model.feature_importances_)
