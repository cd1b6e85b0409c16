"""Bounds on what the command line hands the library, checked before any work is done.

This module owns the CLI's argument limits (a place reference, a search text or a topic is at
most :data:`MAX_REFERENCE` characters; a flag note at most :data:`MAX_NOTE`) and the check that
an output file can be written (its folder exists and is writable, the path is not a folder),
done *first*, so a command never computes for half a minute and then fails with a traceback.
Both raise :class:`~twintowns.errors.InputError` (exit 2, one line).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from twintowns.errors import InputError

MAX_REFERENCE = 200
"""Longest place reference, search text, topic or item id accepted (characters)."""

MAX_NOTE = 2000
"""Longest free-text note (a flag's note) accepted (characters)."""


def bounded(text: str, what: str, limit: int = MAX_REFERENCE) -> str:
    """``text`` when it is at most ``limit`` characters long.

    Raises
    ------
    InputError
        Naming ``what`` (the argument or option) and the limit; the text itself is not
        repeated, since it is the thing that is too long.
    """
    if len(text) > limit:
        raise InputError(f"{what}: {len(text):,} characters is too long (at most {limit:,})")
    return text


def bounded_all(texts: Iterable[str] | None, what: str, limit: int = MAX_REFERENCE) -> list[str]:
    """Every text of a repeatable option through :func:`bounded`."""
    return [bounded(text, what, limit) for text in texts or []]


def writable_output(path: Path, what: str = "--output") -> Path:
    """``path`` when a file can be written there.

    Parameters
    ----------
    path:
        The file a command will write (created or replaced).
    what:
        The option naming it, for the message.

    Raises
    ------
    InputError
        If ``path`` is a folder, its parent is missing or not a folder, or either is not
        writable.
    """
    if path.is_dir():
        raise InputError(f"{what}: {str(path)!r} is a folder, not a file")
    parent = path.parent
    if not parent.exists():
        raise InputError(f"{what}: folder {str(parent)!r} does not exist")
    if not parent.is_dir():
        raise InputError(f"{what}: {str(parent)!r} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{what}: folder {str(parent)!r} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError(f"{what}: {str(path)!r} exists and is not writable")
    return path


def day(text: str | None, option: str, *, first: bool = False) -> dt.date | None:
    """Parse a date option; a year or month means its last day (its first with ``first``).

    Raises
    ------
    InputError
        For text that is not a date, naming ``option``.
    """
    if text is None:
        return None
    from twintowns.model import FuzzyDate

    try:
        date = FuzzyDate.parse(bounded(text, option))
    except InputError as exc:
        raise InputError(f"{option}: {exc.message}") from exc
    return date.start if first else date.end
