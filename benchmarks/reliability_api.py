"""The API under reloads, fuzzing and a flag flood (issue 11's targets for the HTTP side).

1. Reloads under load: the bundled world registry (built into a temporary SQLite file
   unless ``--database`` names one) served by uvicorn in a subprocess; ``--readers`` client
   threads read for ``--seconds`` while another process reloads the curated dataset every
   ``--reload-every`` seconds (alternating the curated facts with the curated facts plus a
   place twinned with Coventry: each reload makes the server read a new snapshot of the
   whole world).  Every answer names its snapshot (``X-Twintowns-Version``); a torn read is
   a snapshot whose answers disagree on Coventry's twinnings, or a 5xx.  Reports errors,
   torn reads and p50/p99 read latency (target: 0, 0, p99 < 200 ms).
2. Fuzzing: schemathesis with every check it has (``--checks all``) over every operation of
   the OpenAPI document, ``--cases`` cases in all, in process against the app over the
   curated registry: server errors, schema violations and other check failures, and answers
   slower than 1 s outside the documented heavy routes.
3. Flag flood: ``--flood`` POSTs of a 1,000-character flag note to the served world
   registry: how many were stored, how many answered 429 with ``Retry-After``, and the growth
   of the database files (target: throttled, < 1 MB).

    python benchmarks/reliability_api.py [--database world.sqlite] [--seconds 60]
        [--readers 20] [--reload-every 2] [--cases 10000] [--flood 10000]
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import math
import multiprocessing
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Protocol

import httpx
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import Failure, FailureGroup

from twintowns.api import create_app
from twintowns.model import Bundle
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

SCHEMA_VIOLATIONS = (
    "Response violates schema",
    "Undocumented status code",
    "Undocumented Content-Type",
    "Malformed media type",
    "Missing Content-Type header",
    "Missing required response headers",
    "JSON deserialization error",
    "Content deserialization error",
)
"""Titles of schemathesis failures where an answer breaks the documented contract."""
HEAVY = ("/atlas/arcs.json", "/export.", "/learn/quiz", "/twinnings", "/events")
"""Routes documented as heavy (seconds on the world registry the first time, then cached)."""


def state_b(bundle: Bundle) -> Bundle:
    """The curated facts plus ``reload-town``, twinned with Coventry (as the reload test)."""
    first = next(t for t in bundle.twinnings if "coventry" in (t.a, t.b))
    model = next(p for p in bundle.places if p.id == first.partner_of("coventry"))
    town = dataclasses.replace(model, id="reload-town", wikidata=None, geonames=None)
    twinning = dataclasses.replace(first, a="coventry", b="reload-town", claims=())
    return dataclasses.replace(
        bundle, places=(*bundle.places, town), twinnings=(*bundle.twinnings, twinning)
    )


def start_server(database: Path, port: int, answer_cache: bool) -> subprocess.Popen[bytes]:
    """uvicorn over ``database`` in a subprocess, checking for writes every 0.2 s (without
    its cache of encoded answers when ``answer_cache`` is false: every read a cache miss)."""
    code = (
        "import uvicorn; from twintowns.api import create_app; from twintowns.settings import "
        f"Settings; app = create_app(Settings(database_url='sqlite:///{database}', "
        f"auto_load=False, refresh_seconds=0.2{'' if answer_cache else ', answer_cache=False'}"
        ")); "
        "uvicorn.run(app, host='127.0.0.1', "
        f"port={port}, log_level='warning', access_log=False)"
    )
    return subprocess.Popen([sys.executable, "-c", code])


def wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/places/coventry", timeout=60).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start")


class EventLike(Protocol):
    """A stop signal shared with the reloader's process."""

    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


class Counted(Protocol):
    """A counter shared with the reloader's process."""

    value: int


@dataclasses.dataclass
class Load:
    """What the readers saw."""

    latencies: list[float] = dataclasses.field(default_factory=list)
    errors: Counter[str] = dataclasses.field(default_factory=Counter)
    states: dict[str, set[int]] = dataclasses.field(default_factory=lambda: defaultdict(set))
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)


READER_HEADERS = {"Accept": "*/*", "Accept-Encoding": "gzip, deflate", "Connection": "keep-alive"}
"""What every reader sends: httpx's default headers (so gzip-compressed answers, as before)."""


def fetch(connection: http.client.HTTPConnection, path: str) -> tuple[int, str, bytes]:
    """GET ``path`` on a keep-alive connection: status, snapshot version and (decoded) body."""
    connection.request("GET", path, headers=READER_HEADERS)
    response = connection.getresponse()
    body = response.read()
    if response.getheader("content-encoding") == "gzip":
        body = zlib.decompress(body, wbits=31)
    return response.status, response.getheader("x-twintowns-version") or "", body


