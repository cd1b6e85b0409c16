"""The atlas's faces of the living registry (static/account.js, living.js) in Debian's
chromium: a contributor signs in, reloads and is still signed in, and proposes a change from a
twinning row of the place panel (prefilled); a reviewer opens the queue of doubtful
resolutions and accepts a candidate; a twinning's history shows a Revert button to a signed-in
contributor (and none to a reader); the place panel asks "dormant?".  Screenshots of a phone
(390x844 @3) and a laptop go to ``test-artifacts/``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from atlas_page import open_atlas, screenshot, serious_violations, wait_until
from playwright.sync_api import Browser, Page, Route

from support.living import PASSWORD
from support.server import serve_app
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.api import create_app
from twintowns.model import Bundle, Citation, ReviewItem, Source
from twintowns.registry import Registry
from twintowns.resolve.overrides import load_overrides, override_key
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated
from twintowns.store import schema

ROW = '#panel [data-partner="dresden"]'


@pytest.fixture(scope="module")
def faces(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The atlas over the curated registry with a contributor, a reviewer, one accepted
    change of Coventry–Dresden and a doubtful resolution; and its overrides file."""
    folder = tmp_path_factory.mktemp("faces")
    overrides = folder / "overrides.yaml"
    settings = Settings(
        database_url=f"sqlite:///{folder / 'r.sqlite'}",
        auto_load=False,
        refresh_seconds=0.2,
        overrides_path=overrides,
        login_burst=50,  # seven sign-ins from one address in a minute; the limit has its own test
    )
    registry = Registry.open(settings)
    registry.load(load_curated(), action="load curated for the faces test")
    kiel = ReviewItem("Kiel", "", Citation("lists", "a:1"), 4, None, "gn:1", "name", 0.6, ("gn:2",))
    bundle = Bundle(dataset="world", sources=(Source("lists", "Lists"),), reviews=(kiel,))
    registry.load(bundle, action="a doubtful resolution")
    engine = registry.engine
    with engine.begin() as conn:
        conn.execute(schema.places.update().where(schema.places.c.id == "kiel").values(geonames=2))
    for name, role in (("alice", Role.CONTRIBUTOR), ("rita", Role.REVIEWER)):
        accounts.add_user(engine, name, PASSWORD, actor="test")
        accounts.grant_role(engine, name, role, actor="test")
    alice = accounts.principal(engine, accounts.login(engine, "alice", PASSWORD).secret, "session")
    rita = accounts.principal(engine, accounts.login(engine, "rita", PASSWORD).secret, "session")
    payload = {"twinning": "coventry--dresden", "type": "exchange", "date": "2019"}
    made = accounts.propose(
        engine, alice, "event", payload,
        source_url="https://example.org/coventry-dresden-2019", reason="a youth exchange",
        base_version=0,
    )  # fmt: skip
    accounts.review(engine, rita, made["id"], "accept", seen=made["version"])
    engine.dispose()
    for url in serve_app(create_app(settings)):
        yield url, overrides


def _sign_in(page: Page, name: str) -> None:
    if page.evaluate("document.querySelector('#account').hidden"):
        page.click("#account-open")
    page.wait_for_selector("#account-signin")
    page.fill("#account-name", name)
    page.fill("#account-password", PASSWORD)
    page.click("#account-signin button[type=submit]")
    page.wait_for_selector("#account-who")


def _message(page: Page, text: str) -> None:
    wait_until(page, f"document.querySelector('#account-message').textContent.includes({text!r})")


