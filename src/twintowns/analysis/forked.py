"""Run part of a computation in a forked process while this one goes on (the report's
two halves on a 2-core machine).

This module owns :func:`start`: it forks now, the child computes and sends its result back
through a pipe, and the returned function waits for it.  Fork shares the parent's memory
(the graph, the registry data) without copying or pickling it; only the result travels.
Every analysis seeds its own randomness, so the result equals the one computed in-process.
Where fork is unavailable, or the child dies before answering, the work is done in this
process, so errors surface here with their own types.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")


def _child(build: Callable[[], T], writer: Connection) -> None:
    writer.send(build())
    writer.close()


def start(build: Callable[[], T], *, fork: bool = True) -> Callable[[], T]:
    """Start ``build()`` in a forked child (``fork``, where the platform has it) and return
    a function that waits for its result; without fork, that function computes it."""
    if (
        not fork
        or "fork" not in multiprocessing.get_all_start_methods()
        or multiprocessing.current_process().daemon  # daemons may not have children
    ):
        return build
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(build, writer), daemon=True)
    process.start()
    writer.close()  # the child holds the only writer: its death ends the pipe

    def wait() -> T:
        try:
            found: T = reader.recv()
        except EOFError:  # the child died without an answer: compute here, errors and all
            found = build()
        finally:
            reader.close()
            process.join()
        return found

    return wait
