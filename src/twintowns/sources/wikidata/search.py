"""Finding a short byte string in a large buffer, as fast as the hardware allows.

The reader looks for ``"P190"`` in every decompressed chunk before any JSON parsing, so this
search runs over every byte of the dump and sets, with decompression, the reader's speed.
CPython's ``bytes.find`` is slow on JSON for such a needle (its first and last byte, ``"``,
are everywhere: 0.7 GB/s here), the C library's ``memmem`` better (1.8 GB/s), StringZilla's
SIMD search (AVX2/AVX-512, NEON) fastest (6-7 GB/s, more on data still in cache).
StringZilla also works on memory maps through a ``memoryview``, which ``bytes.find`` cannot.
"""

from __future__ import annotations

from stringzilla import count as _sz_count
from stringzilla import find as _sz_find

__all__ = ["Buffer", "Finder", "count_newlines"]

Buffer = bytes | bytearray | memoryview


class Finder:
    """Repeated searches for one needle.

    Parameters
    ----------
    needle:
        The bytes to find (non-empty).
    simd:
        Use StringZilla (``False``: CPython's ``bytes.find``, the reference the tests compare
        it with).
    """

    def __init__(self, needle: bytes, *, simd: bool = True) -> None:
        if not needle:
            raise ValueError("empty needle")
        self.needle = needle
        self.simd = simd

    def find(self, buffer: Buffer, start: int = 0, end: int | None = None) -> int:
        """Index of the first occurrence in ``buffer[start:end]`` (as an index of
        ``buffer``), or -1."""
        stop = len(buffer) if end is None else min(end, len(buffer))
        if not self.simd:
            found = bytes(buffer[start:stop]).find(self.needle)
            return found + start if found >= 0 else -1
        hit: int = _sz_find(buffer, self.needle, start, stop)
        return hit


def count_newlines(buffer: Buffer, start: int, stop: int) -> int:
    """Newlines in ``buffer[start:stop]`` (a SIMD count; ``bytes.count`` is ten times slower
    on dump text)."""
    found: int = _sz_count(buffer, b"\n", start, stop)
    return found
