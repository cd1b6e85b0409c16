"""Plots of the lab (matplotlib, no pyplot state): degree distribution, distance against the null
model, decade histogram and country heat map, written as PNG and SVG or inlined as SVG.

Figures are built on :class:`matplotlib.figure.Figure` directly, so nothing depends on a
display or a global backend (the Agg canvas renders them).  Every figure's footnote names the
registry snapshot it was drawn from.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from twintowns.analysis import tails
from twintowns.analysis.bands import BAND_LABELS, BandTest
from twintowns.analysis.data import Provenance, provenance_of
from twintowns.analysis.degrees import PowerLawFit
from twintowns.analysis.geography import PAIR_SAMPLES, DistanceTest
from twintowns.analysis.history import MIN_DATED
from twintowns.analysis.nullmodel import NullModel

WAVES = {1945: "1945", 1956: "1956", 1989: "1989"}


def _plain_log(axes: Axes) -> None:
    """Log-scale tick labels as plain numbers (0.001, 100) rather than slow mathtext."""
    for axis in (axes.xaxis, axes.yaxis):
        if axis.get_scale() == "log":
            axis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))


def _footnote(figure: Figure, provenance: Provenance | None) -> None:
    """Name the snapshot under the plot, below the axis labels."""
    if provenance is not None:
        figure.subplots_adjust(bottom=0.2)
        text = f"snapshot {provenance.snapshot.fingerprint} ({provenance.snapshot.origin})"
        figure.text(0.01, 0.01, text, fontsize=6, color="grey")


def degree_plot(distribution: pd.DataFrame, fit: PowerLawFit | None = None) -> Figure:
    """Complementary cumulative degree distribution on log-log axes, with the tail power law
    and the best-fitting distribution of the tail (by AIC), scaled to the tail's share."""
    figure = Figure(figsize=(6, 4.4))
    axes = figure.add_subplot()
    n = int(distribution["places"].sum()) if len(distribution) else 0
    axes.loglog(
        distribution["degree"], distribution["ccdf"], "o", ms=3, label=f"places (n = {n:,})"
    )
    title = "Degree distribution"
    if fit is not None and not math.isnan(fit.tail_exponent) and len(distribution):
        at_xmin = distribution.loc[distribution["degree"] >= fit.tail_xmin, "ccdf"]
        if len(at_xmin):
            share = float(at_xmin.iloc[0])
            k = np.geomspace(fit.tail_xmin, float(distribution["degree"].max()), 50)
            line = share * (k / fit.tail_xmin) ** (1 - fit.tail_exponent)
            axes.loglog(k, line, ":", color="grey", label=f"power law γ = {fit.tail_exponent:.2f}")
            if fit.best != "power_law" and fit.best_ccdf[0]:
                degrees, ccdf = (np.asarray(v, dtype=float) for v in fit.best_ccdf)
                label = f"best fit (AIC): {tails.NAMES[fit.best]}"
                axes.loglog(degrees, share * ccdf, "-", color="tab:red", label=label)
            p = (
                "not computed"
                if fit.gof_p is None
                else f"p = {fit.gof_p:.3f} ({fit.gof_samples} bootstrap samples)"
            )
            title = (
                f"Degree distribution; tail from degree {fit.tail_xmin:g}: "
                f"{fit.tail_n:,} places; power law {p}"
            )
    _plain_log(axes)
    axes.set_xlabel("degree (partners)")
    axes.set_ylabel("share of places with at least this degree")
    axes.set_title(title, fontsize=8)
    axes.legend(fontsize=7)
    _footnote(figure, provenance_of(distribution))
    return figure


