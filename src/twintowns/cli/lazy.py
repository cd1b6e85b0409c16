"""Commands loaded on first use, and the order ``twintowns --help`` lists every command in.

Most commands stand on a large part of the library (the lab on igraph and pandas, the atlas on
FastAPI, the build on SciPy); importing all of them would cost every command, ``--help``
included, a second or more.  :class:`LazyGroup` knows each of those commands by its module and
one-line summary, lists them without importing anything, and imports a command's module only
when that command runs (or its own ``--help`` is asked for).  ``tests/cli/test_start.py``
checks that each summary is the command's own first help line.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives and the line ``--help`` lists it with."""

    module: str
    attribute: str  # a typer.Typer (a group of commands) or a command function
    summary: str


LAZY: dict[str, LazyCommand] = {
    "serve": LazyCommand(
        "twintowns.cli.serve",
        "serve",
        "Serve the atlas (http://HOST:PORT/) and the JSON API (/docs) until interrupted.",
    ),
    "suggest": LazyCommand(
        "twintowns.cli.suggest",
        "suggest_command",
        "Suggest partners a place might twin with next: suggestions from data, not facts.",
    ),
    "export": LazyCommand(
        "twintowns.cli.export",
        "export_command",
        "Export every twinning with its places, status, sources and licences.",
    ),
    "learn": LazyCommand(
        "twintowns.cli.learn",
        "learn_app",
        "Flashcards, quizzes and worksheets generated from the registry's sourced facts.",
    ),
    "analyse": LazyCommand(
        "twintowns.cli.analyse",
        "analyse_app",
        "The lab: network analyses of the loaded registry (tables, plots, a report).",
    ),
    "report": LazyCommand(
        "twintowns.cli.analyse",
        "report_command",
        "Write one self-contained HTML report: every table and plot, and the data's licences.",
    ),
    "quality": LazyCommand(
        "twintowns.cli.build",
        "quality",
        "Report what the registry holds and what is doubtful, overall and per source.",
    ),
    "build": LazyCommand(
        "twintowns.cli.build",
        "build",
        "Build the full registry: the curated facts and every bundled world dataset.",
    ),
    "load": LazyCommand("twintowns.cli.load", "load_app", "Load data into the registry."),
    "ingest": LazyCommand(
        "twintowns.cli.wikidata", "ingest_app", "Ingest twinnings from external sources."
    ),
    "user": LazyCommand(
        "twintowns.cli.user",
        "user_app",
        "Accounts of the living registry: add users, grant roles, issue API tokens.",
    ),
    "review": LazyCommand(
        "twintowns.cli.review",
        "review_app",
        "Review doubtful name resolutions (decisions are kept in the overrides file).",
    ),
}

# What a newcomer runs first comes first: look a place up, browse the atlas, take the data
# away, learn and analyse; then the maintainer's commands (fill, build, load, review).
ORDER = (
    "show",
    "search",
    "events",
    "suggest",
    "serve",
    "export",
    "learn",
    "analyse",
    "report",
    "quality",
    "init",
    "build",
    "load",
    "ingest",
    "review",
    "user",
)


def load_command(name: str, spec: LazyCommand) -> Any:
    """Import ``spec``'s module and build the command it names, called ``name``."""
    target = getattr(importlib.import_module(spec.module), spec.attribute)
    command: Any
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:
        single = typer.Typer(rich_markup_mode=None)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


def _rank(name: str) -> tuple[int, str]:
    return (ORDER.index(name) if name in ORDER else len(ORDER), name)


class LazyGroup(TyperGroup):
    """A command group that imports its :data:`LAZY` commands only when they are used."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command, eager and lazy, in :data:`ORDER`."""
        return sorted({*self.commands, *LAZY}, key=_rank)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``, imported now if it is a lazy one."""
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in LAZY:
            command = load_command(cmd_name, LAZY[cmd_name])
            self.commands[cmd_name] = command
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of ``--help``, from the summaries (nothing is imported)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None:
                rows.append((name, LAZY[name].summary))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(limit=200)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
