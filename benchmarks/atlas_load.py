"""Time from navigation to every arc drawn on the atlas, in headless chromium, and page weight.

Serves the atlas (uvicorn, one worker, warmed up) over a registry — the bundled world registry
built into a temporary file unless ``--database`` names one or ``--synthetic`` asks for
:mod:`atlas_synthetic`'s 25,000 twinnings — and loads the page ``--runs`` times in fresh
browser contexts (empty cache).  Reports the median time to all arcs drawn (target < 2 s),
the bytes transferred and decoded, and how long redraws take after a slider move and a zoom.

    python benchmarks/atlas_load.py [--database PATH.sqlite | --synthetic] [--runs 5]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import atlas_synthetic
import uvicorn
from playwright.sync_api import Page, sync_playwright

from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TARGET_SECONDS = 2.0
WEIGHT = """() => {
  const all = [...performance.getEntriesByType('navigation'),
               ...performance.getEntriesByType('resource')];
  return all.map(e => [e.name.split('/').pop() || 'index.html', e.transferSize, e.decodedBodySize]);
}"""


def serve(database: Path) -> tuple[uvicorn.Server, str]:
    """Serve the atlas over ``database`` in a thread (warmed up); return it and its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(Settings(database_url=f"sqlite:///{database}", auto_load=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}"


def load_once(page: Page, url: str) -> dict[str, Any]:
    """Load the atlas; return the time to all arcs drawn, the arc count and the weight."""
    page.goto(url)
    page.wait_for_function("window.atlasDrawnAt !== undefined", timeout=60_000)
    weight = page.evaluate(WEIGHT)
    return {
        "drawn_s": page.evaluate("window.atlasDrawnAt") / 1000,
        "arcs": int(page.evaluate("document.body.dataset.drawn")),
        "transferred": sum(w[1] for w in weight),
        "decoded": sum(w[2] for w in weight),
        "files": {w[0]: w[1] for w in weight},
    }


def redraw_ms(page: Page, script: str) -> float:
    """Milliseconds for the page to run ``script`` and finish the full redraw it causes."""
    return float(
        page.evaluate(
            f"""() => {{ const t = performance.now(); {script};
            return new Promise(r => setTimeout(() => r(performance.now() - t), 0)); }}"""
        )
    )


def registry_file(database: Path | None, synthetic: bool) -> Path:
    """``database``, or a registry built into a temporary folder (bundled world or synthetic)."""
    if database is not None:
        return database
    database = Path(tempfile.mkdtemp(prefix="twintowns-atlas-")) / "world.sqlite"
    print(f"building a registry in {database} ...", flush=True)
    if synthetic:
        atlas_synthetic.build(database)
    else:
        Registry.open(Settings(database_url=f"sqlite:///{database}")).engine.dispose()
    return database


def measure(url: str, runs: int) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Page loads in fresh contexts, then redraw times in one more page."""
    loads = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for _ in range(runs + 1):
            context = browser.new_context(viewport={"width": 1400, "height": 850})
            page = context.new_page()
            loads.append(load_once(page, url))
            if len(loads) <= runs:
                context.close()
        slider = "const s = document.querySelector('#year'); s.value = 1990;"
        redraws = {
            "slider": redraw_ms(page, slider + " s.dispatchEvent(new Event('input'))"),
            "zoom": redraw_ms(page, "document.querySelector('#zoom-in').click()"),
            "render": float(page.evaluate("window.renderMs")),
        }
        browser.close()
    return loads[:runs], redraws


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--synthetic", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    server, url = serve(registry_file(args.database, args.synthetic))
    runs, redraws = measure(url, args.runs)
    server.should_exit = True
    median = statistics.median(r["drawn_s"] for r in runs)
    first = runs[0]
    print("per run, navigation -> all arcs drawn (s):", [round(r["drawn_s"], 3) for r in runs])
    print("page files (bytes transferred):", first["files"])
    print(
        f"atlas: {first['arcs']} arcs drawn in {median:.2f} s (median of {len(runs)}; target "
        f"< {TARGET_SECONDS} s, ratio {median / TARGET_SECONDS:.2f}); page weight "
        f"{first['transferred'] / 1024:.0f} KiB transferred, {first['decoded'] / 1024:.0f} KiB "
        f"decoded; slider redraw {redraws['slider']:.0f} ms, zoom frame {redraws['zoom']:.0f} "
        f"ms, full render {redraws['render']:.0f} ms"
    )


if __name__ == "__main__":
    main()
