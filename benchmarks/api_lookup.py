"""Place-lookup throughput and latency of the API against a bare Starlette + sqlite3 handler.

Both servers answer ``GET /places/{id}`` for random place ids of the same SQLite registry (the
bundled world registry, built into a temporary file, unless ``--database`` names one or
``--synthetic`` asks for :mod:`atlas_synthetic`'s), each in one uvicorn worker with the same
options, under the same loopback load from 50 connections:

* throughput: wrk (Debian's ``wrk``) as fast as the server answers, for a fixed duration;
* latency: a bounded open-loop load, ``--rate`` requests per second spread over the 50
  keep-alive connections (timed from when each request was due, so queueing counts).

Prints requests per second, latency percentiles and the ratio of the two servers; targets:
ratio >= 0.60, p99 < 20 ms at the bounded load.

    python benchmarks/api_lookup.py [--database PATH.sqlite | --synthetic] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
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
for line in io.lines("%s") do ids[#ids + 1] = line end
math.randomseed(5)
request = function()
  return wrk.format("GET", "/places/" .. ids[math.random(#ids)])
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


async def _client(
    port: int, queue: asyncio.Queue[tuple[float, str] | None], latencies: list[float]
) -> None:
    """One keep-alive connection taking due requests from ``queue``."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while (item := await queue.get()) is not None:
        due, path = item
        writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length: *(\d+)", head)
        await reader.readexactly(int(length[1]) if length else 0)
        latencies.append(time.perf_counter() - due)
    writer.close()


async def _open_loop(
    port: int, paths: list[str], rate: float, seconds: float, connections: int
) -> list[float]:
    queue: asyncio.Queue[tuple[float, str] | None] = asyncio.Queue()
    latencies: list[float] = []
    clients = [asyncio.create_task(_client(port, queue, latencies)) for _ in range(connections)]
    start = time.perf_counter()
    for number in range(int(rate * seconds)):
        due = start + number / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        queue.put_nowait((due, paths[number % len(paths)]))
    for _ in clients:
        queue.put_nowait(None)
    await asyncio.gather(*clients)
    return latencies


def bounded_latency(
    url: str, paths: list[str], rate: float, seconds: float, connections: int
) -> dict[str, float]:
    """Latency percentiles (ms) at ``rate`` requests/s over ``connections`` connections."""
    port = int(url.rsplit(":", 1)[1])
    found = sorted(asyncio.run(_open_loop(port, paths, rate, seconds, connections)))
    pick = lambda q: 1000 * found[min(len(found) - 1, int(q * len(found)))]  # noqa: E731
    return {
        "rate": rate,
        "requests": len(found),
        "p50_ms": pick(0.5),
        "p90_ms": pick(0.9),
        "p99_ms": pick(0.99),
    }


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


def measure(code: str, name: str, database: Path, workdir: Path, args: argparse.Namespace,
            paths: list[str]) -> dict[str, float]:  # fmt: skip
    """Throughput (wrk) and bounded-load latency of one server."""
    process, url = start(code, database, workdir, f"bench_{name}")
    try:
        wrk(url, workdir / "random.lua", 2, args.connections)  # warm-up
        found = wrk(url, workdir / "random.lua", args.seconds, args.connections)
        latency = bounded_latency(url, paths, args.rate, args.seconds, args.connections)
        return found | {f"bounded_{k}": v for k, v in latency.items()}
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rate", type=float, default=300.0, help="bounded load, requests/s")
    parser.add_argument("--synthetic", action="store_true", help="use a synthetic world")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: install it with `apt-get install wrk`", file=sys.stderr)
        return
    workdir = Path(tempfile.mkdtemp(prefix="twintowns-bench-"))
    database = registry_file(args.database, workdir, args.synthetic)
    ids = [r[0] for r in sqlite3.connect(database).execute("SELECT id FROM places")]
    random.Random(5).shuffle(ids)
    (workdir / "ids.txt").write_text("\n".join(ids[:5000]) + "\n")
    (workdir / "random.lua").write_text(LUA % (workdir / "ids.txt"))
    paths = [f"/places/{i}" for i in ids[:5000]]
    results = {
        name: measure(code, name, database, workdir, args, paths)
        for name, code in (("bare", BARE_APP), ("ours", OURS_APP))
    }
    ratio = results["ours"]["rps"] / results["bare"]["rps"]
    print(json.dumps(results, indent=1))
    print(
        f"place lookup, {len(ids)} places, {args.connections} connections, {args.seconds} s: "
        f"ours {results['ours']['rps']:.0f} req/s, bare Starlette+sqlite3 "
        f"{results['bare']['rps']:.0f} req/s, ratio {ratio:.2f} (target >= 0.60); "
        f"at {args.rate:.0f} req/s our p99 {results['ours']['bounded_p99_ms']:.1f} ms "
        f"(target < 20 ms; bare {results['bare']['bounded_p99_ms']:.1f} ms); "
        f"at saturation our p99 {results['ours']['p99_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
