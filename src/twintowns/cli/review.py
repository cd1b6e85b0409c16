"""``twintowns review``: the queue of doubtful name resolutions, and decisions on them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import bounded
from twintowns.cli.progress import open_registry
from twintowns.cli.render import make_console, safe
from twintowns.registry import Registry
from twintowns.review import accept, override, reject
from twintowns.settings import Settings

review_app = typer.Typer(
    help="Review doubtful name resolutions (decisions are kept in the overrides file).",
    invoke_without_command=True,
    rich_markup_mode=None,
)


def _registry(ctx: typer.Context) -> Registry:
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return open_registry(settings)


@review_app.callback()
@translate_errors
def list_queue(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option(help="Only this source id.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 25,
) -> None:
    """List the review queue, most-mentioned first."""
    if ctx.invoked_subcommand is not None:
        return
    if source is not None:
        bounded(source, "--source")
    items = _registry(ctx).reader.review_queue(source_id=source, limit=limit)
    table = Table(title="Resolutions to review")
    for column in ("Id", "Name", "Country", "×", "Taken as", "Method", "Conf.", "Source"):
        table.add_column(column, overflow="fold")
    for item_id, item in items:
        table.add_row(
            str(item_id),
            safe(item.name),
            safe(item.country),
            str(item.mentions),
            safe(item.place_id or "—"),
            safe(item.method),
            f"{item.confidence:.2f}",
            safe(item.citation),
        )
    make_console().print(table)


@review_app.command("accept")
@translate_errors
def accept_command(ctx: typer.Context, item: int) -> None:
    """Confirm the resolver's choice for ITEM."""
    decided = accept(_registry(ctx), item)
    make_console().print(
        safe(f"accepted: {decided.name} -> {decided.gazetteer_key}"), highlight=False
    )


@review_app.command("override")
@translate_errors
def override_command(
    ctx: typer.Context,
    item: int,
    place: Annotated[str, typer.Argument(help="A gazetteer key (gn:...) or a place id.")],
) -> None:
    """Resolve ITEM's name to PLACE instead."""
    decided = override(_registry(ctx), item, bounded(place, "PLACE"))
    make_console().print(safe(f"overridden: {decided.name} -> {place}"), highlight=False)


@review_app.command("reject")
@translate_errors
def reject_command(ctx: typer.Context, item: int) -> None:
    """Record that ITEM's name names no place to link."""
    decided = reject(_registry(ctx), item)
    make_console().print(safe(f"rejected: {decided.name}"), highlight=False)
