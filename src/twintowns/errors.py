"""The one exception tree of twintowns.

Every error the library raises on purpose derives from :class:`TwintownsError`.  Shells translate
them in exactly one place each: exit codes in :mod:`twintowns.cli.errors` (via
:attr:`TwintownsError.exit_code`), HTTP statuses in the API's handler (via
:attr:`TwintownsError.http_status`).  Library code never calls ``sys.exit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class TwintownsError(Exception):
    """Base of every deliberate twintowns error."""

    exit_code: int = 1
    http_status: int = 500


class ConfigurationError(TwintownsError):
    """A setting is missing or invalid (bad database URL, unreadable data directory)."""

    exit_code = 2
    http_status = 500


class InputError(TwintownsError):
    """User-supplied input is invalid: a bad argument, a bad date, a malformed file.

    Parameters
    ----------
    message:
        What is wrong, in one line.
    path:
        The file the problem is in, if any.
    line:
        The 1-based line in ``path``, if known.
    """

    exit_code = 2
    http_status = 422

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class DateError(InputError):
    """A date string could not be parsed or is impossible."""


class DataFileError(InputError):
    """A data file (curated YAML, a source's CSV) is malformed; names the file and line."""


class NotFoundError(TwintownsError):
    """A named or identified thing (place, twinning, source) does not exist."""

    exit_code = 2
    http_status = 404


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible meaning of an ambiguous name."""

    id: str
    label: str
    country: str | None
    level: str


class AmbiguousNameError(TwintownsError):
    """A place name matches several places; :attr:`candidates` lists them all."""

    exit_code = 2
    http_status = 409

    def __init__(self, name: str, candidates: Sequence[Candidate]) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        super().__init__(f"{name!r} is ambiguous: {len(self.candidates)} places match")


class IntegrityError(TwintownsError):
    """Data would violate a registry invariant (unknown place in a twinning, self-twinning)."""

    exit_code = 2
    http_status = 422


class StoreError(TwintownsError):
    """The database failed or is in an unexpected state (not migrated, unreachable)."""

    exit_code = 3
    http_status = 503


class EmptyLoadError(InputError):
    """A load would replace a dataset's rows (or all of a source's) with none: an empty or
    truncated file, most likely.  Refused unless empty replacements are allowed explicitly."""


class AuthenticationError(TwintownsError):
    """No valid credentials: a wrong password, an unknown or expired token (answered 401)."""

    exit_code = 2
    http_status = 401


class PermissionDeniedError(TwintownsError):
    """The credentials are valid but their roles do not allow the action (answered 403)."""

    exit_code = 2
    http_status = 403


class ConflictError(TwintownsError):
    """A write was based on a stale version of its resource (answered 409 with the current
    state); :attr:`current` is that state, :attr:`version` the resource's version now."""

    exit_code = 2
    http_status = 409

    def __init__(
        self, message: str, *, version: int | None = None, current: dict[str, object] | None = None
    ) -> None:
        self.version = version
        self.current = dict(current or {})
        super().__init__(message)
