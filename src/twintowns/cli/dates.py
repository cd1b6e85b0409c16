"""Date options: ``--as-of``, ``--since``, ``--until``, parsed into days by
:func:`twintowns.cli.inputs.day` (which needs no Typer: the quick path uses it too)."""

from __future__ import annotations

from typing import Annotated

import typer

from twintowns.cli.inputs import day

__all__ = ["AsOf", "day"]

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluate statuses on this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
]
