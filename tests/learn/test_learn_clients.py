"""The learning pack as its apps show it (issue 16, item 7): Anki map cards carry a map on the
front and the place with its circle on the back (media in the package); GIFT's category line is
what Moodle reads verbatim and event cards accept their key phrase; the PDF's map questions
show a third of the world and print the distance that counts; the HTML quiz lets a student
note a question for the teacher instead of naming a command-line tool (in chromium)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

from playwright.sync_api import Browser

from twintowns.learn import DeckSpec, Facts, ItemKind, build_deck
from twintowns.learn.export_anki import write_apkg
from twintowns.learn.export_pdf import render_pdf
from twintowns.learn.export_text import category_line, key_phrases, to_gift
from twintowns.learn.html_page import quiz_page
from twintowns.learn.quiz import quiz_json


def test_anki_map_cards_show_a_map_and_the_place(facts: Facts, tmp_path: Path) -> None:
    deck = build_deck(facts, DeckSpec(count=4, seed=2, kinds=(ItemKind.MAP,)))
    assert deck.items
    assert all(i.kind is ItemKind.MAP for i in deck.items)
    apkg = tmp_path / "maps.apkg"
    write_apkg(deck, apkg)
    with zipfile.ZipFile(apkg) as archive:
        media = json.loads(archive.read("media"))
        names = set(media.values())
        for number, name in media.items():
            svg = archive.read(number).decode("utf-8")
            assert svg.startswith("<svg"), name
            assert "<path" in svg, name
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as conn:
        notes = [row[0].split("\x1f") for row in conn.execute("SELECT flds FROM notes")]
    assert len(notes) == len(deck.items)
    for item_id, _question, choices, answer, *_ in notes:
        assert f'src="twintowns-{item_id}-sheet.svg"' in choices  # a map on the front
        assert f'src="twintowns-{item_id}-key.svg"' in answer  # the place on the back
        assert {f"twintowns-{item_id}-sheet.svg", f"twintowns-{item_id}-key.svg"} <= names
        assert re.search(r"Right within [\d,]+ km", answer)
        assert not re.match(r"^[^<]*\d+\.\d+° [NS], \d+\.\d+° [EW]$", answer)  # not bare coords


def test_gift_category_line_is_not_escaped() -> None:
    assert category_line("Twinning: history") == "$CATEGORY: $course$/twintowns/Twinning: history"
    assert category_line("a/b  c\nd") == "$CATEGORY: $course$/twintowns/a-b c d"


def test_gift_event_cards_accept_their_key_phrase(facts: Facts) -> None:
    deck = build_deck(facts, DeckSpec(count=60, seed=1, kinds=(ItemKind.FLASHCARD,)))
    events = [i for i in deck.items if i.prompt.startswith("What happened between")]
    assert events, "no event card in the deck"
    gift = to_gift(deck)
    assert "\n$CATEGORY: $course$/twintowns/" in gift
    assert "\\:" not in gift.splitlines()[1]
    for item in events:
        keys = key_phrases(item)
        assert keys, item.answer
        assert all(k.startswith("*") and k.endswith("*") for k in keys), item.answer
        for key in keys:  # the phrase is in the answer, without its article
            assert key.strip("*").replace("\\", "") in item.answer.lower()
        line = next(x for x in gift.splitlines() if x.startswith(f"::{item.id}::"))
        assert "{=" in line, line
        assert f"={keys[0]}" in line, line
    others = [i for i in deck.items if not i.prompt.startswith("What happened between")]
    assert all(key_phrases(i) == [] for i in others)


def test_pdf_map_questions_are_large_and_print_the_tolerance(facts: Facts, tmp_path: Path) -> None:
    deck = build_deck(facts, DeckSpec(count=3, seed=4, kinds=(ItemKind.MAP,)))
    pdf = tmp_path / "maps.pdf"
    render_pdf(deck, pdf)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: `apt-get install poppler-utils`"
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    tolerances = re.findall(r"Counts as right within ([\d,]+) km of the place", text)
    assert len(tolerances) == 2 * len(deck.items)  # on the sheet and in the key
    assert {f"{i.target.tolerance_km:,.0f}" for i in deck.items if i.target} == set(tolerances)


def test_html_quiz_notes_a_question_for_the_teacher(
    browser: Browser, facts: Facts, tmp_path: Path
) -> None:
    deck = build_deck(facts, DeckSpec(count=2, seed=5, kinds=(ItemKind.TRUE_FALSE,)))
    page_text = quiz_page(quiz_json(deck))
    assert "twintowns learn flag" not in page_text.split("<script>")[1]  # no command for pupils
    html = tmp_path / "quiz.html"
    html.write_text(page_text, encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(html.as_uri())
    page.click('button[data-choice="0"]')
    page.click("button.flag-note")
    assert "Noted" in (page.text_content("#feedback") or "")
    page.click("#next")
    page.click('button[data-choice="0"]')
    page.click("#next")
    assert deck.items[0].id in (page.text_content("#noted") or "")
    assert deck.items[1].id not in (page.text_content("#noted") or "")
    assert errors == []
    page.close()
