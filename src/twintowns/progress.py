"""Progress reporting for long jobs, without tying the library to a terminal.

Library functions take an optional :class:`Progress`; the CLI passes one drawn with rich, tests
and the API pass nothing (:data:`QUIET`).
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives the stages of a long job and how far each has got."""

    def stage(self, name: str, total: int | None = None) -> None:
        """A new stage begins; ``total`` units of work, if known."""

    def advance(self, amount: int = 1) -> None:
        """``amount`` more units of the current stage are done."""


class _Quiet:
    def stage(self, name: str, total: int | None = None) -> None:
        """Ignore."""

    def advance(self, amount: int = 1) -> None:
        """Ignore."""


QUIET: Progress = _Quiet()
