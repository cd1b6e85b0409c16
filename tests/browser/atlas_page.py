"""Helpers of the browser tests: open the atlas and wait for its arcs, save screenshots."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_atlas(page: Page, url: str) -> None:
    """Load the atlas and wait until its arcs are drawn."""
    page.goto(url)
    wait_until(
        page,
        "document.body.dataset.drawn !== undefined || document.body.dataset.error !== undefined",
    )
    assert page.evaluate("document.body.dataset.error") is None


def wait_until(page: Page, expression: str, timeout: float = 30.0) -> None:
    """Poll ``expression`` until it is true.  (Playwright's ``wait_for_function`` polls with
    ``eval`` inside the page, which the atlas's Content-Security-Policy forbids; ``evaluate``
    runs through the debugging protocol, outside the policy.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.05)


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot to ``test-artifacts/<name>.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
