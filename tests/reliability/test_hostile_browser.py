"""Defence in depth in a real browser (Debian's chromium): source URLs stored before URLs were
checked (every source's URL a ``javascript:`` one) never become links in the atlas, and the
exported HTML quiz's link helper refuses every scheme but http(s)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from support.server import serve_app
from twintowns.api import create_app
from twintowns.learn.html_page import quiz_page
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

EVIL = "javascript:document.body.dataset.pwned='yes'"
SCHEMES = {
    "javascript:alert(1)": None,
    "JAVASCRIPT:alert(1)": None,
    " javascript:alert(1)": None,
    "java\tscript:alert(1)": None,
    "data:text/html,<b>x</b>": None,
    "vbscript:x": None,
    "not a url": None,
    "https://example.org/a": "https://example.org/a",
    "http://example.org": "http://example.org/",
}


@pytest.fixture(scope="module")
def evil_atlas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The atlas over the curated facts with every source URL replaced by a script."""
    database = tmp_path_factory.mktemp("evil-atlas") / "registry.sqlite"
    settings = Settings(database_url=f"sqlite:///{database}", auto_load=False)
    bundle = load_curated()
    sources = tuple(dataclasses.replace(s, url=EVIL) for s in bundle.sources)
    registry = Registry.open(settings)
    registry.load(dataclasses.replace(bundle, sources=sources), action="stored before checks")
    registry.engine.dispose()
    yield from serve_app(create_app(settings))


def test_atlas_makes_no_link_of_a_script_url(page: Page, evil_atlas: str) -> None:
    page.goto(f"{evil_atlas}/#place=coventry&year=2023")
    expect(page.locator("#panel h2")).to_have_text("Coventry")
    expect(page.locator("#panel .sources li").first).to_be_visible()
    assert page.locator('a[href^="javascript" i]').count() == 0
    assert page.locator("#panel .sources a").count() == 0  # titles shown as plain text
    expect(page.locator("#panel .sources")).to_contain_text("licence")
    cite = page.locator('#panel .partner[data-partner-name="Volgograd"] .state .source')
    expect(cite).to_have_count(1)
    assert cite.evaluate("node => node.tagName") == "SPAN"
    for text, expected in SCHEMES.items():
        assert page.evaluate("text => httpUrl(text)", text) == expected, text


def test_html_quiz_links_only_http_urls(page: Page, tmp_path: Path) -> None:
    quiz = {"title": "t", "seed": 0, "items": []}
    path = tmp_path / "quiz.html"
    path.write_text(quiz_page(quiz), encoding="utf-8")
    page.goto(path.as_uri())
    for text, expected in SCHEMES.items():
        assert page.evaluate("text => httpUrl(text)", text) == expected, text
