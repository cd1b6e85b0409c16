"""Reusing large buffers where the C heap was told not to: on Dask's workers.

A range's reader allocates a buffer of several megabytes at every step (a whole gzip member
inflated, 4 MiB read through a seek-point index) and frees it before the next.  glibc's
``malloc`` normally learns from that: after the first such buffer is freed it raises its
mmap threshold and the next one reuses the same heap memory.  Setting any of its thresholds
in the environment turns that learning off, and Dask's nanny does so for every worker it
starts (``MALLOC_TRIM_THRESHOLD_=65536``, the ``distributed.nanny.pre-spawn-environ``
setting, to give memory back to the system quickly).  Every such buffer is then a fresh
``mmap`` whose pages are faulted in and zeroed, and an ``munmap`` when freed: on the
benchmark's 1.1 GB many-member dump, 284,000 page faults instead of 8,000 and 40 % more CPU
for the same ranges (``benchmarks/README.md``, "Dask overhead").

:func:`reused_buffers` raises the two thresholds while ranges are read, only in a process
where the environment had fixed them (elsewhere glibc adapts by itself and nothing is
touched), then sets them back to the environment's values and hands the freed memory back
(``malloc_trim``), as the worker's setting intends.  Reads running at once in one process
share one raise.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from twintowns import memory

__all__ = ["fixed_thresholds", "reused_buffers"]

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters (malloc.h)
_DEFAULT = 128 * 1024  # glibc's trim and mmap thresholds when nothing sets them
_WHILE_READING = 1 << 25  # 32 MiB: a 4 MiB read or an 8 MiB member then comes from the heap
_ENVIRONMENT = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_",
                "MALLOC_MMAP_MAX_")  # fmt: skip
_FIXING = ("trim_threshold", "mmap_threshold", "top_pad", "mmap_max")  # as GLIBC_TUNABLES
_TUNABLES = {"trim": "glibc.malloc.trim_threshold", "mmap": "glibc.malloc.mmap_threshold"}

_lock = threading.Lock()
_readers = 0


def fixed_thresholds(environ: dict[str, str] | None = None) -> dict[str, int] | None:
    """The trim and mmap thresholds the environment fixed (``{"trim": ..., "mmap": ...}``),
    or ``None`` when it fixed none (glibc then adapts them itself)."""
    env = dict(os.environ) if environ is None else environ
    tunables = dict(
        item.split("=", 1) for item in env.get("GLIBC_TUNABLES", "").split(":") if "=" in item
    )
    fixed = any(name in env for name in _ENVIRONMENT) or any(
        f"glibc.malloc.{name}" in tunables for name in _FIXING
    )
    if not fixed:
        return None
    values: dict[str, int] = {}
    for name, variable in (("trim", "MALLOC_TRIM_THRESHOLD_"), ("mmap", "MALLOC_MMAP_THRESHOLD_")):
        text = env.get(variable, tunables.get(_TUNABLES[name], ""))
        values[name] = int(text) if text.isdigit() else _DEFAULT
    return values


@contextmanager
def reused_buffers() -> Iterator[bool]:
    """Let freed large buffers be reused while the block runs (see the module docstring);
    yields whether the thresholds were raised (in this block or by one running beside it)."""
    global _readers
    restore = fixed_thresholds()
    libc = memory.glibc() if restore is not None else None
    if libc is None or restore is None:
        yield False
        return
    with _lock:
        if _readers == 0:
            libc.mallopt(_M_MMAP_THRESHOLD, _WHILE_READING)
            libc.mallopt(_M_TRIM_THRESHOLD, 2 * _WHILE_READING)
        _readers += 1
    try:
        yield True
    finally:
        with _lock:
            _readers -= 1
            if _readers == 0:
                libc.mallopt(_M_MMAP_THRESHOLD, restore["mmap"])
                libc.mallopt(_M_TRIM_THRESHOLD, restore["trim"])
                memory.trim()
