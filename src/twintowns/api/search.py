"""Name search over a snapshot's name index, cheaply enough to serve per request.

:func:`search_ids` gives what :meth:`twintowns.registry.Registry.search` gives for a query that
matches something (the same ids in the same order: exact names first, then names starting with
the query, each with proper names before mere alternates and then by prominence), reading the
snapshot's :class:`~twintowns.snapshot.NameIndex` without copying it: the keys starting with
the query are found by two bisections (not by slicing the quarter of a million sorted keys
from the first one on), and each place's prominence key is computed once per snapshot.  A
query that matches nothing (transliteration, "did you mean"), or CJK text, is left to the
registry (None).
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Mapping

from twintowns.model import normalise_name
from twintowns.query import Snapshot
from twintowns.registry import is_cjk
from twintowns.snapshot import NameIndex
from twintowns.store.reader import prominence_key

Rank = tuple[int, tuple[int, int, int, str]]
"""Sort key of a match: proper names first (``-1``), then the store's prominence."""
_LAST = "\U0010ffff"  # above every character of a folded name: ends a prefix's key range


class Prominence:
    """Each place's prominence key over one snapshot's name index, made on first use."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        self.keys: dict[str, tuple[int, int, int, str]] = {}

    def of(self, place_id: str) -> tuple[int, int, int, str]:
        """The key of :func:`~twintowns.store.reader.prominence_key` for ``place_id``."""
        found = self.keys.get(place_id)
        if found is None:
            place = self.index.places[place_id]
            partners = self.index.partners.get(place_id, 0)
            found = prominence_key(place_id, partners, place.population, place.level.value)
            self.keys[place_id] = found  # racing threads store the same value
        return found

    def ranked(self, proper: Mapping[str, bool], limit: int) -> list[str]:
        """The ``limit`` first of ``proper``'s ids, proper names first, then by prominence."""

        def key(place_id: str) -> Rank:
            return (-int(proper[place_id]), self.of(place_id))

        if len(proper) <= limit:
            return sorted(proper, key=key)
        return heapq.nsmallest(limit, proper, key=key)  # the order is total: same as sorted


def prominence(snapshot: Snapshot) -> Prominence:
    """The prominence keys of ``snapshot`` (kept with it)."""
    found = snapshot.memo.get("search-prominence")
    if isinstance(found, Prominence) and found.index is snapshot.names:
        return found
    return snapshot.memo.put("search-prominence", Prominence(snapshot.names))


def prefix_matches(index: NameIndex, norm: str) -> dict[str, bool]:
    """Places with a folded name starting with ``norm``, each with whether one of those names
    is proper."""
    keys, names = index.keys, index.names
    low = bisect.bisect_left(keys, norm)
    high = bisect.bisect_left(keys, norm + _LAST, low)
    found: dict[str, bool] = {}
    for position in range(low, high):
        for place_id, proper in names[keys[position]].items():
            found[place_id] = found.get(place_id, False) or proper
    return found


def search_ids(snapshot: Snapshot, text: str, limit: int) -> list[str] | None:
    """Ids of the places ``text`` finds (see the module's docstring); None when the registry's
    own search must answer (nothing found, or CJK text)."""
    text = text.strip()
    norm = normalise_name(text)
    if not norm or is_cjk(text):
        return None
    index = snapshot.names
    ranks = prominence(snapshot)
    exact = ranks.ranked(index.names.get(norm, {}), limit)
    chosen = set(exact)
    rest = [i for i in ranks.ranked(prefix_matches(index, norm), limit) if i not in chosen]
    found = (exact + rest)[:limit]
    return found or None
