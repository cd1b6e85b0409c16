"""The atlas's time axis on the world registry (issue 14): arcs drawn as of 1950, 1990, 1995
and today, how long a replay from 1945 to today takes (target < 10 s), and screenshots of the
1950 and 1995 maps for ``docs/``.

Serves the atlas over ``--database`` (default: the bundled registry, loaded into a temporary
file) with :mod:`atlas_load`'s server, in headless chromium.

    python benchmarks/time_axis.py [--database PATH.sqlite] [--shots docs]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from atlas_load import CHROMIUM_ARGS, registry_file, serve
from playwright.sync_api import Page, sync_playwright

TARGET_SECONDS = 10.0
YEARS = ("1950", "1990", "1995")


def drawn_at(page: Page, year: str) -> int:
    """Arcs drawn with the slider on ``year``."""
    page.evaluate(
        f"() => {{ const s = document.querySelector('#year'); s.value = {year};"
        " s.dispatchEvent(new Event('input')); }"
    )
    # redrawn in the next animation frame: wait for the count of this year, not the last one
    deadline = time.monotonic() + 60
    while page.evaluate("document.body.dataset.drawnYear") != year:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the atlas did not redraw for {year} in 60 s")
        time.sleep(0.05)
    return int(page.evaluate("document.body.dataset.drawn"))


def replay_seconds(page: Page) -> float:
    """Seconds from pressing replay (slider on 1945) to the page saying it is done."""
    drawn_at(page, "1945")
    start = time.monotonic()
    page.click("#play")
    while not str(page.evaluate("document.body.dataset.replay")).startswith("done"):
        time.sleep(0.05)
        if time.monotonic() - start > 120:
            raise TimeoutError("replay did not finish in 120 s")
    return time.monotonic() - start


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--shots", type=Path, help="Folder for atlas-1950.png, atlas-1995.png.")
    args = parser.parse_args()
    server, url = serve(registry_file(args.database, synthetic=False))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        page.goto(url)
        # polled from outside: the page's Content-Security-Policy forbids wait_for_function's eval
        deadline = time.monotonic() + 300
        while page.evaluate("document.body.dataset.drawn") is None:
            if time.monotonic() > deadline:
                raise TimeoutError("the atlas drew nothing in 300 s")
            time.sleep(0.2)
        today = int(page.evaluate("document.body.dataset.drawn"))
        counts = {}
        for year in YEARS:
            counts[year] = drawn_at(page, year)
            if args.shots is not None and year in ("1950", "1995"):
                args.shots.mkdir(parents=True, exist_ok=True)
                time.sleep(2)  # the thin arcs are painted by a worker a moment after the count
                page.screenshot(path=str(args.shots / f"atlas-{year}.png"))
        seconds = replay_seconds(page)
        said = page.evaluate("document.body.dataset.replay")
        browser.close()
    server.should_exit = True
    shown = ", ".join(f"{y} {n:,}" for y, n in counts.items())
    print(f"arcs drawn: {shown}, today {today:,}")
    print(
        f"replay 1945 -> today: {seconds:.1f} s (page: {said}; target < {TARGET_SECONDS:.0f} s, "
        f"ratio {seconds / TARGET_SECONDS:.2f})"
    )


if __name__ == "__main__":
    main()
