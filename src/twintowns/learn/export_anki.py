"""Anki decks (``.apkg``) via genanki.

Model and deck ids are derived from their names (:func:`stable_id`) and every note's GUID from
the item id, so importing a regenerated deck updates the notes already in a collection instead
of duplicating them.  Each note carries the item id, the source line and the topics as tags.
A map question shows a map on its front (a third of the world around the place, not centred
on it) and the same map with the place and the circle that counts on its back: small SVG files
in the package's media (:func:`map_media`).
"""

from __future__ import annotations

import hashlib
import html
import tempfile
from pathlib import Path

import genanki

from twintowns.learn.deck import Deck
from twintowns.learn.items import Item, ItemKind
from twintowns.learn.worldmap import region_window, world_svg
from twintowns.untrusted import is_http_url

QUESTION_MODEL = "twintowns question v1"
FLASHCARD_MODEL = "twintowns flashcard v1"
QUESTION_FIELDS = ("ItemId", "Question", "Choices", "Answer", "Explanation", "Source", "Kind")
FLASHCARD_FIELDS = ("ItemId", "Question", "Answer", "Explanation", "Source", "Reverse")

_CSS = """
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: #222; }
ol.choices { margin-top: .6em; } .answer { font-weight: bold; }
.explanation { margin-top: .6em; } .source { margin-top: 1em; font-size: 13px; color: #555; }
.id { font-size: 11px; color: #999; } img.map { width: 100%; max-width: 640px; }
"""
_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
    '<div class="explanation">{{Explanation}}</div>'
    '<div class="source">{{Source}}</div><div class="id">item {{ItemId}}</div>'
)


def stable_id(name: str) -> int:
    """A model or deck id derived from ``name``: the same name gives the same id forever,
    within the range Anki recommends (2**30 .. 2**31)."""
    digest = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)
    return (1 << 30) + digest % (1 << 30)


def question_model() -> genanki.Model:
    """The note type of questions: question and choices on the front, answer on the back."""
    return genanki.Model(
        stable_id(QUESTION_MODEL),
        QUESTION_MODEL,
        fields=[{"name": n} for n in QUESTION_FIELDS],
        templates=[
            {"name": "Question", "qfmt": "{{Question}}{{Choices}}", "afmt": _BACK},
        ],
        css=_CSS,
    )


def flashcard_model() -> genanki.Model:
    """The note type of flashcards: front to back, and back to front for terms."""
    reverse_front = "{{#Reverse}}{{Answer}}{{/Reverse}}"
    reverse_back = (
        '{{FrontSide}}<hr id="answer"><div class="answer">{{Question}}</div>'
        '<div class="source">{{Source}}</div><div class="id">item {{ItemId}}</div>'
    )
    return genanki.Model(
        stable_id(FLASHCARD_MODEL),
        FLASHCARD_MODEL,
        fields=[{"name": n} for n in FLASHCARD_FIELDS],
        templates=[
            {"name": "Front to back", "qfmt": "{{Question}}", "afmt": _BACK},
            {"name": "Back to front", "qfmt": reverse_front, "afmt": reverse_back},
        ],
        css=_CSS,
    )


def map_media(item: Item) -> dict[str, str]:
    """The map images of a map question: ``{file name: SVG}`` for its front (``sheet``) and
    back (``key``); empty for other items."""
    if item.target is None:
        return {}
    target = item.target
    window = region_window(target.lat, target.lon, item.id)
    return {
        f"twintowns-{item.id}-sheet.svg": world_svg(window=window),
        f"twintowns-{item.id}-key.svg": world_svg(
            (target.lat, target.lon), target.tolerance_km, window
        ),
    }


def _choices_html(item: Item) -> str:
    if item.target is not None:
        return f'<div><img class="map" src="twintowns-{item.id}-sheet.svg"></div>'
    if item.choices:
        rows = "".join(f"<li>{html.escape(c.text)}</li>" for c in item.choices)
        return f'<ol class="choices" type="A">{rows}</ol>'
    if item.kind is ItemKind.TRUE_FALSE:
        return "<div>True or false?</div>"
    if item.order:
        rows = "".join(
            f"<li>{html.escape(e.text)}</li>" for e in sorted(item.order, key=lambda e: e.text)
        )
        return f'<ul class="choices">{rows}</ul>'
    return ""


def _source_html(item: Item) -> str:
    parts = []
    for source in item.sources:
        title = html.escape(source.title + (f", {source.locator}" if source.locator else ""))
        link = (
            f' <a href="{html.escape(source.url)}">{html.escape(source.url)}</a>'
            if source.url and is_http_url(source.url)  # a link only to the web
            else ""
        )
        parts.append(f"Source: {title}{link}")
    return "<br>".join(parts)


def _tags(item: Item) -> list[str]:
    tags = ["twintowns", item.kind.value, item.difficulty.value]
    tags += [t.replace(":", "::").replace(" ", "_") for t in item.topics]
    return tags


def _answer_html(item: Item) -> str:
    """The answer; for a map question the place on its map and the distance that counts
    (the coordinates in small print)."""
    if item.target is None:
        return html.escape(item.answer)
    target = item.target
    return (
        f'{html.escape(target.label)}<div><img class="map" src="twintowns-{item.id}-key.svg">'
        f'</div><div class="source">Right within {target.tolerance_km:,.0f} km of the place '
        f"(the circle). {html.escape(item.answer)}</div>"
    )


def item_note(item: Item) -> genanki.Note:
    """The Anki note of one item (GUID derived from the item id)."""
    esc = html.escape
    if item.kind is ItemKind.FLASHCARD:
        reverse = "y" if item.key.startswith("term:") else ""
        fields = [item.id, esc(item.prompt), esc(item.answer), esc(item.explanation),
                  _source_html(item), reverse]  # fmt: skip
        model = flashcard_model()
    else:
        fields = [item.id, esc(item.prompt), _choices_html(item), _answer_html(item),
                  esc(item.explanation), _source_html(item), item.kind.value]  # fmt: skip
        model = question_model()
    return genanki.Note(
        model=model, fields=fields, guid=genanki.guid_for(item.id), tags=_tags(item)
    )


def write_apkg(deck: Deck, path: Path) -> None:
    """Write ``deck`` as an Anki package.

    Parameters
    ----------
    deck:
        A built deck.
    path:
        The ``.apkg`` file to write.
    """
    anki_deck = genanki.Deck(
        stable_id(f"twintowns deck: {deck.name}"),
        deck.name,
        description=html.escape(
            f"Generated by twintowns from sourced registry facts ({len(deck.items)} items)."
        ),
    )
    with tempfile.TemporaryDirectory(prefix="twintowns-anki-") as folder:
        media = []
        for item in deck.items:
            anki_deck.add_note(item_note(item))
            for name, svg in map_media(item).items():
                (Path(folder) / name).write_text(svg, encoding="utf-8")
                media.append(str(Path(folder) / name))
        genanki.Package(anki_deck, media_files=media).write_to_file(str(path))
