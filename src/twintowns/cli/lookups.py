"""What ``twintowns show`` and ``twintowns search`` print, shared by the Typer commands
(:mod:`twintowns.cli.commands`) and the quick path that answers them without Typer or
SQLAlchemy (:mod:`twintowns.cli.quick`), so both print the very same thing."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twintowns.lookup import PlaceSource
    from twintowns.model import Place


def print_json(value: Any) -> None:
    """``value`` as the stable JSON of :func:`twintowns.views.to_json`, on standard output."""
    from twintowns.cli.render import json_text
    from twintowns.views import to_json

    sys.stdout.write(json_text(to_json(value)))


def show_place(
    registry: PlaceSource,
    place: str,
    when: dt.date | None,
    *,
    as_json: bool,
    include_doubtful: bool,
) -> None:
    """Print ``place``'s partners as of ``when``: a table, the disputed steps (one line
    each) and the bibliography, or the JSON form.  Nothing is printed before the answer is
    complete (the quick path relies on it: on an error it hands over to the full path).

    Raises
    ------
    AmbiguousNameError, NotFoundError, InputError
        From :meth:`Registry.resolve`.
    """
    from twintowns.views import describe_place, with_disputes, without_doubtful

    view = describe_place(registry, place, when)
    view = with_disputes(view)  # what each source says of a disputed step
    if not include_doubtful:
        view = without_doubtful(view)
    if as_json:
        print_json(view)
        return
    from twintowns.cli.render import bibliography, dispute_lines, make_console, place_view_table

    console = make_console()
    console.print(place_view_table(view))
    for line in dispute_lines(view):
        console.print(line, highlight=False, soft_wrap=True)  # one line per step, greppable
    for line in bibliography(view.sources):
        console.print(line, highlight=False)


def print_places(places: list[Place], *, as_json: bool) -> None:
    """Print what a search found: a table, or the JSON form."""
    if as_json:
        print_json(places)
        return
    from twintowns.cli.render import make_console, places_table

    make_console().print(places_table(places))
