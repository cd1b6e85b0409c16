"""``twintowns export``: every twinning in a format a researcher's tools read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from twintowns.cli.dates import AsOf, day
from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import writable_output
from twintowns.export import ExportFormat


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
    from twintowns.cli.progress import open_registry
    from twintowns.cli.render import make_console, safe
    from twintowns.export import export
    from twintowns.settings import Settings
    from twintowns.untrusted import strip_controls

    if output is not None:
        writable_output(output)  # before the export's seconds of work, not after
    settings = ctx.find_object(Settings) or Settings()
    text = export(open_registry(settings), fmt, day(as_of, "--as-of"))
    if output is None:
        # Piped, the data goes out as it is; on a terminal, no control character reaches it.
        sys.stdout.write(strip_controls(text) if sys.stdout.isatty() else text)
        return
    output.write_text(text, encoding="utf-8")
    make_console(stderr=True).print(f"wrote {safe(output)}", highlight=False)
