"""The cost of the API's snapshot rebuild after one accepted write (issue 15).

On a copy of a world registry (``--database``, an SQLite file; fill one with
``twintowns --database sqlite:////tmp/x/world.sqlite search Coventry``), the benchmark holds a
:class:`twintowns.snapshots.SnapshotCache` as the API does (cache files beside the copy,
the database read in a child process) and, per round, has a contributor propose and a
reviewer accept one change through the library the routes call (an ``exchange`` event on the
first twinning by id; ``--kind flag`` a flag, ``--kind revert`` the revert of the previous
round's event),
then times the cache's :meth:`~twintowns.snapshots.SnapshotCache.refresh`: the child's read
of the registry into a new cache file, and this process's load of the chunks that changed.

Printed per round: the write itself (propose + accept, wall), the refresh's wall time, this
process's CPU time in the refresh (what request threads share the GIL with), the child's CPU
time, and the load average; then the median of the rounds.  A first refresh (cold, no cache
file) is printed apart.

    python benchmarks/living_write.py --database /tmp/x/world.sqlite [--rounds 5] [--kind event]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from twintowns import accounts
from twintowns.accounts import Role
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.snapshots import SnapshotCache
from twintowns.store import schema

PASSWORD = "benchmark password"
URL = "https://example.org/benchmark"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_refresh(cache: SnapshotCache) -> tuple[float, float, float]:
    """(wall, own CPU, children's CPU) of one refresh."""
    wall, own, kids = time.perf_counter(), time.process_time(), _children_cpu()
    cache.refresh()
    return time.perf_counter() - wall, time.process_time() - own, _children_cpu() - kids


def _users(engine: sa.Engine) -> tuple[accounts.Principal, accounts.Principal]:
    made = []
    for name, role in (("bench-editor", Role.CONTRIBUTOR), ("bench-reviewer", Role.REVIEWER)):
        accounts.add_user(engine, name, PASSWORD, actor="benchmark")
        accounts.grant_role(engine, name, role, actor="benchmark")
        session = accounts.login(engine, name, PASSWORD)
        who = accounts.principal(engine, session.secret, "session")
        assert who is not None
        made.append(who)
    return made[0], made[1]


def _write(
    engine: sa.Engine,
    people: tuple[accounts.Principal, accounts.Principal],
    twinning: str,
    kind: str,
    last: int | None,
) -> int:
    """Propose and accept one change; return the proposal's id."""
    version = accounts.history(engine, f"twinning:{twinning}")["version"]
    payload: dict[str, object] = {"twinning": twinning, "type": "exchange", "date": "2025"}
    if kind == "flag":
        payload = {"twinning": twinning, "question": "still active?"}
    elif kind == "revert" and last is not None:
        payload = {"change_id": last}
    made = accounts.propose(
        engine, people[0], kind if last or kind != "revert" else "event", payload,
        source_url=URL, reason="benchmark", base_version=version,
    )  # fmt: skip
    done = accounts.review(engine, people[1], int(made["id"]), "accept", seen=int(made["version"]))
    return int(done["id"])


def main() -> None:
    """Run the rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True, help="a world registry file")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kind", choices=("event", "flag", "revert"), default="event")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="twintowns-living-write-"))
    copy = work / "world.sqlite"
    shutil.copyfile(options.database, copy)
    settings = Settings(database_url=f"sqlite:///{copy}", auto_load=False)
    registry = Registry.open(settings)
    engine = registry.engine
    with engine.connect() as conn:
        twinning = str(
            conn.scalar(sa.select(schema.twinnings.c.id).order_by(schema.twinnings.c.id))
        )
        count = conn.scalar(sa.select(sa.func.count()).select_from(schema.twinnings))
    print(f"registry copy: {count:,} twinnings; writes on {twinning}", flush=True)
    people = _users(engine)
    cache = SnapshotCache(registry, refresh_seconds=0.0, directory=work / "cache")
    wall, own, kids = _timed_refresh(cache)
    print(f"first refresh (cold): {wall:.2f} s wall, {own:.2f} s own CPU, {kids:.2f} s child CPU"
          f" (load average {os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip
    rows = []
    last: int | None = None
    for round_no in range(1, options.rounds + 1):
        started = time.perf_counter()
        written = _write(engine, people, twinning, options.kind, last)
        last = written if options.kind != "revert" or last is None else None
        write = time.perf_counter() - started
        wall, own, kids = _timed_refresh(cache)
        rows.append((write, wall, own, kids))
        print(f"round {round_no}: write {write:.3f} s; refresh {wall:.2f} s wall, "
              f"{own:.3f} s own CPU, {kids:.2f} s child CPU "
              f"(load average {os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip
    medians = [statistics.median(column) for column in zip(*rows, strict=True)]
    print(f"median of {len(rows)}: write {medians[0]:.3f} s; refresh {medians[1]:.2f} s wall, "
          f"{medians[2]:.3f} s own CPU, {medians[3]:.2f} s child CPU", flush=True)  # fmt: skip
    engine.dispose()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
