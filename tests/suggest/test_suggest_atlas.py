"""The atlas's "Towns like yours twin with…" (static/suggest.js) in a real chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from support.server import serve_app
from twintowns.api import create_app
from twintowns.settings import Settings


@pytest.fixture(scope="module")
def planted_base(planted_url: str) -> Iterator[str]:
    yield from serve_app(create_app(Settings(database_url=planted_url, auto_load=False)))


def test_panel_lists_suggestions_with_reasons_and_links(page: Page, planted_base: str) -> None:
    page.goto(f"{planted_base}/#place=gb-0")
    section = page.locator('section.suggestions[data-place="gb-0"]')
    expect(section).to_be_visible(timeout=60_000)
    expect(section.locator("h3")).to_have_text("Towns like yours twin with…")
    expect(section).to_contain_text("not facts")
    items = section.locator("li.suggestion")
    expect(items).to_have_count(5)
    expect(items.first.locator("ul.why li").first).to_be_visible()
    # GeoNames towns outside the registry are named and marked, never linked (no panel)
    outsiders = section.locator("li.suggestion:has(span.outsider)")
    for i in range(outsiders.count()):
        assert outsiders.nth(i).locator("a").count() == 0
        expect(outsiders.nth(i)).to_contain_text("not in the registry")
    assert outsiders.count() + section.locator("li.suggestion:has(a)").count() == 5
    for i in range(5):
        assert items.nth(i).get_attribute("data-suggested") not in {
            "fr-1",
            "fr-2",
            "de-1",
            "pl-1",
            "it-1",
            "de-2",
        }
    # a registry candidate's link opens its panel (the planted world's GeoNames neighbours
    # may fill gb-0's five; fr-3's own list is asked for through a panel link then)
    page.goto(f"{planted_base}/#place=fr-3")
    listed = page.locator('section.suggestions[data-place="fr-3"]')
    expect(listed).to_be_visible(timeout=60_000)
    linked = page.locator("section.suggestions li.suggestion:has(a)")
    if linked.count():
        chosen = linked.first.get_attribute("data-suggested")
        linked.first.locator("a").click()
        expect(page.locator(f'section.suggestions[data-place="{chosen}"]')).to_be_visible(
            timeout=60_000
        )
        assert f"place={chosen}" in page.url
