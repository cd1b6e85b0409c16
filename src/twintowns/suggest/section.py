"""The lab report's section on partner suggestions: the evaluation's tables and a plot.

:func:`suggestion_section` runs a report-sized evaluation (:data:`REPORT_SEEDS` random splits
and the temporal split, :data:`REPORT_LINKS` hidden links ranked per run: a minute or two for
the world; ``benchmarks/suggest.py`` runs the full five seeds) and lays out the table of
every method with 95 % intervals, the model against the best baseline, the top features and
a plot of Hits@10 per method and split with its interval.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from twintowns.analysis.data import RegistryData, stamp
from twintowns.analysis.html import Section
from twintowns.analysis.plots import svg_text
from twintowns.suggest.evaluate import METHODS
from twintowns.suggest.report import (
    Evaluation,
    describe,
    evaluation_table,
    feature_table,
    new_place_table,
    notes,
    run_evaluation,
    target_table,
)

REPORT_SEEDS = 2
REPORT_LINKS = 100


def hits_plot(table: pd.DataFrame) -> Figure:
    """Hits@10 of every method in each split, with its 95 % interval."""
    figure = Figure(figsize=(8, 3.6))
    axes = figure.add_subplot()
    splits = [s for s in ("random", "temporal") if s in set(table["split"])]
    width = 0.8 / max(len(splits), 1)
    positions = np.arange(len(METHODS))
    for k, split in enumerate(splits):
        part = table[table["split"] == split].set_index("method").reindex(list(METHODS))
        mean = part["hits_at_10"].to_numpy(dtype=float)
        low = np.nan_to_num(mean - part["hits_at_10_low"].to_numpy(dtype=float))
        high = np.nan_to_num(part["hits_at_10_high"].to_numpy(dtype=float) - mean)
        axes.bar(
            positions + k * width,
            np.nan_to_num(mean),
            width,
            yerr=[np.maximum(low, 0), np.maximum(high, 0)],
            capsize=3,
            label=f"{split} split",
        )
    axes.set_xticks(positions + width * (len(splits) - 1) / 2)
    axes.set_xticklabels([m.replace(" (", "\n(") for m in METHODS], fontsize=7)
    axes.set_ylabel("Hits@10 (share of hidden links)")
    axes.legend(fontsize=7)
    figure.tight_layout()
    return figure


def _target_lines(target: pd.DataFrame) -> list[str]:
    lines = []
    for row in target.to_dict("records"):
        gain = float(row["relative_gain"])
        verdict = "met" if row["target_met"] else "not met"
        shown = "n/a" if math.isnan(gain) else f"{gain:+.0%}"
        lines.append(
            f"{row['split']} split: model Hits@10 {float(row['model_hits_at_10']):.3f} against "
            f"{row['best_baseline'] or 'no baseline'} {float(row['baseline_hits_at_10']):.3f} "
            f"({shown} relative; the +20 % target is {verdict}; {row['links_ranked']} links "
            "ranked per run)."
        )
    return lines


def evaluation_section(data: RegistryData, evaluation: Evaluation) -> Section:
    """The section of an evaluation already run on ``data``."""
    section = Section("suggestions", "Partner suggestions: how good are they?")
    section.text(
        "A model ranks, for a place, the places of a comparable level it is not twinned with; "
        "these are suggestions from data, not facts. " + describe(evaluation)
    )
    provenance = data.provenance("partner-suggestion evaluation (twintowns.suggest)")
    table = evaluation_table(evaluation)
    for line in _target_lines(target_table(table)):
        section.text(line, "verdict")
    section.table(stamp(table.round(4), provenance))
    if len(table):
        section.figure(svg_text(hits_plot(table)), "Hits@10 per method and split (95 % intervals)")
    section.heading("Partners with no twinning yet")
    section.text(
        "The same rankings, on the hidden links whose partner had no link in the training "
        "graph: a town with no twinning yet, as the GeoNames towns outside the registry are "
        "(network scores are zero for them, so only the model and gravity can rank them)."
    )
    section.table(stamp(new_place_table(evaluation).round(4), provenance))
    section.heading("Top features of the model")
    section.table(stamp(feature_table(evaluation).round(4), provenance))
    for line in notes(evaluation):
        section.text(f"Note: {line}")
    return section


def suggestion_section(data: RegistryData) -> Section:
    """The report's section: a report-sized evaluation of ``data``'s registry snapshot."""
    found = run_evaluation(data.registry_snapshot, seeds=REPORT_SEEDS, max_links=REPORT_LINKS)
    return evaluation_section(data, found)


def pointer_section(data: RegistryData) -> Section:
    """The report's section when the evaluation was not asked for: what it is and how to get
    it (the evaluation trains models and ranks thousands of hidden links: minutes, not
    seconds, on the world)."""
    section = Section("suggestions", "Partner suggestions: how good are they?")
    section.text(
        "twintowns suggests partners for a place from the registry's twinnings (`twintowns "
        "suggest PLACE`): suggestions from data, not facts. How good they are is measured on "
        "links the model never saw, against the classic baselines; that evaluation is not part "
        f"of this report ({len(data.twinnings):,} twinnings read). Run `twintowns report "
        "--suggestions` (a minute or two more) or `twintowns analyse suggest-eval` for its "
        "tables and plot."
    )
    return section
