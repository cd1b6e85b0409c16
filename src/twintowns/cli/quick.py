"""The quick path: ``twintowns show`` and ``twintowns search`` answered without Typer,
pydantic or SQLAlchemy, whose imports are most of a lookup's start (issue 13).

:func:`answer` takes the command line only when it is certain to answer exactly as the Typer
app would: a plain ``[--database URL] show PLACE [--as-of DATE] [--json] [--include-doubtful]``
or ``[--database URL] search TEXT [--limit N] [--json]`` (each switch also in its ``--no-``
form), no ``TWINTOWNS_*`` setting besides the database URL, and an SQLite registry that is
filled and at the newest schema (:func:`twintowns.store.lite.open_lite`).  It prints through
the same functions as the Typer commands (:mod:`twintowns.cli.lookups`), which print nothing
until the answer is complete.  Anything else (help, a typo, an unknown name, an ambiguous one,
a bad date, a PostgreSQL URL, a registry to fill or migrate) returns False before printing,
and the caller runs the Typer app, which answers, fills or reports as ever.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a command line is taken: --help and the rest pay nothing
    from twintowns.model import Place
    from twintowns.store.lite import LiteReader

_SWITCHES = {
    "show": {
        "--json": ("as_json", True),
        "--no-json": ("as_json", False),
        "--include-doubtful": ("include_doubtful", True),
        "--no-include-doubtful": ("include_doubtful", False),
    },
    "search": {"--json": ("as_json", True), "--no-json": ("as_json", False)},
}
_VALUED = {"show": {"--as-of": "as_of"}, "search": {"--limit": "limit"}}
_LIMIT = re.compile(r"[0-9]{1,3}")
_MAX_LIMIT = 500  # the search command's own bound (typer.Option(min=1, max=500))
_ENV_PREFIX = "twintowns_"
_ENV_URL = "twintowns_database_url"


@dataclass
class Request:
    """A command line the quick path answers."""

    command: str
    argument: str
    database: str | None = None
    as_of: str | None = None
    as_json: bool = False
    include_doubtful: bool = False
    limit: int = 20


def _group_options(argv: Sequence[str]) -> tuple[str | None, int] | None:
    """The ``--database`` of the command line (the last one given) and where the command
    name is; None for any other option before it."""
    database, i = None, 0
    while i < len(argv) and argv[i].startswith("-"):
        name, eq, value = argv[i].partition("=")
        if name != "--database":
            return None
        if not eq:
            if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                return None
            value, i = argv[i + 1], i + 1
        database, i = value, i + 1
    return database, i


def _set(request: Request, field: str, value: str) -> bool:
    """Set a valued option; False when the value is one the quick path does not judge."""
    if field == "limit":
        if not _LIMIT.fullmatch(value) or not 1 <= int(value) <= _MAX_LIMIT:
            return False
        request.limit = int(value)
    else:
        request.as_of = value
    return True


def parse(argv: Sequence[str]) -> Request | None:
    """The request a command line makes, or None unless it is a plain ``show`` or
    ``search`` (see the module's description)."""
    group = _group_options(argv)
    if group is None or group[1] >= len(argv) or argv[group[1]] not in _SWITCHES:
        return None
    database, at = group
    command, rest = argv[at], list(argv[at + 1 :])
    request = Request(command, "", database or None)  # `--database ""`: the default, as Typer
    positional = []
    while rest:
        token = rest.pop(0)
        if not token.startswith("-"):
            positional.append(token)
            continue
        name, eq, value = token.partition("=")
        if name in _SWITCHES[command] and not eq:
            field, on = _SWITCHES[command][name]
            setattr(request, field, on)
        elif name in _VALUED[command]:
            if not eq:
                if not rest or rest[0].startswith("-"):
                    return None
                value = rest.pop(0)
            if not _set(request, _VALUED[command][name], value):
                return None
        else:
            return None  # --help, --, an unknown option: Typer's to answer
    if len(positional) != 1:
        return None
    request.argument = positional[0]
    return request


def database_url(request: Request, environ: Mapping[str, str]) -> str | None:
    """The database URL the settings would name, or None when any other ``TWINTOWNS_*``
    setting is present (the settings object, not this path, must read and check it)."""
    keys = [key for key in environ if key.lower().startswith(_ENV_PREFIX)]
    if len(keys) > 1 or any(key.lower() != _ENV_URL for key in keys):
        return None
    if request.database:
        return request.database
    if keys:
        return environ[keys[0]]
    return default_database_url()


def default_database_url() -> str:
    """The default of :attr:`twintowns.settings.Settings.database_url` (a test checks they
    agree), without importing pydantic."""
    from platformdirs import user_data_dir

    return f"sqlite:///{user_data_dir('twintowns', appauthor=False)}/twintowns.sqlite"


class QuickRegistry:
    """What the lookups use of a :class:`~twintowns.registry.Registry`, over a quick reader."""

    def __init__(self, reader: LiteReader) -> None:
        self._reader = reader

    @property
    def reader(self) -> LiteReader:
        """The quick reader."""
        return self._reader

    def resolve(self, query: str) -> Place:
        """See :meth:`twintowns.lookup.Lookup.resolve`."""
        from twintowns.lookup import Lookup

        return Lookup(self._reader).resolve(query)

    def search(self, text: str, limit: int) -> list[Place]:
        """See :meth:`twintowns.lookup.Lookup.search`."""
        from twintowns.lookup import Lookup

        return Lookup(self._reader).search(text, limit)


def _run(request: Request, registry: QuickRegistry) -> None:
    """Answer ``request`` as the Typer command of that name does."""
    from twintowns.cli.inputs import bounded, day
    from twintowns.cli.lookups import print_places, show_place

    if request.command == "show":
        when = day(request.as_of, "--as-of")
        show_place(
            registry,
            bounded(request.argument, "PLACE"),
            when,
            as_json=request.as_json,
            include_doubtful=request.include_doubtful,
        )
    else:
        found = registry.search(bounded(request.argument, "TEXT"), request.limit)
        print_places(found, as_json=request.as_json)


def answer(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Answer the command line ``argv`` on the quick path if it can; True when it did.

    False means nothing was printed and nothing read beyond the registry's version stamp:
    the caller runs the Typer app.
    """
    request = parse(argv)
    url = None if request is None else database_url(request, environ)
    if request is None or url is None:
        return False
    import sqlite3

    from twintowns.errors import TwintownsError
    from twintowns.store.lite import Unsupported, open_lite

    reader = open_lite(url)
    if reader is None:
        return False
    try:
        _run(request, QuickRegistry(reader))
    except (TwintownsError, Unsupported, sqlite3.Error):
        return False  # raised before anything is printed: the full path says it properly
    finally:
        reader.close()
    return True
