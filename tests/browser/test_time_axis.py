"""The atlas's time axis in a real browser (issue 14): the drawn count follows the year, the
legend names undated links, and replay runs to today and stops."""

from __future__ import annotations

from atlas_page import open_atlas, screenshot, wait_until
from playwright.sync_api import Page, expect


def drawn_at(page: Page, year: str) -> int:
    page.locator("#year").fill(year)
    label = "today" if year == page.locator("#year").get_attribute("max") else year
    expect(page.locator("#year-label")).to_have_text(label)
    # the count is redrawn in the next animation frame: wait for the year it is for
    wait_until(page, f"document.body.dataset.drawnYear === '{label}'")
    return int(page.evaluate("document.body.dataset.drawn"))


def test_the_drawn_count_changes_with_the_year_and_replay_finishes(
    page: Page, base_url: str
) -> None:
    open_atlas(page, base_url)
    today = page.locator("#year").get_attribute("max")
    assert today is not None
    counts = [drawn_at(page, year) for year in ("1950", "1990", today)]
    assert counts[0] < counts[1] < counts[2], counts
    screenshot(page, "atlas-time-1950")
    legend = page.locator("#statuses")
    expect(legend).to_contain_text("undated (from first listed)")
    page.locator("#year").fill("1950")
    page.click("#play")
    wait_until(page, "String(document.body.dataset.replay).startsWith('done')", timeout=60)
    expect(page.locator("#year-label")).to_have_text("today")
    wait_until(page, "document.body.dataset.drawnYear === 'today'")
    assert int(page.evaluate("document.body.dataset.drawn")) == counts[2]
