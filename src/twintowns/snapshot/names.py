"""The name index of a registry snapshot: folded names to places, ranked like the store.

:class:`NameIndex` answers what the store's name search answers (:mod:`twintowns.store.reader`:
the same matches in the same order: proper names before mere alternates, then
:func:`~twintowns.store.reader.prominence_key`) without the database.  A reload that changed a
few places updates a copy of the old index (:meth:`NameIndex.updated`) instead of folding the
quarter of a million names of the world registry again.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

from twintowns.model import Place, normalise_name
from twintowns.store.reader import NameMatch, nearest_names, prominence_key

Names = dict[str, dict[str, bool]]
"""Folded name -> {place id: whether a proper name of the place folds to it}."""


def place_names(place: Place) -> dict[str, bool]:
    """The folded names of one place, each with whether it is "proper" as the store ranks
    it: a name a source wrote (a language) or the gazetteer's primary name, not a mere
    alternate."""
    found: dict[str, bool] = {}
    for name in place.names:
        norm = normalise_name(name.text)
        found[norm] = found.get(norm, False) or name.lang != "und" or name.preferred
    return found


def fold_names(places: Iterable[Place]) -> Names:
    """The folded names of ``places`` (see :data:`Names`)."""
    found: Names = {}
    for place in places:
        for norm, proper in place_names(place).items():
            found.setdefault(norm, {})[place.id] = proper
    return found


class NameIndex:
    """The folded names of a snapshot's places, for name resolution without the database.

    Parameters
    ----------
    places:
        The snapshot's places by id.
    datasets:
        The dataset of each place.
    partners:
        How many twinnings each place is part of.
    names:
        The folded names (:func:`fold_names` of ``places``), when already made.
    """

    def __init__(
        self,
        places: Mapping[str, Place],
        datasets: Mapping[str, str],
        partners: Mapping[str, int],
        names: Names | None = None,
        keys: list[str] | None = None,
    ) -> None:
        self.places = places
        self.datasets = datasets
        self.partners = partners
        self.names = fold_names(places.values()) if names is None else names
        self.keys = sorted(self.names) if keys is None else keys

    def updated(
        self,
        places: Mapping[str, Place],
        datasets: Mapping[str, str],
        partners: Mapping[str, int],
        changed: Iterable[tuple[Place | None, Place | None]],
    ) -> NameIndex:
        """A new index for ``places``, made from this one by replacing the places that
        ``changed`` (``(old, new)`` pairs; None for a place added or removed).  This index is
        left as it was (readers of the old snapshot may still use it)."""
        names = dict(self.names)  # the inner maps are copied only where they change
        copied: set[str] = set()
        for old, new in changed:
            for place, keep in ((old, False), (new, True)):
                if place is None:
                    continue
                for norm, proper in place_names(place).items():
                    if norm not in copied:
                        names[norm] = dict(names.get(norm, {}))
                        copied.add(norm)
                    if keep:
                        names[norm][place.id] = proper
                    else:
                        names[norm].pop(place.id, None)
        gone = {norm for norm in copied if not names[norm]}
        for norm in gone:
            del names[norm]
        added = {norm for norm in copied if norm in names and norm not in self.names}
        keys = self.keys
        if gone or added:  # a sorted copy without re-sorting a quarter of a million keys
            keys = [k for k in keys if k not in gone] if gone else list(keys)
            for norm in added:
                bisect.insort(keys, norm)
        return NameIndex(places, datasets, partners, names, keys)

    def _key(self, place_id: str) -> tuple[int, int, int, str]:
        place = self.places[place_id]
        return prominence_key(
            place_id, self.partners.get(place_id, 0), place.population, place.level.value
        )

    def _ranked(self, proper: dict[str, bool], limit: int, *, proper_first: bool) -> list[str]:
        def key(i: str) -> tuple[int, tuple[int, int, int, str]]:
            return (-int(proper[i]) if proper_first else 0, self._key(i))

        return sorted(proper, key=key)[:limit]

    def matches(self, text: str, limit: int = 50) -> list[NameMatch]:
        """Places with a name equal to ``text`` (folded), most prominent first, with what
        ranks them (see :meth:`twintowns.store.Reader.name_matches`)."""
        ids = self.names.get(normalise_name(text), {})
        places, datasets = self.places, self.datasets
        return [
            NameMatch(i, ids[i], datasets.get(i, ""), places[i].population, self.partners.get(i, 0))
            for i in self._ranked(ids, limit, proper_first=False)
        ]

    def ids_named(self, text: str, *, prefix: bool = False, limit: int = 50) -> list[str]:
        """Ids of places with a name equal to (or starting with) ``text``, folded; nothing
        for a text that folds to nothing (it would otherwise match every place)."""
        norm = normalise_name(text)
        if not norm:
            return []
        if not prefix:
            return self._ranked(self.names.get(norm, {}), limit, proper_first=True)
        found: dict[str, bool] = {}
        for key in self.keys[bisect.bisect_left(self.keys, norm) :]:
            if not key.startswith(norm):
                break
            for place_id, proper in self.names[key].items():
                found[place_id] = found.get(place_id, False) or proper
        return self._ranked(found, limit, proper_first=True)

    def near(self, text: str, max_distance: int, limit: int = 5) -> list[str]:
        """Folded names within ``max_distance`` edits of ``text``, nearest first, drawn from
        the same candidates as :meth:`twintowns.store.Reader.names_near` (same first letter,
        about as long)."""
        norm = normalise_name(text)
        if not norm:
            return []
        low, high = len(norm) - max_distance, len(norm) + max_distance
        choices = []
        for key in self.keys[bisect.bisect_left(self.keys, norm[0]) :]:
            if not key.startswith(norm[0]):
                break
            if low <= len(key) <= high:
                choices.append(key)
        return nearest_names(norm, choices, max_distance, limit)
