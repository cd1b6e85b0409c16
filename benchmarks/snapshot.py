"""The registry snapshot: rebuild from SQL against loading its cache file, and the API's start.

Each figure comes from a fresh Python process (so peak memory is that process's own VmHWM
and no import or cache is shared), on a copy of a world registry (``--database``, else the
bundled world is built into a temporary SQLite file):

1. **rebuild**: read the whole registry from SQL (:meth:`twintowns.store.Reader.content`) and
   build the shared indexes (what every start did before the cache existed);
2. **pickle, default**: the same objects as one pickle with the dataclasses' own reducers
   (the first format tried: slower to load than the rebuild);
3. **cache, cold load**: :func:`twintowns.snapshot.persist.load` of the cache file, indexes
   built (what a process start does now), with and without the name index (search and name
   resolution build it from the file on first use; an export or the lab never does);
4. **cache, reload**: the load of a file in which one place changed, reusing a snapshot held
   (what the API does after a write: the CPU its request threads share the GIL with);

each with the longest GIL stall a thread asking for the GIL every millisecond saw meanwhile;
5. **child build**: the wall time of ``python -m twintowns.snapshot`` (the out-of-process
   read a server runs after a write).

``--api`` adds the served side: ``twintowns.api`` under uvicorn in a subprocess over the
registry with its cache file present: seconds from start to the first answer of
``/places/coventry``, then of the first ``/learn/quiz``, and the server's resident memory
after both.  The server is started ``--api-starts`` times (default 2) on the same copy: the
first start's quiz computes the quiz's candidates and keeps them beside the snapshot's cache
(:mod:`twintowns.learn.quiz_cache`), the later starts' first quiz reads them (a registry
quizzed before, the same day), and the atlas's arcs kept by the first start's warm-up (when
the version keeps them).  Bytecode is cached as on a user's machine (``PYTHONDONTWRITEBYTECODE``
dropped from the server's environment).  Runs with any version's virtualenv (it only speaks HTTP and
reads /proc), so ``--api-only`` with the old version's Python gives the "before" figures.

    python benchmarks/snapshot.py [--database world.sqlite] [--api] [--api-only] [--api-starts 2]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PRELUDE = """
import gc, resource, sys, time
gc.disable()
from pathlib import Path
from twintowns.store import make_engine
from twintowns.snapshot import RegistrySnapshot, cache_dir
from twintowns.snapshot import persist
engine = make_engine(sys.argv[1])
directory = cache_dir(engine)
import threading
stall = [0.0]
def tick():
    # a thread that wants the GIL every millisecond: its worst lateness is the longest
    # stretch the work below held the GIL (plus scheduling noise of a loaded machine)
    while True:
        before = time.perf_counter()
        time.sleep(0.001)
        stall[0] = max(stall[0], time.perf_counter() - before - 0.001)
def report(label, wall, cpu):
    hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]
    print(f'{label}|{wall:.2f}|{cpu:.2f}|{int(hwm) / 1024:.0f}|{1000 * stall[0]:.0f}')
threading.Thread(target=tick, daemon=True).start()
began, cpu = time.perf_counter(), time.process_time()
"""

RUNS = {
    "rebuild (SQL read + indexes)": """
s = RegistrySnapshot.read(engine); s.prepare()
report(LABEL, time.perf_counter() - began, time.process_time() - cpu)
""",
    "pickle, default reducers (load + indexes)": """
import pickle
blob = Path(sys.argv[2]).read_bytes()
began, cpu = time.perf_counter(), time.process_time()
stall[0] = 0.0
places, twinnings = pickle.loads(blob)
s = RegistrySnapshot('x', places, tuple(twinnings), {}); s.prepare()
report(LABEL, time.perf_counter() - began, time.process_time() - cpu)
""",
    "cache file, cold load (+ indexes)": """
s = persist.load(sorted(directory.glob('*.snap'), key=lambda p: p.stat().st_mtime)[-1])
s.prepare()
report(LABEL, time.perf_counter() - began, time.process_time() - cpu)
""",
    "cache file, cold load (no name index: export, lab)": """
s = persist.load(sorted(directory.glob('*.snap'), key=lambda p: p.stat().st_mtime)[-1])
_ = s.by_place, s.by_id
report(LABEL, time.perf_counter() - began, time.process_time() - cpu)
""",
    "cache file, reload of one changed place (+ indexes)": """
