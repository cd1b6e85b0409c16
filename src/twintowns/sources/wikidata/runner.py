"""Running range tasks: in this process, with local helper processes, or on a Dask cluster.

The same picklable function, :func:`~twintowns.sources.wikidata.scan.scan_range`, runs
everywhere; results come back in range order whatever order they finish in, so a cluster run
and a single-process run give the same output.  Locally, ``workers`` counts this process: it
reads ranges itself beside ``workers - 1`` helper processes, so it does not sit idle on a small
machine and reading starts at once, while the helpers are still starting (forked from a server
that imported the reader once: :func:`helper_context`).  Dask workers must see the dump at the
same path (a shared or copied file): only the range coordinates travel, never the data; a
range reuses its large buffers there as it does locally (:mod:`.heap`: Dask's nanny fixes the
C heap's thresholds, which made every buffer a fresh mapping, +40 % CPU).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import Any

from twintowns.errors import InputError
from twintowns.sources.wikidata.scan import RangeResult, RangeTask, scan_range

__all__ = [
    "ProgressCallback",
    "ProgressUpdate",
    "dask_client",
    "helper_context",
    "process_pool",
    "run_tasks",
]


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    """How far a pass has got: compressed bytes read (of ``total``) and lines (entities)."""

    phase: str
    done: int
    total: int
    entities: int


ProgressCallback = Callable[[ProgressUpdate], None]


class _Meter:
    def __init__(self, phase: str, total: int, callback: ProgressCallback | None) -> None:
        self.phase, self.total, self.callback = phase, total, callback
        self.done = self.entities = 0

    def add(self, done: int, entities: int) -> None:
        self.done += done
        self.entities += entities
        if self.callback is not None:
            self.callback(ProgressUpdate(self.phase, self.done, self.total, self.entities))


def run_tasks(
    tasks: list[RangeTask],
    *,
    workers: int = 1,
    scheduler: str | Any | None = None,
    progress: ProgressCallback | None = None,
    phase: str = "reading",
    pool: Executor | None = None,
) -> list[RangeResult]:
    """Run every task and return the results in task order.

    Parameters
    ----------
    tasks:
        The ranges to read.
    workers:
        Local processes reading at once, this one included (1: only this one).
    scheduler:
        A Dask scheduler address (``tcp://HOST:8786``) or a ``distributed.Client``; when
        given, ``workers`` is ignored and the cluster's workers read the ranges.
    progress:
        Called as bytes and entities are read.
    pool:
        A pool of ``workers - 1`` helper processes to reuse (see :func:`process_pool`); one
        is made when needed.
    """
    meter = _Meter(phase, sum(t.part.size for t in tasks), progress)
    if scheduler is not None:
        results = _on_dask(tasks, scheduler, meter)
    elif workers <= 1 or len(tasks) <= 1:
        results = [scan_range(task, meter.add) for task in tasks]
    elif pool is not None:
        results = _on_pool(tasks, pool, workers - 1, meter)
    else:
        helpers = min(workers, len(tasks)) - 1
        with process_pool(helpers) as own:
            results = _on_pool(tasks, own, helpers, meter)
    return sorted(results, key=lambda r: r.index)


def process_pool(helpers: int) -> ProcessPoolExecutor:
    """A pool of ``helpers`` local processes for :func:`run_tasks` (``workers - 1``)."""
    return ProcessPoolExecutor(max_workers=helpers, mp_context=helper_context())


def helper_context() -> BaseContext:
    """How helpers start: never by a plain fork, as the caller may run threads (a progress
    display, a database pool).  Where the platform has it, a fork server: a clean process
    that imports the reader once, at the first pool, and forks every helper from then on
    (a tenth of a second, where a spawned helper imports the reader again at every read,
    a second or more on a loaded machine: ``benchmarks/wikidata_pool.py``); else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # a no-op once the server runs (started by another caller: helpers then import it)
    context.set_forkserver_preload([scan_range.__module__])
    return context


def _finished(result: RangeResult, task: RangeTask, meter: _Meter) -> RangeResult:
    meter.add(task.part.size, result.lines)
    return result


def _on_pool(
    tasks: list[RangeTask], pool: Executor, helpers: int, meter: _Meter
) -> list[RangeResult]:
    """Helpers take ranges from the front, this process from the back; each helper is kept
    two ranges deep, so it never waits while this process is busy reading, but never takes
    the last range left: with few, large ranges (through a seek-point index, two per
    process) this process reads its share instead of waiting for the helpers."""
    queue, running = deque(tasks), dict[Future[RangeResult], RangeTask]()
    results: list[RangeResult] = []

    def collect(block: bool) -> None:
        done = [f for f in running if f.done()]
        if not done and block:
            done = list(wait(running, return_when=FIRST_COMPLETED).done)
        results.extend(_finished(f.result(), running.pop(f), meter) for f in done)
        while len(queue) > 1 and len(running) < min(2 * helpers, _share(len(tasks), helpers)):
            task = queue.popleft()
            running[pool.submit(scan_range, task)] = task

    collect(block=False)
    while queue:
        results.append(scan_range(queue.pop(), meter.add))
        collect(block=False)
    while running:
        collect(block=True)
    return results


def _share(tasks: int, helpers: int) -> int:
    """Ranges the helpers may hold at once: two each, but no more than their part of the
    ranges, so that this process keeps one for every helper's ``tasks // (helpers + 1)``."""
    return max(helpers, tasks * helpers // (helpers + 1))


@contextmanager
def dask_client(scheduler: str | Any) -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler``: the one given, or one connected to the
    address and closed at the end (a read opens it once for both passes: connecting costs
    a few tenths of a second, as much as a pass over a small dump).

    Raises
    ------
    InputError
        If the scheduler cannot be reached.
    """
    if not isinstance(scheduler, str):
        yield scheduler
        return
    from distributed import Client

    try:
        client = Client(scheduler, set_as_default=False, timeout="30s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise InputError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        yield client
    finally:
        client.close()  # type: ignore[no-untyped-call]


def _on_dask(tasks: list[RangeTask], scheduler: str | Any, meter: _Meter) -> list[RangeResult]:
    from distributed import as_completed as dask_completed

    with dask_client(scheduler) as client:
        futures = client.map(scan_range, tasks, pure=False)
        by_key = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        # results fetched by the client's event loop as tasks end, not one blocking call each
        done: Iterable[tuple[Any, RangeResult]] = dask_completed(  # type: ignore[no-untyped-call]
            futures, loop=client.loop, with_results=True
        )
        return [_finished(result, by_key[f.key], meter) for f, result in done]
