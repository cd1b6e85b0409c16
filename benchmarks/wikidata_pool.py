"""Benchmark: starting the Wikidata reader's helper processes, spawned or forked from a server.

Usage (from the repository root)::

    .venv/bin/python benchmarks/wikidata_pool.py [--rounds 3]

A read with ``--workers 2`` or more starts its helper processes
(:func:`twintowns.sources.wikidata.runner.process_pool`) and hands them ranges; a spawned
helper starts a fresh interpreter and imports the reader before its first range, at every
read.  This times, per round, a pool of one helper from its start to the end of its first
task (a range of a two-line dump: the reader's scan module imported, a file read), started by
``spawn`` and by the reader's own start method (:func:`~twintowns.sources.wikidata.runner.
helper_context`: a fork server that imported the reader once).  The first forkserver round
includes starting the server.  The load average is printed beside the times.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from pathlib import Path

from twintowns.sources.wikidata.runner import helper_context
from twintowns.sources.wikidata.scan import RangeTask, scan_range
from twintowns.sources.wikidata.streams import ByteRange, Compression


def first_task(context: BaseContext, task: RangeTask) -> float:
    """Seconds from a one-helper pool's start to the end of its first task."""
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pool.submit(scan_range, task).result()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    dump = Path(folder.name) / "tiny.json"
    dump.write_bytes(b"[\n]\n")
    task = RangeTask(ByteRange(str(dump), Compression.NONE, 0, dump.stat().st_size))
    own = helper_context()
    contexts = {"spawn": multiprocessing.get_context("spawn"), "reader's": own}
    print(f"reader's start method: {own.get_start_method()}")
    times: dict[str, list[float]] = {name: [] for name in contexts}
    for round_ in range(1, args.rounds + 1):
        for name, context in contexts.items():
            times[name].append(first_task(context, task))
            print(f"  round {round_} {name:8} {times[name][-1]:.3f} s "
                  f"(load average {os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip
    for name, seconds in times.items():
        later = seconds[1:] or seconds
        print(f"{name:8} first {seconds[0]:.3f} s, later rounds best {min(later):.3f} s")
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
