"""The atlas in a real browser on the curated registry: search, history, exclusivity, chains,
countries and permalinks."""

from __future__ import annotations

import datetime as dt
import re

from atlas_page import open_atlas, screenshot, wait_until
from playwright.sync_api import Page, expect

from twintowns.model import EventType
from twintowns.sources.curated import load_curated

VOLGOGRAD_STATUS = '#panel .partner[data-partner-name="Volgograd"] .state .status'


def test_search_coventry_and_replay_volgograd(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    page.fill("#search", "Coventry")
    page.click('#search-results button[data-id="coventry"]')
    expect(page.locator("#panel h2")).to_have_text("Coventry")
    page.locator("#year").fill("2000")
    expect(page.locator("#year-label")).to_have_text("2000")
    expect(page.locator(VOLGOGRAD_STATUS)).to_have_text("active")
    screenshot(page, "atlas-coventry-2000")
    page.locator("#year").fill("2023")
    status = page.locator(VOLGOGRAD_STATUS)
    expect(status).to_have_text("suspended")
    state = page.locator('#panel .partner[data-partner-name="Volgograd"] .state')
    expect(state).to_contain_text("since 2022-03-22")  # the BBC's day, not the article's
    source = state.locator("a.source")
    expect(source).to_have_attribute("href", re.compile(r"^https://"))
    expect(page.locator("#panel .sources")).to_contain_text("licence")
    assert "year=2023" in page.url
    assert "place=coventry" in page.url
    screenshot(page, "atlas-coventry-2023")


def test_rome_has_paris_exclusive(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    page.fill("#search", "Rome")
    page.press("#search", "Enter")
    expect(page.locator("#panel h2")).to_have_text("Rome")
    paris = page.locator('#panel .partner[data-partner-name="Paris"]')
    expect(paris.locator(".flag.exclusive")).to_have_text("exclusive & reciprocal")
    screenshot(page, "atlas-rome")


def test_chain_from_dull_to_boring(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    page.fill("#path-from", "Dull")
    page.fill("#path-to", "Boring")
    page.click("#path-go")
    chain = page.locator("#chain")
    expect(chain).to_have_attribute("data-length", "1")
    expect(chain).to_contain_text("Dull → Boring")
    assert "from=Dull" in page.url
    assert "to=Boring" in page.url
    screenshot(page, "atlas-chain-dull-boring")


def test_permalink_restores_the_view(page: Page, base_url: str) -> None:
    open_atlas(page, f"{base_url}/#place=coventry&year=2000&status=active,suspended")
    expect(page.locator("#year-label")).to_have_text("2000")
    expect(page.locator(VOLGOGRAD_STATUS)).to_have_text("active")
    expect(page.locator('#statuses input[value="unknown"]')).not_to_be_checked()


def test_country_filter_and_view(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    everything = int(page.evaluate("document.body.dataset.drawn"))
    page.select_option("#country", "GB")
    expect(page.locator("#panel h2")).to_have_text("United Kingdom")
    expect(page.locator("#panel .partner-countries")).to_contain_text("Russia")
    drawn = int(page.evaluate("document.body.dataset.drawn"))
    assert 0 < drawn < everything
    page.select_option("#kind", "novelty")
    assert int(page.evaluate("document.body.dataset.drawn")) < drawn
    screenshot(page, "atlas-country-gb")


def test_pan_and_zoom_move_the_map(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    page.click("#zoom-in")
    wait_until(page, "location.hash.includes('map=')")
    view = page.evaluate("new URLSearchParams(location.hash.slice(1)).get('map')")
    zoom = float(view.split(",")[2])
    assert zoom > 1.5
    box = page.locator("#canvas").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = page.evaluate("location.hash")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y + 40, steps=5)
    page.mouse.up()
    wait_until(page, f"location.hash !== {before!r}")


def test_panel_shows_the_sources_disagreeing(page: Page, base_url: str) -> None:
    open_atlas(page, f"{base_url}/#place=coventry&year=2022")
    volgograd = page.locator('#panel .partner[data-partner-name="Volgograd"]')
    expect(volgograd.locator(".disputes")).to_contain_text(
        "BBC News says suspension on 22 March 2022 (accepted)"
    )
    expect(volgograd.locator(".disputes")).to_contain_text("22 February 2022 (disputed)")
    disputed = volgograd.locator('.timeline li[data-standing="disputed"]')
    expect(disputed).to_have_count(1)
    expect(disputed).to_contain_text("2022-02-22")
    expect(disputed).to_contain_text("disputed claim")
    screenshot(page, "atlas-coventry-disputed")


def _wave_arcs() -> int:
    """Curated twinnings with an accepted suspension or ending since 24 February 2022 whose two
    places have coordinates (what the atlas can draw)."""
    bundle = load_curated()
    located = {p.id for p in bundle.places if p.coordinates is not None}
    kinds = {EventType.SUSPENSION, EventType.TERMINATION}
    return sum(
        1
        for t in bundle.twinnings
        if {t.a, t.b} <= located
        and any(
            e.type in kinds and e.applies and e.date and e.date.end >= dt.date(2022, 2, 24)
            for e in t.events
        )
    )


def test_wave_filter_draws_only_the_2022_wave(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    everything = int(page.evaluate("document.body.dataset.drawn"))
    page.check("#wave")
    expected = _wave_arcs()
    wait_until(page, f"document.body.dataset.drawn === '{expected}'")
    assert 50 <= expected < everything
    assert "wave=2022" in page.url
    page.uncheck("#wave")
    wait_until(page, f"document.body.dataset.drawn === '{everything}'")
    open_atlas(page, f"{base_url}/#wave=2022")  # the permalink restores the filter
    expect(page.locator("#wave")).to_be_checked()
    wait_until(page, f"document.body.dataset.drawn === '{expected}'")
    screenshot(page, "atlas-wave-2022")
