"""The atlas's search box on the bundled world registry (issue 12): names in any language,
namesakes in order of prominence, a typo still finds the place."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from atlas_page import open_atlas
from playwright.sync_api import Page, expect

from support.server import serve_app
from twintowns.api import create_app
from twintowns.settings import Settings

RESULTS = "#search-results button"


@pytest.fixture(scope="module")
def world_url(
    bundled_registry_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The atlas over a copy of the bundled registry (curated + world snapshot)."""
    copy = tmp_path_factory.mktemp("atlas-world") / "registry.sqlite"
    shutil.copyfile(bundled_registry_file, copy)
    # not warmed at start-up: the world registry takes longer to read than a server start
    # may, and the first request reads it anyway
    app = create_app(Settings(database_url=f"sqlite:///{copy}", auto_load=False), warm=False)
    yield from serve_app(app, start_within=120)


# slow: the atlas first draws the whole world's arcs (minutes on a busy machine)
@pytest.mark.slow
def test_search_box_finds_names_in_any_language_most_prominent_first(
    page: Page, world_url: str
) -> None:
    page.set_default_timeout(300_000)  # the whole world's arcs, on a shared machine
    open_atlas(page, world_url)
    page.fill("#search", "Coventry")
    expect(page.locator(RESULTS).first).to_have_attribute("data-id", "coventry")
    expect(page.locator(RESULTS).nth(1)).to_contain_text("Rhode Island")
    page.fill("#search", "Coventy")  # a typo
    expect(page.locator(RESULTS).first).to_have_attribute("data-id", "coventry")
    page.fill("#search", "東京")
    expect(page.locator(RESULTS).first).to_have_attribute("data-id", "tokyo")
    page.fill("#search", "Kiev")
    expect(page.locator(RESULTS).first.locator("b")).to_have_text("Kyiv")
    page.fill("#search", "東京")
    page.press("#search", "Enter")  # one place found: the atlas opens it
    expect(page.locator("#panel h2")).to_have_text("Tokyo")
