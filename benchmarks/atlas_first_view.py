"""The atlas's first view on a registry of any size, in headless chromium: bytes transferred
until the first arcs are on screen and the time to them, on a laptop (1280x800, pixel ratio 1)
and a phone (390x844, ratio 3); a screenshot of each (issue 22: <= 2 MB, <= 2 s / <= 3 s).

Reads a running atlas (``--url``, e.g. a ``twintowns serve`` over a 10x registry from
``scale.py --keep``) or serves ``--database`` itself; each load is a fresh context (empty
cache).  Also zooms the laptop's map into Europe and reports the extent's table and its bytes.

    python benchmarks/atlas_first_view.py --url http://127.0.0.1:8000 [--runs 3] [--shots DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from atlas_load import CHROMIUM_ARGS, serve
from playwright.sync_api import Browser, Page, sync_playwright

SCREENS = {
    "laptop": ({"width": 1280, "height": 800}, 1),
    "phone": ({"width": 390, "height": 844}, 3),
}
CHROMIUM = "/usr/bin/chromium"  # Debian's (the tests' too)
TARGETS_S = {"laptop": 2.0, "phone": 3.0}
BYTES = """() => [...performance.getEntriesByType('navigation'),
  ...performance.getEntriesByType('resource')].filter(e => e.startTime <= %s)
  .reduce((sum, e) => sum + e.transferSize, 0)"""
ZOOMED = """(document.body.dataset.arcsView || 'world') !== 'world'
  && !document.body.dataset.arcsView.startsWith('loading')"""
DRAWN = "performance.getEntriesByName('arcs-drawn').length > 0"


def wait_for(page: Page, script: str, timeout: float = 180.0) -> None:
    """Poll ``script`` in the page until true (the CSP forbids ``wait_for_function``)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"timed out: {script}"
        time.sleep(0.05)


def first_view(browser: Browser, url: str, screen: str, shot: Path | None) -> dict[str, Any]:
    """One load in a fresh context: seconds to the first arcs and the bytes before them."""
    viewport, ratio = SCREENS[screen]
    context = browser.new_context(viewport=viewport, device_scale_factor=ratio)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(url)
    wait_for(page, DRAWN)
    at = page.evaluate("performance.getEntriesByName('arcs-drawn')[0].startTime")
    found = {
        "screen": screen,
        "first_arcs_s": at / 1000,
        "bytes": page.evaluate(BYTES % at),
        "drawn": page.evaluate("document.body.dataset.drawn"),
    }
    if shot is not None:
        page.wait_for_timeout(500)
        page.screenshot(path=str(shot / f"first-view-{screen}.png"))
    if screen == "laptop" and page.evaluate("world !== null"):  # loaded by view
        before = page.evaluate(BYTES % "1e12")
        page.evaluate("map.setView(10, 50, 6)")
        wait_for(page, ZOOMED, 60)
        page.wait_for_timeout(800)
        found["zoomed"] = page.evaluate("document.body.dataset.arcsView")
        found["zoomed_bytes"] = page.evaluate(BYTES % "1e12") - before
        if shot is not None:
            page.screenshot(path=str(shot / "zoomed-europe-laptop.png"))
    context.close()
    return found


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--database", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shots", type=Path, help="folder for screenshots")
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        server, url = serve(args.database)
    print(f"load average at start: {os.getloadavg()}", flush=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for screen in SCREENS:
            runs = [
                first_view(browser, url, screen, args.shots if run == 0 else None)
                for run in range(args.runs)
            ]
            for run in runs:
                print(json.dumps(run), flush=True)
            median = statistics.median(r["first_arcs_s"] for r in runs)
            most = max(r["bytes"] for r in runs)
            print(
                f"{screen}: first arcs median {median:.2f} s (target {TARGETS_S[screen]} s), "
                f"at most {most / 1e6:.2f} MB transferred (target 2 MB)",
                flush=True,
            )
        browser.close()
    print(f"load average at end: {os.getloadavg()}")
    if server is not None:
        server.should_exit = True


if __name__ == "__main__":
    main()
