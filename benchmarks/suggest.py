"""Partner suggestions (issue 17): the honest evaluation, and how fast ``twintowns suggest`` is.

1. The evaluation of :mod:`twintowns.suggest.report` on a registry (default: the world, a
   scratch SQLite file filled first): five seeded random splits hiding 10 % of the links and
   the temporal split (before 2000 against 2000 on), the model beside preferential
   attachment, common neighbours, Adamic–Adar, resource allocation and gravity; Hits@10, MRR
   and PR-AUC with 95 % intervals; the model against the best baseline (target: +20 %
   relative Hits@10 in both splits); the top features; and the same methods on the ranked
   links whose partner had no training link (a town with no twinning yet, like the GeoNames
   towns outside the registry, which are candidates unless ``--registry-only``).  Printed as
   Markdown tables.  The model is what ships (the first stage alone); ``--rerank`` adds the
   two-stage model (:mod:`twintowns.suggest.rerank`, evaluation only: it did not beat the
   first stage) as a "two-stage (re-ranked)" row beside it, and prints its re-ranker's top
   features (about 100 s CPU more per split on the world).
2. Timing (``--timing``): ``twintowns suggest Coventry --top 10`` as a subprocess (median of
   ``--runs``, wall and the child's CPU, after an untimed first run that learns the model and
   writes its cache file), beside ``twintowns show Coventry`` (the CLI's start and one lookup)
   in the same run, the load average before and after; and in-process, the seconds from an
   opened registry to the printed answer (suggester file loaded, candidates ranked).

From the repository root::

    .venv/bin/python benchmarks/suggest.py [--database URL] [--seeds 5] [--max-links 200]
        [--registry-only] [--rerank] [--jobs 1] [--timing] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from twintowns.suggest.report import Evaluation

BIN = Path(sys.executable).parent


def _markdown(frame: pd.DataFrame, digits: int = 3) -> str:
    columns = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in frame.itertuples(index=False):
        cells = [f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _interval(
    frame: pd.DataFrame,
    metrics: tuple[str, ...] = ("hits_at_10", "mrr", "pr_auc"),
    counts: tuple[str, ...] = ("runs", "links_ranked", "links_hidden", "train_links"),
) -> pd.DataFrame:
    """Each metric as 'mean [low, high]'."""
    out = frame[["split", "method"]].copy()
    for name in metrics:
        out[name] = [
            f"{m:.3f} [{lo:.3f}, {hi:.3f}]"
            for m, lo, hi in zip(
                frame[name], frame[f"{name}_low"], frame[f"{name}_high"], strict=True
            )
        ]
    for name in counts:
        out[name] = frame[name]
    return out


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def evaluation(
    url: str, seeds: int, max_links: int, registry_only: bool, jobs: int, rerank: bool
) -> None:
    """Print the evaluation tables."""
    from twintowns.registry import Registry
    from twintowns.settings import Settings
    from twintowns.suggest.report import (
        describe,
        evaluation_table,
        feature_table,
        new_place_table,
        notes,
        run_evaluation,
        target_table,
    )

    registry = Registry.open(Settings(database_url=url))
    snapshot = registry.snapshot()
    start, cpu = time.perf_counter(), _cpu()
    found = run_evaluation(
        snapshot,
        seeds=seeds,
        max_links=max_links,
        progress=lambda t: print(f"  {t}", file=sys.stderr),
        outsiders=() if registry_only else None,
        jobs=jobs,
        rerank=rerank,
    )
    table = evaluation_table(found)
    print(f"\n{describe(found)}\n")
    print(_markdown(_interval(table)))
    print("\n" + _markdown(target_table(table)))
    print("\n" + _markdown(feature_table(found).head(10)))
    if rerank:
        _rerank_features(found)
    fresh = new_place_table(found)
    print("\nranked links whose partner had no training link (Hits@10, MRR, 95 % bootstrap):\n")
    print(_markdown(_interval(fresh, ("hits_at_10", "mrr"), ("links",))))
    for line in notes(found):
        print(f"\nnote: {line}")
    print(
        f"\nevaluation: {time.perf_counter() - start:.0f} s wall, "
        f"{_cpu() - cpu:.0f} s CPU (with worker processes), "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def _rerank_features(found: Evaluation) -> None:
    """Print the re-ranker's top features (mean importance over the random-split runs)."""
    import numpy as np

    from twintowns.suggest.rerank import RERANK_FEATURES

    runs = [r.rerank_importance for r in found.runs if r.split == "random"]
    runs = [r for r in runs if len(r)]
    if not runs:
        return
    mean = np.vstack(runs).mean(axis=0)
    top = sorted(zip(mean.tolist(), RERANK_FEATURES, strict=True), reverse=True)[:10]
    print("\nre-ranker (two-stage model, not shipped), top features by importance:\n")
    print("| feature | importance |\n|---|---|")
    for value, name in top:
        print(f"| {name} | {value:.4f} |")


def _run(argv: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # as a user runs it: bytecode cached after the first, untimed start (PYTHONDONTWRITEBYTECODE,
    # set in some sandboxes, would make every start compile every module: ~0.9 s of suggest's)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed: {done.stderr.strip()[:400]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _median(argv: list[str], runs: int) -> tuple[float, float]:
    _run(argv)  # first run: learns the model and writes its cache file (suggest), warms .pyc
    samples = [_run(argv) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def timing(url: str, runs: int) -> None:
    """Print the timing figures."""
    from twintowns.registry import Registry
    from twintowns.settings import Settings
    from twintowns.suggest import open_suggester

    load_before = os.getloadavg()[0]
    tool = str(BIN / "twintowns")
    suggest = _median([tool, "--database", url, "suggest", "Coventry", "--top", "10"], runs)
    show = _median([tool, "--database", url, "show", "Coventry"], runs)
    registry = Registry.open(Settings(database_url=url))
    inside, inside_cpu = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        open_suggester(registry).answer(registry.resolve("Coventry").id, top=10)
        inside.append(time.perf_counter() - start)
        inside_cpu.append(time.process_time() - cpu)
    print(
        f"twintowns suggest Coventry --top 10: {suggest[0]:.2f} s wall, {suggest[1]:.2f} s CPU "
        f"(median of {runs}); twintowns show Coventry: {show[0]:.2f} s wall, {show[1]:.2f} s CPU; "
        f"suggest/show wall ratio {suggest[0] / show[0]:.2f}"
    )
    print(
        f"in process, opened registry to answer: median {statistics.median(inside):.3f} s wall, "
        f"{statistics.median(inside_cpu):.3f} s CPU; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an already filled registry (default: a fresh world)")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--max-links", type=int, default=200)
    parser.add_argument(
        "--registry-only", action="store_true", help="no GeoNames candidates outside the registry"
    )
    parser.add_argument(
        "--rerank", action="store_true", help="also measure the two-stage model (not shipped)"
    )
    parser.add_argument("--timing", action="store_true", help="also time twintowns suggest")
    parser.add_argument("--no-evaluation", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--jobs", type=int, default=1, help="splits measured in parallel processes (same figures)"
    )
    args = parser.parse_args()
    url = args.database or f"sqlite:///{Path(tempfile.mkdtemp()) / 'world.sqlite'}"
    if not args.no_evaluation:
        evaluation(url, args.seeds, args.max_links, args.registry_only, args.jobs, args.rerank)
    if args.timing:
        timing(url, args.runs)


if __name__ == "__main__":
    main()
