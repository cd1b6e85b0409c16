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

Meanwhile it samples, every 0.1 s, the RSS of the server and of its child processes (a first
start's arc-files child): ``peak_server``, ``peak_children`` and ``peak_sum``, MB.

    python benchmarks/serve_rss.py /tmp/rss/scale1.sqlite=/tmp/rss/s1 \
        /tmp/rss/scale10.sqlite=/tmp/rss/s10 [--rate 300] [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
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


def children(pid: int) -> list[int]:
    """The process ids of ``pid``'s children (none once it has ended)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def resident(pid: int) -> float:
    """``rss_mb`` of a process that may have ended meanwhile (0 then)."""
    try:
        return rss_mb(pid)
    except OSError:
        return 0.0


class Peaks:
    """The highest RSS of a process, of its children together and of both, sampled every
    0.1 s in a thread until :meth:`stop`."""

    def __init__(self, pid: int) -> None:
        self.pid, self.done = pid, threading.Event()
        self.figures = {"peak_server": 0.0, "peak_children": 0.0, "peak_sum": 0.0}
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.wait(0.1):
            server = resident(self.pid)
            kids = sum(resident(child) for child in children(self.pid))
            for name, value in (("server", server), ("children", kids), ("sum", server + kids)):
                self.figures[f"peak_{name}"] = max(self.figures[f"peak_{name}"], value)

    def stop(self) -> dict[str, float]:
        """Stop sampling; the peaks (MB)."""
        self.done.set()
        self.thread.join()
        return self.figures


def steps(database: str, snapshots: Path, rate: float, seconds: int) -> dict[str, float]:
    """RSS (MB) of one server after each step, and the peaks of it and its children."""
    process, url, ready = serve(database, snapshots)
    peaks = Peaks(process.pid)
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
        figures |= peaks.stop()
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
