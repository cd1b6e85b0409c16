"""Issue 11's reliability figures in one run: crashes, reloads under load, fuzzing, floods,
hostile input.

It runs, in turn, the three parts (each can be run alone, with its own options):

* ``reliability_crash.py``: kill -9 at random moments during ``init``, ``load curated``,
  ``build``, first-use fill and migration; every outcome must be the complete old or the
  complete new state, and the next run must succeed;
* ``reliability_api.py``: readers against a server while the registry reloads every 2 s (errors,
  torn reads, latency), schemathesis over the whole API, and a flood of learning-item flags;
* ``reliability_input.py``: the hostile-input corpus through the CLI (exit code, time, memory).

Run from the repository root::

    .venv/bin/python benchmarks/reliability.py [--quick]

``--quick`` passes each part its own quick option (fewer kills, shorter load, fewer cases), for
a look in a few minutes; the figures in the closing note come from the full run.  The exit code
is non-zero if any part failed its targets.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("reliability_crash.py", "reliability_api.py", "reliability_input.py")


def main() -> None:
    """Run every part and summarise."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run of every part")
    args = parser.parse_args()
    failed = []
    for part in PARTS:
        print(f"\n=== {part} ===", flush=True)
        start = time.perf_counter()
        command = [sys.executable, str(HERE / part), *(["--quick"] if args.quick else [])]
        code = subprocess.run(command, check=False).returncode
        print(f"--- {part}: exit {code} in {time.perf_counter() - start:.0f} s", flush=True)
        if code != 0:
            failed.append(part)
    print("\nall parts met their targets" if not failed else f"\nFAILED: {', '.join(failed)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
