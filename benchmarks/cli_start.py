"""How fast the ``twintowns`` command starts (issue 13: instant start).

Times, as subprocesses (the median of ``--runs`` each, wall clock and the child's CPU time):
the virtualenv's ``python -c pass`` (the baseline), ``twintowns --help``, ``twintowns show
Coventry`` and ``twintowns search Cov`` on the world registry, and prints each figure, its ratio
to the baseline measured in the same run, the issue's targets, and the load average before and
after (the machine may be shared: ratios travel better than seconds).  Bytecode is cached as on
a user's machine: ``PYTHONDONTWRITEBYTECODE`` is dropped from the children's environment and a
first, untimed run of each command writes the ``.pyc`` files.

The world registry is a scratch SQLite file filled first (the first-use fill, timed and printed
too) unless ``--database URL`` names one already filled.  ``--baseline-src DIR`` times the
same commands with an older ``src`` tree first on the path (for example one written by
``git archive COMMIT src | tar -x -C DIR/..``), in the same run.  From the repository root::

    .venv/bin/python benchmarks/cli_start.py [--database URL] [--runs 5] [--baseline-src DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Targets of issue 13 (seconds wall, quiet machine; ratio to `python -c pass` in the same run).
SHOW_TARGET = 0.35
SHOW_RATIO_TARGET = 30.0
HELP_TARGET = 0.25


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[:400]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _modules(argv: list[str], env: dict[str, str]) -> int:
    """How many modules one run of ``argv`` imports (``-X importtime`` lines): a figure the
    machine's load cannot move."""
    script = argv[1:] if argv[0] == sys.executable else argv  # a console script is Python
    program = [sys.executable, "-X", "importtime", *script]
    done = subprocess.run(program, env=env, capture_output=True, text=True, check=False)
    return sum(1 for line in done.stderr.splitlines() if line.startswith("import time:"))


def _median(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    _run(argv, env)  # warm the file cache: the first start reads every .pyc from disk
    samples = [_run(argv, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def _fill(url: str, env: dict[str, str]) -> None:
    start = time.perf_counter()
    _run([str(BIN / "twintowns"), "--database", url, "init"], env)
    print(f"first-use fill of the scratch world registry: {time.perf_counter() - start:.1f} s")


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    """Fill (or take) a registry, time the four commands, print figures and targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a filled registry's URL (default: a scratch one)")
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    parser.add_argument("--baseline-src", type=Path, help="an older src tree to time as well")
    args = parser.parse_args()
    # As a user runs it: bytecode cached after the first start (PYTHONDONTWRITEBYTECODE, set in
    # some sandboxes, would make every start compile every module from source again).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TWINTOWNS_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    with tempfile.TemporaryDirectory(prefix="twintowns-start-") as scratch:
        url = args.database or f"sqlite:///{Path(scratch) / 'world.sqlite'}"
        if args.database is None:
            _fill(url, env)
        print(f"before: {_load()} ({os.cpu_count()} cores)")
        tt = [str(BIN / "twintowns"), "--database", url]
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "twintowns --help": [str(BIN / "twintowns"), "--help"],
            "twintowns show Coventry": [*tt, "show", "Coventry"],
            "twintowns search Cov": [*tt, "search", "Cov"],
        }
        results = {name: _median(argv, env, args.runs) for name, argv in cases.items()}
        if args.baseline_src is not None:
            old = {**env, "PYTHONPATH": str(args.baseline_src.resolve())}
            for name, argv in list(cases.items())[1:]:
                results[f"{name} [baseline]"] = _median(argv, old, args.runs)
        print(f"after:  {_load()}")
    modules = {name: _modules(argv, env) for name, argv in cases.items()}
    base_wall, base_cpu = results["python -c pass"]
    head = f"{'command':<37}{'wall s':>9}{'cpu s':>9}{'x python (wall)':>17}{'x (cpu)':>9}"
    print(f"\n{head}{'modules':>9}")
    for name, (wall, cpu) in results.items():
        count = modules.get(name)
        print(
            f"{name:<37}{wall:>9.3f}{cpu:>9.3f}{wall / base_wall:>17.1f}{cpu / base_cpu:>9.1f}"
            f"{count if count is not None else '':>9}"
        )
    show_wall = results["twintowns show Coventry"][0]
    help_wall = results["twintowns --help"][0]
    print(
        f"\ntargets (quiet machine): show <= {SHOW_TARGET} s: {show_wall:.3f} s; "
        f"show <= {SHOW_RATIO_TARGET:.0f}x python: {show_wall / base_wall:.1f}x; "
        f"--help <= {HELP_TARGET} s: {help_wall:.3f} s (median of {args.runs})"
    )


if __name__ == "__main__":
    main()
