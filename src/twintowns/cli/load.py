"""``twintowns load curated|source``: validated loads into the registry, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from twintowns.cli.errors import translate_errors
from twintowns.cli.options import AllowEmpty, switch
from twintowns.errors import InputError

if TYPE_CHECKING:
    from twintowns.settings import Settings

load_app = typer.Typer(
    help="Load data into the registry.", no_args_is_help=True, rich_markup_mode=None
)


def _settings(ctx: typer.Context) -> Settings:
    from twintowns.settings import Settings

    settings = ctx.find_object(Settings)
    return settings if settings is not None else Settings()


@load_app.command("curated")
@translate_errors
def load_curated_command(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Option("--path", help="Folder of curated *.yaml (default: bundled).")
    ] = None,
    allow_empty: AllowEmpty = False,
) -> None:
    """Validate and load the curated facts (all or nothing)."""
    from twintowns.cli.render import make_console, safe
    from twintowns.registry import Registry
    from twintowns.sources.curated import bundled_curated_dir, load_curated

    settings = _settings(ctx)
    bundle = load_curated(path, settings.max_file_bytes, allow_empty=allow_empty)
    registry = Registry.open(settings.model_copy(update={"auto_load": False}))
    origin = str(path or bundled_curated_dir())
    counts = registry.load(bundle, action="load curated", allow_empty=allow_empty, origin=origin)
    summary = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
    make_console().print(f"loaded curated facts: {safe(summary)}", highlight=False)


def _options(pairs: list[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--option: expected KEY=VALUE, got {pair!r}")
        options[key.strip()] = value
    return options


@load_app.command("source")
@translate_errors
def load_source_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A source plug-in: csv, wikipedia-2026, ...")],
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-o", help="A source option as KEY=VALUE (repeatable)."),
    ] = None,
    strict: Annotated[bool, switch("strict", "Fail on the first bad row.")] = False,
    allow_empty: AllowEmpty = False,
) -> None:
    """Import one source's claims as its own dataset (all or nothing; a reimport replaces it)."""
    from twintowns.cli.render import make_console
    from twintowns.registry import Registry
    from twintowns.sources import get_source
    from twintowns.sources.importer import import_source

    source = get_source(name, **_options(option or []))
    registry = Registry.open(_settings(ctx).model_copy(update={"auto_load": False}))
    report = import_source(registry, source, strict=strict, allow_empty=allow_empty)
    written = ", ".join(f"{n} {table}" for table, n in report.written.items() if n)
    make_console().print(
        f"{report.dataset}: wrote {written or 'nothing'}; {len(report.problems)} rows skipped",
        highlight=False,
    )
