"""Lighthouse (npm ``lighthouse@12.2.3``, pinned in ``benchmarks/lighthouse/package.json``)
on the atlas with its default mobile emulation, run against Debian's chromium: the
Performance, Accessibility and Best Practices scores (targets 80, 95, 95).

Serves the atlas (uvicorn, one worker) over a registry (the bundled world registry built
into a temporary file unless ``--database`` names one); installs Lighthouse with ``npm ci``
on first use.

    python benchmarks/atlas_lighthouse.py [--database PATH.sqlite] [--runs 1]
        [--compare STATIC_DIR]

Each run also prints its largest contentful paint and total blocking time (Lighthouse's
simulated mobile figures).  ``--compare`` serves a second copy of the page from another static
folder (say an older commit's: ``git archive <commit> src/twintowns/api/static | tar -x -C
/tmp/old``) and alternates runs between the two, so that both see the same machine load: on a
shared machine only such interleaved ratios mean anything.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from atlas_load import registry_file, serve
from starlette.applications import Starlette
from starlette.responses import FileResponse
from starlette.routing import Route

import twintowns.api.routes.atlas as atlas_routes

HERE = Path(__file__).resolve().parent / "lighthouse"
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
TARGETS = {"performance": 80, "accessibility": 95, "best-practices": 95}
METRICS = {"lcp_ms": "largest-contentful-paint", "tbt_ms": "total-blocking-time"}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --no-first-run"


def lighthouse(url: str) -> dict[str, float]:
    """One Lighthouse run (mobile emulation): the category scores out of 100, the largest
    contentful paint and the total blocking time in ms."""
    if not CLI.is_file():
        npm = shutil.which("npm")
        assert npm, "npm is missing: `apt-get install npm`"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            ["node", str(CLI), url, "--output=json", f"--output-path={report}", "--quiet",
             f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(TARGETS)],
            check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        )  # fmt: skip
        found = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * (found["categories"][name]["score"] or 0)) for name in TARGETS}
    metrics = {
        name: round(found["audits"][audit]["numericValue"]) for name, audit in METRICS.items()
    }
    return {**scores, **metrics}


def retried(url: str, attempts: int = 3) -> dict[str, float]:
    """:func:`lighthouse`, run again when it fails (under heavy load its trace is sometimes
    lost: NO_NAVSTART)."""
    for attempt in range(attempts):
        try:
            return lighthouse(url)
        except subprocess.CalledProcessError:
            if attempt + 1 == attempts:
                raise
            print("lighthouse failed; running it again", flush=True)
    raise AssertionError("unreachable")


def serve_static(database: Path, static: Path | None) -> tuple[Any, str]:
    """Serve the atlas over ``database`` with its page (``/`` and ``/static``) from ``static``
    (the package's when None)."""
    if static is None:
        return serve(database)
    packaged = atlas_routes.static_dir
    atlas_routes.static_dir = lambda: str(static)  # the /static mount is made from it
    try:
        server, url = serve(database)
    finally:
        atlas_routes.static_dir = packaged
    index = static / "index.html"
    page = Route("/", lambda _: FileResponse(index, headers={"cache-control": "no-cache"}))
    app = server.config.app
    assert isinstance(app, Starlette)
    app.router.routes.insert(0, page)
    return server, url


def report(label: str, runs: list[dict[str, float]]) -> None:
    """Print the median of each figure over ``runs``."""
    for name in [*TARGETS, *METRICS]:
        median = statistics.median(r[name] for r in runs)
        target = f" (target >= {TARGETS[name]})" if name in TARGETS else ""
        print(f"{label}{name}: {median:.0f}{target}; runs {[r[name] for r in runs]}")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--compare", type=Path, help="another static folder, run in turn")
    args = parser.parse_args()
    database = registry_file(args.database, synthetic=False)
    server, url = serve_static(database, None)
    other, other_url = serve_static(database, args.compare) if args.compare else (None, "")
    runs, compared = [], []
    for _ in range(args.runs):
        runs.append(retried(url + "/"))
        if other is not None:
            compared.append(retried(other_url + "/"))
        done = f"; other {compared[-1]}" if compared else ""
        print(f"run {runs[-1]}{done}; load average {os.getloadavg()[0]:.2f}", flush=True)
    for running in (server, other):
        if running is not None:
            running.should_exit = True
    report("" if other is None else "this page: ", runs)
    if other is not None:
        report(f"{args.compare}: ", compared)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
