"""The server's resident memory, step by step, over registries that exist already.

Starts ``twintowns serve`` on each given SQLite registry (with its snapshot cache directory,
as :mod:`scale` does) and prints its VmRSS in MB after each step of :func:`scale.served`'s
sequence, the page's and the bulk API's apart:

* ``ready``: the first place lookup answered (snapshot loaded);
* ``warm``: the start-up warm-up thread done (RSS steady for a few seconds);
* ``lookups``: after a 3 s warm-up and ``--seconds`` of wrk lookups at ``--rate`` req/s of
  5,000 random ids (``GET /places/{id}``);
* ``first``: after ``GET /atlas/arcs/first.json`` (gz): what the atlas page loads;
* ``arcs``: after ``GET /atlas/arcs.json`` (gz): the full table, which only bulk API users ask;
* ``view``: after one extent, ``/atlas/arcs/view.json`` over Europe at zoom 4 (a reader who
  zooms in: the arcs' arrays are gathered by the first one).

    python benchmarks/serve_rss.py /tmp/rss/scale1.sqlite=/tmp/rss/s1 \
        /tmp/rss/scale10.sqlite=/tmp/rss/s10 [--rate 300] [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from api_lookup import LUA, wrk
from api_route_cost import cpu_seconds
from scale import get, place_ids, rss_mb, serve


def steady(pid: int, settle: float = 4.0, most: float = 300.0) -> float:
    """The process's RSS once it has not changed by more than 1 MB for ``settle`` seconds."""
    started, last, since = time.perf_counter(), rss_mb(pid), time.perf_counter()
    while time.perf_counter() - started < most:
        time.sleep(0.5)
        now = rss_mb(pid)
        if abs(now - last) > 1.0:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= settle:
            break
    return rss_mb(pid)


def steps(database: str, snapshots: Path, rate: float, seconds: int) -> dict[str, float]:
    """RSS (MB) of one server after each step."""
    process, url, ready = serve(database, snapshots)
    figures = {
        "ready_s": ready,
        "ready_cpu_s": cpu_seconds(process.pid),
        "ready": rss_mb(process.pid),
    }
    try:
        figures["warm"] = steady(process.pid)
        ids, figures["places"] = place_ids(database)
        with tempfile.TemporaryDirectory(prefix="twintowns-rss-") as scratch:
            work = Path(scratch)
            (work / "ids.txt").write_text("\n".join(ids) + "\n")
            script = work / "bounded.lua"
            think = 1000 * 50 / rate
            script.write_text(LUA % {"ids": work / "ids.txt", "think_ms": f"{think:.3f}"})
            wrk(url, script, 3, 50)
            wrk(url, script, seconds, 50)
        figures["lookups"] = rss_mb(process.pid)
        figures["first_kb"] = len(get(f"{url}/atlas/arcs/first.json", gzipped=True)) / 1e3
        figures["first"] = rss_mb(process.pid)
        figures["arcs_gz_mb"] = len(get(f"{url}/atlas/arcs.json", gzipped=True)) / 1e6
        figures["arcs"] = rss_mb(process.pid)
        box = "west=-10&south=35&east=30&north=60&zoom=4"  # the reader zooms into Europe
        figures["view_kb"] = len(get(f"{url}/atlas/arcs/view.json?{box}", gzipped=True)) / 1e3
        figures["view"] = rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return figures


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("registries", nargs="+", help="DATABASE.sqlite=SNAPSHOT_DIR")
    parser.add_argument("--rate", type=float, default=300.0)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}", flush=True)
    for pair in args.registries:
        path, _, snapshots = pair.partition("=")
        figures = steps(
            f"sqlite:///{Path(path).resolve()}", Path(snapshots), args.rate, args.seconds
        )
        print(json.dumps({"registry": path, **figures, "load_avg": os.getloadavg()[0]}), flush=True)


if __name__ == "__main__":
    main()
