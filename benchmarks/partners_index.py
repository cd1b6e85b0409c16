"""Each place's twinnings: the compact index against a dict of tuples, on a real registry.

Loads a registry's snapshot (from its cache directory, as a server does), then builds the
snapshot's :class:`~twintowns.snapshot.partners.Partners` and the dict of one tuple per place
it replaced (the stop-15 way), checks that both give every place the same twinnings (the same
objects, in the same order), and prints the build time, one lookup's time over every place
with twinnings, and what each holds (deep bytes).

    python benchmarks/partners_index.py /tmp/rss/scale10.sqlite /tmp/rss/s10 [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from twintowns.model import Twinning
from twintowns.settings import Settings
from twintowns.snapshot.partners import Partners


def plain(twinnings: Sequence[Twinning]) -> dict[str, tuple[Twinning, ...]]:
    """The dict of one tuple per place (what the snapshot held until stop 15)."""
    found: dict[str, list[Twinning]] = defaultdict(list)
    for twinning in twinnings:
        found[twinning.a].append(twinning)
        found[twinning.b].append(twinning)
    return {place: tuple(ts) for place, ts in found.items()}


def held_bytes(index: Mapping[str, tuple[Twinning, ...]]) -> int:
    """Bytes the index itself holds (its containers, not the twinnings or ids it names)."""
    if isinstance(index, Partners):
        arrays = (index._hashes, index._ends)  # a benchmark looks inside
        return sys.getsizeof(index) + sum(a.nbytes for a in arrays)
    return sys.getsizeof(index) + sum(sys.getsizeof(v) for v in index.values())


def best(seconds: list[float]) -> str:
    """The best of some wall times, in seconds."""
    return f"{min(seconds):.3f} s (of {len(seconds)})"


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("snapshots", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from twintowns.api.state import AppState

    print(f"load average at start: {os.getloadavg()}", flush=True)
    settings = Settings(
        database_url=f"sqlite:///{args.database.resolve()}", snapshot_dir=args.snapshots
    )
    snapshot = AppState.open(settings).cache.current()
    twinnings = snapshot.twinnings
    builds: dict[str, list[float]] = {"dict of tuples": [], "Partners": []}
    for _ in range(args.repeats):
        for label, make in (("dict of tuples", plain), ("Partners", Partners)):
            started = time.perf_counter()
            make(twinnings)
            builds[label].append(time.perf_counter() - started)
    old, new = plain(twinnings), Partners(twinnings)
    if list(new) != list(old):
        raise SystemExit("the index and the dict do not list the same places")
    for place, expected in old.items():
        got = new[place]
        if len(got) != len(expected) or any(a is not b for a, b in zip(got, expected, strict=True)):
            raise SystemExit(f"{place}: the index and the dict give other twinnings")
    print(f"{len(snapshot.places):,} places, {len(twinnings):,} twinnings, {len(old):,} twinned")
    print("every place: the same twinnings, the same objects, in the same order")
    print("| index | build | one lookup | holds |\n|---|---|---|---|")
    for label, index in (("dict of tuples", old), ("Partners", new)):
        laps = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            for place in old:
                index[place]
            laps.append((time.perf_counter() - started) / len(old))
        lookup = f"{min(laps) * 1e6:.2f} µs"
        size = f"{held_bytes(index) / 1e6:.1f} MB"
        print(f"| {label} | {best(builds[label])} | {lookup} | {size} |")
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
