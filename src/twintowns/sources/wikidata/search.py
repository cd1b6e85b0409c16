"""Finding a short byte string in a large buffer, as fast as the C library can.

The reader looks for ``"P190"`` in every decompressed chunk before any JSON parsing, so this
search runs over every byte of the dump.  CPython's ``bytes.find`` is slow on JSON for such a
needle (its first and last byte, ``"``, are everywhere); the C library's ``memmem`` is three
to four times faster here.  :class:`Finder` calls ``memmem`` through :mod:`ctypes` where the
platform has it, and ``bytes.find`` elsewhere; both give the same answers.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable

__all__ = ["Finder", "have_memmem"]

_Memmem = Callable[[int, int, bytes, int], int | None]


def _load_memmem() -> _Memmem | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        memmem = libc.memmem
    except (OSError, AttributeError, TypeError):  # no C library or no memmem in it (Windows)
        return None
    memmem.restype = ctypes.c_void_p
    memmem.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
    found: _Memmem = memmem
    return found


_MEMMEM = _load_memmem()


def have_memmem() -> bool:
    """True when the C library's ``memmem`` is used."""
    return _MEMMEM is not None


def _address(buffer: bytes) -> int:
    """Address of the first byte of an immutable ``bytes`` object (no copy)."""
    pointer = ctypes.cast(ctypes.c_char_p(buffer), ctypes.c_void_p).value
    assert pointer is not None  # a bytes object always has a buffer
    return pointer


class Finder:
    """Repeated searches for one needle.

    Parameters
    ----------
    needle:
        The bytes to find (non-empty).
    use_memmem:
        Use the C library when available (``False`` forces ``bytes.find``, for tests).
    """

    def __init__(self, needle: bytes, *, use_memmem: bool = True) -> None:
        if not needle:
            raise ValueError("empty needle")
        self.needle = needle
        self._memmem = _MEMMEM if use_memmem else None

    def find(self, buffer: bytes, start: int = 0, end: int | None = None) -> int:
        """Index of the first occurrence in ``buffer[start:end]`` (as an index of
        ``buffer``), or -1."""
        stop = len(buffer) if end is None else min(end, len(buffer))
        if self._memmem is None or stop - start < 4096:
            return buffer.find(self.needle, start, stop)
        base = _address(buffer)
        hit = self._memmem(base + start, stop - start, self.needle, len(self.needle))
        return -1 if hit is None else hit - base
