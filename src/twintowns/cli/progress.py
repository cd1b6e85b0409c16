"""A rich progress display for the library's :class:`~twintowns.progress.Progress`, and the
first-use fill shown with it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from twintowns.cli.render import make_console, safe

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from twintowns.registry import Registry
    from twintowns.settings import Settings


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
    # imported here: every command opens the registry, only a first use fills it
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

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


def open_registry(settings: Settings) -> Registry:
    """The registry ``settings`` names, its first-use fill (tens of seconds for the world
    data) shown as it goes rather than in silence."""
    from twintowns.registry import Registry

    registry = Registry.open(settings.model_copy(update={"auto_load": False}))
    if settings.auto_load and registry.is_empty():
        make_console(stderr=True).print(
            "first use: filling the registry with the bundled data (once; about a minute)",
            highlight=False,
        )
        with rich_progress() as progress:
            registry.load_bundled(progress)
    return registry
