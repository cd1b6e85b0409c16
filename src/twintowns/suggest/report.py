"""The evaluation's tables and figure: means with 95 % intervals, the target, the top features.

:func:`run_evaluation` makes the splits (five seeded random ones, one temporal) and measures
them (:mod:`twintowns.suggest.evaluate`); :func:`evaluation_table` gives one row per split and
method: Hits@10, MRR and PR-AUC with 95 % intervals — over the seeds for the random split
(Student's t), by bootstrap over the ranked links (and the balanced pairs) for the one
temporal split; :func:`target_table` compares the model with the best baseline on Hits@10;
:func:`feature_table` ranks the model's features by importance; :func:`evaluation_section` is
the lab report's section (tables and a plot).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest.evaluate import (
    BASELINES,
    MAX_LINKS,
    METHODS,
    MODEL,
    RERANKED,
    Run,
    evaluate,
)
from twintowns.suggest.features import FEATURES
from twintowns.suggest.outsiders import Outsider, gazetteer_outsiders
from twintowns.suggest.splits import Split, known_links, random_split, temporal_split
from twintowns.suggest.tables import FloatArray, Places, places_of

SEEDS = 5
BOOTSTRAP = 1000
TARGET_GAIN = 0.20
"""The model must beat the best baseline's Hits@10 by this much, relatively, in each split."""


@dataclass(frozen=True)
class Evaluation:
    """Every run of one evaluation, and how many GeoNames outsiders were candidates."""

    runs: tuple[Run, ...]
    max_links: int
    outsiders: int = 0


_SHARED: dict[str, Places] = {}
"""The places of the evaluation running, for the worker processes it forks (read only)."""


def _measure(job: tuple[Split, int, bool]) -> Run:
    split, max_links, rerank = job
    return evaluate(_SHARED["places"], split, max_links=max_links, rerank=rerank)


def run_evaluation(
    snapshot: RegistrySnapshot,
    *,
    seeds: int = SEEDS,
    max_links: int = MAX_LINKS,
    progress: Callable[[str], None] = lambda _text: None,
    outsiders: Sequence[Outsider] | None = None,
    jobs: int = 1,
    rerank: bool = False,
) -> Evaluation:
    """Measure the model and the baselines on ``seeds`` random splits and the temporal split.

    ``outsiders``: candidates outside the registry, as a ranking meets them (default: the
    GeoNames towns :func:`~twintowns.suggest.outsiders.gazetteer_outsiders` gives; ``()``
    ranks among registry places only).  ``jobs`` > 1 measures the splits in that many
    forked processes (same figures: every draw is seeded by its split).  ``rerank``: measure
    the two-stage model (evaluation only, :mod:`twintowns.suggest.rerank`) beside the model.
    """
    if outsiders is None:
        outsiders = gazetteer_outsiders(snapshot.places)
    places = places_of(snapshot.places, outsiders)
    known = known_links(snapshot, places)
    splits = [random_split(snapshot, places, known, seed) for seed in range(seeds)]
    splits.append(temporal_split(snapshot, places, known, 0))
    work = [(split, max_links, rerank) for split in splits]
    _SHARED["places"] = places
    if jobs > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        progress(f"{len(work)} splits in {jobs} processes")
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            runs = list(pool.map(_measure, work))
    else:
        runs = []
        for split, *_ in work:
            progress(f"{split.name} split, seed {split.seed}")
            runs.append(_measure((split, max_links, rerank)))
    return Evaluation(tuple(runs), max_links, int((~places.registered).sum()))


def _average_precision(scores: FloatArray, labels: FloatArray) -> float:
    from sklearn.metrics import average_precision_score

    if len(np.unique(labels)) < 2:
        return math.nan
    return float(average_precision_score(labels, scores))


def _t_interval(values: list[float]) -> tuple[float, float, float]:
    from scipy import stats

    found = np.asarray([v for v in values if not math.isnan(v)], dtype=float)
    if not len(found):
        return math.nan, math.nan, math.nan
    mean = float(found.mean())
    if len(found) < 2:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.975, len(found) - 1) * found.std(ddof=1) / math.sqrt(len(found)))
    return mean, mean - half, mean + half


def _bootstrap(values: FloatArray, rng: np.random.Generator) -> tuple[float, float, float]:
    if not len(values):
        return math.nan, math.nan, math.nan
    draws = rng.integers(0, len(values), size=(BOOTSTRAP, len(values)))
    means = values[draws].mean(axis=1)
    return float(values.mean()), float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def _bootstrap_ap(
    scores: FloatArray, labels: FloatArray, rng: np.random.Generator
) -> tuple[float, float, float]:
    if not len(labels):
        return math.nan, math.nan, math.nan
    draws = [rng.integers(0, len(labels), size=len(labels)) for _ in range(200)]
    found = [_average_precision(scores[d], labels[d]) for d in draws]
    low, high = np.nanquantile(found, [0.025, 0.975])
    return _average_precision(scores, labels), float(low), float(high)


