"""``twintowns learn ...``: decks of flashcards and questions from the registry, and flags.

Thin over :mod:`twintowns.learn`.  ``learn_app`` is a Typer sub-app; it reads the
:class:`~twintowns.settings.Settings` the main app's callback puts in ``ctx.obj`` (or builds
them from the environment when run on its own).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import MAX_NOTE, bounded, bounded_all, writable_output
from twintowns.cli.options import AsJson
from twintowns.cli.progress import open_registry
from twintowns.cli.render import json_text, make_console, safe
from twintowns.errors import InputError
from twintowns.learn import (
    DeckSpec,
    Difficulty,
    FlagReason,
    ItemKind,
    build_deck,
    exclusions,
    find_item,
    flag_item,
    list_flags,
    load_facts,
    parse_topic,
)
from twintowns.learn.writers import DeckFormat, write_deck
from twintowns.settings import Settings
from twintowns.views import to_json

learn_app = typer.Typer(
    help="Flashcards, quizzes and worksheets generated from the registry's sourced facts.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Topics = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        help="history, politics (politics-and-endings), terminology, networks, partners, "
        "a country (FR, France) or a place (Coventry). Repeatable.",
    ),
]


def _settings(ctx: typer.Context) -> Settings:
    found = ctx.obj
    return found if isinstance(found, Settings) else Settings()


def _difficulty(text: str) -> Difficulty | None:
    """``mixed`` (None) or one level."""
    wanted = text.strip().lower()
    if wanted == "mixed":
        return None
    try:
        return Difficulty(wanted)
    except ValueError:
        raise InputError(f"--difficulty: {text!r} is not easy, medium, hard or mixed") from None


@learn_app.command("deck")
@translate_errors
def deck_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    topic: Topics = None,
    count: Annotated[int, typer.Option(help="How many items.")] = 30,
    seed: Annotated[int, typer.Option(help="Same seed, same deck.")] = 0,
    difficulty: Annotated[
        str, typer.Option(help="easy, medium, hard or mixed.", case_sensitive=False)
    ] = "mixed",
    kind: Annotated[
        list[ItemKind] | None, typer.Option("--kind", help="Only these item kinds. Repeatable.")
    ] = None,
    fmt: Annotated[
        DeckFormat | None,
        typer.Option("--format", help="Output format (default: from the file's suffix)."),
    ] = None,
) -> None:
    """Generate a deck and write it as Anki, GIFT, TSV, PDF, flashcard sheets, HTML or JSON."""
    topics = bounded_all(topic, "--topic")
    writable_output(output)
    registry = open_registry(_settings(ctx))
    level = _difficulty(bounded(difficulty, "--difficulty"))
    spec = DeckSpec(
        topics=tuple(parse_topic(registry, t) for t in topics),
        count=count,
        seed=seed,
        difficulty=level,
        kinds=tuple(kind or []),
    )
    deck = build_deck(load_facts(registry), spec, exclusions(registry))
    warnings = write_deck(deck, output, fmt)
    err = make_console(stderr=True)
    if deck.shortfall:
        err.print(f"note: only {len(deck.items)} of {count} items: the registry backs no more "
                  "for these topics", highlight=False)  # fmt: skip
    for warning in warnings:
        err.print(f"warning: {safe(warning)}", highlight=False)
    err.print(
        f"wrote {safe(output)}: {len(deck.items)} items ({safe(deck.name)}, seed {seed})",
        highlight=False,
    )


@learn_app.command("flag")
@translate_errors
def flag_command(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(help="The item id printed on the card.")],
    reason: Annotated[FlagReason, typer.Option(help="wrong or ambiguous.")],
    note: Annotated[str, typer.Option(help="What is wrong, for the reviewer.")] = "",
    topic: Topics = None,
) -> None:
    """Flag an item as wrong or ambiguous: it is left out of new decks and listed for review."""
    texts = bounded_all(topic, "--topic")
    wanted = bounded(item_id, "ITEM_ID").strip().lower()
    bounded(note, "--note", MAX_NOTE)
    registry = open_registry(_settings(ctx))
    topics = [parse_topic(registry, t) for t in texts]
    item = find_item(load_facts(registry), wanted, topics) if len(wanted) == 16 else None
    flag = flag_item(registry, wanted, reason, note, item)
    if item is None:
        make_console(stderr=True).print(
            f"warning: item {safe(flag.item_id)} was not found among the items this registry "
            "generates "
            "(world-data items: pass the deck's --topic to search them); flagged by id only",
            highlight=False,
        )
    text = f": {item.prompt}" if item else ""
    make_console().print(
        safe(f"flagged item {flag.item_id} as {flag.reason}{text}"), highlight=False
    )


@learn_app.command("flags")
@translate_errors
def flags_command(
    ctx: typer.Context,
    as_json: AsJson = False,
) -> None:
    """List flagged items for review."""
    flags = list_flags(open_registry(_settings(ctx)))
    if as_json:
        sys.stdout.write(json_text(to_json(flags)))
        return
    table = Table(title=f"{len(flags)} flagged items")
    for column in ("item", "reason", "flagged", "question", "answer", "note", "sources"):
        table.add_column(column, overflow="fold")
    for flag in flags:
        table.add_row(
            safe(flag.item_id), safe(flag.reason.value), flag.flagged_at.strftime("%Y-%m-%d %H:%M"),
            safe(flag.prompt), safe(flag.answer), safe(flag.note), safe(flag.sources),
        )  # fmt: skip
    make_console().print(table)
