"""Benchmark: the Wikidata dump reader on three dump structures, its peers, and Dask.

Usage (from the repository root)::

    .venv/bin/python benchmarks/wikidata_dump.py --size-mb 260     # >= 1 GB of JSON

It writes (cached in --workdir, outside the repository) one generated dump in three
structures: (c) many gzip members of ~8 MB, as the production dumps are written
(``twintowns.sources.wikidata.generate``); (a) the same JSON as one single gzip member; (b) the
same JSON as bzip2 written by Debian's ``lbzip2`` (900 kB blocks, installed with apt-get when
missing, like ``pigz``).  Then, in interleaved rounds (``--repeats``; the best of each run is
kept, the machine's speed drifts), for each structure:

- ours, one process, pass 1 (the P190 selection), also with a first read's decompression
  on every core ("all cores", as the peers' decompressors), the full read (both passes),
  and the full read on two workers.  A gzip of large members and a bzip2 go through a seek-point
  index (rapidgzip, indexed_bzip2): "first" runs start without one (the read decompresses
  the file once, in ``workers`` threads, and saves the index), "indexed" runs use the saved
  index to split the decompressed stream over processes;
- the peers: ``pigz -dc | grep -F '"P190"' | wikibase-dump-filter --claim P190 --keep
  id,type,labels,claims`` on the single member and ``lbzip2 -dc | ...`` on the bzip2;
- raw decompression: python-isal's gzip reader on the single member (one thread).

Then Dask: the many-member dump read through a ``LocalCluster`` (2 worker processes) and
through a separately started ``dask scheduler`` plus ``dask worker --nworkers 2`` on
127.0.0.1 (``--scheduler tcp://...``), against the local pool with 2 workers; the clusters'
workers import the reader before the first round, as a long-running cluster's have.  Last, the peak
resident memory of one process reading each structure whole.  The ratios of issue 18's
targets are printed with the load average.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing import forkserver
from pathlib import Path

from isal import igzip

from twintowns.sources.wikidata import WikidataDumpSource
from twintowns.sources.wikidata.generate import generate_dump
from twintowns.sources.wikidata.indexed import index_path_for
from twintowns.sources.wikidata.plan import pass_one, uses_index
from twintowns.sources.wikidata.runner import run_tasks
from twintowns.sources.wikidata.scan import RangeTask

PEER = "wikibase-dump-filter@6.1.1"
Job = Callable[[], object]


def cpu_seconds() -> float:
    """CPU time of this process and of every child that has ended (peers), plus the fork
    server's and its ended children's (the reader's local helpers are forked from it)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + fork_server()


def fork_server() -> float:
    """CPU seconds of the fork server and of the helpers it has reaped (0 before it runs)."""
    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # utime, stime, cutime, cstime: fields 14-17 of proc(5), 11-14 after the name
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def timed(label: str, work: Job) -> tuple[float, float, object]:
    """Wall and CPU seconds of ``work`` (CPU: all its threads and ended processes; on a
    loaded machine the fairer figure for one process, though never for a speed-up)."""
    print(f"  {label} ...", end="", flush=True)
    start, cpu = time.perf_counter(), cpu_seconds()
    result = work()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    # the load beside each run: a 2-worker run loses a core to any other work, one process not
    print(f" {seconds:.2f} s (CPU {cpu:.2f} s, load {os.getloadavg()[0]:.1f})", flush=True)
    return seconds, cpu, result


def apt(tool: str) -> None:
    if shutil.which(tool) is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", tool], check=True)


def write_dumps(workdir: Path, size_mb: int, seed: int) -> tuple[dict[str, Path], dict[str, int]]:
    """The three structures of one dump (generated once, then cached)."""
    base = workdir / f"bench-{size_mb}mb-seed{seed}"
    paths = {
        "members": base.with_suffix(".members.json.gz"),
        "single": base.with_suffix(".single.json.gz"),
        "bz2": base.with_suffix(".json.bz2"),
    }
    meta = base.with_suffix(".meta.json")
    if not meta.exists():
        print(f"writing a {size_mb} MB many-member dump to {paths['members']}")
        made = generate_dump(paths["members"], size_mb * 1_000_000, seed=seed)
        with (
            igzip.open(paths["members"], "rb") as source,
            igzip.open(paths["single"], "wb", compresslevel=2) as single,
        ):
            shutil.copyfileobj(source, single, 1 << 22)  # one member: a single gzip stream
        with paths["bz2"].open("wb") as out:
            pipe = f"pigz -dc '{paths['members']}' | lbzip2 -c"
            subprocess.run(["bash", "-c", f"set -o pipefail; {pipe}"], stdout=out, check=True)
        counts = {"decompressed": made.decompressed_bytes, "entities": made.entities,
                  "statements": made.statements}  # fmt: skip
        meta.write_text(json.dumps(counts))
    info: dict[str, int] = json.loads(meta.read_text())
    for name, path in paths.items():
        print(f"  {name:8} {path.stat().st_size / 1e6:8.0f} MB  {path.name}")
    print(f"  JSON {info['decompressed'] / 1e6:.0f} MB, {info['entities']} entities, "
          f"{info['statements']} P190 statements")  # fmt: skip
    return paths, info


def forget_index(path: Path) -> None:
    index_path_for(path).unlink(missing_ok=True)


def pass_one_only(path: Path, threads: int = 1) -> int:
    """Pass 1 from a cold start in this process; a first read through the index decompresses
    with ``threads`` threads (the peers' decompressors use every core)."""
    forget_index(path)
    indexed = uses_index(path, "auto")
    parallel = threads if indexed else 1  # a first read through the index is one task
    ranges = pass_one(path, parallel=parallel, parts=None, indexed=indexed, cluster=False)
    results = run_tasks([RangeTask(r) for r in ranges])
    return sum(len(record.statements) for result in results for _, record in result.records)


def full_read(path: Path, workers: int, *, first: bool, scheduler: str | None = None) -> int:
    if first:
        forget_index(path)
    source = WikidataDumpSource(path, snapshot="2025-01-01", workers=workers, scheduler=scheduler)
    return sum(1 for _ in source.statements(lambda problem: None))


def raw_isal(path: Path) -> int:
    total = 0
    with igzip.open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            total += len(block)
    return total


def raw_library(path: Path, kind: str, threads: int = 1) -> int:
    """The whole file through rapidgzip (gzip) or indexed_bzip2 (bz2) with ``threads``
    threads, as a first read does it (no index), nothing searched: the decompression part
    of pass 1."""
    from twintowns.sources.wikidata.indexed import open_indexed

    handle = open_indexed(str(path), kind, threads, None)
    total = 0
    try:
        while block := handle.read(1 << 22):
            total += len(block)
    finally:
        handle.close()
    return total


def raw_tool(command: list[str]) -> int:
    """A decompressor alone, its output thrown away (``lbzip2 -dc -n1`` is one thread)."""
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return 0


def install_peer(workdir: Path) -> Path:
    tool = workdir / "peer" / "node_modules" / ".bin" / "wikibase-dump-filter"
    if not tool.exists():
        subprocess.run(["npm", "install", "--silent", "--prefix", str(workdir / "peer"), PEER],
                       check=True)  # fmt: skip
    return tool


def run_peer(decompress: str, path: Path, tool: Path, out: Path) -> int:
    command = (f"set -o pipefail; {decompress} -dc '{path}' | grep -F '\"P190\"' | '{tool}' "
               f"--claim P190 --keep id,type,labels,claims > '{out}'")  # fmt: skip
    subprocess.run(["bash", "-c", command], check=True, stderr=subprocess.DEVNULL)
    with out.open("rb") as handle:
        return sum(1 for _ in handle)


def peak_memory_mb(path: Path) -> float:
    """Peak resident memory of a fresh process reading the whole dump (one worker).

    VmHWM, not ``ru_maxrss``: Linux keeps ``ru_maxrss`` across fork and exec, so a child
    would report this (large) benchmark process's own peak."""
    code = (
        "import re, sys\n"
        "from twintowns.sources.wikidata import WikidataDumpSource\n"
        "source = WikidataDumpSource(sys.argv[1], snapshot='2025-01-01')\n"
        "sum(1 for _ in source.statements(lambda problem: None))\n"
        "status = open('/proc/self/status').read()\n"
        "print(re.search(r'VmHWM:\\s+(\\d+)', status)[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    )
    return int(done.stdout.split()[-1]) / 1024  # VmHWM is in kB


def jobs(paths: dict[str, Path], tool: Path | None, workdir: Path) -> dict[str, Job]:
    work: dict[str, Job] = {}
    for name, path in paths.items():
        work[f"{name}: ours 1 process, pass 1"] = lambda p=path: pass_one_only(p)
        if name != "members":
            work[f"{name}: ours 1 process, all cores, pass 1"] = lambda p=path: pass_one_only(
                p, os.cpu_count() or 1
            )
        work[f"{name}: ours 1 process, full"] = lambda p=path: full_read(p, 1, first=True)
        work[f"{name}: ours 2 workers, full"] = lambda p=path: full_read(p, 2, first=True)
        if name != "members":
            work[f"{name}: ours 1 process, full, indexed"] = lambda p=path: full_read(
                p, 1, first=False
            )
            work[f"{name}: ours 2 workers, full, indexed"] = lambda p=path: full_read(
                p, 2, first=False
            )
    work["single: raw isal gzip reader"] = lambda: raw_isal(paths["single"])
    work["single: raw rapidgzip, 1 thread"] = lambda: raw_library(paths["single"], "gzip")
    work["single: raw rapidgzip, 2 threads"] = lambda: raw_library(paths["single"], "gzip", 2)
    work["single: raw pigz -dc"] = lambda: raw_tool(["pigz", "-dc", str(paths["single"])])
    work["bz2: raw indexed_bzip2, 1 thread"] = lambda: raw_library(paths["bz2"], "bz2")
    work["bz2: raw lbzip2 -dc -n1"] = lambda: raw_tool(["lbzip2", "-dc", "-n1", str(paths["bz2"])])
    work["bz2: raw lbzip2 -dc"] = lambda: raw_tool(["lbzip2", "-dc", str(paths["bz2"])])
    if tool is not None:
        out = workdir / "peer-output.ndjson"
        work["single: peer pigz|grep|wdf"] = lambda: run_peer("pigz", paths["single"], tool, out)
        work["bz2: peer lbzip2|grep|wdf"] = lambda: run_peer("lbzip2", paths["bz2"], tool, out)
    return work


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def warm(client: object) -> None:
    """Import the reader in every worker of a cluster, as a long-running cluster has it (the
    local pool's helpers are new processes at every read and import it then: their cost)."""
    client.run(importlib.import_module, "twintowns.sources.wikidata.scan")  # type: ignore[attr-defined]


def dask_runs(path: Path, repeats: int) -> dict[str, float]:
    """The many-member dump on the local pool, a LocalCluster and a separate scheduler."""
    import distributed

    port = free_port()
    bin_dir = Path(sys.executable).parent
    scheduler = subprocess.Popen(
        [str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    address = f"tcp://127.0.0.1:{port}"
    workers = subprocess.Popen(
        [str(bin_dir / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1",
         "--host", "127.0.0.1", "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    best: dict[str, float] = {}
    try:
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=40,
        ) as local, distributed.Client(address, timeout="60s") as client:  # fmt: skip
            client.wait_for_workers(2, timeout=60)
            warm(client)
            with distributed.Client(local, timeout="60s") as on_local:
                warm(on_local)
            runs: dict[str, Job] = {
                "members: local pool, 2 workers": lambda: full_read(path, 2, first=False),
                "members: Dask LocalCluster, 2 workers": lambda: full_read(
                    path, 1, first=False, scheduler=local.scheduler_address
                ),
                "members: dask scheduler + 2 dask workers (tcp)": lambda: full_read(
                    path, 1, first=False, scheduler=address
                ),
            }
            for round_ in range(1, repeats + 1):
                print(f"Dask round {round_} of {repeats}:")
                for name, job in runs.items():
                    seconds, _, _ = timed(name, job)
                    best[name] = min(seconds, best.get(name, seconds))
    finally:
        for process in (workers, scheduler):
            process.terminate()
            process.wait(timeout=30)
    return best


def report(
    best: dict[str, float], cpu: dict[str, float], plain: int, dask: dict[str, float]
) -> None:
    print(f"\n{'run':50} {'seconds':>8} {'CPU s':>7} {'JSON MB/s':>10}")
    for name, seconds in {**best, **dask}.items():
        used = f"{cpu[name]:7.2f}" if name in cpu else f"{'-':>7}"
        print(f"{name:50} {seconds:8.2f} {used} {plain / seconds / 1e6:10.1f}")

    def ratio(label: str, top: str, bottom: str, target: str) -> None:
        if top in best and bottom in best:
            of_cpu = f"CPU {cpu[top] / cpu[bottom]:5.2f}x" if top in cpu and bottom in cpu else ""
            print(f"  {label:56} {best[top] / best[bottom]:6.2f}x {of_cpu:>14} ({target})")

    print("\nratios, of the best wall times and of the least CPU times (target):")
    ratio("single: peer / ours 1 process pass 1", "single: peer pigz|grep|wdf",
          "single: ours 1 process, pass 1", ">= 3x")  # fmt: skip
    ratio("single: peer / ours 1 process full", "single: peer pigz|grep|wdf",
          "single: ours 1 process, full", "")  # fmt: skip
    for name in ("single", "bz2", "members"):
        ratio(f"{name}: 2 workers / 1 (full, first read)", f"{name}: ours 1 process, full",
              f"{name}: ours 2 workers, full", ">= 1.6x")  # fmt: skip
        ratio(f"{name}: 2 workers / 1 (full, indexed)", f"{name}: ours 1 process, full, indexed",
              f"{name}: ours 2 workers, full, indexed", ">= 1.6x")  # fmt: skip
        ratio(f"{name}: full read speed / pass 1 speed", f"{name}: ours 1 process, pass 1",
              f"{name}: ours 1 process, full", ">= 0.70")  # fmt: skip
    ratio("bz2: peer / ours 1 process pass 1", "bz2: peer lbzip2|grep|wdf",
          "bz2: ours 1 process, pass 1", ">= 2x")  # fmt: skip
    for name, peer in (("single", "pigz"), ("bz2", "lbzip2")):
        ratio(f"{name}: peer / ours 1 process, all cores, pass 1",
              f"{name}: peer {peer}|grep|wdf", f"{name}: ours 1 process, all cores, pass 1",
              "like for like: the peer's decompressor uses every core")  # fmt: skip
    pool = dask.get("members: local pool, 2 workers")
    # the pool's row runs beside the LocalCluster's scheduler and client threads (they take
    # the GIL from it); the main rounds' 2-worker read runs in a process with no cluster
    alone = best.get("members: ours 2 workers, full")
    for name, seconds in dask.items():
        if pool and name != "members: local pool, 2 workers":
            print(f"  {name + ' / local pool':56} {seconds / pool - 1:+6.0%} (within +15 %)")
            if alone:
                print(f"  {name + ' / 2 workers, no cluster':56} {seconds / alone - 1:+6.0%} "
                      "(the stricter baseline)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=260, help="gzip size of the dump")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "twintowns-wikidata-bench"
    )
    parser.add_argument("--no-peer", action="store_true", help="skip wikibase-dump-filter")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    parser.add_argument("--repeats", type=int, default=3, help="rounds; the best run is kept")
    parser.add_argument("--memory-only", action="store_true", help="only the peak memory")
    parser.add_argument(
        "--only", default="", help="comma-separated parts of run names: run only those"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    for tool in ("pigz", "lbzip2"):
        apt(tool)
    paths, info = write_dumps(args.workdir, args.size_mb, args.seed)
    peer = None if args.no_peer else install_peer(args.workdir)
    os.sync()
    if args.memory_only:
        args.repeats, args.no_dask, peer = 0, True, None
    work = jobs(paths, peer, args.workdir)
    if args.only:
        wanted = [part.strip() for part in args.only.split(",")]
        work = {name: job for name, job in work.items() if any(w in name for w in wanted)}
        args.no_dask = args.no_dask or not any("dask" in w.lower() for w in wanted)
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for round_ in range(1, args.repeats + 1):
        print(f"round {round_} of {args.repeats} (load average {os.getloadavg()[0]:.1f}):")
        for name, job in work.items():
            seconds, used, _ = timed(name, job)
            best[name] = min(seconds, best.get(name, seconds))
            cpu[name] = min(used, cpu.get(name, used))
    dask = {} if args.no_dask else dask_runs(paths["members"], args.repeats)
    print(f"\nbest of {args.repeats} rounds; load average now {os.getloadavg()}")
    if not args.memory_only:
        report(best, cpu, info["decompressed"], dask)
    if args.only and not args.memory_only:
        return 0  # a selection of runs: no memory figures
    for name, path in paths.items():
        print(f"  peak memory, one process, whole {name} dump: {peak_memory_mb(path):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
