"""``twintowns ingest``: load Wikidata's P190 statements from a dump or a query result.

The commands are thin: they build a source from :mod:`twintowns.sources.wikidata`, show a
progress bar (bytes/s and entities/s) while a dump is read, and hand the source to the
importer, which resolves places and loads claims and events in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import writable_output
from twintowns.cli.options import switch
from twintowns.cli.progress import open_registry
from twintowns.cli.render import make_console, safe
from twintowns.filesize import check_size
from twintowns.settings import Settings
from twintowns.sources import ClaimSource
from twintowns.sources.wikidata import ProgressUpdate, WikidataDumpSource
from twintowns.sources.wikidata.sparql import WikidataSparqlSource, p190_query
from twintowns.sources.wikidata.wdqs import WDQS_ENDPOINT, fetch_sparql

ingest_app = typer.Typer(
    help="Ingest twinnings from external sources.", no_args_is_help=True, rich_markup_mode=None
)

Strict = Annotated[bool, switch("strict", "Fail on the first malformed record.")]
AllowEmpty = Annotated[
    bool, switch("allow-empty", "Accept a source without claims (empties its dataset).")
]
Snapshot = Annotated[
    str | None,
    typer.Option("--snapshot", help="Date of the data (YYYY-MM-DD); default: from the name."),
]


class ResultFormat(StrEnum):
    """Formats the query service can answer in."""

    JSON = "json"
    CSV = "csv"


class Split(StrEnum):
    """How a dump is split over the workers (see ``twintowns.sources.wikidata.plan``)."""

    AUTO = "auto"
    MEMBERS = "members"
    INDEX = "index"


# the CLI's names of the reader's decompression modes
_DECOMPRESSION = {Split.AUTO: "auto", Split.MEMBERS: "members", Split.INDEX: "indexed"}


class _EntityRate(ProgressColumn):
    """Entities (dump lines) per second of a dump-reading task."""

    def render(self, task: Task) -> Text:
        entities = int(task.fields.get("entities", 0))
        elapsed = task.elapsed or 0.0
        rate = entities / elapsed if elapsed > 0 else 0.0
        return Text(f"{entities:,} entities, {rate:,.0f}/s", style="progress.data.speed")


@contextmanager
def _dump_progress() -> Iterator[Any]:
    """A progress display; yields the callback to give the dump source."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        _EntityRate(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=make_console(stderr=True), transient=True) as progress:
        tasks: dict[str, Any] = {}

        def update(step: ProgressUpdate) -> None:
            if step.phase not in tasks:
                tasks[step.phase] = progress.add_task(
                    safe(f"reading ({step.phase})"), total=step.total
                )
            progress.update(tasks[step.phase], completed=step.done, entities=step.entities)

        yield update


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.obj if isinstance(ctx.obj, Settings) else None
    if settings is None and ctx.parent is not None:
        settings = ctx.parent.obj if isinstance(ctx.parent.obj, Settings) else None
    return settings or Settings()


def _import(
    ctx: typer.Context, source: ClaimSource, strict: bool, allow_empty: bool = False
) -> str:
    """Import ``source`` in one transaction; a one-line summary of what was written."""
    # Imported here: the resolver's gazetteer pulls in SciPy, seconds every other command skips.
    from twintowns.sources.importer import import_source

    report = import_source(
        open_registry(_settings(ctx)), source, strict=strict, allow_empty=allow_empty
    )
    written = ", ".join(f"{n} {table}" for table, n in (report.written or {}).items() if n)
    return f"wrote {written or 'nothing'}"  # table names and counts: no data text


@ingest_app.command("wikidata-dump")
@translate_errors
def wikidata_dump(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A Wikidata JSON dump (.json, .json.gz, .bz2).")],
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler, e.g. tcp://HOST:8786.")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Local processes reading at once (this one included); with --scheduler, the "
            "cluster's workers the dump is cut for (at least 8 ranges and 4 second-pass tasks "
            "each), no local process.",
        ),
    ] = 1,
    split: Annotated[
        Split,
        typer.Option(
            "--split",
            help="members: cut a gzip at member starts (many small members, as Wikimedia "
            "writes them); index: through a seek-point index, any gzip or bzip2 (the first "
            "read builds it beside the dump, later reads split at its seek points); auto: "
            "members when the gzip has small members, else index.",
        ),
    ] = Split.AUTO,
    strict: Strict = False,
    snapshot: Snapshot = None,
    allow_empty: AllowEmpty = False,
) -> None:
    """Load every P190 statement of a dump as claims, with signing and ending events."""
    with _dump_progress() as progress:
        source = WikidataDumpSource(
            file,
            snapshot=snapshot,
            workers=workers,
            scheduler=scheduler,
            progress=progress,
            decompression=_DECOMPRESSION[split],
        )
        outcome = _import(ctx, source, strict, allow_empty)
    report = source.report
    make_console().print(
        f"{safe(source.info.id)}: {report.statements} P190 statements ({report.deprecated} "
        f"deprecated), {report.places} places read, {report.problems} problems; {outcome}",
        highlight=False,
    )


@ingest_app.command("wikidata-sparql")
@translate_errors
def wikidata_sparql(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A saved query result (.json or .csv).")],
    strict: Strict = False,
    snapshot: Snapshot = None,
    allow_empty: AllowEmpty = False,
) -> None:
    """Load a saved Wikidata Query Service result of the P190 query."""
    # A saved result is read whole, so it is bounded like any data file (dumps are streamed).
    check_size(file, _settings(ctx).max_file_bytes)
    source = WikidataSparqlSource(file, snapshot=snapshot)
    outcome = _import(ctx, source, strict, allow_empty)
    make_console().print(f"{safe(source.info.id)}: {outcome}", highlight=False)


@ingest_app.command("fetch-sparql")
@translate_errors
def fetch_sparql_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to save the result in.")],
    fmt: Annotated[ResultFormat, typer.Option("--format")] = ResultFormat.JSON,
    endpoint: Annotated[str, typer.Option(help="SPARQL endpoint.")] = WDQS_ENDPOINT,
    show_query: Annotated[bool, switch("show-query", "Only print the query.")] = False,
) -> None:
    """Run the P190 query on the Wikidata Query Service and save the result."""
    if show_query:
        typer.echo(p190_query())
        return
    writable_output(output)
    size = fetch_sparql(p190_query(), output, fmt=fmt.value, endpoint=endpoint)
    make_console(stderr=True).print(f"wrote {safe(output)} ({size:,} bytes)", highlight=False)
