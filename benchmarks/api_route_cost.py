"""Server CPU per request of the API's read routes (what the reload benchmark's readers ask).

One uvicorn server over a world registry (``--database``, not changed), each route driven in
turn by Debian's ``wrk`` (C, one thread, ``--connections`` keep-alive connections, httpx's
``Accept-Encoding``) for ``--seconds``; the server's CPU seconds (user + system, from
``/proc``) divided by the requests it answered.  CPU per request does not depend on how busy
the shared machine is, unlike latency.  ``--no-answer-cache`` serves every read as a cache
miss (``Settings.answer_cache``); run under ``PYTHONPATH=<other tree>/src`` to measure another
version of the code with the same script.

    python benchmarks/api_route_cost.py --database world.sqlite [--seconds 5]
        [--connections 4] [--no-answer-cache]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROUTES = {
    "place": "/places/coventry",
    "partners": "/places/coventry/twinnings",
    "twinnings GB": "/twinnings?country=GB&limit=50",
    "search San": "/places?q=San",
    "random place": None,
}
"""The reload benchmark's mix (None: a random place id per request)."""

LUA = """
local ids = {}
for line in io.lines("%(ids)s") do ids[#ids + 1] = line end
math.randomseed(3)
local path = %(path)s
request = function()
  local p = path or ("/places/" .. ids[math.random(#ids)])
  return wrk.format("GET", p, {["Accept-Encoding"] = "gzip, deflate"})
end
"""


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(database: Path, answer_cache: bool) -> tuple[subprocess.Popen[bytes], str]:
    """The API over ``database`` in a subprocess; it and its base URL once it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    option = "" if answer_cache else ", answer_cache=False"
    code = (
        "import uvicorn; from twintowns.api import create_app; from twintowns.settings import "
        f"Settings; app = create_app(Settings(database_url='sqlite:///{database}', "
        f"auto_load=False{option})); uvicorn.run(app, host='127.0.0.1', port={port}, "
        "log_level='warning', access_log=False)"
    )
    process = subprocess.Popen([sys.executable, "-c", code])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/places/coventry", timeout=60) as answer:
                answer.read()
            return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("the server did not start")


def route_cost(pid: int, url: str, script: Path, args: argparse.Namespace) -> tuple[float, float]:
    """Requests per second and server CPU ms per request of one wrk run."""
    before = cpu_seconds(pid)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{args.connections}", f"-d{args.seconds}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    used = cpu_seconds(pid) - before
    count = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise RuntimeError(f"errors from {script.name}: {out}")
    return count / args.seconds, 1000 * used / max(1, count)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--no-answer-cache", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="twintowns-route-cost-"))
    ids = [r[0] for r in sqlite3.connect(args.database).execute("SELECT id FROM places")]
    random.Random(5).shuffle(ids)
    (workdir / "ids.txt").write_text("\n".join(ids[:5000]) + "\n")
    process, url = start(args.database, not args.no_answer_cache)
    total = 0.0
    try:
        for number, (name, path) in enumerate(ROUTES.items()):
            script = workdir / f"route{number}.lua"
            quoted = "nil" if path is None else f'"{path}"'
            script.write_text(LUA % {"ids": workdir / "ids.txt", "path": quoted})
            rate, cost = route_cost(process.pid, url, script, args)
            total += cost
            print(f"{name:<14} {rate:7.0f} req/s  server CPU {cost:6.2f} ms/request  "
                  f"(load average {os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=60)
    mean = total / len(ROUTES)
    print(f"mean of the {len(ROUTES)} routes (the reload benchmark's mix): {mean:.2f} ms")


if __name__ == "__main__":
    main()
