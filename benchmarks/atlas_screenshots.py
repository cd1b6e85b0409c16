"""Screenshots of the atlas for the README: a phone (390x844 CSS px at pixel ratio 3) and a
laptop (1440x900 at ratio 2), each at first view and with Coventry searched and open, in headless
chromium over a registry (the bundled world registry built into a temporary file unless
``--database`` names one).  Writes ``docs/atlas-<screen>-<view>.png``; with ``--lang de`` the
browser's language is German and the files are ``docs/atlas-<screen>-<view>-de.png``.

    python benchmarks/atlas_screenshots.py [--database PATH.sqlite] [--out docs] [--lang de]
        [--views first coventry]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from atlas_load import CHROMIUM_ARGS, registry_file, serve
from playwright.sync_api import Page, sync_playwright

SCREENS = {
    "phone": ({"width": 390, "height": 844}, 3, True),
    "laptop": ({"width": 1440, "height": 900}, 2, False),
}
VIEWS = ("first", "coventry")
READY = "performance.getEntriesByName('arcs-drawn').length > 0"


def settle(page: Page, expression: str, timeout: float = 120.0) -> None:
    """Poll ``expression`` until true, then let a few frames pass."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.1)
    page.wait_for_timeout(800)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    parser.add_argument("--lang", default="en", choices=("en", "fr", "de", "es", "ja"))
    parser.add_argument("--views", nargs="+", default=list(VIEWS), choices=VIEWS)
    args = parser.parse_args()
    suffix = "" if args.lang == "en" else f"-{args.lang}"
    server, url = serve(registry_file(args.database, synthetic=False))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for screen, (viewport, ratio, mobile) in SCREENS.items():
            for view in args.views:
                context = browser.new_context(
                    viewport=viewport, device_scale_factor=ratio, is_mobile=mobile,
                    has_touch=mobile, locale=args.lang,
                )  # fmt: skip
                page = context.new_page()
                page.goto(url)
                settle(page, READY)
                if view == "coventry":  # searched and chosen, as a reader would
                    page.fill("#search", "Coventry")
                    page.click('#search-results button[data-id="coventry"]')
                    settle(page, "map.labelsDrawn().includes('Coventry')")
                settle(page, f"document.body.dataset.lang === {args.lang!r}")
                target = args.out / f"atlas-{screen}-{view}{suffix}.png"
                page.screenshot(path=str(target))
                print(target)
                context.close()
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
