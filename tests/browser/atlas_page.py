"""Helpers of the browser tests: open the atlas and wait for its arcs, save screenshots."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_atlas(page: Page, url: str) -> None:
    """Load the atlas and wait until its arcs are drawn."""
    page.goto(url)
    page.wait_for_function(
        "document.body.dataset.drawn !== undefined || document.body.dataset.error !== undefined"
    )
    assert page.evaluate("document.body.dataset.error") is None


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot to ``test-artifacts/<name>.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
