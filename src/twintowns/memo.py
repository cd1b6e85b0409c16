"""A small thread-safe LRU, for answers computed from one immutable snapshot."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import TypeVar

T = TypeVar("T")


class Memo:
    """A small thread-safe LRU of answers computed from one snapshot.

    Parameters
    ----------
    size:
        How many answers are kept (least recently used dropped first).
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        """The answer kept under ``key``, if any."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: T) -> T:
        """Keep ``value`` under ``key``; returns it."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def drop(self, key: Hashable) -> None:
        """Forget the answer kept under ``key``, if any."""
        with self._lock:
            self._items.pop(key, None)
