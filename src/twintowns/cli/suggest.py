"""``twintowns suggest`` (partners a place might twin with next, from data, with reasons) and
``twintowns analyse suggest-eval`` (how good those suggestions are on hidden links).

Thin over :mod:`twintowns.suggest`: resolve the place, open the registry's suggester (its
cache file; learnt once per data version, tens of seconds for the world), print the ranking.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import bounded
from twintowns.cli.options import AsJson

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table


@translate_errors
def suggest_command(
    ctx: typer.Context,
    place: Annotated[str, typer.Argument(help="A place id, name, or 'Name, Country'.")],
    country: Annotated[
        str | None, typer.Option("--country", help="Only candidates in this country (ISO code).")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=100, help="How many candidates.")] = 10,
    outsiders_only: Annotated[
        bool,
        typer.Option(
            "--outsiders-only",
            help="Only GeoNames towns outside the registry (no twinning known yet).",
        ),
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Suggest partners a place might twin with next: suggestions from data, not facts."""
    from twintowns.cli.progress import open_registry
    from twintowns.cli.render import json_text, make_console, safe
    from twintowns.settings import Settings
    from twintowns.suggest import open_suggester
    from twintowns.views import to_json

    registry = open_registry(ctx.find_object(Settings) or Settings())
    found = registry.resolve(bounded(place, "PLACE"))
    answer = open_suggester(registry).answer(
        found.id,
        country=bounded(country, "--country") if country else None,
        top=top,
        outsiders_only=outsiders_only,
    )
    if as_json:
        sys.stdout.write(json_text(to_json(answer)))
        return
    console = make_console()
    where = f" in {answer.within}" if answer.within else ""
    only = " (GeoNames towns outside the registry only)" if outsiders_only else ""
    console.print(
        safe(f"{answer.name} ({answer.country or '?'}): {answer.label}{where}{only}"),
        highlight=False,
    )
    console.print(safe(f"basis: {answer.basis}"), highlight=False)
    for rank, item in enumerate(answer.suggestions, 1):
        console.print(
            safe(
                f"{rank:>3}. {item.name} ({item.country or '?'}, {item.place_id})  "
                f"score {item.score:.2f}"
            ),
            highlight=False,
        )
        for reason in item.reasons:
            console.print(safe(f"       - {reason}"), highlight=False)


def _table(frame: pd.DataFrame, title: str) -> Table:
    """A data frame as a rich table (every cell as text, never markup)."""
    from rich.table import Table
    from rich.text import Text

    from twintowns.analysis.html import format_cell
    from twintowns.untrusted import strip_controls

    table = Table(title=title, title_justify="left")
    for column in frame.columns:
        table.add_column(str(column), overflow="fold")
    for row in frame.itertuples(index=False):
        cells = [format_cell(v, str(c)) for v, c in zip(row, frame.columns, strict=True)]
        table.add_row(*(Text(strip_controls(cell)) for cell in cells))
    return table


@translate_errors
def suggest_eval_command(
    ctx: typer.Context,
    seeds: Annotated[int, typer.Option(min=1, max=20, help="Random splits (seeds 0..N-1).")] = 5,
    max_links: Annotated[
        int, typer.Option(min=1, max=5000, help="Hidden links ranked per split.")
    ] = 200,
) -> None:
    """Evaluate partner suggestions on links hidden from them: random and temporal splits,
    the model beside the classic baselines, Hits@10, MRR and PR-AUC with 95 % intervals."""
    from twintowns.cli.progress import open_registry
    from twintowns.cli.render import make_console, safe
    from twintowns.settings import Settings
    from twintowns.suggest.report import (
        describe,
        evaluation_table,
        feature_table,
        notes,
        run_evaluation,
        target_table,
    )

    settings = ctx.find_object(Settings) or Settings()
    snapshot = open_registry(settings).snapshot()
    err = make_console(stderr=True)
    found = run_evaluation(
        snapshot,
        seeds=seeds,
        max_links=max_links,
        progress=lambda text: err.print(safe(text), highlight=False),
    )
    console = make_console()
    table = evaluation_table(found)
    console.print(safe(describe(found)), highlight=False)
    console.print(_table(table.round(4), "Partner suggestions: evaluation"))
    console.print(_table(target_table(table).round(4), "The model against the best baseline"))
    console.print(_table(feature_table(found).round(4), "Top features of the model"))
    for line in notes(found):
        console.print(safe(f"note: {line}"), highlight=False)
