"""The self-contained HTML quiz in a real browser (Debian's chromium through Playwright, never
a downloaded one; the test fails when chromium is missing): answer questions, including one on
the map, and watch the score, the streak and the trophies change."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page

from twintowns.learn import DeckSpec, Facts, Item, ItemKind, build_deck
from twintowns.learn.html_page import quiz_page
from twintowns.learn.quiz import quiz_json


def answer(page: Page, item: Item, right: bool) -> None:
    """Answer the item on screen, rightly or wrongly."""
    if item.kind is ItemKind.MAP:
        assert item.target is not None
        box = page.locator("svg[data-map]").bounding_box()
        assert box is not None
        lon = item.target.lon if right else item.target.lon + 90 - 180 * (item.target.lon > 0)
        x = box["x"] + (lon + 180) / 360 * box["width"]
        y = box["y"] + (90 - item.target.lat) / 180 * box["height"]
        page.mouse.click(x, y)
        return
    if item.choices:
        index = next(n for n, c in enumerate(item.choices) if c.correct is right)
    else:
        index = 0 if item.truth is right else 1
    page.click(f'button[data-choice="{index}"]')


def test_answering_moves_score_streak_and_trophies(
    browser: Browser, facts: Facts, tmp_path: Path
) -> None:
    kinds = (ItemKind.MULTIPLE_CHOICE, ItemKind.TRUE_FALSE, ItemKind.MAP)
    deck = build_deck(facts, DeckSpec(count=8, seed=5, kinds=kinds))
    assert ItemKind.MAP in {i.kind for i in deck.items[:4]}
    html = tmp_path / "quiz.html"
    html.write_text(quiz_page(quiz_json(deck)), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(html.as_uri())
    assert page.text_content("#score") == "0 / 0"
    for number, item in enumerate(deck.items[:3], 1):
        assert page.text_content("#prompt") == item.prompt
        answer(page, item, right=True)
        assert page.text_content("#score") == f"{number} / {number}"
        assert item.id in (page.text_content("#feedback") or "")
        page.click("#next")
    assert page.text_content("#streak") == "3"
    assert page.locator('[data-trophy="streak3"]').count() == 1
    answer(page, deck.items[3], right=False)
    assert page.text_content("#score") == "3 / 4"
    assert page.text_content("#streak") == "0"
    assert errors == []
    page.close()