def reader(url: str, ids: list[str], load: Load, stop: threading.Event, seed: int) -> None:
    """Read a mix of routes; note latency, errors and each snapshot's count of Coventry's
    twinnings (from the place and from its partner list: they must agree).

    A light client (the standard library's ``http.client``, one keep-alive connection per
    reader) so that the readers' own CPU time, which competes with the server's on the same
    machine, stays small beside it; every answer is still read whole and decompressed."""
    rng = random.Random(seed)
    paths = ["/places/coventry", "/places/coventry/twinnings", "/twinnings?country=GB&limit=50"]
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    while not stop.is_set():
        path = rng.choice([*paths, f"/places/{rng.choice(ids)}", "/places?q=San"])
        began = time.perf_counter()
        try:
            status, version, body = fetch(connection, path)
        except (OSError, http.client.HTTPException, zlib.error) as exc:
            connection.close()
            with load.lock:
                load.errors[f"transport {type(exc).__name__}"] += 1
            continue
        took = time.perf_counter() - began
        with load.lock:
            load.latencies.append(took)
            if status != 200:
                load.errors[f"{status} {path.split('?')[0][:30]}"] += 1
                continue
            # Coventry's count of twinnings, as each route sees it in this snapshot
            if path == "/places/coventry":
                load.states[version].add(json.loads(body)["twinnings"])
            elif path == "/places/coventry/twinnings":
                load.states[version].add(len(json.loads(body)["partners"]))
    connection.close()


def reloader(database: Path, stop: EventLike, every: float, count: Counted) -> None:
    """Reload the curated dataset every ``every`` seconds, alternating two states (run in a
    process of its own, so that its work never holds the readers' GIL: a reader's latency is
    the server's, not the time it waited for the reloader's Python)."""
    registry = Registry.open(Settings(database_url=f"sqlite:///{database}", auto_load=False))
    full = load_curated()
    plus = state_b(full)
    while not stop.is_set():
        began = time.monotonic()
        registry.load(plus if count.value % 2 == 0 else full, action="benchmark reload")
        count.value += 1
        stop.wait(max(0.0, every - (time.monotonic() - began)))
    registry.load(full, action="benchmark reload back")
    registry.engine.dispose()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] if ordered else 0.0


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) of process ``pid`` and of its waited-for children."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick, (int(fields[13]) + int(fields[14])) / tick


def resident_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def own_cpu() -> float:
    """CPU seconds of this process so far (the readers' threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu() -> float:
    """CPU seconds of this process's finished children (the reloader, once joined)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reloads_under_load(
    url: str, database: Path, args: argparse.Namespace, server: int
) -> dict[str, str]:
    ids = [r[0] for r in sqlite3.connect(database).execute("SELECT id FROM places LIMIT 5000")]
    load, stop = Load(), threading.Event()
    spawn = multiprocessing.get_context("spawn")
    writer_stop, count = spawn.Event(), spawn.Value("i", 0)
    writer = spawn.Process(target=reloader, args=(database, writer_stop, args.reload_every, count))
    writer.start()
    threads = [
        threading.Thread(target=reader, args=(url, ids, load, stop, n)) for n in range(args.readers)
    ]
    cpu_before, server_before, began = own_cpu(), cpu_seconds(server), time.monotonic()
    writer_before = children_cpu()
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    took, client_cpu = time.monotonic() - began, own_cpu() - cpu_before
    writer_stop.set()
    writer.join(timeout=300)
    writer_cpu = children_cpu() - writer_before
    server_after = cpu_seconds(server)
    server_cpu = server_after[0] - server_before[0]
    snapshot_children = server_after[1] - server_before[1]
    reads = max(1, len(load.latencies))
    torn = sum(1 for seen in load.states.values() if len(seen) > 1)
    return {
        "reads": str(len(load.latencies)),
        "reloads": str(count.value),
        "snapshots seen": str(len(load.states)),
        "errors": str(sum(load.errors.values())) + (f" {dict(load.errors)}" if load.errors else ""),
        "torn reads (snapshots with two counts)": str(torn),
        "p50 read latency ms": f"{1000 * percentile(load.latencies, 0.50):.1f}",
        "p99 read latency ms": f"{1000 * percentile(load.latencies, 0.99):.1f} (target < 200)",
        "max read latency ms": f"{1000 * max(load.latencies, default=0):.1f}",
        "load average (1 min) at the end": f"{os.getloadavg()[0]:.2f}",
        "server CPU s (share of one core)": f"{server_cpu:.1f} ({server_cpu / took:.0%})",
        "server's snapshot children CPU s": f"{snapshot_children:.1f}",
        "readers' CPU s (one process)": f"{client_cpu:.1f} ({client_cpu / took:.0%})",
        "reloader's CPU s (own process)": f"{writer_cpu:.1f}",
        "server CPU ms per read": f"{1000 * server_cpu / reads:.2f}",
        "server RSS MB at the end": f"{resident_mb(server):.0f}",
        "readers' CPU ms per read": f"{1000 * client_cpu / reads:.2f}",
    }