def test_sign_in_survives_a_reload_and_proposes_from_a_row(
    page: Page, faces: tuple[str, Path]
) -> None:
    url, _ = faces
    open_atlas(page, url)
    _sign_in(page, "alice")
    page.reload()
    wait_until(page, "document.body.dataset.account !== undefined")
    assert page.evaluate("document.body.dataset.account") == "signed-in"
    assert page.inner_text("#account-open") == "alice"
    page.goto(f"{url}/#place=coventry")
    page.wait_for_selector(f"{ROW} .propose-row")
    dormant = page.locator("#panel .partner .flag.dormant")
    assert dormant.count() >= 1  # Kiel: nothing recorded since the 1940s
    assert dormant.first.inner_text() == "dormant?"
    assert page.locator(f"{ROW} .flag.dormant").count() == 0  # the exchange of 2019
    page.click(f"{ROW} .propose-row")
    page.wait_for_selector("#account-propose")
    assert page.input_value("#propose-twinning") == "coventry--dresden"
    assert page.get_attribute("#propose-twinning", "readonly") is not None
    assert "Dresden" in page.inner_text("#account-propose .target")
    page.select_option("#propose-type", "suspension")
    page.fill("#propose-date", "2022")
    page.fill("#propose-source", "javascript:alert(1)")
    page.fill("#propose-reason", "The council suspended the link")
    page.click("#account-propose button[type=submit]")
    _message(page, "http or https")  # refused in the page, never sent
    page.fill("#propose-source", "https://www.coventry.gov.uk/news/dresden-2022")
    page.click("#account-propose button[type=submit]")
    _message(page, "sent for review")
    assert serious_violations(page) == []
    # from the place itself: one of its twinnings, or (chosen here) a name of the place
    page.click("#propose-place")
    page.wait_for_selector("#propose-about")
    assert page.input_value("#propose-about").startswith(("coventry--", "belgrade--"))
    assert page.is_hidden("#propose-name")
    page.select_option("#propose-about", "")
    assert page.is_hidden("#propose-type")
    page.fill("#propose-name", "Coventre")
    page.fill("#propose-lang", "fr")
    page.fill("#propose-source", "https://fr.wikipedia.org/wiki/Coventry")
    page.fill("#propose-reason", "The French name")
    page.evaluate("document.querySelector('#account-message').textContent = ''")
    page.click("#account-propose button[type=submit]")
    _message(page, "sent for review")
    page.click("#history-place")
    page.wait_for_selector("#account-history .change[data-status=pending]")
    assert "Coventre" in page.inner_text("#account-history")


def test_history_shows_revert_to_a_contributor_only(page: Page, faces: tuple[str, Path]) -> None:
    url, _ = faces
    open_atlas(page, f"{url}/#place=coventry")
    page.wait_for_selector(f"{ROW} .history-row")
    page.click(f"{ROW} .history-row")
    page.wait_for_selector("#account-history .change")
    assert page.locator("#account-history .change[data-status=accepted]").count() == 1
    assert page.locator("#account-history .revert").count() == 0  # a reader reverts nothing
    page.click("#account .back")
    _sign_in(page, "alice")
    page.click(f"{ROW} .history-row")
    page.wait_for_selector("#account-history .revert")
    page.click("#account-history .revert")
    page.wait_for_selector("#account-history .revert-form .revert-source")
    assert serious_violations(page) == []


def test_reviewer_accepts_a_resolution(page: Page, faces: tuple[str, Path]) -> None:
    url, overrides = faces
    open_atlas(page, url)
    _sign_in(page, "rita")
    page.click("#resolutions-open")
    page.wait_for_selector("#resolutions .resolution")
    item = page.inner_text("#resolutions .resolution")
    assert "Kiel" in item
    assert "gn:2" in item
    screenshot(page, "living-resolutions-laptop")
    page.click('#resolutions .decide-candidate[data-key="gn:2"]')
    _message(page, "Kiel → gn:2")
    page.wait_for_selector("p#resolutions")  # the queue is empty now
    assert load_overrides(overrides)[override_key("Kiel", "")] == "gn:2"


def test_the_queue_shows_a_proposals_diff_as_text(page: Page, faces: tuple[str, Path]) -> None:
    """A proposal's before/after (given by servers that compute it) is shown, as text."""
    url, _ = faces
    proposal = {
        "id": 99, "kind": "level", "target": "place:kiel", "base_version": 0,
        "payload": {"place": "kiel", "level": "town"}, "source_url": "https://example.org/kiel",
        "locator": None, "quote": None, "reason": "Kiel is a city", "author": "alice",
        "status": "pending", "created_at": "2026-12-05T08:00:00Z", "version": 1, "reviews": [],
        "diff": {"before": {"level": "city"}, "after": {"level": "<img src=x onerror=alert(1)>"}},
    }  # fmt: skip

    def queue(route: Route) -> None:
        if route.request.method != "GET":
            route.continue_()
            return
        route.fulfill(status=200, content_type="application/json", body=json.dumps([proposal]))

    page.route("**/reviews", queue)
    open_atlas(page, url)
    _sign_in(page, "rita")
    page.wait_for_selector('#account-queue .proposal[data-id="99"] .diff')
    assert page.inner_text("#account-queue .diff-before").split() == ["before", "level:", "city"]
    assert "<img src=x" in page.inner_text("#account-queue .diff-after")
    assert page.locator("#account img").count() == 0  # server text stays text
    assert "level: town" in page.inner_text("#account-queue .proposal")


