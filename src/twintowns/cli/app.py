"""The ``twintowns`` command: thin over :mod:`twintowns.registry`, :mod:`twintowns.views` and
:mod:`twintowns.export`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from twintowns.cli.analyse import analyse_app, report_command
from twintowns.cli.build import build, quality
from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import bounded, writable_output
from twintowns.cli.learn import learn_app
from twintowns.cli.render import (
    bibliography,
    events_table,
    json_text,
    make_console,
    place_view_table,
    places_table,
    safe,
)
from twintowns.cli.review import review_app
from twintowns.cli.serve import serve
from twintowns.cli.wikidata import ingest_app
from twintowns.errors import InputError
from twintowns.export import ExportFormat, export
from twintowns.model import DOUBTFUL_BELOW, EventType, FuzzyDate
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.catalogue import get_source
from twintowns.sources.curated import bundled_curated_dir, load_curated
from twintowns.sources.importer import import_source
from twintowns.store import current_revision
from twintowns.untrusted import strip_controls
from twintowns.views import PlaceView, describe_place, list_events, to_json

app = typer.Typer(
    help="twintowns: the open registry of the world's town twinning.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
load_app = typer.Typer(help="Load data into the registry.", no_args_is_help=True)
app.add_typer(load_app, name="load")
app.add_typer(ingest_app, name="ingest")
app.add_typer(review_app, name="review")
app.add_typer(learn_app, name="learn")
app.add_typer(analyse_app, name="analyse")
app.command("report")(report_command)
app.command("build")(build)
app.command("quality")(quality)
app.command("serve")(serve)

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluate statuses on this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
IncludeDoubtful = Annotated[
    bool,
    typer.Option(
        "--include-doubtful",
        help="Also twinnings whose places were resolved with little confidence (below 0.9).",
    ),
]


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return settings


def _print_json(value: Any) -> None:
    sys.stdout.write(json_text(to_json(value)))


def without_doubtful(view: PlaceView) -> PlaceView:
    """The view without partners whose twinning is doubtful (its best claim's resolution
    confidence below :data:`~twintowns.model.twinning.DOUBTFUL_BELOW`), nor their sources."""
    kept = tuple(
        p
        for p in view.partners
        if max((c.confidence for c in p.claims), default=1.0) >= DOUBTFUL_BELOW
    )
    used = {s for p in kept for s in p.source_ids}
    sources = {k: v for k, v in view.sources.items() if k in used}
    return dataclasses.replace(view, partners=kept, sources=sources)


def _day(text: str | None, option: str, *, first: bool = False) -> dt.date | None:
    """Parse a date option; a year or month means its last day (its first with ``first``)."""
    if text is None:
        return None
    try:
        date = FuzzyDate.parse(bounded(text, option))
    except InputError as exc:
        raise InputError(f"{option}: {exc.message}") from exc
    return date.start if first else date.end


@app.callback()
def _main(
    ctx: typer.Context,
    database: Annotated[
        str | None,
        typer.Option("--database", help="Database URL (default: $TWINTOWNS_DATABASE_URL)."),
    ] = None,
) -> None:
    ctx.obj = Settings(database_url=database) if database else Settings()


@app.command()
@translate_errors
def init(ctx: typer.Context) -> None:
    """Create or migrate the registry database, filling it with the bundled data if empty."""
    registry = Registry.open(_settings(ctx))
    reader = registry.reader
    make_console().print(
        f"registry ready at revision {safe(current_revision(registry.engine))}: "
        f"{reader.count('places')} places, {reader.count('twinnings')} twinnings, "
        f"{reader.count('sources')} sources",
        highlight=False,
    )


AllowEmpty = Annotated[
    bool,
    typer.Option(
        "--allow-empty",
        help="Accept empty files and a load that replaces a dataset (or a source) with no rows.",
    ),
]


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
    bundle = load_curated(path, _settings(ctx).max_file_bytes, allow_empty=allow_empty)
    registry = Registry.open(_settings(ctx).model_copy(update={"auto_load": False}))
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
    strict: Annotated[bool, typer.Option("--strict", help="Fail on the first bad row.")] = False,
    allow_empty: AllowEmpty = False,
) -> None:
    """Import one source's claims as its own dataset (all or nothing; a reimport replaces it)."""
    source = get_source(name, **_options(option or []))
    registry = Registry.open(_settings(ctx).model_copy(update={"auto_load": False}))
    report = import_source(registry, source, strict=strict, allow_empty=allow_empty)
    written = ", ".join(f"{n} {table}" for table, n in report.written.items() if n)
    make_console().print(
        f"{report.dataset}: wrote {written or 'nothing'}; {len(report.problems)} rows skipped",
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
    """Show a place's partners: kind, since, status, each side's claim and sources (doubtful
    twinnings only with --include-doubtful)."""
    day = _day(as_of, "--as-of")
    view = describe_place(Registry.open(_settings(ctx)), bounded(place, "PLACE"), day)
    if not include_doubtful:
        view = without_doubtful(view)
    if as_json:
        _print_json(view)
        return
    console = make_console()
    console.print(place_view_table(view))
    for line in bibliography(view.sources):
        console.print(line, highlight=False)


@app.command()
@translate_errors
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A name or its beginning, in any language.")],
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: AsJson = False,
) -> None:
    """Find places by name (case and accents ignored)."""
    places = Registry.open(_settings(ctx)).search(bounded(text, "TEXT"), limit)
    if as_json:
        _print_json(places)
    else:
        make_console().print(places_table(places))


def _event_types(text: str | None) -> list[EventType]:
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
    views = list_events(
        Registry.open(_settings(ctx)),
        _event_types(type_),
        _day(since, "--since", first=True),
        _day(until, "--until"),
    )
    if as_json:
        _print_json(views)
    else:
        make_console().print(events_table(views))


@app.command("export")
@translate_errors
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="Output format.")
    ] = ExportFormat.CSV,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
    as_of: AsOf = None,
) -> None:
    """Export every twinning with its status, sources and licences."""
    if output is not None:
        writable_output(output)  # before the export's seconds of work, not after
    text = export(Registry.open(_settings(ctx)), fmt, _day(as_of, "--as-of"))
    if output is None:
        # Piped, the data goes out as it is; on a terminal, no control character reaches it.
        sys.stdout.write(strip_controls(text) if sys.stdout.isatty() else text)
        return
    output.write_text(text, encoding="utf-8")
    make_console(stderr=True).print(f"wrote {safe(output)}", highlight=False)


def main() -> None:
    """Console-script entry point."""
    app()
