"""``twintowns export``: every twinning in a format a researcher's tools read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from twintowns.cli.dates import AsOf, day
from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import writable_output
from twintowns.cli.options import IncludeDoubtful
from twintowns.export import ExportFormat


@translate_errors
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="Output format.")
    ] = ExportFormat.CSV,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
    as_of: AsOf = None,
    include_doubtful: IncludeDoubtful = False,
) -> None:
    """Export every twinning with its places, status, sources and licences.

    A CSV or Parquet file gets its attribution beside it, in NAME.attribution.txt.
    """
    from twintowns.cli.oneshot import keep_until_exit
    from twintowns.cli.progress import open_registry
    from twintowns.cli.render import make_console, safe
    from twintowns.export import render, selection, write_selection
    from twintowns.settings import Settings
    from twintowns.untrusted import strip_controls

    settings = ctx.find_object(Settings) or Settings()
    when = day(as_of, "--as-of")
    if output is not None:
        writable_output(output)  # before the export's seconds of work, not after
    chosen = selection(open_registry(settings), when, include_doubtful=include_doubtful)
    keep_until_exit()
    if output is not None:
        written = write_selection(chosen, fmt, output)
        make_console(stderr=True).print(
            "wrote " + ", ".join(safe(str(p)) for p in written), highlight=False
        )
        return
    data = render(fmt, chosen)
    if fmt.binary:
        sys.stdout.buffer.write(data)
        return
    # Piped, the data goes out as it is; on a terminal, no control character reaches it.
    text = data.decode()
    sys.stdout.write(strip_controls(text) if sys.stdout.isatty() else text)
