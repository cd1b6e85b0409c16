"""Benchmark of the lab (issue 6): the KONECT-style summary against the raw igraph calls that
compute the same numbers on the same graph (target: at most 2x), and the HTML report
(target: under 60 s on the world data).

The graph is the largest real one available:

* ``--database URL``: a registry you loaded;
* else a fresh scratch registry, which fills itself with the curated facts and the bundled
  world snapshot (``twintowns/data/world/world-snapshot.json.gz``) when the package ships one;
* else (no snapshot) the 2016 Wikidata P190 crawl (10,055 places, 17,401 twinnings).

Both sides of the comparison get the same graph and the same random sources.  The raw side is
what a user would write with igraph alone: ``Graph.diameter()`` (all pairs) for the diameter,
the same breadth-first sample for the distance distribution, transitivity, triangles,
assortativity, two ``powerlaw`` fits with their likelihood-ratio tests, and the scipy
eigen-solver for the algebraic connectivity (igraph has none).

Also times the four distance null models of issue 20 and prints their table, and prints the
load average beside every timing (the machine is shared).

Run: ``.venv/bin/python benchmarks/analysis.py [--database URL] [--repeats N] [--exact]
[--report-only] [--quick] [--keep DIR] [--cli N]``

``--quick`` times only what ``analyse summary`` and ``report`` compute, each with the
registry read timed apart; as the commands do, what was read is then kept out of garbage
collection (:func:`twintowns.cli.oneshot.keep_until_exit`).  ``--cli N`` also times the two
commands themselves (``twintowns analyse summary``, ``twintowns report -o FILE``) N times
each in a new process, imports and read included, CPU of the child and its forked helper.
To measure an older revision the same way, put its code first on the path:
``git archive REV src | tar -x -C /tmp/before`` then
``PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/analysis.py --quick --keep DIR``.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import igraph as ig
import numpy as np
import powerlaw

from twintowns.analysis import build_graph, build_report, load_data, summarise
from twintowns.analysis.bands import band_test, geography_sentence
from twintowns.analysis.paths import EXACT_FACTOR
from twintowns.analysis.summary import algebraic_connectivity
from twintowns.model import (
    Bundle,
    Citation,
    Claim,
    Place,
    PlaceLevel,
    PlaceName,
    Source,
    Twinning,
    TwinningKind,
    pair_key,
)
from twintowns.registry import Registry
from twintowns.settings import Settings

CRAWL = Path(str(resources.files("twintowns") / "data" / "world" / "wikidata-p190-crawl-2016"))
WORLD_MINIMUM = 5000  # twinnings: fewer means the package shipped no world snapshot


def crawl_bundle() -> Bundle:
    """The 2016 crawl: QIDs as place ids, one claim per P190 statement."""
    source = Source("bench-crawl-2016", "Wikidata P190 crawl 2016", licence="CC0-1.0")
    cite = Citation(source.id)
    names = dict(line.split("\t") for line in (CRAWL / "names.tsv").read_text("utf-8").splitlines())
    claims: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for line in (CRAWL / "relations.tsv").read_text("utf-8").splitlines():
        a, b = line.split("\t")
        if a != b:
            claims.setdefault(pair_key(a, b), set()).add((a, b))
    places = tuple(
        Place(q, PlaceLevel.CITY, (PlaceName(n, "de"),), wikidata=q, citation=cite)
        for q, n in sorted(names.items())
    )
    twinnings = tuple(
        Twinning(a, b, TwinningKind.TWIN_TOWN, cite, claims=tuple(Claim(x, y, cite) for x, y in c))
        for (a, b), c in sorted(claims.items())
    )
    return Bundle(sources=(source,), places=places, twinnings=twinnings, dataset="bench-crawl")


def pick_registry(folder: Path, database: str | None) -> tuple[Registry, str]:
    """The registry to measure and what to call it."""
    if database:
        return Registry.open(Settings(database_url=database)), database
    world = Registry.open(Settings(database_url=f"sqlite:///{folder / 'world.sqlite'}"))
    if world.reader.count("twinnings") >= WORLD_MINIMUM:
        return world, "world registry (curated + bundled world snapshot)"
    crawl = Registry.open(
        Settings(database_url=f"sqlite:///{folder / 'crawl.sqlite'}", auto_load=False)
    )
    crawl.load(crawl_bundle(), action="benchmark crawl")
    return crawl, "wikidata-p190-crawl-2016 (no world snapshot shipped)"


def raw_summary(g: ig.Graph, sources: int | None, times: dict[str, float]) -> dict[str, Any]:
    """The same numbers as ``summarise``, from plain igraph/powerlaw/scipy calls."""
    start = time.perf_counter()
    degrees = np.asarray(g.degree())
    giant = g.connected_components().giant()
    out: dict[str, Any] = {"diameter": giant.diameter(directed=False)}
    times["diameter"] = time.perf_counter() - start
    if sources is None or giant.vcount() <= EXACT_FACTOR * sources:
        out["hist"] = list(giant.path_length_hist(directed=False).bins())
    else:
        chosen = np.random.default_rng(0).choice(giant.vcount(), sources, replace=False)
        out["hist"] = [np.diff(giant.bfs(int(v))[1]) for v in chosen]
    out["transitivity"] = g.transitivity_undirected()
    out["triangles"] = len(g.list_triangles())
    out["assortativity"] = g.assortativity_degree(directed=False)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        whole = powerlaw.Fit(degrees, xmin=int(degrees.min()), discrete=False, verbose=0)
        tail = powerlaw.Fit(degrees, discrete=True, verbose=0)
        out["gamma"] = (whole.power_law.alpha, tail.power_law.alpha, tail.xmin)
        out["lr"] = [
            tail.distribution_compare("power_law", other, normalized_ratio=True)
            for other in ("exponential", "lognormal")
        ]
    out["algebraic_connectivity"] = algebraic_connectivity(giant)
    times["total"] = time.perf_counter() - start
    return out


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeats`` timed runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def compare(registry: Registry, label: str, repeats: int, modes: list[int | None]) -> None:
    """Time the summary against the raw calls for each distance mode."""
    start = time.perf_counter()
    tg = build_graph(load_data(registry))
    g = tg.graph
    print(f"== {label}: {g.vcount():,} places, {g.ecount():,} twinnings ==")
    print(f"read the registry and build the graph: {time.perf_counter() - start:.1f} s")
    for sources in modes:
        mode = "exact distances" if sources is None else f"distances from {sources} sources"
        ours = best_of(repeats, lambda s=sources: summarise(tg, path_sources=s))
        raw: dict[str, float] = {}
        raw_summary(g, sources, raw)
        rest = raw["total"] - raw["diameter"]
        print(
            f"summary, {mode}: ours {ours:.2f} s; raw igraph {raw['total']:.2f} s "
            f"(of which Graph.diameter() {raw['diameter']:.2f} s); ratio {ours / raw['total']:.2f}"
            f" (target <= 2); ratio against raw without its diameter {ours / rest:.2f}"
        )
    found = summarise(tg)
    print(
        f"  n {found.nodes:,}, m {found.edges:,}, max degree {found.max_degree}, LCC "
        f"{found.lcc_share:.1%}, diameter {found.diameter}, mean distance "
        f"{found.mean_distance:.3f}, transitivity {found.transitivity:.4f}, assortativity "
        f"{found.assortativity:+.3f}, Gini {found.gini:.3f}, gamma "
        f"{found.power_law_exponent:.3f} / tail {found.tail_power_law_exponent:.3f}, a "
        f"{found.algebraic_connectivity:.5f}"
    )


def load_average() -> str:
    """The machine's 1/5/15-minute load averages (the machine is shared; say how busy)."""
    return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the report forks one)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed(label: str, run: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``run()``, print its wall and CPU time (children included) with the load average,
    return all three."""
    wall, cpu = time.perf_counter(), _cpu()
    found = run()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU; {load_average()}")
    return found, wall, cpu


def time_summary(registry: Registry) -> None:
    """Time what ``twintowns analyse summary`` computes (the graph, the Wikidata-only
    subgraph, both summaries with exact distances where affordable and the default bootstrap),
    apart from reading the registry (issue 13 replaces the read with a persisted snapshot)."""
    data, *_ = _timed("summary: read the registry", lambda: load_data(registry))
    gc.freeze()  # as the command does once it has read (cli.oneshot.keep_until_exit)

    def compute() -> tuple[Any, Any, Any]:
        whole = build_graph(data)
        try:  # this revision: the Wikidata-only column in a forked process
            from twintowns.analysis.summary import summarise_with_wikidata
        except ImportError:  # an older revision on PYTHONPATH (the "before" of the README)
            from twintowns.analysis.graph import wikidata_subgraph

            sub = wikidata_subgraph(data)
            return summarise(whole), sub, summarise(sub)
        return summarise_with_wikidata(data, whole)

    (found, _sub, wikidata), *_ = _timed("summary: compute (target <= 5 s)", compute)
    for name, s in (("all sources", found), ("wikidata only", wikidata)):
        print(
            f"  {name}: n {s.nodes:,}, m {s.edges:,}, mean distance {s.mean_distance:.3f} "
            f"({'exact' if s.distances.exact else 'sampled'}), diameter {s.diameter}; "
            f"{s.power_law.verdict}"
        )


def time_report(registry: Registry, folder: Path) -> None:
    """Time the whole report, the registry read apart from the rest (compute, plot, write),
    wall clock and CPU.

    CPU time is the figure to compare on a shared machine: wall time grows with other users'
    load (printed before and after).
    """
    path = folder / "report.html"
    print(f"report: starting, {load_average()}")
    data, read_wall, read_cpu = _timed("report: read the registry", lambda: load_data(registry))
    gc.freeze()  # as the command does once it has read (write_report's after_read)
    html, wall, cpu = _timed(
        "report: compute and render (target <= 15 s)", lambda: build_report(data)
    )
    path.write_text(html, encoding="utf-8")
    print(
        f"report: {read_wall + wall:.1f} s wall, {read_cpu + cpu:.1f} s CPU in all "
        f"(target <= 60 s, issue 13: <= 15 s) -> {path}"
    )


def null_models(registry: Registry) -> None:
    """Time the four null models (20 samples each) and print their table (issue 20)."""
    tg = build_graph(load_data(registry))
    start, cpu = time.perf_counter(), time.process_time()
    test = band_test(tg)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"null models: {wall:.1f} s wall, {cpu:.1f} s CPU; {load_average()}")
    print(geography_sentence(test))
    print(test.overview().to_string(index=False))
    print(test.border().to_string(index=False))


def time_commands(url: str, folder: Path, repeats: int) -> None:
    """Time ``twintowns analyse summary`` and ``twintowns report -o FILE`` end to end (a new
    process each: imports, read, compute, output), CPU of the process and its forked child."""
    script = str(Path(sys.executable).with_name("twintowns"))
    commands = {
        "analyse summary (target <= 5 s)": ["analyse", "summary"],
        "report (target <= 15 s)": ["report", "-o", str(folder / "command-report.html")],
    }
    # as a user runs it: bytecode cached after a first, untimed start (PYTHONDONTWRITEBYTECODE,
    # set in some sandboxes, would make every start compile every module: seconds of the lab's)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for label, args in commands.items():
        walls, cpus = [], []
        for run in range(repeats + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = time.perf_counter()
            subprocess.run(
                [script, "--database", url, *args],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            if run == 0:
                continue
            walls.append(time.perf_counter() - wall)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        print(
            f"command: twintowns {label}: {statistics.median(walls):.1f} s wall, "
            f"{statistics.median(cpus):.1f} s CPU (median of {repeats}); {load_average()}"
        )


def main() -> None:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="registry URL to measure instead of a scratch one")
    parser.add_argument("--repeats", type=int, default=2, help="timed runs (the best is kept)")
    parser.add_argument("--exact", action="store_true", help="also time exact distances")
    parser.add_argument("--keep", help="folder for the scratch registry and the report")
    parser.add_argument("--report-only", action="store_true", help="time only the report")
    parser.add_argument(
        "--quick", action="store_true", help="time only analyse summary and the report"
    )
    parser.add_argument(
        "--cli", type=int, default=0, help="also time the two commands N times (needs --database)"
    )
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="twintowns-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    registry, label = pick_registry(folder, args.database)
    print(f"(registry ready in {time.perf_counter() - start:.1f} s)")
    print(f"{label}; {load_average()}")
    if not (args.report_only or args.quick):
        compare(registry, label, args.repeats, [1000, *([None] if args.exact else [])])
        null_models(registry)
    if not args.report_only:
        time_summary(registry)
    time_report(registry, folder)
    if args.cli and args.database:
        time_commands(args.database, folder, args.cli)


if __name__ == "__main__":
    main()
