"""Handing freed memory back to the operating system after a burst of temporary objects.

A server builds large temporary structures once (the atlas's arc table read back to gather
its arrays, the snapshot's load): CPython frees them, but glibc's allocator keeps most of the
freed pages mapped, so the process's resident memory stays at the peak.  :func:`trim` asks
glibc to return them (``malloc_trim(0)``); elsewhere (another C library, another platform)
it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c") or "libc.so.6"
    try:
        libc = ctypes.CDLL(name)
        function: Callable[[int], int] = libc.malloc_trim  # glibc only (not musl)
    except (OSError, AttributeError):
        return None
    return function


def trim() -> bool:
    """Return the allocator's free memory to the system; whether it could be asked."""
    function = _malloc_trim()
    if function is None:
        return False
    function(0)
    return True
