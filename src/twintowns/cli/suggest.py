"""``twintowns suggest``: partners a place might twin with next, from data, with reasons.

Thin over :mod:`twintowns.suggest`: resolve the place, open the registry's suggester (its
cache file; learnt once per data version, tens of seconds for the world), print the ranking.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import bounded
from twintowns.cli.options import AsJson


@translate_errors
def suggest_command(
    ctx: typer.Context,
    place: Annotated[str, typer.Argument(help="A place id, name, or 'Name, Country'.")],
    country: Annotated[
        str | None, typer.Option("--country", help="Only candidates in this country (ISO code).")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=100, help="How many candidates.")] = 10,
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
        found.id, country=bounded(country, "--country") if country else None, top=top
    )
    if as_json:
        sys.stdout.write(json_text(to_json(answer)))
        return
    console = make_console()
    where = f" in {answer.within}" if answer.within else ""
    console.print(
        safe(f"{answer.name} ({answer.country or '?'}): {answer.label}{where}"), highlight=False
    )
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
