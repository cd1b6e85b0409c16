"""The evaluation on the planted world: every method in both splits, sound figures, the section."""

from __future__ import annotations

import math

import numpy as np
import pytest
from typer.testing import CliRunner

from twintowns.analysis.data import registry_data
from twintowns.cli.app import app
from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest.evaluate import BASELINES, METHODS, MODEL, RERANKED, evaluate, rank_of
from twintowns.suggest.report import (
    Evaluation,
    evaluation_table,
    feature_table,
    methods_of,
    run_evaluation,
    target_table,
)
from twintowns.suggest.rerank import RERANK_FEATURES
from twintowns.suggest.section import evaluation_section
from twintowns.suggest.splits import known_links, random_split
from twintowns.suggest.tables import places_of


@pytest.fixture(scope="module")
def evaluation(planted: RegistrySnapshot) -> Evaluation:
    return run_evaluation(planted, seeds=2, max_links=40, outsiders=())


def test_ranks_count_ties_half() -> None:
    scores = np.asarray([0.9, 0.5, 0.5, 0.5, 0.1])
    positive = np.asarray([False, True, False, False, False])
    # one negative above, two tied: 1 + 1 + 0.5 * 2
    assert rank_of(scores, positive).tolist() == [3.0]


def test_table_has_every_method_in_both_splits(evaluation: Evaluation) -> None:
    table = evaluation_table(evaluation)
    assert set(table["split"]) == {"random", "temporal"}
    for split in ("random", "temporal"):
        assert list(table.loc[table["split"] == split, "method"]) == list(METHODS)
    for name in ("hits_at_10", "mrr", "pr_auc"):
        values = table[name].to_numpy(dtype=float)
        assert ((values >= 0) & (values <= 1)).all()
        low, high = table[f"{name}_low"].to_numpy(float), table[f"{name}_high"].to_numpy(float)
        assert (low <= values + 1e-12).all()
        assert (values <= high + 1e-12).all()
    random_rows = table[table["split"] == "random"]
    assert (random_rows["runs"] == 2).all()
    assert (random_rows["links_ranked"] >= 40).all()
    # the temporal split hides exactly the links dated 2000 on (all between towns here)
    temporal = table[table["split"] == "temporal"].iloc[0]
    assert temporal["links_hidden"] == 105
    # gb-0 to pl-1 (1960, ended) and to it-1 (1970, suspended) are no evidence: not learnt from
    assert temporal["train_links"] == 210


def test_target_and_features(evaluation: Evaluation) -> None:
    target = target_table(evaluation_table(evaluation))
    assert list(target["split"]) == ["random", "temporal"]
    for row in target.to_dict("records"):
        assert row["target_met"] == (row["relative_gain"] >= 0.2)
        assert not math.isnan(row["model_hits_at_10"])
    features = feature_table(evaluation)
    assert len(features) == 17
    assert features["importance"].is_monotonic_decreasing
    assert abs(features["importance"].sum() - 1.0) < 1e-6


def test_the_model_is_the_first_stage_alone(evaluation: Evaluation) -> None:
    assert methods_of(evaluation) == METHODS
    assert RERANKED not in METHODS
    for run in evaluation.runs:
        assert RERANKED not in run.hits
        assert not len(run.rerank_importance)


@pytest.mark.slow  # fits the re-ranker (evaluation only, not shipped; 2 s at load 3)
def test_rerank_is_measured_beside_the_model_on_request(planted: RegistrySnapshot) -> None:
    places = places_of(planted.places)
    split = random_split(planted, places, known_links(planted, places), 0)
    plain = evaluate(places, split, max_links=30)
    both = evaluate(places, split, max_links=30, rerank=True)
    assert set(both.hits) == {MODEL, RERANKED, *BASELINES}
    # the model's figures are the same with or without the re-ranker beside it
    np.testing.assert_array_equal(both.reciprocal[MODEL], plain.reciprocal[MODEL])
    # its balanced pairs are scored by its first stage (the re-ranker compares one anchor's)
    np.testing.assert_array_equal(both.pair_scores[RERANKED], both.pair_scores[MODEL])
    assert len(both.rerank_importance) == len(RERANK_FEATURES)
    table = evaluation_table(Evaluation((both,), 30))
    assert list(table["method"]) == [MODEL, RERANKED, *BASELINES]


def test_report_section(evaluation: Evaluation, planted: RegistrySnapshot) -> None:
    section = evaluation_section(registry_data(planted, "planted"), evaluation)
    page = section.render()
    assert "not facts" in page
    assert "<svg" in page
    assert MODEL in page
    assert "target is" in page
    assert "Partners with no twinning yet" in page


@pytest.mark.slow  # 13 s: the whole evaluation through the CLI (keeps `make test` under 10 min)
def test_analyse_suggest_eval_command(planted_url: str) -> None:
    result = CliRunner().invoke(
        app,
        ["--database", planted_url, "analyse", "suggest-eval", "--seeds", "1", "--max-links", "10"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    # the wide table folds its cells on a narrow output: short words only
    assert "Partner suggestions: evaluation" in result.output
    assert "gravity" in result.output
    assert "Top features of the model" in result.output
