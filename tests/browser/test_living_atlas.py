"""The living registry in the atlas (static/account.js): a contributor signs in and proposes
the 2022 suspension of a twinning with its source; a reviewer signs in and accepts it; the
atlas then shows the new status with the source.  No console error along the way (the CSP
forbids inline script: account.js must not need it)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from atlas_page import open_atlas, wait_until
from playwright.sync_api import Page

from support.living import PASSWORD
from support.server import serve_app
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

SOURCE = "https://www.coventry.gov.uk/news/dresden-2022"


@pytest.fixture
def living_url(tmp_path: Path) -> Iterator[str]:
    """The atlas over a curated registry with a contributor and a reviewer."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'r.sqlite'}", auto_load=False, refresh_seconds=0.2
    )
    registry = Registry.open(settings)
    registry.load(load_curated(), action="load curated for the living atlas test")
    for name, role in (("alice", Role.CONTRIBUTOR), ("rita", Role.REVIEWER)):
        accounts.add_user(registry.engine, name, PASSWORD, actor="test")
        accounts.grant_role(registry.engine, name, role, actor="test")
    registry.engine.dispose()
    yield from serve_app(create_app(settings))


def _sign_in(page: Page, name: str) -> None:
    if page.evaluate("document.querySelector('#account').hidden"):
        page.click("#account-open")
    page.fill("#account-name", name)
    page.fill("#account-password", PASSWORD)
    page.click("#account-signin button[type=submit]")
    page.wait_for_selector("#account-who")


def test_contributor_proposes_reviewer_accepts_atlas_shows_it(page: Page, living_url: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    open_atlas(page, living_url)
    _sign_in(page, "alice")
    page.fill("#propose-twinning", "coventry--dresden")
    page.select_option("#propose-type", "suspension")
    page.fill("#propose-date", "2022")
    page.fill("#propose-source", SOURCE)
    page.fill("#propose-reason", "The council suspended the link in 2022")
    page.click("#account-propose button[type=submit]")
    wait_until(page, "document.querySelector('#account-message').textContent.includes('sent for')")
    page.click("#account-signout")
    page.wait_for_selector("#account-signin")
    _sign_in(page, "rita")
    item = page.wait_for_selector("#account-queue .proposal")
    assert item is not None
    assert SOURCE in item.inner_text()
    page.click("#account-queue .proposal .decide-accept")
    wait_until(page, "document.querySelector('#account-message').textContent.includes('accepted')")
    # the API swaps in the new snapshot in the background (refresh_seconds) after the write
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        record = httpx.get(f"{living_url}/twinnings/coventry--dresden", timeout=60).json()
        if record["status"]["status"] == "suspended":
            break
        time.sleep(0.3)
    assert record["status"]["status"] == "suspended"
    assert record["status"]["since"] == "2022"
    open_atlas(page, f"{living_url}/#place=coventry")
    wait_until(page, "document.querySelector('#panel') && !document.querySelector('#panel').hidden")
    wait_until(
        page,
        f"[...document.querySelectorAll('#panel a')].some(a => a.href === {SOURCE!r})",
        timeout=60,
    )
    assert errors == []
