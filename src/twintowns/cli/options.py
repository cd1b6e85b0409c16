"""Option types several commands share, declared without importing the library."""

from __future__ import annotations

from typing import Annotated, Any

import typer


def switch(name: str, help_text: str) -> Any:
    """An on/off option, ``--NAME/--no-NAME`` (off by default at the parameter)."""
    return typer.Option(f"--{name}/--no-{name}", help=help_text)


AsJson = Annotated[bool, switch("json", "Machine-readable JSON output.")]
AllowEmpty = Annotated[
    bool,
    switch(
        "allow-empty",
        "Accept empty files and a load that replaces a dataset (or a source) with no rows.",
    ),
]
IncludeDoubtful = Annotated[
    bool,
    switch(
        "include-doubtful",
        "Also twinnings whose places were resolved with little confidence (below 0.9).",
    ),
]