def _row(split: str, method: str, runs: list[Run]) -> dict[str, object]:
    row: dict[str, object] = {"split": split, "method": method}
    usable = [r for r in runs if r.ranked]
    if split == "random" or not usable:
        metrics = {
            "hits_at_10": _t_interval([float(r.hits[method].mean()) for r in usable]),
            "mrr": _t_interval([float(r.reciprocal[method].mean()) for r in usable]),
            "pr_auc": _t_interval(
                [
                    _average_precision(r.pair_scores[method], r.pair_labels.astype(float))
                    for r in usable
                ]
            ),
        }
    else:
        rng, only = np.random.default_rng(0), usable[0]
        metrics = {
            "hits_at_10": _bootstrap(only.hits[method], rng),
            "mrr": _bootstrap(only.reciprocal[method], rng),
            "pr_auc": _bootstrap_ap(only.pair_scores[method], only.pair_labels.astype(float), rng),
        }
    for name, (mean, low, high) in metrics.items():
        row.update({name: mean, f"{name}_low": low, f"{name}_high": high})
    row.update(
        {
            "runs": len(usable),
            "links_ranked": int(np.mean([r.ranked for r in usable])) if usable else 0,
            "links_hidden": int(np.mean([r.hidden_links for r in runs])),
            "train_links": int(np.mean([r.train_links for r in runs])),
        }
    )
    return row


def methods_of(evaluation: Evaluation) -> tuple[str, ...]:
    """The methods measured: :data:`~twintowns.suggest.evaluate.METHODS`, and the two-stage
    model beside the model if it was measured."""
    if any(RERANKED in r.hits for r in evaluation.runs):
        return (MODEL, RERANKED, *BASELINES)
    return METHODS


def evaluation_table(evaluation: Evaluation) -> pd.DataFrame:
    """One row per split and method (see the module docstring)."""
    rows = []
    for split in ("random", "temporal"):
        runs = [r for r in evaluation.runs if r.split == split]
        rows += [_row(split, method, runs) for method in methods_of(evaluation) if runs]
    return pd.DataFrame(rows)


def target_table(table: pd.DataFrame) -> pd.DataFrame:
    """Per split: the model's Hits@10, the best baseline's, the relative gain and whether it
    reaches :data:`TARGET_GAIN`."""
    rows = []
    for split, part in table.groupby("split", sort=False):
        model = float(part.loc[part["method"] == MODEL, "hits_at_10"].iloc[0])
        baselines = part[part["method"].isin(BASELINES)].sort_values("hits_at_10", ascending=False)
        best = baselines.iloc[0] if len(baselines) else None
        best_value = float(best["hits_at_10"]) if best is not None else math.nan
        gain = model / best_value - 1.0 if best_value and not math.isnan(best_value) else math.nan
        rows.append(
            {
                "split": split,
                "model_hits_at_10": model,
                "best_baseline": str(best["method"]) if best is not None else "",
                "baseline_hits_at_10": best_value,
                "relative_gain": gain,
                "target_met": bool(not math.isnan(gain) and gain >= TARGET_GAIN),
                "links_ranked": int(part["links_ranked"].iloc[0]),
            }
        )
    return pd.DataFrame(rows)


def new_place_table(evaluation: Evaluation) -> pd.DataFrame:
    """Per split and method, Hits@10 and MRR on the ranked links whose partner had no link in
    the training graph — a town with no twinning yet, as the GeoNames outsiders are — pooled
    over the split's runs, with 95 % bootstrap intervals over those links."""
    rows = []
    for split in ("random", "temporal"):
        runs = [r for r in evaluation.runs if r.split == split and r.ranked]
        if not runs:
            continue
        for method in methods_of(evaluation):
            rng = np.random.default_rng(0)
            hits = np.concatenate([r.hits[method][r.new_partner] for r in runs])
            reciprocal = np.concatenate([r.reciprocal[method][r.new_partner] for r in runs])
            row: dict[str, object] = {"split": split, "method": method, "links": len(hits)}
            for name, values in (("hits_at_10", hits), ("mrr", reciprocal)):
                mean, low, high = _bootstrap(values, rng)
                row.update({name: mean, f"{name}_low": low, f"{name}_high": high})
            rows.append(row)
    return pd.DataFrame(rows)


def feature_table(evaluation: Evaluation) -> pd.DataFrame:
    """The model's features by mean importance over the random-split runs (impurity
    decrease of the boosted trees, on training rows only)."""
    found = [r.importance for r in evaluation.runs if r.split == "random" and len(r.importance)]
    if not found:
        return pd.DataFrame(columns=["feature", "importance", "importance_sd"])
    stacked = np.vstack(found)
    frame = pd.DataFrame(
        {
            "feature": list(FEATURES),
            "importance": stacked.mean(axis=0),
            "importance_sd": stacked.std(axis=0, ddof=1) if len(found) > 1 else np.nan,
        }
    )
    return frame.sort_values("importance", ascending=False, ignore_index=True)


def notes(evaluation: Evaluation) -> list[str]:
    """Why a run measured nothing, if any did."""
    return [f"{r.split} split (seed {r.seed}): {r.note}" for r in evaluation.runs if r.note]


def _with_max(evaluation: Evaluation) -> str:
    return (
        f"each run ranks up to {evaluation.max_links} hidden links against every candidate of "
        "their anchor; PR-AUC on one random non-partner per hidden link"
    )


def describe(evaluation: Evaluation) -> str:
    """One sentence on how the figures were made."""
    seeds = sum(r.split == "random" for r in evaluation.runs)
    return (
        f"Random split: {seeds} seeds hiding 10 % of the links, 95 % "
        "t-intervals over seeds; temporal split: links established before 2000 against those "
        f"from 2000 on, 95 % bootstrap intervals; {_with_max(evaluation)}. Features and models "
        "come from each split's training graph only. Links: current twinnings only (suspended "
        "and ended ones are no evidence). Candidates: registry places and "
        f"{evaluation.outsiders:,} GeoNames towns outside the registry."
    )
