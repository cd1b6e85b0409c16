"""Benchmark of the exports (issue 13): each format of the world registry, timed.

Target: ``twintowns export --format csv`` of the world in at most 2 s.  Times the read alone
(:func:`twintowns.export.load`, the one read the lead will switch to the shared registry
snapshot) and, per format, the export's own work on what was read
(:func:`twintowns.export.write_selection`: records, file and sidecar), as wall and CPU seconds
(medians), with the load average beside them (the machine is shared); a format's total is the
sum.  Also counts what issue 13 names: GeoJSON features, lines split at the
antimeridian, ends drawn at a representative point, twinnings left out.

The registry is ``--database URL``, else a scratch SQLite registry in ``--workdir`` that fills
itself with the curated facts and the bundled world snapshot on first open (kept for reruns).
As the ``export`` command does, what was read is kept out of garbage collection before the
formats are written (:func:`twintowns.cli.oneshot.keep_until_exit`).

``--cli N`` also times the command itself N times, ``twintowns export --format csv -o FILE``
in a new process (imports and the read included), beside ``python -c pass``: wall and CPU
seconds (medians; CPU of the child process).

Run: ``.venv/bin/python benchmarks/export.py [--database URL] [--workdir DIR] [--repeats N]
[--cli N]``
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from twintowns.export import ExportFormat, load, selection, write_selection
from twintowns.registry import Registry
from twintowns.settings import Settings


def _timed(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeats`` runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _geojson_counts(path: Path) -> str:
    collection = json.loads(path.read_text(encoding="utf-8"))
    shapes = Counter(f["geometry"]["type"] for f in collection["features"])
    points = Counter(
        f["properties"][side]
        for f in collection["features"]
        for side in ("a_point", "b_point")
        if f["properties"][side] != "place"
    )
    return (
        f"{len(collection['features']):,} features, {shapes['MultiLineString']:,} split at the "
        f"antimeridian, representative ends {dict(points)}, "
        f"{collection['skipped_without_coordinates']} left out"
    )


def _run(command: list[str], repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``command`` run ``repeats`` times in a new process."""
    # as a user runs it: bytecode cached after a first, untimed start (PYTHONDONTWRITEBYTECODE,
    # set in some sandboxes, would make every start compile every module)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    walls, cpus = [], []
    for run in range(repeats + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        if run == 0:
            continue
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def time_command(url: str, workdir: Path, repeats: int) -> None:
    """Time ``twintowns export --format csv -o FILE`` end to end, beside ``python -c pass``."""
    script = str(Path(sys.executable).with_name("twintowns"))
    bare_wall, bare_cpu = _run([sys.executable, "-c", "pass"], repeats)
    target = str(workdir / "command.csv")
    wall, cpu = _run(
        [script, "--database", url, "export", "--format", "csv", "-o", target], repeats
    )
    print(
        f"command: twintowns export --format csv -o FILE {wall:.2f} s wall, {cpu:.2f} s CPU "
        f"(python -c pass {bare_wall:.3f} s wall, {bare_cpu:.3f} s CPU; {_load_average()})"
    )


def main() -> None:
    """Parse the arguments, time every format and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="Registry URL (default: a scratch world registry).")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tt-export")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cli", type=int, default=0, help="also time the command N times")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    url = args.database or f"sqlite:///{args.workdir / 'world.sqlite'}"
    started = time.perf_counter()
    registry = Registry.open(Settings(database_url=url))
    print(f"registry ready in {time.perf_counter() - started:.1f} s ({_load_average()})")
    places, twinnings, _ = load(registry)
    print(f"{len(places):,} places, {len(twinnings):,} twinnings")
    read_wall, read_cpu = _timed(lambda: load(registry), args.repeats)
    print(f"read alone: {read_wall:.2f} s wall, {read_cpu:.2f} s CPU ({_load_average()})")
    chosen = selection(registry)
    gc.freeze()  # as the command does once it has read (cli.oneshot.keep_until_exit)
    for fmt in ExportFormat:
        path = args.workdir / f"twinnings.{fmt.value}"
        wall, cpu = _timed(lambda f=fmt, p=path: write_selection(chosen, f, p), args.repeats)  # type: ignore[misc]
        size = path.stat().st_size / 1e6
        target = "  (target: total <= 2 s)" if fmt is ExportFormat.CSV else ""
        print(
            f"{fmt.value:8} own {wall:5.2f} s wall, {cpu:5.2f} s CPU; with the read "
            f"{wall + read_wall:6.2f} s wall, {cpu + read_cpu:6.2f} s CPU; {size:5.1f} MB "
            f"({_load_average()}){target}"
        )
    print("geojson:", _geojson_counts(args.workdir / "twinnings.geojson"))
    if args.cli:
        time_command(url, args.workdir, args.cli)


if __name__ == "__main__":
    main()
