"""The one place library errors become exit codes and one-line messages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer

from twintowns.errors import AmbiguousNameError, TwintownsError

if TYPE_CHECKING:
    from rich.console import Console

P = ParamSpec("P")
R = TypeVar("R")


def report(error: TwintownsError, out: Console, err: Console) -> int:
    """Print ``error`` (ambiguities with their candidates) and return its exit code."""
    from twintowns.cli.render import candidates_table, safe  # rich: only when printing

    if isinstance(error, AmbiguousNameError):
        out.print(candidates_table(error))
    # soft_wrap: the message stays one line however long it is (a file path, a quoted input).
    err.print(f"error: {safe(error, one_line=True)}", highlight=False, soft_wrap=True)
    return error.exit_code


def translate_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Decorate a command so a :class:`TwintownsError` exits with its code and one line."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TwintownsError as error:
            from twintowns.cli.render import make_console

            raise typer.Exit(report(error, make_console(), make_console(stderr=True))) from error

    return wrapper
