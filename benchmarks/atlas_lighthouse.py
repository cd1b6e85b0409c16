"""Lighthouse (npm ``lighthouse@12.2.3``, pinned in ``benchmarks/lighthouse/package.json``)
on the atlas with its default mobile emulation, run against Debian's chromium: the
Performance, Accessibility and Best Practices scores (targets 80, 95, 95).

Serves the atlas (uvicorn, one worker) over a registry (the bundled world registry built
into a temporary file unless ``--database`` names one); installs Lighthouse with ``npm ci``
on first use.

    python benchmarks/atlas_lighthouse.py [--database PATH.sqlite] [--runs 1]
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

from atlas_load import registry_file, serve

HERE = Path(__file__).resolve().parent / "lighthouse"
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
TARGETS = {"performance": 80, "accessibility": 95, "best-practices": 95}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --no-first-run"


def lighthouse(url: str) -> dict[str, float]:
    """One Lighthouse run (mobile emulation); the category scores out of 100."""
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
        categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: round(100 * (categories[name]["score"] or 0)) for name in TARGETS}


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    server, url = serve(registry_file(args.database, synthetic=False))
    runs = [lighthouse(url + "/") for _ in range(args.runs)]
    server.should_exit = True
    load = os.getloadavg()
    for name, target in TARGETS.items():
        score = statistics.median(r[name] for r in runs)
        print(f"{name}: {score:.0f} (target >= {target}; runs {[r[name] for r in runs]})")
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
