"""Writing a deck in any export format, chosen explicitly or by the file's suffix."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

from twintowns.errors import InputError
from twintowns.learn.deck import Deck
from twintowns.learn.export_text import to_gift, to_tsv
from twintowns.learn.html_page import quiz_page
from twintowns.learn.quiz import quiz_json


class DeckFormat(StrEnum):
    """Export formats of a deck."""

    APKG = "apkg"  # Anki package
    GIFT = "gift"  # Moodle GIFT
    TSV = "tsv"  # Quizlet import
    PDF = "pdf"  # worksheet with answer key
    CARDS = "cards"  # duplex flashcard sheets (PDF) with answer key
    HTML = "html"  # self-contained quiz page
    JSON = "json"  # quiz data (what the atlas serves)


_SUFFIXES = {".apkg": DeckFormat.APKG, ".gift": DeckFormat.GIFT, ".txt": DeckFormat.GIFT,
             ".tsv": DeckFormat.TSV, ".pdf": DeckFormat.PDF, ".html": DeckFormat.HTML,
             ".htm": DeckFormat.HTML, ".json": DeckFormat.JSON}  # fmt: skip


def format_for(path: Path) -> DeckFormat:
    """The format a file name implies (``twinning.apkg`` -> apkg).

    Raises
    ------
    InputError
        If the suffix names no format.
    """
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        known = ", ".join(sorted(_SUFFIXES))
        raise InputError(f"cannot tell the format of {path.name!r} (use --format or {known})")
    return found


def write_deck(deck: Deck, path: Path, fmt: DeckFormat | None = None) -> list[str]:
    """Write ``deck`` to ``path``.

    Parameters
    ----------
    deck:
        A built deck.
    path:
        The file to write (its folder must exist).
    fmt:
        The format; by default implied by the suffix.

    Returns
    -------
    list of str
        Warnings (a missing CJK font for PDFs).

    Raises
    ------
    InputError
        If the format cannot be told or the folder does not exist.
    """
    fmt = fmt or format_for(path)
    if not path.parent.is_dir():
        raise InputError(f"folder {str(path.parent)!r} does not exist")
    # the Anki and PDF writers (genanki, YAML, typst) are imported when asked for: a server
    # imports this module at its start, and most decks are never written as either
    if fmt is DeckFormat.APKG:
        from twintowns.learn.export_anki import write_apkg

        write_apkg(deck, path)
    elif fmt in (DeckFormat.PDF, DeckFormat.CARDS):
        from twintowns.learn.export_pdf import render_pdf

        return list(render_pdf(deck, path, cards=fmt is DeckFormat.CARDS).warnings)
    elif fmt is DeckFormat.GIFT:
        path.write_text(to_gift(deck), encoding="utf-8")
    elif fmt is DeckFormat.TSV:
        path.write_text(to_tsv(deck), encoding="utf-8")
    elif fmt is DeckFormat.HTML:
        path.write_text(quiz_page(quiz_json(deck)), encoding="utf-8")
    else:
        path.write_text(json.dumps(quiz_json(deck), ensure_ascii=False, indent=2), "utf-8")
    return []
