"""The atlas of a registry too large to load whole (issue 22), in a real browser: the page
draws the grouped world (``?arcs=view`` asks for it on the small curated registry, as the
server answers a large one), and it draws the same twinnings as the full table at every year
and for a country; zooming in fetches the extent's arcs in detail, once per extent; a
selected place's partners are drawn whatever the zoom."""

from __future__ import annotations

from atlas_page import open_atlas, screenshot, wait_until
from playwright.sync_api import Page, expect
from test_time_axis import drawn_at

YEARS = ("1950", "1990")


def counts(page: Page) -> list[int]:
    today = page.locator("#year").get_attribute("max")
    assert today is not None
    found = [drawn_at(page, year) for year in (*YEARS, today)]
    page.select_option("#country", "GB")
    wait_until(page, "document.body.dataset.drawnYear === 'today'")
    return [*found, int(page.evaluate("document.body.dataset.drawn"))]


def test_the_grouped_world_draws_what_every_arc_draws(page: Page, base_url: str) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_atlas(page, f"{base_url}/?arcs=all")
    every = counts(page)
    assert every[0] < every[1] < every[2], every  # 1950, 1990 and today differ
    assert 0 < every[3] < every[2]
    asked.clear()
    open_atlas(page, f"{base_url}/?arcs=view")
    assert counts(page) == every
    assert any("/atlas/arcs/world.json" in url for url in asked)
    assert not any("/atlas/arcs.json" in url for url in asked)
    screenshot(page, "atlas-grouped-world")


def test_zooming_in_draws_the_extent_in_detail(page: Page, base_url: str) -> None:
    views: list[str] = []
    page.on("request", lambda r: views.append(r.url) if "/atlas/arcs/view.json" in r.url else None)
    open_atlas(page, f"{base_url}/?arcs=view")
    assert page.evaluate("document.body.dataset.arcsView") is None  # the world, grouped
    page.evaluate("map.setView(-1.5, 52.4, 8)")  # the English Midlands
    wait_until(page, "String(document.body.dataset.arcsView).startsWith('detail')")
    assert len(views) == 1
    page.evaluate("map.setView(0, 8, 1)")
    wait_until(page, "document.body.dataset.arcsView === 'world'")
    page.evaluate("map.setView(-1.5, 52.4, 8)")  # back: the kept table, not asked again
    wait_until(page, "String(document.body.dataset.arcsView).startsWith('detail')")
    assert len(views) == 1
    # the extent's own places are dots again: Coventry's is under its position
    spot = page.evaluate("map.project([-1.51, 52.41])")
    box = page.locator("#canvas").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + spot[0], box["y"] + spot[1])
    expect(page.locator("#panel h2")).to_have_text("Coventry")
    screenshot(page, "atlas-extent-coventry")
    page.evaluate("map.setView(0, 8, 1)")
    wait_until(page, "document.body.dataset.arcsView === 'world'")
    # the place's partners stay drawn, as labels, whatever the zoom
    wait_until(page, "map.labelsDrawn().includes('Volgograd')")
