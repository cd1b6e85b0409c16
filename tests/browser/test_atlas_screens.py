"""The atlas on a phone and on high-resolution screens (Debian's chromium): no sideways
scrolling at 320 px, the toolbar folded behind a menu, the panel as a bottom sheet, the legend
whole, pinch-zoom on touch; the arcs painted (off the page's thread) at high pixel ratios; the
selected place's pin and labels; the first view not cropped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from atlas_page import open_atlas, screenshot, wait_until
from playwright.sync_api import Browser, Page, expect
from test_quiz_game import COUNT, find_seed, start_round

FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A 320 px wide touch screen at pixel ratio 3 (the narrowest phones); errors fail."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, device_scale_factor=3, is_mobile=True,
        has_touch=True,
    )  # fmt: skip
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, errors


def test_phone_layout_fits_and_folds(phone: Page, base_url: str) -> None:
    open_atlas(phone, base_url)
    assert phone.evaluate(FITS), "the page scrolls sideways at 320 px"
    expect(phone.locator("#year")).to_be_hidden()  # the controls are folded away
    toolbar = phone.locator("#toolbar").bounding_box()
    assert toolbar is not None
    assert toolbar["height"] < 0.15 * 640
    phone.click("#menu")
    expect(phone.locator("#menu")).to_have_attribute("aria-expanded", "true")
    expect(phone.locator("#year")).to_be_visible()
    for label in phone.locator("#statuses .legend").all():  # every legend entry whole
        assert label.evaluate("(e) => e.scrollWidth <= e.clientWidth + 1"), label.inner_text()
        box = label.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 320
    assert phone.evaluate(FITS)
    screenshot(phone, "atlas-phone-menu")
    phone.keyboard.press("Escape")
    expect(phone.locator("#year")).to_be_hidden()


def test_phone_panel_is_a_bottom_sheet_with_the_place_above_it(phone: Page, base_url: str) -> None:
    open_atlas(phone, base_url)
    phone.fill("#search", "Coventry")
    phone.click('#search-results button[data-id="coventry"]')
    expect(phone.locator("#panel h2")).to_have_text("Coventry")
    panel = phone.locator("#panel").bounding_box()
    assert panel is not None
    assert panel["width"] >= 319
    assert panel["x"] == 0
    assert panel["y"] > 640 * 0.4  # the lower part of the screen; the map stays above it
    wait_until(phone, "map.labelsDrawn().includes('Coventry')")
    pin = phone.evaluate("map.project([-1.51, 52.41])")
    canvas = phone.locator("#canvas").bounding_box()
    assert canvas is not None
    assert 0 < canvas["y"] + pin[1] < panel["y"], "the place is hidden under the sheet"
    assert phone.evaluate(FITS)
    screenshot(phone, "atlas-phone-coventry")


def test_pinch_zooms_the_map(phone: Page, base_url: str) -> None:
    open_atlas(phone, base_url)
    box = phone.locator("#canvas").bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = phone.evaluate("map.view().zoom")
    cdp = phone.context.new_cdp_session(phone)

    def touch(kind: str, spread: float) -> None:
        points = [{"x": cx - spread, "y": cy}, {"x": cx + spread, "y": cy}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 20)
    for spread in range(30, 101, 10):
        touch("touchMove", spread)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    wait_until(phone, f"map.view().zoom > {before} * 3")  # 5x apart: about 5x closer


def test_first_view_shows_the_whole_world(page: Page, base_url: str) -> None:
    open_atlas(page, base_url)
    width = page.evaluate("document.querySelector('#canvas').clientWidth")
    for lat in (-30, 0, 30):  # the antimeridian on both sides is on screen
        west = page.evaluate(f"map.project([-179.9, {lat}])")[0]
        east = page.evaluate(f"map.project([179.9, {lat}])")[0]
        assert west >= -1, (lat, west)
        assert east <= width + 1, (lat, east, width)


def test_arcs_are_painted_at_a_high_pixel_ratio(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=2)
    page = context.new_page()
    open_atlas(page, base_url)
    wait_until(page, "performance.getEntriesByName('arcs-drawn').length > 0")
    # the arcs' picture is on the canvas: some pixel differs from the basemap's colours
    coloured = page.evaluate(
        """() => { const c = document.querySelector('#canvas');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0; for (let i = 0; i < d.length; i += 4 * 97)
            if (d[i + 2] < 200 && d[i] < 200) n++; return n; }"""
    )
    assert coloured > 100
    assert page.evaluate("document.querySelector('#canvas').width") == 2 * page.evaluate(
        "document.querySelector('#canvas').clientWidth"
    )
    context.close()


def test_selected_place_has_a_pin_and_labels(page: Page, base_url: str) -> None:
    open_atlas(page, f"{base_url}/#place=coventry")
    expect(page.locator("#panel h2")).to_have_text("Coventry")
    wait_until(page, "map.labelsDrawn().length > 2")
    drawn = page.evaluate("map.labelsDrawn()")
    assert drawn[0] == "Coventry"  # the pin's label first, always drawn
    partners = page.locator("#panel .partner").evaluate_all(
        "(items) => items.map((i) => i.dataset.partnerName)"
    )
    assert set(drawn[1:]) <= set(partners)
    page.click("#panel .close")
    wait_until(page, "map.labelsDrawn().length === 0")


def test_phone_map_question_points_are_above_the_quiz_sheet(phone: Page, base_url: str) -> None:
    open_atlas(phone, base_url)
    seed = find_seed(phone, base_url, COUNT, lambda items: items[0]["kind"] == "map")
    phone.click("#menu")
    start_round(phone, base_url, COUNT, seed)
    sheet = phone.locator("#quiz").bounding_box()
    canvas = phone.locator("#canvas").bounding_box()
    assert sheet is not None
    assert canvas is not None
    expect(phone.locator("#quiz-card [data-letter]")).to_have_count(4)
    markers = phone.evaluate(
        "() => [...document.querySelectorAll('[data-letter]')].map((b) => b.dataset.letter)"
    )
    assert markers == ["A", "B", "C", "D"]
    target = phone.request.get(f"{base_url}/learn/quiz?count={COUNT}&seed={seed}").json()
    lonlat = [target["items"][0]["target"]["lon"], target["items"][0]["target"]["lat"]]
    y = phone.evaluate("(p) => map.project(p)[1]", lonlat)
    assert canvas["y"] + y < sheet["y"], "the place to find is under the quiz sheet"
