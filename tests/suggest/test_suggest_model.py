"""The exported forest scores as scikit-learn's model; the suggester's file round-trips."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier

from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest import build_suggester
from twintowns.suggest.learner import DEPTH, RATE, SUBSAMPLE, TREES, fit_forest, training_sample
from twintowns.suggest.suggester import _pack, _unpack, graph_rows, load, save
from twintowns.suggest.tables import places_of


def test_forest_scores_as_scikit_learn(planted: RegistrySnapshot) -> None:
    places = places_of(planted.places)
    sample = training_sample(places, graph_rows(planted, places, doubtful=False), seed=3)
    assert sample.y.sum() > 50
    assert (sample.y == 0).sum() > 3 * sample.y.sum()
    forest = fit_forest(sample, seed=3)
    reference = GradientBoostingClassifier(
        n_estimators=TREES,
        max_depth=DEPTH,
        learning_rate=RATE,
        subsample=SUBSAMPLE,
        random_state=3,
    ).fit(sample.x, sample.y, sample_weight=sample.weight)
    np.testing.assert_allclose(
        forest.decision(sample.x), reference.decision_function(sample.x), rtol=1e-9, atol=1e-9
    )


def test_saved_suggester_answers_the_same(planted: RegistrySnapshot, tmp_path: Path) -> None:
    built = build_suggester(planted, outsiders=())
    again = load(save(built, tmp_path), built.key)
    first = built.answer("gb-0", top=5)
    assert again.answer("gb-0", top=5) == first
    assert len(first.suggestions) == 5
    for f in fields(built.places):  # the text columns, stored as UTF-8, come back equal
        np.testing.assert_array_equal(getattr(again.places, f.name), getattr(built.places, f.name))


def test_text_is_stored_as_utf8_and_read_back(tmp_path: Path) -> None:
    names = np.asarray(["Łódź", "", "Köln", "東京", "x" * 80], dtype=np.str_)
    stored = _pack("place_labels", names)
    assert set(stored) == {"place_labels__text", "place_labels__lengths"}
    assert stored["place_labels__text"].nbytes == len("".join(names.tolist()).encode("utf-8"))
    np.savez(tmp_path / "t.npz", **stored)
    with np.load(tmp_path / "t.npz", allow_pickle=False) as found:
        np.testing.assert_array_equal(_unpack(found, "place_labels"), names)
