"""Place-lookup throughput and latency of the API against a bare Starlette + sqlite3 handler.

Both servers answer ``GET /places/{id}`` for random place ids of the same SQLite registry (the
bundled world registry, built into a temporary file, unless ``--database`` names one or
``--synthetic`` asks for :mod:`atlas_synthetic`'s), each in one uvicorn worker with the same
options, under the same loopback load from Debian's ``wrk`` (C, one thread) over 50
keep-alive connections:

* throughput: as fast as the server answers, for ``--seconds``;
* latency: for ``--latency-seconds``, a bounded load of ``--rate`` requests per second in
  all: each connection waits an exponentially distributed time (mean ``50 / rate`` seconds)
  before its next request, so the requests arrive as a Poisson stream, not in lockstep; wrk
  times each from send to answer.

The machine is shared and its speed drifts, so the servers take turns for ``--repeats`` rounds;
throughput keeps each server's best round, latency reports every round's percentiles and the
median p99.  Prints the ratio of the two throughputs and the p99s; targets: ratio >= 0.60,
our p99 < 20 ms at the bounded load.

    python benchmarks/api_lookup.py [--database PATH.sqlite | --synthetic] [--seconds 10]
        [--rate 300] [--latency-seconds 30] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import atlas_synthetic

from twintowns.registry import Registry
from twintowns.settings import Settings

BARE_APP = """
import json, sqlite3, sys, threading
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

DATABASE = sys.argv[1]
local = threading.local()

def connection():
    if not hasattr(local, "db"):
        local.db = sqlite3.connect(DATABASE, check_same_thread=False)
    return local.db

def place(request):
    pid = request.path_params["pid"]
    db = connection()
    row = db.execute("SELECT id, level, wikidata, geonames, admin_area, lat, lon, population,"
                     " population_year, source_id, locator FROM places WHERE id = ?",
                     (pid,)).fetchone()
    if row is None:
        return Response(b'{"detail": "not found"}', 404, media_type="application/json")
    names = db.execute("SELECT text, lang, valid_from, valid_until, preferred FROM place_names"
                       " WHERE place_id = ? ORDER BY id", (pid,)).fetchall()
    countries = db.execute("SELECT iso, valid_from, valid_until FROM place_countries"
                           " WHERE place_id = ? ORDER BY id", (pid,)).fetchall()
    count = db.execute("SELECT count(*) FROM twinnings WHERE place_a = ? OR place_b = ?",
                       (pid, pid)).fetchone()[0]
    keys = ("id", "level", "wikidata", "geonames", "admin_area", "lat", "lon", "population",
            "population_year", "source_id", "locator")
    body = dict(zip(keys, row), twinnings=count,
                names=[dict(zip(("text", "lang", "valid_from", "valid_until", "preferred"), n))
                       for n in names],
                countries=[dict(zip(("iso", "valid_from", "valid_until"), c)) for c in countries])
    return Response(json.dumps(body), media_type="application/json")