import dataclasses
path = sorted(directory.glob('*.snap'), key=lambda p: p.stat().st_mtime)[-1]
held = persist.load(path); held.prepare()
place = held.places['coventry']
changed = dict(held.places)
changed['coventry'] = dataclasses.replace(place, population=(place.population or 0) + 1)
new = dataclasses.replace(held, key=held.key + '-b', places=changed, chunks={})
other = persist.write(new, directory)
began, cpu = time.perf_counter(), time.process_time()
stall[0] = 0.0
s = persist.load(other, held); s.prepare()
report(LABEL, time.perf_counter() - began, time.process_time() - cpu)
other.unlink()
""",
}


def run(label: str, code: str, url: str, *extra: str) -> list[str]:
    """One measurement in a fresh process: ``[label, wall, cpu, peak MB, stall ms]``."""
    program = PRELUDE + code.replace("LABEL", repr(label))
    done = subprocess.run(
        [sys.executable, "-c", program, url, *extra], capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1].split("|")


def default_pickle(url: str, out: Path) -> None:
    """The objects as one pickle with the dataclasses' own reducers (format 2)."""
    code = (
        "import pickle, sys\nfrom twintowns.store import make_engine, Reader\n"
        "r = Reader(make_engine(sys.argv[1]))\n"
        "open(sys.argv[2], 'wb').write(pickle.dumps((r.places(), r.twinnings()), protocol=5))"
    )
    subprocess.run([sys.executable, "-c", code, url, str(out)], check=True)


def child_build(url: str) -> list[str]:
    """The wall time of the child process a server runs after a write."""
    from twintowns.snapshot.cache import build_in_child, cache_dir
    from twintowns.store import make_engine

    engine = make_engine(url)
    directory = cache_dir(engine)
    assert directory is not None
    began = time.perf_counter()
    build_in_child(engine, directory)
    return ["child build (python -m twintowns.snapshot)", f"{time.perf_counter() - began:.2f}"]


def user_env() -> dict[str, str]:
    """The environment a user's server runs in: bytecode cached once written
    (``PYTHONDONTWRITEBYTECODE``, set in some sandboxes, would make every start compile every
    module from source again: a second of CPU at each start; ``cli_start.py`` drops it too).
    The first start writes the ``.pyc`` files, so the figure of a restart is the one to read."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def rss_mb(pid: int) -> float:
    """Resident memory of a process now (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_answers(database: Path, start: int = 1) -> list[list[str]]:
    """Start the API over ``database``; seconds to its first answers, and its memory (rows
    labelled with ``start``, the how-many-th start on this copy: from the second on, the
    quiz's candidates file written by the first quiz is there to read)."""
    port = 19000 + random.randrange(1000)
    code = (
        "import uvicorn; from twintowns.api import create_app; from twintowns.settings import "
        f"Settings; app = create_app(Settings(database_url='sqlite:///{database}', "
        f"auto_load=False)); uvicorn.run(app, host='127.0.0.1', port={port}, "
        "log_level='warning')"
    )
    began = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-c", code], env=user_env())
    rows = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            while True:
                try:
                    if client.get("/places/coventry").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            took = time.perf_counter() - began
            rows.append([f"serve #{start}: first answer of /places/coventry", f"{took:.2f}"])
            rows.append(
                [f"serve #{start}: server CPU s until then", f"{cpu_seconds(server.pid):.2f}"]
            )
            rows.append(
                [f"serve #{start}: RSS after the first answer (MB)", f"{rss_mb(server.pid):.0f}"]
            )
            asked = time.perf_counter()
            assert client.get("/learn/quiz?count=10&seed=1").status_code == 200
            rows.append(
                [f"serve #{start}: first /learn/quiz", f"{time.perf_counter() - asked:.2f}"]
            )
            rows.append(
                [f"serve #{start}: server CPU s until then", f"{cpu_seconds(server.pid):.2f}"]
            )
            rows.append(
                [f"serve #{start}: RSS after the first quiz (MB)", f"{rss_mb(server.pid):.0f}"]
            )
    finally:
        server.terminate()
        server.wait(timeout=60)
    return rows


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="a world registry (copied, not changed)")
    parser.add_argument("--api", action="store_true", help="also measure the API's start")
    parser.add_argument("--api-only", action="store_true", help="only the API's start")
    parser.add_argument(
        "--api-starts", type=int, default=2, help="API starts on the same copy (default 2)"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="twintowns-snapshot-"))
    try:
        database = workdir / "world.sqlite"
        if args.database is not None:
            shutil.copy(args.database, database)
            cached = args.database.with_name(args.database.name + ".snapshots")
            if cached.is_dir():  # its snapshot cache too: a registry filled and served before
                shutil.copytree(cached, database.with_name(database.name + ".snapshots"))
        else:
            code = (
                "from twintowns.registry import Registry; from twintowns.settings import "
                f"Settings; Registry.open(Settings(database_url='sqlite:///{database}'))"
            )
            subprocess.run([sys.executable, "-c", code], check=True)
        url = f"sqlite:///{database}"
        rows: list[list[str]] = []
        if not args.api_only:
            rows.append(child_build(url))  # also writes the cache file the loads read
            blob = workdir / "objects.pickle"
            default_pickle(url, blob)
            for label, code in RUNS.items():
                rows.append(run(label, code, url, str(blob)))
                print(" | ".join(rows[-1]), flush=True)
        if args.api or args.api_only:
            for start in range(1, args.api_starts + 1):
                rows += first_answers(database, start)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nload average {os.getloadavg()[0]:.2f} (2 cores; timings scale with it)")
    print("run | wall s | CPU s | peak RSS MB | longest GIL stall ms")
    for row in rows:
        print(" | ".join(row))


if __name__ == "__main__":
    main()
