"""The ``twintowns`` console script.

:func:`main` first offers the command line to the quick path (:mod:`twintowns.cli.quick`),
which answers ``show`` and ``search`` on a filled SQLite registry without importing Typer,
pydantic or SQLAlchemy (most of a lookup's start, issue 13); anything else, and anything the
quick path is unsure of, goes to the Typer app (:mod:`twintowns.cli.commands`), imported only
then.  ``from twintowns.cli.app import app`` still gives that app.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twintowns.cli.commands import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    from twintowns.cli.quick import answer

    if answer(sys.argv[1:], os.environ):
        return
    from twintowns.cli.commands import app as typer_app
    from twintowns.cli.oneshot import mark_one_shot

    mark_one_shot()
    typer_app()


def __getattr__(name: str) -> Any:
    """The Typer app (``app``), imported on first use."""
    if name == "app":
        from twintowns.cli.commands import app as typer_app

        return typer_app
    raise AttributeError(f"module 'twintowns.cli.app' has no attribute {name!r}")
