"""No hidden link reaches a feature: recompute the features with the link removed and compare.

The evaluation's features of a hidden pair come from the split's training graph; removing
the hidden link from that graph must change nothing (it is not there), while adding it back
changes them (so the comparison can fail).  The model's own targets likewise: its training
rows are read from a graph without them.  The shipped model is the first stage alone; the
re-ranker (:mod:`twintowns.suggest.rerank`, evaluation only) is checked in slow tests.
"""

from __future__ import annotations

import numpy as np
import pytest

from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest.features import pair_features
from twintowns.suggest.learner import edge_list, fit_forest, training_sample
from twintowns.suggest.rerank import Ranker, fit_reranker, rerank_sample
from twintowns.suggest.splits import known_links, random_split, temporal_split
from twintowns.suggest.tables import Links, Places, links_of, places_of


def _without(places: Places, links: Links, u: int, v: int) -> Links:
    kept = [(a, b) for a, b in edge_list(links).tolist() if {a, b} != {u, v}]
    return links_of(places, kept)


def _with(places: Places, links: Links, u: int, v: int) -> Links:
    return links_of(places, [*map(tuple, edge_list(links).tolist()), (u, v)])


def test_hidden_links_never_reach_features(planted: RegistrySnapshot) -> None:
    places = places_of(planted.places)
    known = known_links(planted, places)
    for split in (
        random_split(planted, places, known, 1),
        temporal_split(planted, places, known, 0),
    ):
        assert len(split.hidden) > 20
        changed = 0
        for u, v in split.hidden[:40].tolist():
            assert not split.train.has(u, np.asarray([v]))[0]
            seen = pair_features(places, split.train, u, np.asarray([v]))
            removed = pair_features(places, _without(places, split.train, u, v), u, np.asarray([v]))
            np.testing.assert_array_equal(seen, removed)
            added = pair_features(places, _with(places, split.train, u, v), u, np.asarray([v]))
            changed += not np.array_equal(seen, added)
        assert changed == min(40, len(split.hidden))  # a leak would show


def test_training_targets_are_read_without_their_link(planted: RegistrySnapshot) -> None:
    places = places_of(planted.places)
    known = known_links(planted, places)
    split = random_split(planted, places, known, 2)
    sample = training_sample(places, split.train, seed=2)
    targets = np.flatnonzero(sample.y == 1)
    assert len(targets) > 50
    hidden = {tuple(sorted(p)) for p in split.hidden.tolist()}
    for i in targets[:30]:
        u, v = int(sample.anchor[i]), int(sample.candidate[i])
        assert (min(u, v), max(u, v)) not in hidden  # targets come from the training graph
        assert split.train.has(u, np.asarray([v]))[0]
        assert not sample.graph.has(u, np.asarray([v]))[0]
        # the row is what the graph without the target gives (and that graph lacks it)
        own = pair_features(places, sample.graph, u, np.asarray([v]))
        np.testing.assert_array_equal(sample.x[i], own[0])
        with_it = pair_features(places, _with(places, sample.graph, u, v), u, np.asarray([v]))
        assert not np.array_equal(sample.x[i], with_it[0])


@pytest.mark.slow  # the re-ranker (evaluation only, not shipped): fits both stages (25 s at load 8)
def test_reranker_queries_are_training_links_read_without_them(planted: RegistrySnapshot) -> None:
    places = places_of(planted.places)
    known = known_links(planted, places)
    split = random_split(planted, places, known, 2)
    sample = training_sample(places, split.train, seed=2)
    first = fit_forest(sample, seed=2)
    queries = rerank_sample(places, split.train, first, sample, seed=2)
    positives = np.flatnonzero(queries.y == 1)
    assert len(positives) > 10
    hidden = {tuple(sorted(p)) for p in split.hidden.tolist()}
    first_targets = {
        tuple(sorted(p))
        for p in np.column_stack([sample.anchor, sample.candidate])[sample.y == 1].tolist()
    }
    for i in positives.tolist():
        u, v = int(queries.anchor[i]), int(queries.candidate[i])
        assert (min(u, v), max(u, v)) not in hidden  # never a test link
        assert (min(u, v), max(u, v)) not in first_targets  # never the first stage's target
        assert split.train.has(u, np.asarray([v]))[0]
        assert not queries.graph.has(u, np.asarray([v]))[0]
        own = pair_features(places, queries.graph, u, np.asarray([v]))
        np.testing.assert_array_equal(queries.x[i, : own.shape[1]], own[0])
    # no hidden link is in the graph any re-ranker row was read from
    for u, v in split.hidden.tolist():
        assert not queries.graph.has(u, np.asarray([v]))[0]


@pytest.mark.slow  # the re-ranker (evaluation only, not shipped): fits both stages (6 s at load 8)
def test_ranker_scores_of_hidden_anchor_unchanged_without_the_link(
    planted: RegistrySnapshot,
) -> None:
    """The within-query ranks see every candidate's shared-partner counts: removing a hidden
    link from the training graph changes none of them, adding it back does."""
    places = places_of(planted.places)
    known = known_links(planted, places)
    split = random_split(planted, places, known, 1)
    sample = training_sample(places, split.train, seed=1)
    forest = fit_forest(sample, seed=1)
    ranker = Ranker(forest, fit_reranker(places, split.train, forest, sample, seed=1))
    v = np.arange(places.size, dtype=np.int64)
    changed = 0
    for u, w in split.hidden[:10].tolist():
        others = v[v != u]
        seen = ranker.scores(pair_features(places, split.train, u, others))
        gone = ranker.scores(pair_features(places, _without(places, split.train, u, w), u, others))
        np.testing.assert_array_equal(seen, gone)
        added = ranker.scores(pair_features(places, _with(places, split.train, u, w), u, others))
        changed += not np.array_equal(seen, added)
    assert changed == 10