app = Starlette(routes=[Route("/places/{pid}", place)])
"""

OURS_APP = """
import sys
from twintowns.api import create_app
from twintowns.settings import Settings
app = create_app(Settings(database_url="sqlite:///" + sys.argv[1], auto_load=False))
"""

LUA = """
local ids = {}
for line in io.lines("%(ids)s") do ids[#ids + 1] = line end
local think = %(think_ms)s  -- mean ms between one connection's requests; nil: no wait
math.randomseed(5)
request = function()
  return wrk.format("GET", "/places/" .. ids[math.random(#ids)])
end
if think then
  delay = function() return -think * math.log(1 - math.random()) end
end
"""


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(
    code: str, database: Path, workdir: Path, name: str
) -> tuple[subprocess.Popen[bytes], str]:
    """Run ``code``'s ``app`` under uvicorn in a subprocess; return it and its base URL."""
    module = workdir / f"{name}.py"
    module.write_text(code)
    port = free_port()
    runner = (
        f"import sys; sys.argv = ['x', {str(database)!r}]; sys.path.insert(0, {str(workdir)!r});"
        f"import uvicorn, {name}; uvicorn.run({name}.app, host='127.0.0.1', port={port},"
        " log_level='warning', access_log=False)"
    )
    process = subprocess.Popen([sys.executable, "-c", runner])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/places/coventry", timeout=60) as answer:
                answer.read()
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{name} server did not start")


def wrk(url: str, script: Path, seconds: int, connections: int) -> dict[str, float]:
    """Run wrk against ``url``; return requests/s and latency percentiles in ms."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    found = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])}  # type: ignore[index]
    for pct in ("50", "90", "99"):
        match = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", out)
        found[f"p{pct}_ms"] = float(match[1]) * unit[match[2]] if match else float("nan")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    found["non_2xx"] = float(errors[1]) if errors else 0.0
    return found


def registry_file(database: Path | None, workdir: Path, synthetic: bool) -> Path:
    """``database``, or a registry built into ``workdir`` (the bundled world or synthetic)."""
    if database is not None:
        return database
    database = workdir / "world.sqlite"
    print(f"building a registry in {database} ...", flush=True)
    if synthetic:
        atlas_synthetic.build(database)
    else:
        Registry.open(Settings(database_url=f"sqlite:///{database}")).engine.dispose()
    return database


def rounds(
    database: Path, workdir: Path, args: argparse.Namespace
) -> dict[str, list[dict[str, float]]]:
    """Each server's throughput and bounded-load latency, round after round."""
    found: dict[str, list[dict[str, float]]] = {"bare": [], "ours": []}
    for number in range(1, args.repeats + 1):
        for name, code in (("bare", BARE_APP), ("ours", OURS_APP)):
            process, url = start(code, database, workdir, f"bench_{name}")
            try:
                wrk(url, workdir / "as_fast.lua", 2, args.connections)  # warm-up
                fast = wrk(url, workdir / "as_fast.lua", args.seconds, args.connections)
                bounded = wrk(url, workdir / "bounded.lua", args.latency_seconds, args.connections)
            finally:
                process.terminate()
                process.wait(timeout=30)
            found[name].append(fast | {f"bounded_{k}": v for k, v in bounded.items()})
            print(f"round {number}, {name}: {fast['rps']:.0f} req/s; at "
                  f"{bounded['rps']:.0f} req/s p50 {bounded['p50_ms']:.1f} ms, "
                  f"p99 {bounded['p99_ms']:.1f} ms", flush=True)  # fmt: skip
    return found


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rate", type=float, default=300.0, help="bounded load, requests/s")
    # a p99 over 10 s (3,000 requests) is set by a single stall of the shared machine
    parser.add_argument("--latency-seconds", type=int, default=30, help="bounded load time")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of both servers")
    parser.add_argument("--synthetic", action="store_true", help="use a synthetic world")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: install it with `apt-get install wrk`", file=sys.stderr)
        return
    workdir = Path(tempfile.mkdtemp(prefix="twintowns-bench-"))
    try:
        database = registry_file(args.database, workdir, args.synthetic)
        ids = [r[0] for r in sqlite3.connect(database).execute("SELECT id FROM places")]
        random.Random(5).shuffle(ids)
        (workdir / "ids.txt").write_text("\n".join(ids[:5000]) + "\n")
        think = 1000 * args.connections / args.rate
        for name, value in (("as_fast", "nil"), ("bounded", f"{think:.3f}")):
            (workdir / f"{name}.lua").write_text(
                LUA % {"ids": workdir / "ids.txt", "think_ms": value}
            )
        results = rounds(database, workdir, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(results, len(ids), args)


def report(
    results: dict[str, list[dict[str, float]]], places: int, args: argparse.Namespace
) -> None:
    """Print every round and the ratios against the targets."""
    print(json.dumps(results, indent=1))
    best = {name: max(r["rps"] for r in runs) for name, runs in results.items()}
    p99 = {name: sorted(r["bounded_p99_ms"] for r in runs) for name, runs in results.items()}
    median = {name: values[len(values) // 2] for name, values in p99.items()}
    shown = {name: ", ".join(f"{v:.1f}" for v in values) for name, values in p99.items()}
    print(
        f"place lookup, {places} places, {args.connections} connections, best of "
        f"{args.repeats} rounds of {args.seconds} s: ours {best['ours']:.0f} req/s, bare "
        f"Starlette+sqlite3 {best['bare']:.0f} req/s, ratio {best['ours'] / best['bare']:.2f} "
        f"(target >= 0.60)\n"
        f"p99 at {args.rate:.0f} req/s over {args.connections} connections for "
        f"{args.latency_seconds} s: ours median "
        f"{median['ours']:.1f} ms (rounds {shown['ours']}; target < 20 ms), bare median "
        f"{median['bare']:.1f} ms (rounds {shown['bare']})"
    )


if __name__ == "__main__":
    main()
