"""``twintowns build`` and ``twintowns quality``: the world registry and its quality report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import writable_output
from twintowns.cli.options import AsJson, switch
from twintowns.cli.progress import open_registry, rich_progress
from twintowns.cli.render import json_text, make_console, safe
from twintowns.settings import Settings

if TYPE_CHECKING:  # the quality report (SciPy, reverse_geocode) is imported when it runs
    from twintowns.quality import QualityReport


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_object(Settings)  # also under `analyse`, a sub-app
    assert isinstance(settings, Settings)
    return settings


@translate_errors
def build(
    ctx: typer.Context,
    snapshot: Annotated[
        Path | None, typer.Option("--snapshot", help="Also write the world snapshot to this file.")
    ] = None,
    strict: Annotated[bool, switch("strict", "Stop at the first malformed source row.")] = False,
    without: Annotated[
        list[str] | None,
        typer.Option(
            "--without",
            help="Leave out a bundled world dataset, by name or source id (repeatable), "
            "e.g. --without germany-2015 --without czech-2013.",
        ),
    ] = None,
) -> None:
    """Build the full registry: the curated facts and every bundled world dataset."""
    if snapshot is not None:
        writable_output(snapshot, "--snapshot")
    # Imported here: the build's gazetteer pulls in SciPy, seconds every other command skips.
    from twintowns.build import build_registry

    with rich_progress() as progress:
        report = build_registry(
            _settings(ctx),
            snapshot_path=snapshot,
            strict=strict,
            progress=progress,
            without=without or (),
        )
    world = report.world
    console = make_console()
    console.print(
        f"built: {world.twinnings} twinnings, {world.places_created} new places; "
        f"{world.resolved_share:.2%} of {world.mentions} place mentions resolved, "
        f"{world.revised_by_partners} revised by partners, {world.review_items} to review, "
        f"{len(world.problems)} malformed rows skipped",
        highlight=False,
    )
    for problem in world.problems[:10]:
        console.print(f"  skipped {safe(problem)}", highlight=False)


def _table(report: QualityReport) -> Table:
    table = Table(title="Registry quality")
    table.add_column("Measure")
    table.add_column("Count", justify="right")
    for key, value in report.counts.items():
        table.add_row(safe(key.replace("_", " ")), f"{value:,}")
    return table


def _checks(report: QualityReport) -> Table:
    table = Table(title="Graph checks (every twinning; twinned real places)")
    for name in ("Check", "Count", "Out of", "Share", "Meaning"):
        table.add_column(name, justify="right" if name in ("Count", "Out of", "Share") else "left")
    for c in report.checks:
        share = "" if c.share is None else f"{c.share:.1%}"
        table.add_row(safe(c.name), f"{c.count:,}", f"{c.out_of:,}", share, safe(c.meaning))
    return table


def _per_source(report: QualityReport) -> Table:
    keys = sorted({k for counts in report.per_source.values() for k in counts})
    table = Table(title="Per source")
    table.add_column("Source")
    for key in keys:
        table.add_column(safe(key.replace("_", " ")), justify="right")
    for source, counts in sorted(report.per_source.items()):
        table.add_row(safe(source), *(f"{counts.get(k, 0):,}" for k in keys))
    return table


@translate_errors
def quality(
    ctx: typer.Context,
    as_json: AsJson = False,
    dormant_years: Annotated[
        int | None,
        typer.Option(
            "--dormant-years",
            min=1,
            max=200,
            help="Years without recorded activity or attestation that make a twinning "
            "'dormant?' (a question, not a status; default: the dormant_years setting, 10).",
        ),
    ] = None,
) -> None:
    """Report what the registry holds and what is doubtful, overall and per source.

    With the checks researchers run on Wikidata P190: one-sided links, duplicates across
    levels, non-town endpoints, missing coordinates, countries and populations.
    """
    from twintowns.quality import TRUTH_KEYS, quality_report

    settings = _settings(ctx)
    years = dormant_years or settings.dormant_years
    report = quality_report(open_registry(settings).engine, dormant_years=years)
    if as_json:
        sys.stdout.write(json_text(report.as_json()))
        return
    console = make_console()
    console.print(_table(report))
    console.print(_checks(report))
    console.print(_per_source(report))
    for name, count, examples in report.largest_problems():
        console.print(
            f"[bold]{safe(name.replace('_', ' '))}[/] ({count:,}), e.g.: "
            + safe("; ".join(examples)),
            highlight=False,
        )
    for key in TRUTH_KEYS:
        if report.counts.get(key):
            console.print(
                f"[bold]{safe(key.replace('_', ' '))}[/] ({report.counts[key]:,}), e.g.:",
                highlight=False,
            )
            for example in report.examples[key]:
                console.print(f"  {safe(example)}", highlight=False)
    console.print(
        f"[bold]dormant?[/] ({len(report.dormant):,}): no recorded activity or attestation "
        f"for {report.dormant_years} years (a question, not a status); the quietest:",
        highlight=False,
    )
    for quiet in report.dormant[:10]:
        console.print(
            safe(f"  {quiet.twinning_id}: last sign {quiet.last_sign.isoformat()}"),
            highlight=False,
        )
    explained = [lapse for lapse in report.lapsed if lapse.explained_by]
    console.print(f"lapsed? candidates explained by curated events ({len(explained)}):")
    for lapse in explained:
        console.print(
            safe(f"  {lapse.a_name} – {lapse.b_name}: {lapse.explained_by}"), highlight=False
        )