@pytest.mark.slow  # three shapes, three screenshots each (~30 s); the phone form test stays quick
def test_phone_and_laptop_screenshots(browser: Browser, faces: tuple[str, Path]) -> None:
    url, _ = faces
    shapes = {
        "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
                  "is_mobile": True, "has_touch": True},
        "laptop": {"viewport": {"width": 1366, "height": 768}},
        "phone-ja": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
                     "is_mobile": True, "has_touch": True, "locale": "ja-JP"},
    }  # fmt: skip
    for shape, options in shapes.items():
        context = browser.new_context(**options)  # type: ignore[arg-type]
        page = context.new_page()
        try:
            open_atlas(page, f"{url}/#place=coventry")
            page.wait_for_selector(f"{ROW} .propose-row")
            screenshot(page, f"living-panel-{shape}")
            _sign_in(page, "alice")
            page.click("#account .close")  # on a phone the account sheet covers the panel
            page.click(f"{ROW} .propose-row")
            page.wait_for_selector("#account-propose")
            fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            assert page.evaluate(fits), f"the {shape} page scrolls sideways"
            box = page.locator("#account").bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= options["viewport"]["width"]  # type: ignore[index]
            screenshot(page, f"living-propose-{shape}")
            page.click("#account .close")  # on a phone the account sheet covers the panel
            page.click(f"{ROW} .history-row")
            page.wait_for_selector("#account-history .revert")
            screenshot(page, f"living-history-{shape}")
        finally:
            context.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
         "has_touch": True}  # fmt: skip


def test_a_level_proposed_from_the_panel_shows_its_diff_to_the_reviewer(
    browser: Browser, page: Page, faces: tuple[str, Path]
) -> None:
    """On a phone a contributor proposes Coventry's level (living-fixes.js), looks up a place
    to merge and proposes a split; on a laptop the reviewer's queue shows the level's before
    and after."""
    url, _ = faces
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    phone = context.new_page()
    try:
        open_atlas(phone, f"{url}/#place=coventry")
        phone.wait_for_selector("#propose-place")
        _sign_in(phone, "alice")
        phone.click("#account .close")  # the account sheet covers the panel on a phone
        phone.click("#propose-place")
        phone.wait_for_selector("#propose-kind")
        assert phone.is_visible("#propose-about")  # the event and name form first, as before
        phone.select_option("#propose-kind", "level")
        phone.wait_for_selector("#account-fix[data-kind=level]")
        assert phone.input_value("#fix-level") == "city"  # Coventry's level now
        phone.select_option("#fix-level", "town")
        phone.fill("#fix-source", "javascript:alert(1)")
        phone.fill("#fix-reason", "The charter calls it a town")
        phone.click("#account-fix button[type=submit]")
        _message(phone, "http or https")  # refused in the page, never sent
        phone.fill("#fix-source", "https://www.coventry.gov.uk/charter")
        fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        assert phone.evaluate(fits), "the phone page scrolls sideways"
        screenshot(phone, "living-fix-level-phone")
        phone.click("#account-fix button[type=submit]")
        _message(phone, "sent for review")
        phone.select_option("#propose-kind", "merge")
        phone.fill("#fix-search", "Dresd")
        phone.wait_for_selector('#fix-results .fix-pick[data-id="dresden"]')
        assert phone.locator('#fix-results .fix-pick[data-id="coventry"]').count() == 0
        phone.click('#fix-results .fix-pick[data-id="dresden"]')
        assert "Dresden" in phone.inner_text("#fix-chosen")
        screenshot(phone, "living-fix-merge-phone")
        assert serious_violations(phone) == []
        phone.select_option("#propose-kind", "split")
        phone.fill("#fix-newplace", "Old Coventry")
        phone.fill("#fix-newname", "Old Coventry")
        phone.fill("#fix-source", "https://www.coventry.gov.uk/history")
        phone.fill("#fix-reason", "Two towns under one entry")
        phone.click("#account-fix button[type=submit]")
        _message(phone, "lowercase")  # an id is lowercase letters, digits and hyphens
        phone.fill("#fix-newplace", "old-coventry")
        phone.locator("#account-fix .fix-moved").first.check()
        screenshot(phone, "living-fix-split-phone")
        phone.click("#account-fix button[type=submit]")
        _message(phone, "sent for review")
    finally:
        context.close()
    open_atlas(page, url)
    _sign_in(page, "rita")
    item = page.locator("#account-queue .proposal", has_text="level: town")
    item.wait_for()
    assert '"level":"city"' in item.locator(".diff-before").inner_text()
    assert '"level":"town"' in item.locator(".diff-after").inner_text()
