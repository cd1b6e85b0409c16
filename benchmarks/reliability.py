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

``--quick`` passes each part smaller settings (fewer kills, a shorter load, fewer cases,
smaller files), for a look in a few minutes; the figures in the closing note come from the
full run.  Each part prints its figures beside issue 11's targets; the exit code is non-zero
if a part could not run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("reliability_crash.py", "reliability_api.py", "reliability_input.py")
QUICK = {
    "reliability_crash.py": ["--kills", "3", "--migration-kills", "3", "--init-repeats", "1"],
    "reliability_api.py": ["--seconds", "20", "--cases", "500", "--flood", "500"],
    "reliability_input.py": ["--megabytes", "20"],
}


def main() -> None:
    """Run every part and summarise."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run of every part")
    args = parser.parse_args()
    failed = []
    for part in PARTS:
        print(f"\n=== {part} ===", flush=True)
        start = time.perf_counter()
        command = [sys.executable, str(HERE / part), *(QUICK[part] if args.quick else [])]
        code = subprocess.run(command, check=False).returncode
        print(f"--- {part}: exit {code} in {time.perf_counter() - start:.0f} s", flush=True)
        if code != 0:
            failed.append(part)
    print("\nevery part ran" if not failed else f"\nFAILED to run: {', '.join(failed)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
