"""What a one-shot process (the console script: one command, then exit) may do that a
process running the app many times (a test runner) must not.

:func:`mark_one_shot` is called by :func:`twintowns.cli.app.main`; the other functions do
nothing until it has been.
"""

from __future__ import annotations

import gc
import os

_one_shot = False


def mark_one_shot() -> None:
    """Say that this process runs one command and exits."""
    global _one_shot
    _one_shot = True


def keep_until_exit() -> None:
    """Leave every object made so far out of garbage collection for the rest of the process.

    Call it once a command has read the registry: the snapshot (about a million objects on
    the world registry) lives until the process exits anyway, and a full collection, the one
    at exit included, would walk all of it again (0.3 to 0.9 s each).  Objects made later are
    collected as ever.
    """
    if _one_shot:
        gc.freeze()


def one_blas_thread() -> None:
    """Run OpenBLAS on one thread (unless ``OPENBLAS_NUM_THREADS`` says otherwise); call it
    before NumPy is imported.

    The lab's linear algebra is small or sequential (a sparse factorisation, two-parameter
    fits): OpenBLAS's worker threads mostly spin, a sixth of ``analyse summary``'s CPU time,
    on the core that the lab's forked helper process needs.
    """
    if _one_shot:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
