"""What the quiz routes keep between requests: the learning pack's facts, a view of the
app's registry snapshot (one copy of the registry in the process, no read of its own), and the
items recently served, so a flag names the exact item.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from twintowns.learn import Facts, Item
from twintowns.learn.quiz_cache import prime
from twintowns.snapshot import RegistrySnapshot

SERVED_LIMIT = 20_000
"""How many served items are remembered (oldest forgotten first)."""


class LearnCache:
    """The facts of the current snapshot, and the items served since it was read.

    Parameters
    ----------
    snapshot:
        Returns the registry's current snapshot (cheap: the snapshot cache's).
    directory:
        Where the quiz's candidates are kept between runs (the snapshot's cache directory;
        None: computed by each process's first quiz, see :mod:`twintowns.learn.quiz_cache`).
    """

    def __init__(
        self, snapshot: Callable[[], RegistrySnapshot], directory: Path | None = None
    ) -> None:
        self.snapshot = snapshot
        self.directory = directory
        self._facts: tuple[str, Facts] | None = None
        self._served: OrderedDict[str, Item] = OrderedDict()
        self._lock = threading.Lock()
        self._served_lock = threading.Lock()
        self._prime_lock = threading.Lock()  # not _lock: flags need no candidates

    def facts(self) -> Facts:
        """The facts of the current snapshot (a view of it: made on first use after each
        write, in milliseconds)."""
        snapshot = self.snapshot()
        cached = self._facts
        if cached is not None and cached[0] == snapshot.version:
            return cached[1]
        with self._lock:
            if self._facts is None or self._facts[0] != snapshot.version:
                with self._served_lock:
                    self._served.clear()
                self._facts = (snapshot.version, Facts(snapshot))
            return self._facts[1]

    def quiz_facts(self) -> Facts:
        """:meth:`facts` with the quiz's candidates, read from their file when this data was
        quizzed before today (else computed once and kept)."""
        facts = self.facts()
        with self._prime_lock:  # one computation, not one per concurrent first quiz
            prime(facts, self.directory)
        return facts

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
