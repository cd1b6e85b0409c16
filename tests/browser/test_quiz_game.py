"""The atlas's quiz game in a real browser (Debian's chromium) on the curated registry: start
a round with a fixed seed, answer three questions right (one of them on the map, by clicking
the atlas's map where the answer lies) and watch the score, the streak and the trophies; miss
one; flag one; reload and find the session's score kept.

The right answers are read from the same quiz as the page plays, fetched from the same server
(same seed, same quiz)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from atlas_page import open_atlas, screenshot
from playwright.sync_api import Page, expect

COUNT = 5
CARD = "#quiz-card"


Items = list[dict[str, Any]]


def find_seed(page: Page, base_url: str, count: int, wanted: Callable[[Items], bool]) -> int:
    """The first seed whose quiz of ``count`` items is ``wanted`` (asked of the server)."""
    for seed in range(200):
        response = page.request.get(f"{base_url}/learn/quiz?count={count}&seed={seed}")
        assert response.ok, response.text()
        items = response.json()["items"]
        if len(items) == count and wanted(items):
            return seed
    raise AssertionError("no seed below 200 gives the quiz wanted")


def start_round(page: Page, base_url: str, count: int, seed: int) -> Items:
    """Open the quiz panel, start a round; the quiz it plays, fetched from the same server."""
    page.click("#quiz-open")
    expect(page.locator("#quiz")).to_be_visible()
    page.fill("#quiz-count", str(count))
    page.fill("#quiz-seed", str(seed))
    page.click("#quiz-start")
    items: Items = page.request.get(f"{base_url}/learn/quiz?count={count}&seed={seed}").json()[
        "items"
    ]
    expect_question(page, items[0])
    return items


def click_map(page: Page, lon: float, lat: float) -> None:
    """Click the atlas's map at the screen position of ``lon``, ``lat``."""
    xy = page.evaluate("([lon, lat]) => map.project([lon, lat])", [lon, lat])
    back = page.evaluate("(xy) => map.invert(xy)", xy)
    assert abs(back[0] - lon) < 1e-6  # the page inverts the projection at the click
    assert abs(back[1] - lat) < 1e-6
    box = page.locator("#canvas").bounding_box()
    assert box is not None
    assert 0 <= xy[0] <= box["width"], "target off the map"
    assert 0 <= xy[1] <= box["height"], "target off the map"
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])


def reorder(page: Page, item: dict[str, Any]) -> None:
    """Move the entries of an ordering question into order with their "up" buttons."""
    order = list(item["presented"])
    for pos in range(len(order)):
        index = order.index(pos)
        while index > pos:
            page.click(f'{CARD} button[data-up="{index}"]')
            order[index - 1], order[index] = order[index], order[index - 1]
            index -= 1


def answer(page: Page, item: dict[str, Any], right: bool) -> None:
    """Answer the question on screen, rightly or wrongly."""
    kind = item["kind"]
    if kind == "map":
        target = item["target"]
        lon = target["lon"] if right else (target["lon"] + 180) % 360 - 180  # the far side
        click_map(page, lon, target["lat"] if right else -target["lat"])
    elif "choices" in item:
        index = next(n for n, c in enumerate(item["choices"]) if c["correct"] is right)
        page.click(f'{CARD} button[data-choice="{index}"]')
    elif kind == "true_false":
        page.click(f'{CARD} button[data-choice="{0 if item["truth"] is right else 1}"]')
    elif kind == "ordering":
        if right:
            reorder(page, item)
        page.click("#quiz-check")
    else:
        page.click("#quiz-reveal")
        page.click(f'{CARD} button[data-choice="{0 if right else 1}"]')


def expect_question(page: Page, item: dict[str, Any]) -> None:
    """The page shows ``item``."""
    expect(page.locator(CARD)).to_have_attribute("data-item-id", item["id"])
    expect(page.locator("#quiz-prompt")).to_have_text(item["prompt"])


def play_three_right(page: Page, items: list[dict[str, Any]]) -> None:
    """Answer the first three questions right; the score climbs 1, 2, 3."""
    for number, item in enumerate(items[:3], 1):
        expect_question(page, item)
        answer(page, item, right=True)
        expect(page.locator("#quiz-score")).to_have_text(str(number))
        expect(page.locator("[data-verdict]")).to_have_attribute("data-verdict", "right")
        expect(page.locator("#quiz-feedback")).to_contain_text(item["answer"])
        source = item["sources"][0]
        expect(page.locator("#quiz-feedback a.source").first).to_have_attribute(
            "href", source["url"]
        )
        if item["kind"] == "map":
            expect(page.locator("#quiz-feedback")).to_contain_text("km away")
        if number < 3:
            page.click("#quiz-next")


def test_quiz_round_scores_streaks_trophies_and_map_clicks(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    seed = find_seed(page, base_url, COUNT, lambda items: items[2]["kind"] == "map")
    items = start_round(page, base_url, COUNT, seed)
    expect(page.locator("#quiz-score")).to_have_text("0")
    play_three_right(page, items)
    expect(page.locator("#quiz-streak")).to_have_text("3")
    for trophy in ("first", "streak3", "map"):
        expect(page.locator(f'#quiz-trophies [data-trophy="{trophy}"]')).to_have_count(1)
    screenshot(page, "quiz")

    page.click("#quiz-next")  # a miss: the streak drops, the score stays
    expect_question(page, items[3])
    answer(page, items[3], right=False)
    expect(page.locator("[data-verdict]")).to_have_attribute("data-verdict", "wrong")
    expect(page.locator("#quiz-streak")).to_have_text("0")
    expect(page.locator("#quiz-score")).to_have_text("3")
    expect(page.locator("#quiz-answered")).to_have_text("4")
    expect(page.locator("#quiz-best")).to_have_text("3")

    page.click(".quiz-flag summary")  # flag the question just missed
    page.select_option(".quiz-flag .flag-reason", "ambiguous")
    page.fill(".quiz-flag .flag-note", "two readings")
    page.click(".quiz-flag .flag-send")
    expect(page.locator(".quiz-flag .flag-status")).to_have_attribute("data-flagged", "ambiguous")
    flags = page.request.get(f"{base_url}/learn/flags").json()["items"]
    assert any(f["item_id"] == items[3]["id"] and f["note"] == "two readings" for f in flags)

    page.reload()  # the session's score and trophies survive a reload
    open_atlas(page, page.url)
    page.click("#quiz-open")
    expect(page.locator("#quiz-score")).to_have_text("3")
    expect(page.locator('#quiz-trophies [data-trophy="streak3"]')).to_have_count(1)


def test_every_kind_plays_and_a_perfect_round_wins_a_trophy(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    seed = find_seed(page, base_url, 6, lambda items: len({i["kind"] for i in items}) == 6)
    items = start_round(page, base_url, 6, seed)
    for number, item in enumerate(items, 1):
        expect_question(page, item)
        answer(page, item, right=True)
        expect(page.locator("#quiz-score")).to_have_text(str(number))
        page.click("#quiz-next")
    expect(page.locator("#quiz-final")).to_have_text("Round over: 6 of 6 right.")
    for trophy in ("round", "perfect"):
        expect(page.locator(f'#quiz-trophies [data-trophy="{trophy}"]')).to_have_count(1)
    screenshot(page, "quiz-perfect-round")
