"""The ``twintowns`` command's Typer app: thin over :mod:`twintowns.registry` and
:mod:`twintowns.views` (the console script is :func:`twintowns.cli.app.main`).

A command imports what it uses when it runs, so that ``twintowns --help`` and the lookups
(``show``, ``search``, ``events``) start in a fraction of a second; the commands that stand on
the numerical stack, the API or the build are loaded on first use (:mod:`twintowns.cli.lazy`).
Help is plain text (``rich_markup_mode=None``): it needs no rich import, and on/off options
read ``--json/--no-json`` rather than ``--json <bool>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from twintowns.cli.dates import AsOf, day
from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import bounded
from twintowns.cli.lazy import LazyGroup
from twintowns.cli.options import AsJson, IncludeDoubtful
from twintowns.errors import InputError

if TYPE_CHECKING:
    from twintowns.model import EventType
    from twintowns.registry import Registry
    from twintowns.settings import Settings

app = typer.Typer(
    cls=LazyGroup,
    help="twintowns: the open registry of the world's town twinning.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _settings(ctx: typer.Context) -> Settings:
    from twintowns.settings import Settings

    settings = ctx.find_object(Settings)
    assert settings is not None  # the group's callback made it
    return settings


def _registry(ctx: typer.Context) -> Registry:
    from twintowns.cli.progress import open_registry

    return open_registry(_settings(ctx))


def _print_json(value: Any) -> None:
    from twintowns.cli.lookups import print_json

    print_json(value)


@app.callback()
def _main(
    ctx: typer.Context,
    database: Annotated[
        str | None,
        typer.Option("--database", help="Database URL (default: $TWINTOWNS_DATABASE_URL)."),
    ] = None,
) -> None:
    from twintowns.settings import Settings

    ctx.obj = Settings(database_url=database) if database else Settings()


@app.command()
@translate_errors
def init(ctx: typer.Context) -> None:
    """Create or migrate the registry database, filling it with the bundled data if empty."""
    from twintowns.cli.render import make_console, safe
    from twintowns.store import current_revision

    registry = _registry(ctx)
    reader = registry.reader
    make_console().print(
        f"registry ready at revision {safe(current_revision(registry.engine))}: "
        f"{reader.count('places')} places, {reader.count('twinnings')} twinnings, "
        f"{reader.count('sources')} sources",
        highlight=False,
    )


@app.command()
@translate_errors
def show(
    ctx: typer.Context,
    place: Annotated[str, typer.Argument(help="A place id, name, or 'Name, Country'.")],
    as_of: AsOf = None,
    as_json: AsJson = False,
    include_doubtful: IncludeDoubtful = False,
) -> None:
    """Show a place's partners: kind, since, status, each side's claim and sources."""
    from twintowns.cli.lookups import show_place

    when = day(as_of, "--as-of")
    show_place(
        _registry(ctx),
        bounded(place, "PLACE"),
        when,
        as_json=as_json,
        include_doubtful=include_doubtful,
    )


@app.command()
@translate_errors
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A name or its beginning, in any language.")],
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: AsJson = False,
) -> None:
    """Find places by name (case and accents ignored)."""
    from twintowns.cli.lookups import print_places

    print_places(_registry(ctx).search(bounded(text, "TEXT"), limit), as_json=as_json)


def _event_types(text: str | None) -> list[EventType]:
    from twintowns.model import EventType

    if not text:
        return []
    types = []
    for part in (p.strip() for p in bounded(text, "--type").split(",") if p.strip()):
        try:
            types.append(EventType(part))
        except ValueError:
            known = ", ".join(t.value for t in EventType)
            raise InputError(f"--type: unknown event type {part!r} (known: {known})") from None
    return types


@app.command()
@translate_errors
def events(
    ctx: typer.Context,
    type_: Annotated[
        str | None, typer.Option("--type", help="Comma-separated event types.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only events on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only events on or before this date.")] = None,
    as_json: AsJson = False,
) -> None:
    """List dated events of twinnings (signings, suspensions, endings...)."""
    from twintowns.cli.render import events_table, make_console
    from twintowns.views import list_events

    views = list_events(
        _registry(ctx),
        _event_types(type_),
        day(since, "--since", first=True),
        day(until, "--until"),
    )
    if as_json:
        _print_json(views)
    else:
        make_console().print(events_table(views))
