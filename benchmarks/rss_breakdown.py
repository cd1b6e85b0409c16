"""What a server's memory is made of: RSS after each start-up step, in one process, and the
deep size of the snapshot's parts and of what the API keeps with it.

Runs the server's start-up in this process (no HTTP: the same calls), on an existing registry
and snapshot cache directory: the app built, the snapshot loaded (with the partners by place,
as ``twintowns serve``), the warm-up thread's work (the arc table if encoded at start-up, the
grouped world view of a large registry), ``--lookups`` place answers encoded, the page's first
view, then ``/atlas/arcs.json``.  Deep sizes count each object once, in the order listed
(shared strings are counted with the first part that holds them).

    python benchmarks/rss_breakdown.py /tmp/rss/scale10.sqlite /tmp/rss/s10 [--lookups 5000]

For a large registry it then loads the arc arrays and makes one extent's answer (Europe at
zoom 4, as :mod:`serve_rss` asks), each step trimmed, before the deep sizes.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from twintowns.settings import Settings


def rss_mb() -> float:
    """This process's VmRSS in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _referents(obj: Any) -> Iterator[Any]:
    yield from gc.get_referents(obj)


def deep(root: Any, seen: set[int]) -> tuple[int, Counter[str]]:
    """Bytes of ``root`` and everything it reaches not in ``seen`` (types and modules not
    followed), and the count of objects by type."""
    total, kinds, stack = 0, Counter[str](), [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type) or type(obj).__name__ == "module":
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        kinds[type(obj).__name__] += 1
        stack.extend(_referents(obj))
    return total, kinds


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("snapshots", type=Path)
    parser.add_argument("--lookups", type=int, default=5000)
    parser.add_argument("--trim", action="store_true", help="malloc_trim(0) after the warm-up")
    args = parser.parse_args()
    steps: list[tuple[str, float]] = [("python", rss_mb())]
    from twintowns.api import arcs_cache, arcs_view, state
    from twintowns.api.app import _warm_views, create_app

    settings = Settings(
        database_url=f"sqlite:///{args.database.resolve()}", snapshot_dir=args.snapshots
    )
    app = create_app(settings, warm=False)
    held: state.AppState = app.state.twintowns
    steps.append(("app built", rss_mb()))
    snapshot = held.cache.current()
    steps.append(("snapshot loaded", rss_mb()))
    if args.trim:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
        steps.append(("malloc_trim(0)", rss_mb()))
    roots: list[tuple[str, Any]] = [
        (f"snapshot.{name}", getattr(snapshot, name))
        for name in ("places", "twinnings", "by_place", "sources", "datasets", "chunks")
    ]
    roots.append(("snapshot.stored_names", snapshot.stored_names))
    held.warm_in_background(then=_warm_views(app.state.arcs_apart))  # a child if need be
    assert held.warming is not None
    held.warming.join()
    steps.append(("warm-up done", rss_mb()))
    if args.trim:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
        steps.append(("malloc_trim(0)", rss_mb()))
    ids = list(snapshot.places)
    random.Random(5).shuffle(ids)
    for place_id in ids[: args.lookups]:
        state.place_json(snapshot, place_id)
    steps.append((f"{args.lookups} lookups", rss_mb()))
    if not arcs_view.bulk(snapshot):
        arcs_view.warm(snapshot)
    steps.append(("first view", rss_mb()))
    found = state.arcs_source(snapshot, held.cache.directory)  # as the route serves it
    if isinstance(found, bytes):
        sent = len(found)
    else:  # streamed from its file
        sent = sum(len(block) for block in arcs_cache.blocks(found))
    steps.append(("arcs.json", rss_mb()))
    gc.collect()
    steps.append(("gc.collect", rss_mb()))
    if not arcs_view.bulk(snapshot):  # a reader zooms in: what the first extent adds
        from twintowns import memory
        from twintowns.api import arcs_group

        arcs_group.columns(snapshot, held.cache.directory)
        memory.trim()
        steps.append(("arc arrays loaded, trimmed", rss_mb()))
        box = arcs_view.snap_box((-10, 35, 30, 60), 4)  # Europe at zoom 4, as serve_rss.py
        view = orjson.dumps(arcs_view.extent_view(snapshot, box, 4, held.cache.directory))
        memory.trim()
        steps.append((f"one extent ({len(view) / 1e6:.2f} MB of JSON kept), trimmed", rss_mb()))
    seen: set[int] = set()
    parts: list[tuple[str, int, Counter[str]]] = []
    roots += [(f"memo[{key!r}]", value) for key, value in list(snapshot.memo._items.items())]
    for label, root in roots:
        size, kinds = deep(root, seen)
        parts.append((label, size, kinds))
    table = f"arcs.json {sent / 1e6:.1f} MB gzipped"
    print(f"{len(snapshot.places):,} places, {len(snapshot.twinnings):,} twinnings; {table}")
    print("| step | RSS MB | delta |\n|---|---|---|")
    before = 0.0
    for label, value in steps:
        print(f"| {label} | {value:.0f} | {value - before:+.0f} |")
        before = value
    print("\n| part | deep MB | top objects |\n|---|---|---|")
    for label, size, kinds in parts:
        top = ", ".join(f"{k} {v:,}" for k, v in kinds.most_common(4))
        print(f"| {label} | {size / 1e6:.1f} | {top} |")


if __name__ == "__main__":
    main()