def distance_plot(test: DistanceTest, bands: BandTest | None = None) -> Figure:
    """Twinnings per distance bin against the degree-only null's band, link probability, and
    (with ``bands``) observed/expected per band under all four null models."""
    panels = 3 if bands is not None else 2
    figure = Figure(figsize=(5 * panels, 4.4))
    if test.measured == 0:
        figure.text(0.5, 0.5, "No twinning has coordinates on both sides", ha="center")
        _footnote(figure, test.provenance)
        return figure
    axes = figure.subplots(1, panels)
    _fine_counts(axes[0], test, bands)
    _link_probability(axes[1], test)
    if bands is not None:
        _band_ratios(axes[2], bands)
    figure.suptitle(
        f"Does distance matter?  n = {test.measured:,} twinnings with coordinates "
        f"({test.unmeasured:,} without); {test.seeds} rewirings"
        + (f", {bands.samples} samples per stricter null" if bands is not None else "")
        + f"; {PAIR_SAMPLES:,} sampled place pairs for link probabilities",
        fontsize=9,
    )
    figure.subplots_adjust(wspace=0.35)
    _footnote(figure, test.provenance)
    return figure


def _mid(table: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Geometric middle of each distance bin (the first bin starts at 5 km on a log axis)."""
    lower = np.maximum(table["from_km"].to_numpy(dtype=float), 5.0)
    return np.asarray(np.sqrt(lower * table["to_km"].to_numpy(dtype=float)), dtype=float)


def _fine_counts(axes: Axes, test: DistanceTest, bands: BandTest | None) -> None:
    """Twinnings per distance bin (log counts, so the short bins show) against the
    degree-only null's band and, with ``bands``, the strictest null's (country pairs)."""
    table = test.table()
    mid = _mid(table)
    strict = _strict_null(bands, len(mid))
    if strict is not None and bands is not None:
        low, high = np.percentile(strict, [2.5, 97.5], axis=0)
        axes.fill_between(
            mid,
            np.maximum(low, 0.5),
            np.maximum(high, 0.5),
            alpha=0.45,
            color="tab:green",
            edgecolor="tab:green",
            linewidth=1.5,
            label=f"degree + country pairs null, 95% band ({bands.samples} samples)",
        )
    axes.fill_between(
        mid,
        np.maximum(table["null_low"], 0.5),  # log axis: an empty bin sits at its floor
        np.maximum(table["null_high"], 0.5),
        alpha=0.45,
        color="tab:orange",
        edgecolor="tab:orange",
        linewidth=1.5,
        label=f"degree-only null, {test.band:.0%} band ({test.seeds} rewirings)",
    )
    axes.plot(mid, table["null_mean"], "--", color="tab:orange", label="degree-only null, mean")
    axes.plot(mid, table["observed"], "o-", color="tab:blue", label="twinnings")
    axes.set_xscale("log")
    axes.set_yscale("log")
    _plain_log(axes)
    axes.set_xlabel("great-circle distance (km)")
    axes.set_ylabel("twinnings per distance bin (bins double)")
    axes.legend(fontsize=6)


def _strict_null(bands: BandTest | None, bins: int) -> np.ndarray[Any, np.dtype[np.float64]] | None:
    """The country-pair null's twinnings per fine bin (rows: samples), when it was run on the
    same bins."""
    if bands is None:
        return None
    found = [n for n in bands.nulls if n.model is NullModel.COUNTRY_PAIRS]
    if not found or found[0].fine.shape[1] != bins:
        return None
    return found[0].fine


def _link_probability(axes: Axes, test: DistanceTest) -> None:
    table = test.table()
    mid = _mid(table)
    axes.plot(mid, table["link_probability"], "o-", label="twinnings")
    axes.plot(mid, table["null_link_probability"], "--", label="degree-only null")
    axes.set_xscale("log")
    if (table["link_probability"] > 0).any():
        axes.set_yscale("log")
    _plain_log(axes)
    axes.set_xlabel("great-circle distance (km)")
    axes.set_ylabel(f"share of place pairs twinned ({test.places:,} places)")
    axes.legend(fontsize=7)


def _band_ratios(axes: Axes, bands: BandTest) -> None:
    x = np.arange(len(BAND_LABELS))
    width = 0.8 / len(bands.nulls)
    for k, null in enumerate(bands.nulls):
        values = np.asarray([bands.band_ratio(null.model, i) for i in range(len(BAND_LABELS))])
        finite = np.where(np.isfinite(values), values, np.nan)
        errors = np.abs(finite[:, [1, 2]].T - finite[:, 0])
        axes.errorbar(
            x + (k - (len(bands.nulls) - 1) / 2) * width,
            finite[:, 0],
            yerr=errors,
            fmt="o",
            capsize=3,
            label=null.model.value,
        )
    axes.axhline(1, color="grey", linestyle=":")
    axes.set_yscale("log")
    _plain_log(axes)
    axes.set_xticks(x, list(BAND_LABELS), fontsize=8)
    axes.set_xlabel("distance band")
    axes.set_ylabel("observed / expected twinnings")
    axes.set_title(f"{bands.coverage:.0%} intervals, {bands.samples} samples per model", fontsize=8)
    axes.legend(fontsize=7)


def decade_plot(decades: pd.DataFrame, since: int = 1900) -> Figure:
    """Twinnings established per decade from ``since``; the 1945, 1956 and 1989 waves are
    marked only when at least ``MIN_DATED`` twinnings are dated (else a handful of curated
    facts would pose as the history of twinning)."""
    figure = Figure(figsize=(7, 4))
    axes = figure.add_subplot()
    shown = decades[decades["decade"] >= since]
    axes.bar(shown["decade"], shown["signed"], width=8, align="edge")
    top = max(float(shown["signed"].max()) if len(shown) else 1.0, 1.0)
    share = decades.attrs.get("dated_share")
    if share is not None and share.enough:
        for step, (year, label) in enumerate(WAVES.items()):
            axes.axvline(year, color="grey", linestyle=":")
            axes.text(year + 1, top * (1.05 - 0.08 * step), label, fontsize=7, va="top")
    axes.set_ylim(0, top * 1.1)
    axes.set_xlim(since, max(2030, int(shown["decade"].max()) + 10 if len(shown) else 2030))
    earlier = int(decades.loc[decades["decade"] < since, "signed"].sum())
    axes.set_xlabel("decade")
    axes.set_ylabel("twinnings established")
    dated = share.line() if share is not None else f"{decades.attrs.get('undated', 0)} undated"
    note = "" if share is None or share.enough else f"; no waves marked (< {MIN_DATED} dated)"
    axes.set_title(
        f"Twinnings per decade: {dated}; {earlier} before {since} not shown{note}", fontsize=8
    )
    _footnote(figure, provenance_of(decades))
    return figure


def country_heatmap(matrix: pd.DataFrame) -> Figure:
    """The country x country matrix as a heat map (log scale: 1 + twinnings)."""
    size = max(4.0, 0.28 * len(matrix) + 2)
    figure = Figure(figsize=(size + 1, size))
    axes = figure.add_subplot()
    image = axes.imshow(np.log10(1 + matrix.to_numpy(dtype=float)), cmap="viridis")
    axes.set_xticks(range(len(matrix)), list(matrix.columns), rotation=90, fontsize=7)
    axes.set_yticks(range(len(matrix)), list(matrix.index), fontsize=7)
    figure.colorbar(image, ax=axes, label="log10(1 + twinnings)")
    axes.set_xlabel("country (ISO 3166-1)")
    axes.set_ylabel("country (ISO 3166-1)")
    total = int(np.triu(matrix.to_numpy(dtype=float)).sum())
    axes.set_title(f"Twinnings between the {len(matrix)} most twinned countries (n = {total:,})")
    _footnote(figure, provenance_of(matrix))
    return figure


def save_figure(figure: Figure, stem: Path) -> tuple[Path, Path]:
    """Write ``stem.png`` and ``stem.svg``; returns both paths."""
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    figure.savefig(png, dpi=150, bbox_inches="tight")
    with rc_context({"svg.fonttype": "none"}):  # text as text, not one path per glyph
        figure.savefig(svg, bbox_inches="tight")
    return png, svg


def svg_text(figure: Figure) -> str:
    """The figure as an SVG element to inline in HTML (no XML prologue)."""
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):  # text as text, not one path per glyph
        # no creation date: the same data draws the same bytes
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.find("<svg") :]