def flag_flood(url: str, database: Path, requests: int) -> dict[str, str]:
    def size() -> int:
        return sum(p.stat().st_size for p in database.parent.glob(database.name + "*"))

    before, statuses, retry = size(), Counter[int](), 0
    body = {"item_id": "42d532503876ef02", "reason": "wrong", "note": "n" * 1000}
    began = time.monotonic()
    with httpx.Client(base_url=url, timeout=60) as client:
        for _ in range(requests):
            response = client.post("/learn/flags", json=body)
            statuses[response.status_code] += 1
            retry += response.status_code == 429 and "retry-after" in response.headers
    took = time.monotonic() - began
    return {
        "flag requests": f"{requests} in {took:.1f} s",
        "stored (201)": str(statuses[201]),
        "throttled (429 with Retry-After)": f"{statuses[429]} ({retry} with Retry-After)",
        "other statuses": str({k: v for k, v in statuses.items() if k not in (201, 429)}),
        "database growth bytes": f"{size() - before} (target < 1,000,000)",
    }


@dataclasses.dataclass
class Fuzzed:
    """What the fuzzer found."""

    cases: int = 0
    failures: Counter[str] = dataclasses.field(default_factory=Counter)
    slow: Counter[str] = dataclasses.field(default_factory=Counter)
    examples: dict[str, str] = dataclasses.field(default_factory=dict)


def fuzz_operation(
    operation: schemathesis.APIOperation, examples: int, round_: int, found: Fuzzed
) -> None:
    """Run ``examples`` cases of one operation through every check."""
    checks = list(CHECKS.get_all())

    @seed(round_)
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        found.cases += 1
        began = time.perf_counter()
        response = case.call()
        if time.perf_counter() - began > 1.0 and not operation.path.startswith(HEAVY):
            found.slow[operation.label] += 1
        try:
            case.validate_response(response, checks=checks)
        except (Failure, FailureGroup) as exc:
            for failure in getattr(exc, "exceptions", [exc]):
                title = str(getattr(failure, "title", type(failure).__name__))
                key = f"{title} @ {operation.label}"
                found.failures[key] += 1
                example = f"{response.status_code} {case.formatted_path} {case.query}"
                found.examples.setdefault(key, f"{example} -> {response.text[:200]}")

    run()


def fuzz(workdir: Path, cases: int) -> dict[str, str]:
    """Schemathesis over every operation of the app on the curated registry."""
    database = workdir / "curated.sqlite"
    config = Settings(database_url=f"sqlite:///{database}", auto_load=False)
    Registry.open(config).load(load_curated(), action="load curated for fuzzing")
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(config))
    operations = [result.ok() for result in schema.get_all_operations()]
    load_all_checks()
    found, round_ = Fuzzed(), 0
    began = time.monotonic()
    while found.cases < cases:
        per = max(10, math.ceil((cases - found.cases) / len(operations)))
        for operation in operations:
            fuzz_operation(operation, per, round_, found)
        round_ += 1
    for key, example in found.examples.items():
        print(f"  {found.failures[key]} x {key}: {example}")
    server = sum(n for k, n in found.failures.items() if k.startswith("Server error"))
    schema_ = sum(n for k, n in found.failures.items() if k.startswith(SCHEMA_VIOLATIONS))
    return {
        "fuzz cases (every check)": f"{found.cases} over {len(operations)} operations in "
        f"{time.monotonic() - began:.0f} s",
        "fuzz server errors": str(server),
        "fuzz schema violations": str(schema_),
        "fuzz check failures in all": str(sum(found.failures.values())),
        "fuzz answers > 1 s outside heavy routes": str(sum(found.slow.values())),
    }


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="a world registry (copied, not changed)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--reload-every", type=float, default=2.0)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--flood", type=int, default=10_000)
    parser.add_argument(
        "--no-answer-cache",
        action="store_true",
        help="serve without the cache of encoded answers (every read a cache miss)",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="twintowns-reliability-"))
    rows: dict[str, str] = {}
    try:
        database = workdir / "world.sqlite"
        if args.database is not None:
            shutil.copy(args.database, database)
        else:
            print(f"building the world registry in {database} ...", flush=True)
            Registry.open(Settings(database_url=f"sqlite:///{database}")).engine.dispose()
        url = f"http://127.0.0.1:{(port := 18000 + random.randrange(1000))}"
        process = start_server(database, port, not args.no_answer_cache)
        try:
            wait_ready(url, process)
            print("reloads under load ...", flush=True)
            rows |= reloads_under_load(url, database, args, process.pid)
            print(rows, flush=True)
            print("flag flood ...", flush=True)
            rows |= flag_flood(url, database, args.flood)
            print(rows, flush=True)
        finally:
            process.terminate()
            process.wait(timeout=60)
        print("fuzzing ...", flush=True)
        rows |= fuzz(workdir, args.cases)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    width = max(len(k) for k in rows)
    print(f"\n{'figure':<{width}} | value\n{'-' * width}-|------")
    for key, value in rows.items():
        print(f"{key:<{width}} | {value}")


if __name__ == "__main__":
    main()
