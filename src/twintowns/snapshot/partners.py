"""Each place's twinnings, as a compact index over a snapshot's twinnings: :class:`Partners`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from operator import attrgetter

from twintowns.model import Twinning

_MASK = 0xFFFF_FFFF
"""The part of a place id's hash the index sorts by (32 bits: 4 bytes an end)."""


def _key(place_id: str) -> int:
    return hash(place_id) & _MASK


class Partners(Mapping[str, tuple[Twinning, ...]]):
    """Place id -> the twinnings it is a side of (in ``twinnings``' order), for the places
    that have any: a read-only mapping, held as two arrays of 4 bytes per twinning end.

    A dict of one tuple per place held ~100 bytes a place and 16 a twinning (23 MB at ten
    times the world, 230,000 places): the largest index of a server that only looks places
    up.  Here the ends (each twinning's ``a``, then each one's ``b``) are sorted by a 32-bit
    hash of their place id, so that a place's ends are found by a binary search (in C), then
    checked against the id itself: a hash shared by two ids costs a comparison, never a
    wrong answer.  The hash is the process's own (``hash``), never stored: the index is
    made again by each process that loads the snapshot.

    Parameters
    ----------
    twinnings:
        The snapshot's twinnings (kept, not copied).
    """

    __slots__ = ("_ends", "_hashes", "_size", "_twinnings")

    def __init__(self, twinnings: Sequence[Twinning]) -> None:
        import numpy as np  # by the first index made: not by a process that never asks

        count = len(twinnings)
        ends = chain(map(attrgetter("a"), twinnings), map(attrgetter("b"), twinnings))
        hashes = np.fromiter(map(_key, ends), dtype=np.uint32, count=2 * count)
        order = np.argsort(hashes, kind="stable")  # stable: a place's ends in twinning order
        self._hashes = hashes[order]
        # end number e: twinning e % count, its side a when e < count, else b
        self._ends = order.astype(np.uint32 if 2 * count <= _MASK else np.uint64)
        self._twinnings = twinnings
        self._size: int | None = None

    def _found(self, place_id: str) -> list[int]:
        """Positions in the twinnings of those ``place_id`` is a side of, in order."""
        count, twinnings, hashes = len(self._twinnings), self._twinnings, self._hashes
        key = hashes.dtype.type(_key(place_id))  # a Python int: compared as int64, a copy
        start, end = int(hashes.searchsorted(key, "left")), int(hashes.searchsorted(key, "right"))
        found = []
        for number in self._ends[start:end].tolist():
            twinning = twinnings[number % count]
            if (twinning.a if number < count else twinning.b) == place_id:
                found.append(number % count)
        found.sort()  # its a-sides, then its b-sides (each run in order): merged
        return found

    def __getitem__(self, place_id: str) -> tuple[Twinning, ...]:
        found = self._found(place_id)
        if not found:
            raise KeyError(place_id)
        twinnings = self._twinnings
        return tuple(twinnings[number] for number in found)

    def count(self, place_id: str) -> int:
        """How many twinnings ``place_id`` is a side of (0 for a place of none)."""
        return len(self._found(place_id))

    def __contains__(self, place_id: object) -> bool:
        return isinstance(place_id, str) and bool(self._found(place_id))

    def __iter__(self) -> Iterator[str]:
        """The places that have twinnings, each once, in the order they first appear as
        ``a`` or ``b`` of the twinnings."""
        seen: set[str] = set()
        for twinning in self._twinnings:
            for side in (twinning.a, twinning.b):
                if side not in seen:
                    seen.add(side)
                    yield side

    def __len__(self) -> int:
        if self._size is None:
            twinnings = self._twinnings
            self._size = len({*map(attrgetter("a"), twinnings), *map(attrgetter("b"), twinnings)})
        return self._size
