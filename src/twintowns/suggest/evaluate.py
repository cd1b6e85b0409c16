"""The honest evaluation: the model and the classic baselines ranked on links they never saw.

For each :class:`~twintowns.suggest.splits.Split`, everything is learnt from its training graph
alone: the model (:mod:`twintowns.suggest.learner`, which splits the training graph again for
its own targets) and the gravity baseline (a conditional logit on candidate population and
distance, fitted by :func:`twintowns.analysis.gravity.conditional_logit` on the same training
sample). Then, for up to ``max_links`` hidden links (whole anchors, in a seeded order), every
method ranks *all* candidates of the anchor (its level group, minus itself and every known
partner except the hidden ones: the filtered setting; GeoNames outsiders included when the
places hold them) and the hidden partner's rank gives Hits@10 and the reciprocal rank (ties
count half); and for every hidden link one random non-partner of its anchor makes the balanced
pairs of the precision–recall AUC (average precision). Baselines: preferential attachment
(candidate degree; the anchor's is the same for every candidate), common neighbours,
Adamic–Adar, resource allocation, gravity. The model is what ships: the first stage alone;
with ``rerank=True`` the two-stage model of :mod:`twintowns.suggest.rerank` (evaluation only:
it did not beat the first stage) is measured beside it as :data:`RERANKED`.
:mod:`twintowns.suggest.report` turns the runs into tables with 95 % intervals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from twintowns.errors import InputError
from twintowns.suggest.features import COLUMN, MISSING, pair_features, partners_in
from twintowns.suggest.learner import Sample, fit_forest, pools, training_sample
from twintowns.suggest.rerank import Ranker, fit_reranker
from twintowns.suggest.splits import Split
from twintowns.suggest.tables import BoolArray, FloatArray, IntArray, Links, Places
from twintowns.suggest.trees import Matrix

MODEL = "model (first stage)"
"""The shipped model: the gradient-boosted first stage alone."""
RERANKED = "two-stage (re-ranked)"
"""The first stage re-ranked (:mod:`twintowns.suggest.rerank`): measured only if asked."""
BASELINES = (
    "preferential attachment",
    "common neighbours",
    "Adamic–Adar",
    "resource allocation",
    "gravity",
)
METHODS = (MODEL, *BASELINES)
MAX_LINKS = 200
"""Hidden links ranked per run (each against every candidate of its anchor)."""
Scorer = Callable[[Matrix], FloatArray]
GRAVITY_TERMS = ("log_pop_candidate", "log_km")


@dataclass(frozen=True)
class Run:
    """One split's measurements: per ranked link, its reciprocal rank and whether it was in
    the top ten, per method; the balanced pairs' scores and labels; the model's importances (and the
    re-ranker's, if it was measured)."""

    split: str
    seed: int
    train_links: int
    hidden_links: int
    reciprocal: dict[str, FloatArray] = field(default_factory=dict)
    hits: dict[str, FloatArray] = field(default_factory=dict)
    pair_scores: dict[str, FloatArray] = field(default_factory=dict)
    pair_labels: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    importance: FloatArray = field(default_factory=lambda: np.zeros(0))
    note: str = ""
    new_partner: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """Per ranked link: its partner has no link in the training graph (what a town with no
    twinning yet looks like: the cold start GeoNames outsiders are in)."""
    rerank_importance: FloatArray = field(default_factory=lambda: np.zeros(0))

    @property
    def ranked(self) -> int:
        """Hidden links ranked."""
        return len(self.reciprocal.get(MODEL, ()))


@dataclass(frozen=True)
class Gravity:
    """The gravity baseline: candidate ln population and ln(1 + km), weighted as fitted;
    unknown values take the training sample's mean."""

    beta: FloatArray
    fill: FloatArray

    def score(self, x: Matrix) -> FloatArray:
        """Scores of feature rows ``x``."""
        cols = x[:, [COLUMN[t] for t in GRAVITY_TERMS]]
        cols = np.where(cols == MISSING, self.fill, cols)
        return np.asarray(cols @ self.beta, dtype=float)


def fit_gravity(sample: Sample) -> Gravity:
    """Fit the gravity baseline by conditional logit: each target against its anchor's
    sampled non-partners."""
    from twintowns.analysis.gravity import MatchedSets, conditional_logit

    cols = sample.x[:, [COLUMN[t] for t in GRAVITY_TERMS]]
    known = cols != MISSING
    fill = np.asarray(
        [cols[known[:, j], j].mean() if known[:, j].any() else 0.0 for j in range(cols.shape[1])]
    )
    cols = np.where(known, cols, fill)
    rows: list[IntArray] = []
    starts: list[int] = []
    anchors: list[int] = []
    size = 0
    for u in np.unique(sample.anchor):
        block = np.flatnonzero(sample.anchor == u)
        negatives = block[sample.y[block] == 0]
        for positive in block[sample.y[block] == 1]:
            if len(negatives):
                starts.append(size)
                rows.append(np.concatenate([[positive], negatives]).astype(np.int64))
                size += len(rows[-1])
                anchors.append(int(u))
    classic = Gravity(np.asarray([1.0, -1.0]), fill)  # population / distance, unfitted
    if not rows:
        return classic
    chosen = np.concatenate(rows)
    ids = np.asarray(anchors, dtype=np.int64)
    sets = MatchedSets(cols[chosen], np.asarray(starts, dtype=np.int64), ids, ids, GRAVITY_TERMS)
    try:
        beta, _inverse = conditional_logit(sets)
    except InputError:  # a design too small to fit (a handful of links): the classic form
        return classic
    return Gravity(np.asarray(beta, dtype=float), fill)


def scorers(
    sample: Sample, seed: int, rerank: tuple[Places, Links] | None = None
) -> tuple[dict[str, Scorer], FloatArray, FloatArray]:
    """Every method's scorer learnt from the first stage's training ``sample``, the model's
    feature importances and the re-ranker's.  With ``rerank`` (the places and the training
    graph ``sample`` was read from) the two-stage model is learnt too, as :data:`RERANKED`;
    its scorer ranks one anchor's candidates at a time (its pool and within-query ranks need
    them all)."""
    forest = fit_forest(sample, seed=seed)
    gravity = fit_gravity(sample)
    column: Callable[[str], Scorer] = lambda name: lambda x: x[:, COLUMN[name]]  # noqa: E731
    last: list[tuple[Matrix, FloatArray]] = []

    def model(x: Matrix) -> FloatArray:
        found = forest.decision(x)
        last[:] = [(x, found)]  # the re-ranker's first stage, scored once per x
        return found

    found: dict[str, Scorer] = {
        MODEL: model,
        "preferential attachment": column("log_partners_candidate"),
        "common neighbours": column("common_partners"),
        "Adamic–Adar": column("adamic_adar"),
        "resource allocation": column("resource_allocation"),
        "gravity": gravity.score,
    }
    if rerank is None:
        return found, forest.importance, np.zeros(0)
    places, train = rerank
    ranker = Ranker(forest, fit_reranker(places, train, forest, sample, seed=seed))
    found[RERANKED] = lambda x: ranker.scores(x, last[0][1] if last and last[0][0] is x else None)
    return found, forest.importance, ranker.second.importance


def _by_anchor(hidden: IntArray) -> dict[int, IntArray]:
    found: dict[int, list[int]] = defaultdict(list)
    for u, v in hidden.tolist():
        found[u].append(v)
    return {u: np.asarray(vs, dtype=np.int64) for u, vs in found.items()}


def candidates(places: Places, split: Split, pool: IntArray, u: int, hidden: IntArray) -> IntArray:
    """The anchor's candidates: its pool minus itself and its known partners, plus the
    hidden partners being ranked."""
    chosen = np.zeros(len(places.group), dtype=bool)
    chosen[pool] = True
    chosen[split.known.neighbours(u)] = False
    chosen[u] = False
    chosen[hidden] = True
    return np.flatnonzero(chosen)


def rank_of(scores: FloatArray, positive: np.ndarray[tuple[int], np.dtype[np.bool_]]) -> FloatArray:
    """Rank of each positive among the negatives (1 best; ties count half)."""
    negatives = np.sort(scores[~positive])
    found = scores[positive]
    above = len(negatives) - np.searchsorted(negatives, found, side="right")
    ties = np.searchsorted(negatives, found, side="right") - np.searchsorted(negatives, found)
    return np.asarray(1.0 + above + 0.5 * ties, dtype=float)


def _features(
    places: Places, split: Split, u: int, v: IntArray, cache: dict[int, IntArray]
) -> Matrix:
    country = int(places.country[u])
    if country not in cache:
        cache[country] = partners_in(split.train, places, country)
    return pair_features(places, split.train, u, v, cache[country])


def _rank_all(
    places: Places, split: Split, score: dict[str, Scorer], max_links: int
) -> tuple[dict[str, FloatArray], dict[str, FloatArray], BoolArray]:
    rng = np.random.default_rng(split.seed + 1)
    anchors = _by_anchor(split.hidden)
    order = sorted(anchors)
    rng.shuffle(order)
    group_pools = pools(places)
    cache: dict[int, IntArray] = {}
    ranks: dict[str, list[FloatArray]] = defaultdict(list)
    new: list[BoolArray] = []
    done = 0
    for u in order:
        if done >= max_links:
            break
        hidden = anchors[u]
        v = candidates(places, split, group_pools[int(places.group[u])], u, hidden)
        x = _features(places, split, u, v, cache)
        positive = np.isin(v, hidden)
        for method, scorer in score.items():
            ranks[method].append(rank_of(scorer(x), positive))
        new.append(split.train.degree[v[positive]] == 0)  # in rank_of's order (v's)
        done += len(hidden)
    flat = {m: np.concatenate(r) for m, r in ranks.items()}
    hits = {m: (r <= 10).astype(float) for m, r in flat.items()}
    return {m: 1.0 / r for m, r in flat.items()}, hits, np.concatenate(new)


def _balanced(
    places: Places, split: Split, score: dict[str, Scorer]
) -> tuple[dict[str, FloatArray], IntArray]:
    """Scores of every hidden link and of one random non-partner of its anchor each (the
    two-stage model's pairs by its first stage, the model: the re-ranker's scores compare
    candidates of one anchor, not pairs of different anchors)."""
    rng = np.random.default_rng(split.seed + 2)
    group_pools = pools(places)
    cache: dict[int, IntArray] = {}
    rows: list[Matrix] = []
    labels: list[IntArray] = []
    for u, hidden in sorted(_by_anchor(split.hidden).items()):
        pool = candidates(places, split, group_pools[int(places.group[u])], u, hidden[:0])
        if not len(pool):
            continue
        v = np.concatenate([hidden, rng.choice(pool, size=len(hidden))])
        rows.append(_features(places, split, u, v, cache))
        labels.append((np.arange(len(v)) < len(hidden)).astype(np.int64))
    if not rows:
        return {m: np.zeros(0) for m in score}, np.zeros(0, dtype=np.int64)
    x = np.vstack(rows)  # one call per scorer: the forest's cost is per call, not per row
    pairwise = {m: score[MODEL if m == RERANKED else m] for m in score}
    return {m: scorer(x) for m, scorer in pairwise.items()}, np.concatenate(labels)


def evaluate(
    places: Places,
    split: Split,
    *,
    max_links: int = MAX_LINKS,
    weighted: bool = True,
    outsider_negatives: bool = False,
    rerank: bool = False,
) -> Run:
    """Learn every method on ``split``'s training graph and measure it on its hidden links
    (``weighted``, ``outsider_negatives``: see
    :func:`~twintowns.suggest.learner.training_sample`; ``rerank``: measure the two-stage
    model too, as :data:`RERANKED`)."""
    base = Run(split.name, split.seed, split.train.edges, len(split.hidden))
    if not len(split.hidden):
        return _noted(base, "no hidden links")
    sample = training_sample(
        places,
        split.train,
        seed=split.seed,
        weighted=weighted,
        outsider_negatives=outsider_negatives,
    )
    if len(np.unique(sample.y)) < 2:
        return _noted(base, f"too few training links ({split.train.edges}) to learn from")
    score, importance, rerank_importance = scorers(
        sample, split.seed, (places, split.train) if rerank else None
    )
    reciprocal, hits, new = _rank_all(places, split, score, max_links)
    pair_scores, labels = _balanced(places, split, score)
    return Run(
        split.name,
        split.seed,
        split.train.edges,
        len(split.hidden),
        reciprocal,
        hits,
        pair_scores,
        labels,
        importance,
        new_partner=new,
        rerank_importance=rerank_importance,
    )


def _noted(run: Run, note: str) -> Run:
    return Run(run.split, run.seed, run.train_links, run.hidden_links, note=note)
