"""The atlas for keyboards and screen readers, and its glitches gone (Debian's chromium, the
curated registry): axe-core finds no serious or critical violation on the first view, a place
panel, the country view, the quiz and the exported HTML quiz; search by arrow keys, focus
into the panel and back, Escape, live announcements, the table view; a keyboard-only round
trip through a place, its sources and three quiz questions including a map question; no
"null" text, right plurals, country names not codes, clickable and paged country rows, no
place names on hover during a map question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from atlas_page import open_atlas, serious_violations, wait_until
from playwright.sync_api import Browser, Page, expect
from test_quiz_game import COUNT, answer, find_seed, start_round

from twintowns.learn.html_page import quiz_page

FOCUSED = "document.activeElement"
PAGE = 50  # rows per page (atlas.js PAGE)


def focused(page: Page, selector: str) -> bool:
    """Whether the keyboard is on ``selector``'s element."""
    return bool(page.evaluate(f"{FOCUSED} === document.querySelector({selector!r})"))


def test_axe_first_view_place_and_country(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    assert serious_violations(page) == []
    open_atlas(page, f"{base_url}/#place=coventry&year=2023")
    expect(page.locator("#panel .partner").first).to_be_visible()
    assert serious_violations(page) == []
    open_atlas(page, f"{base_url}/#countryview=GB")
    expect(page.locator("#panel h2")).to_have_text("United Kingdom")
    page.locator("#panel .partner-countries button", has_text="Germany").click()
    expect(page.locator("#panel .between .pair").first).to_be_visible()
    assert serious_violations(page) == []
    page.click("#table-open")
    expect(page.locator("#panel table.twinnings tbody tr").first).to_be_visible()
    assert serious_violations(page) == []


def test_axe_quiz_and_exported_quiz(
    page: Page, browser: Browser, base_url: str, tmp_path: Path
) -> None:
    open_atlas(page, base_url)
    seed = find_seed(page, base_url, COUNT, lambda items: items[0]["kind"] == "map")
    start_round(page, base_url, COUNT, seed)
    page.click('#quiz-card button[data-choice="skip"]')
    expect(page.locator("#quiz-next")).to_be_visible()
    page.click("#quiz-next")  # trophies, if any, and a second question
    assert serious_violations(page) == []
    quiz = page.request.get(f"{base_url}/learn/quiz?count={COUNT}&seed={seed}").json()
    exported = tmp_path / "quiz.html"
    exported.write_text(quiz_page(quiz), encoding="utf-8")
    other = browser.new_page()
    other.goto(exported.as_uri())
    assert serious_violations(other) == []
    other.close()


def test_search_by_arrow_keys_focus_into_the_panel_and_back(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    page.focus("#search")
    page.keyboard.type("Rome")
    expect(page.locator("#search-results button").first).to_be_visible()
    expect(page.locator("#announce")).to_contain_text("found")
    page.keyboard.press("ArrowDown")
    assert focused(page, "#search-results button")
    page.keyboard.press("Enter")
    expect(page.locator("#panel h2")).to_have_text("Rome")
    wait_until(page, f"{FOCUSED} === document.querySelector('#panel h2')")
    expect(page.locator("#announce")).to_have_text("Rome")
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_be_hidden()
    assert focused(page, "#search")
    page.keyboard.type("Rom")
    expect(page.locator("#search-results")).to_be_visible()
    page.keyboard.press("Escape")  # the list first, the keyboard back in the input
    expect(page.locator("#search-results")).to_be_hidden()
    assert focused(page, "#search")


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until ``selector``'s element has the keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector) or page.evaluate(
            f"{FOCUSED}.matches && {FOCUSED}.matches({selector!r})"
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def keyboard_answer(page: Page, item: dict[str, Any]) -> None:
    """Answer ``item`` right with the keyboard only."""
    if item["kind"] == "map":
        letter = page.evaluate(
            """(t) => [...document.querySelectorAll('#quiz-card [data-letter]')]
              .find((b) => b.getAttribute('aria-label').includes(
                `${Math.abs(t.lat).toFixed(1)}° ${t.lat >= 0 ? 'N' : 'S'}`)).dataset.letter""",
            item["target"],
        )
        tab_to(page, f'#quiz-card [data-letter="{letter}"]')
    elif "choices" in item:
        index = next(n for n, c in enumerate(item["choices"]) if c["correct"])
        tab_to(page, f'#quiz-card button[data-choice="{index}"]')
    elif item["kind"] == "true_false":
        tab_to(page, f'#quiz-card button[data-choice="{0 if item["truth"] else 1}"]')
    else:
        tab_to(page, "#quiz-reveal")
        page.keyboard.press("Enter")
        tab_to(page, '#quiz-card button[data-choice="0"]')
    page.keyboard.press("Enter")


def test_keyboard_only_place_sources_and_three_questions(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    page.keyboard.press("Tab")  # the search box comes first
    assert focused(page, "#search")
    page.keyboard.type("Coventry")
    expect(page.locator("#search-results button").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_until(page, f"{FOCUSED} === document.querySelector('#panel h2')")
    tab_to(page, "#panel .partner a.source")  # a partner's source, reached from the panel
    assert page.evaluate(f"{FOCUSED}.href").startswith("https://")
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_be_hidden()

    seed = find_seed(page, base_url, COUNT, lambda items: items[1]["kind"] == "map")
    items = page.request.get(f"{base_url}/learn/quiz?count={COUNT}&seed={seed}").json()["items"]
    tab_to(page, "#quiz-open")
    page.keyboard.press("Enter")
    assert focused(page, "#quiz-heading")
    tab_to(page, "#quiz-count")
    page.keyboard.press("Control+A")
    page.keyboard.type(str(COUNT))
    page.keyboard.press("Tab")
    assert focused(page, "#quiz-seed")
    page.keyboard.type(str(seed))
    page.keyboard.press("Enter")  # submits the form
    for number, item in enumerate(items[:3], 1):
        expect(page.locator("#quiz-card")).to_have_attribute("data-item-id", item["id"])
        keyboard_answer(page, item)
        expect(page.locator("#quiz-score")).to_have_text(str(number))
        assert focused(page, "#quiz-next")
        expect(page.locator("#quiz-feedback")).not_to_contain_text("null")
        page.keyboard.press("Enter")
        wait_until(page, f"{FOCUSED} === document.querySelector('#quiz-prompt')")
    page.keyboard.press("Escape")
    expect(page.locator("#quiz")).to_be_hidden()
    assert focused(page, "#quiz-open")


def test_no_null_text_and_right_plurals(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    seed = find_seed(page, base_url, 3, lambda items: True)
    items = start_round(page, base_url, 3, seed)
    for item in items:  # the first right answer wins a trophy, the next ones none
        answer(page, item, right=True)
        expect(page.locator("#quiz-next")).to_be_visible()
        assert "null" not in page.locator("#quiz-feedback").inner_text()
        page.click("#quiz-next")
    expect(page.locator("#quiz-final")).to_be_visible()
    assert "null" not in page.locator("#quiz-card").inner_text()
    page.fill("#search", "Dull")
    result = page.locator('#search-results button[data-id="dull"]')
    expect(result).to_contain_text("1 twinning")
    assert "1 twinnings" not in result.inner_text()


def test_country_view_names_countries_and_rows_open_places(page: Page, base_url: str) -> None:
    open_atlas(page, f"{base_url}/#countryview=GB")
    page.locator("#panel .partner-countries button", has_text="Russia").click()
    heading = page.locator("#panel .between h3")
    expect(heading).to_contain_text("United Kingdom and Russia:")
    assert " RU" not in heading.inner_text()
    page.locator("#panel .between .pair button", has_text="Coventry").first.click()
    expect(page.locator("#panel h2")).to_have_text("Coventry")


def test_country_places_are_paged(page: Page, base_url: str) -> None:
    open_atlas(page, f"{base_url}/#countryview=GB")
    places = page.locator("#panel .paged").last
    expect(places.locator("li").first).to_be_visible()
    total = page.request.get(f"{base_url}/countries/GB").json()["places"]
    shown = places.locator("ul li").count()
    assert shown == min(PAGE, len(total))
    if len(total) > PAGE:
        places.locator("button.next").click()
        expect(places.locator("ul li").first).to_have_text(
            total[50]["name"] + f" {total[50]['twinnings']}"
        )


def test_table_view_lists_the_drawn_twinnings(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    drawn = int(page.evaluate("document.body.dataset.drawn"))
    page.click("#table-open")
    expect(page.locator("#panel h2")).to_have_text("Twinnings on the map")
    expect(page.locator("#panel")).to_contain_text(f"{drawn:,} twinnings drawn")
    rows = page.locator("#panel table.twinnings tbody tr")
    assert rows.count() == min(PAGE, drawn)
    rows.first.locator("button").first.click()
    expect(page.locator("#panel .partners")).to_be_visible()


def test_hover_gives_no_names_during_a_map_question(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    seed = find_seed(page, base_url, COUNT, lambda items: items[0]["kind"] == "map")
    items = start_round(page, base_url, COUNT, seed)
    target = items[0]["target"]
    xy = page.evaluate("([lon, lat]) => map.project([lon, lat])", [target["lon"], target["lat"]])
    box = page.locator("#canvas").bounding_box()
    assert box is not None
    expect(page.locator("#quiz-card [data-letter]")).to_have_count(4)
    for dx in (0, 2, -2):
        page.mouse.move(box["x"] + xy[0] + dx, box["y"] + xy[1])
        expect(page.locator("#tooltip")).to_be_hidden()


def test_exported_quiz_map_question_by_keyboard(
    page: Page, browser: Browser, base_url: str, tmp_path: Path
) -> None:
    seed = find_seed(page, base_url, COUNT, lambda items: items[0]["kind"] == "map")
    quiz = page.request.get(f"{base_url}/learn/quiz?count={COUNT}&seed={seed}").json()
    target = quiz["items"][0]["target"]
    exported = tmp_path / "quiz.html"
    exported.write_text(quiz_page(quiz), encoding="utf-8")
    other = browser.new_page()
    other.goto(exported.as_uri())
    other.keyboard.press("Tab")  # the first stop is the latitude box: no trap at the map
    assert other.evaluate("document.activeElement.id") == "lat"
    other.keyboard.type(f"{target['lat']:.3f}")
    other.keyboard.press("Tab")
    other.keyboard.type(f"{target['lon']:.3f}")
    other.keyboard.press("Enter")
    expect(other.locator("#score")).to_have_text("1 / 1")
    assert other.evaluate("document.activeElement.id") == "next"
    other.keyboard.press("Enter")
    expect(other.locator("#prompt")).to_have_text(quiz["items"][1]["prompt"])
    other.close()
