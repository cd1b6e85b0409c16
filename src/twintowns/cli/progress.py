"""A rich progress display for the library's :class:`~twintowns.progress.Progress`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from twintowns.cli.render import make_console, safe


class RichProgress:
    """One bar per stage; a stage of unknown size shows a spinner and a count."""

    def __init__(self, display: Progress) -> None:
        self.display = display
        self.task: TaskID | None = None

    def stage(self, name: str, total: int | None = None) -> None:
        """Close the current bar and open one for ``name``."""
        if self.task is not None:
            current = self.display.tasks[-1]
            self.display.update(
                self.task, total=current.completed or 1, completed=current.completed or 1
            )
        self.task = self.display.add_task(safe(name), total=total)

    def advance(self, amount: int = 1) -> None:
        """Move the current bar."""
        if self.task is not None:
            self.display.advance(self.task, amount)


@contextmanager
def rich_progress() -> Iterator[RichProgress]:
    """A progress display on standard error, closed when the block ends."""
    display = Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=make_console(stderr=True),
        transient=False,
    )
    with display:
        progress = RichProgress(display)
        yield progress
        progress.stage("done", 1)
        progress.advance()
