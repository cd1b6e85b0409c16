"""Helpers of the browser tests: open the atlas and wait for its arcs, save screenshots, run
axe-core on a page."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_atlas(page: Page, url: str, timeout: float = 120.0) -> None:
    """Load the atlas and wait until its arcs are counted (the world registry's first load
    can take a minute on a busy machine)."""
    page.goto(url)
    wait_until(
        page,
        "document.body.dataset.drawn !== undefined || document.body.dataset.error !== undefined",
        timeout,
    )
    error = page.evaluate("document.body.dataset.error")
    assert error is None, error


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


AXE = Path(__file__).resolve().parent / "axe"
AXE_SCRIPT = AXE / "node_modules" / "axe-core" / "axe.min.js"


def axe_script() -> str:
    """axe-core's script (npm, pinned in ``tests/browser/axe/package.json``), installed with
    ``npm ci`` on first use; fails with the command when npm is missing (never skips)."""
    if not AXE_SCRIPT.is_file():
        npm = shutil.which("npm")
        assert npm, (
            "npm is missing: `apt-get install npm`, then `npm ci --prefix tests/browser/axe`"
        )
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=AXE, check=True)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each
    (rule, impact, the first offending elements).  The script is evaluated through the
    debugging protocol, outside the page's Content-Security-Policy."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    found = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} x ${v.nodes.slice(0, 3)
            .map((n) => n.target.join(" ")).join(", ")}`)"""
    )
    return [str(line) for line in found]
