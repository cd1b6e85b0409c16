"""What the quiz routes keep between requests: the learning pack's facts, read once per
registry data version, and the items recently served, so a flag names the exact item.

Reading the facts of the world registry takes several seconds, so it happens on the first
quiz request (in a worker thread), never at start-up; concurrent first requests wait for one
read.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from twintowns.learn import Facts, Item, load_facts
from twintowns.registry import Registry

SERVED_LIMIT = 20_000
"""How many served items are remembered (oldest forgotten first)."""


class LearnCache:
    """The facts of the current data version, and the items served since it was read.

    Parameters
    ----------
    registry:
        The registry to read.
    version:
        Returns the registry's current data version (cheap: the snapshot cache's).
    """

    def __init__(self, registry: Registry, version: Callable[[], str]) -> None:
        self.registry = registry
        self.version = version
        self._facts: tuple[str, Facts] | None = None
        self._served: OrderedDict[str, Item] = OrderedDict()
        self._lock = threading.Lock()
        self._served_lock = threading.Lock()

    def facts(self) -> Facts:
        """The facts of the current data version (read on first use and after writes)."""
        version = self.version()
        cached = self._facts
        if cached is not None and cached[0] == version:
            return cached[1]
        with self._lock:
            if self._facts is None or self._facts[0] != version:
                self._facts = None  # let the old facts go before reading the new ones
                with self._served_lock:
                    self._served.clear()
                facts = load_facts(self.registry)
                # Long-lived objects: keep them out of the collector's full passes (as the
                # snapshot cache does), so they do not stall requests.
                gc.collect()
                gc.freeze()
                self._facts = (version, facts)
            return self._facts[1]

    def remember(self, items: Iterable[Item]) -> None:
        """Note items just served, so that a flag on one of them keeps its text and fact."""
        with self._served_lock:
            for item in items:
                self._served[item.id] = item
                self._served.move_to_end(item.id)
            while len(self._served) > SERVED_LIMIT:
                self._served.popitem(last=False)

    def served(self, item_id: str) -> Item | None:
        """A recently served item with this id, if any."""
        with self._served_lock:
            return self._served.get(item_id)
