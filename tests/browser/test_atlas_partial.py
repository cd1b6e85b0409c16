"""The atlas says when the twinnings it draws are grouped, and when they are only part of the
registry (issue 22), in Debian's chromium: past :data:`~twintowns.api.arcs_view.BULK_MOST`
the page draws the world grouped, of its :data:`~twintowns.api.arcs_view.MOST_GROUPS`
largest groups only, and an extent grouped past
:data:`~twintowns.api.arcs_view.MOST_DETAILED`; the three limits are lowered here (on a
server of its own over the small curated registry) so that the views are partial.  The note
is text under the count, beside no control, on a laptop and on a phone; the full table
(``?arcs=all``) has none, and a complete grouping still says "grouped"."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from atlas_page import open_atlas, screenshot, wait_until
from playwright.sync_api import Browser, Locator, Page, expect

from support.server import serve_app
from twintowns.api import arcs_view, create_app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

MOST_GROUPS = 10
"""Groups a grouped answer carries here (the curated world has 116 groups of 129 arcs)."""
PARTIAL = "Showing {shown} of {total} twinnings, grouped by area; zoom in for the rest"


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a registry file holding the curated facts."""
    database = tmp_path_factory.mktemp("partial") / "registry.sqlite"
    settings = Settings(database_url=f"sqlite:///{database}", auto_load=False)
    registry = Registry.open(settings)
    registry.load(load_curated(), action="load curated for the partial-view tests")
    registry.engine.dispose()
    return settings


@pytest.fixture
def partial_url(curated: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A server of its own (its answers are kept per snapshot) as over a large registry:
    the page loads the world grouped, the extents too, each of its 10 largest groups."""
    monkeypatch.setattr(arcs_view, "BULK_MOST", 0)
    monkeypatch.setattr(arcs_view, "MOST_GROUPS", MOST_GROUPS)
    monkeypatch.setattr(arcs_view, "MOST_DETAILED", MOST_GROUPS)
    yield from serve_app(create_app(curated))  # stopped before the limits are put back


def answer(url: str) -> dict[str, Any]:
    """The JSON answer at ``url``."""
    with urllib.request.urlopen(url, timeout=30) as response:
        found: dict[str, Any] = json.load(response)
    return found


def boxes_meet(one: Locator, other: Locator) -> bool:
    """Whether two elements' boxes on the screen overlap."""
    a, b = one.bounding_box(), other.bounding_box()
    assert a is not None
    assert b is not None
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def check_layout(page: Page) -> None:
    """The note is visible, in the count line, which covers no control of the map nor the
    toolbar, and stays inside the map; the page does not scroll sideways."""
    expect(page.locator("#stats #arcs-note")).to_be_visible()
    stats = page.locator("#stats")
    for control in ("#zoom-in", "#zoom-out", "#account-open", "#toolbar", "#attribution"):
        expect(page.locator(control)).to_be_visible()
        assert not boxes_meet(stats, page.locator(control)), control
    if page.locator("#panel").is_visible():
        assert not boxes_meet(stats, page.locator("#panel"))
    fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(fits)


def test_a_partial_grouped_view_says_how_much_it_shows(page: Page, partial_url: str) -> None:
    world = answer(f"{partial_url}/atlas/arcs/first.json")
    every = answer(f"{partial_url}/atlas/arcs.json")
    assert world["mode"] == "aggregate"
    assert world["total"] == len(every["arcs"]["a"]) == 129  # every drawable twinning
    assert len(world["arcs"]["count"]) == MOST_GROUPS
    assert world["shown"] == sum(world["arcs"]["count"]) < world["total"]
    open_atlas(page, partial_url)
    note = page.locator("#arcs-note")
    expect(note).to_have_text(PARTIAL.format(shown=world["shown"], total=world["total"]))
    assert note.get_attribute("data-partial") == "true"
    count = f"{world['shown']} twinnings drawn · {every['skipped']} without coordinates"
    expect(page.locator("#stats-count")).to_have_text(count)
    # real text, in the order a screen reader reads the count line
    assert page.evaluate("document.querySelector('#stats').innerText.split('\\n')") == [
        count,
        PARTIAL.format(shown=world["shown"], total=world["total"]),
    ]
    check_layout(page)
    # an extent holding more than MOST_DETAILED is grouped, and partial: said too
    page.evaluate("map.setView(10, 50, 4)")  # Europe
    wait_until(page, "String(document.body.dataset.arcsView).startsWith('aggregate')")
    shown, total = page.evaluate("document.body.dataset.arcsView").split()[1].split("/")
    assert int(shown) < int(total)
    expect(note).to_have_text(PARTIAL.format(shown=shown, total=total))
    # the world again: its own numbers
    page.evaluate("map.setView(0, 8, 1)")
    wait_until(page, "document.body.dataset.arcsView === 'world'")
    expect(note).to_have_text(PARTIAL.format(shown=world["shown"], total=world["total"]))


def test_the_full_table_has_no_note_and_a_complete_grouping_says_grouped(
    page: Page, base_url: str
) -> None:
    open_atlas(page, f"{base_url}/?arcs=all")
    expect(page.locator("#stats-count")).to_have_text(re.compile(r"^129 twinnings drawn\b"))
    expect(page.locator("#arcs-note")).to_have_count(0)
    stats = page.evaluate("document.querySelector('#stats').innerText")
    assert stats == page.evaluate("document.querySelector('#stats-count').innerText")  # only
    open_atlas(page, f"{base_url}/?arcs=view")  # the curated world grouped: every group sent
    expect(page.locator("#arcs-note")).to_have_text("Showing all 129 twinnings, grouped by area")
    assert page.locator("#arcs-note").get_attribute("data-partial") == "false"


@pytest.mark.slow  # three screen shapes and a language (~8 s)
def test_the_note_fits_a_laptop_and_a_phone(browser: Browser, partial_url: str) -> None:
    shapes: dict[str, dict[str, Any]] = {
        "laptop": {"viewport": {"width": 1280, "height": 800}},
        "small laptop": {"viewport": {"width": 800, "height": 700}},  # a 3-line footer
        "phone": {
            "viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
            "is_mobile": True, "has_touch": True,
        },
    }  # fmt: skip
    for name, shape in shapes.items():
        context = browser.new_context(**shape)
        try:
            page = context.new_page()
            open_atlas(page, f"{partial_url}/?arcs=all")  # no note
            expect(page.locator("#arcs-note")).to_have_count(0)
            without = page.locator("#toolbar").bounding_box()
            open_atlas(page, partial_url)
            check_layout(page)
            assert page.locator("#toolbar").bounding_box() == without  # not one more row
            if name == "small laptop":  # beside a country panel: the count on three lines
                page.goto(f"{partial_url}/#countryview=GB")
                expect(page.locator("#panel h2")).to_be_visible()
                check_layout(page)
            screenshot(page, f"atlas-partial-{name.replace(' ', '-')}")
        finally:
            context.close()
    # in the reader's language
    german = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    try:
        page = german.new_page()
        open_atlas(page, partial_url)
        wait_until(page, "document.body.dataset.lang === 'de'")
        expect(page.locator("#arcs-note")).to_have_text(
            re.compile(r"^\d+ von 129 Partnerschaften angezeigt, nach Gebiet gruppiert; für den")
        )
        check_layout(page)
    finally:
        german.close()
