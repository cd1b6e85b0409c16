"""kill -9 tallies of issue 11 and the time ``init`` takes.

Run: ``.venv/bin/python benchmarks/reliability_crash.py [--kills 20] [--migration-kills 10]
[--only init,fill,load-curated,build,migrate] [--postgres URL] [--init-repeats 3]
[--baseline-src DIR]``

For each operation (``init``, the first-use fill, ``load curated``, a small build with the
build's transaction structure, the schema migration) it kills a real subprocess at random
moments of its work (``tests/reliability/crashkit.py``), checks the registry is the complete
old or the complete new state and that the next run succeeds, and prints::

    init: kills: 20, complete-old: a, complete-new: b, broken: 0 (...)

With ``--postgres URL`` (a server URL whose user may create databases) the init and load
curated runs are repeated on PostgreSQL.  Then it times ``twintowns init`` on a fresh SQLite
file (median of ``--init-repeats``); with ``--baseline-src DIR`` (an older ``src`` tree, e.g.
``git archive fbd0066 src | tar -x -C /tmp/base``) it times that code's init in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from crashkit import Databases, crash, scenarios  # noqa: E402

ALL = ("init", "fill", "load-curated", "build", "migrate")
ON_POSTGRES = ("init", "load-curated")


def _kills(args: argparse.Namespace, name: str) -> int:
    return int(args.migration_kills if name == "migrate" else args.kills)


def _tallies(args: argparse.Namespace, work: Path) -> bool:
    """Print every tally; True when nothing was broken and every next run succeeded."""
    clean = True
    backends: list[str | None] = [None] + ([args.postgres] if args.postgres else [])
    for server in backends:
        for name in args.only:
            if server is not None and name not in ON_POSTGRES:
                continue
            folder = Path(tempfile.mkdtemp(dir=work))
            databases = Databases(folder, server)
            try:
                tally = crash(scenarios(folder)[name], databases, _kills(args, name))
            finally:
                databases.close()
            label = "postgresql" if server else "sqlite"
            print(f"[{label}] {tally.line()}", flush=True)
            for problem in tally.broken + tally.failed_reruns:
                print(f"    {problem}")
            clean = clean and not tally.broken and not tally.failed_reruns
    return clean


def _time_init(work: Path, repeats: int, src: Path | None) -> float:
    """Median wall time of ``twintowns init`` on a fresh SQLite file."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    times = []
    for number in range(repeats):
        url = f"sqlite:///{work / f'init-{number}-{src is not None}.sqlite'}"
        code = "from twintowns.cli.app import main; main()"
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "-c", code, "--database", url, "init"],
            check=True,
            env=env,
            capture_output=True,
        )
        times.append(time.monotonic() - start)
    return statistics.median(times)


def main() -> int:
    """Run the tallies and the init timing; exit 1 if any kill left a torn registry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--migration-kills", type=int, default=10)
    parser.add_argument("--only", type=lambda s: s.split(","), default=list(ALL))
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--init-repeats", type=int, default=3)
    parser.add_argument("--baseline-src", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="twintowns-crash-") as tmp:
        work = Path(tmp)
        clean = _tallies(args, work) if args.kills or args.migration_kills else True
        if args.init_repeats:
            ours = _time_init(work, args.init_repeats, None)
            print(f"init (this code): {ours:.1f} s median of {args.init_repeats}")
            if args.baseline_src is not None:
                base = _time_init(work, args.init_repeats, args.baseline_src)
                print(f"init (baseline {args.baseline_src}): {base:.1f} s; ratio {ours / base:.2f}")
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
