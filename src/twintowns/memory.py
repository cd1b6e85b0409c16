"""Handing freed memory back to the operating system after a burst of temporary objects.

A server builds large temporary structures once (the atlas's arc table read back to gather
its arrays, the snapshot's load): CPython frees them, but glibc's allocator keeps most of the
freed pages mapped, so the process's resident memory stays at the peak.  :func:`trim` asks
glibc to return them (``malloc_trim(0)``); elsewhere (another C library, another platform)
it does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import platform


@functools.cache
def glibc() -> ctypes.CDLL | None:
    """glibc, for its allocator's controls (``malloc_trim``, ``mallopt``); None on another C
    library (musl has neither) or platform."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def trim() -> bool:
    """Return the allocator's free memory to the system; whether it could be asked."""
    libc = glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
