"""Namesakes a register's bare name may mean: the rule that sends them to review.

A municipal register (the German 2015 and Czech 2013 ones) names a partner abroad by a bare
name and a country it states for certain.  The name alone can fit several towns of that country:

* towns whose own name *begins* with it: "Nykøbing" (Denmark) is Nykøbing Mors, Nykøbing
  Falster and Nykøbing Sjælland, while GeoNames gives only Mors "Nykøbing" as another name;
  "Hofkirchen" (Austria) is Hofkirchen im Traunkreis, im Mühlkreis, an der Trattnach and the
  Styrian village;
* towns of the country's dependencies, which the register files under the sovereign state:
  "St. Helier" (Großbritannien) is the capital of Jersey (JE) as well as a London suburb.

This module owns finding them (:class:`Namesakes`) and the rule: when one of them is of a size
comparable to the pick (:data:`RIVAL_RATIO`), the name does not say
which town is meant, so the resolution is doubtful (reviewed, or settled by other sources
naming the same pair through the partner graph), never published on population alone.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence

from twintowns.model import SETTLEMENT_LEVELS, PlaceMention, normalise_name
from twintowns.resolve.countries import TERRITORIES
from twintowns.resolve.gazetteer import Entry, Gazetteer, distance_km
from twintowns.resolve.names import ascii_form, split_name

__all__ = ["RIVAL_RATIO", "SAME_PLACE_KM", "Namesakes", "stated_bare"]

RIVAL_RATIO = 10
"""A namesake within a factor of 10 in population is a rival: sources naming the one cannot
settle a mention of the other (Santa Fe, Spain and Santa Fe, New Mexico)."""

SAME_PLACE_KM = 10.0
"""Two gazetteer towns this close are one place twice (a town and its district), not rivals."""


class Namesakes:
    """Towns of a country (and its dependencies) a bare name may mean, indexed per country."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._heads: dict[str, list[tuple[str, str]]] = {}  # iso -> sorted (own name, key)

    def _index(self, iso: str) -> list[tuple[str, str]]:
        if iso not in self._heads:
            self._heads[iso] = sorted(
                {
                    (normalise_name(text), e.key)
                    for e in self.gazetteer.entries
                    if e.iso == iso and e.level in SETTLEMENT_LEVELS
                    for text in (e.name, ascii_form(e.name))
                }
            )
        return self._heads[iso]

    def headed(self, folded: str, iso: str) -> list[Entry]:
        """Towns of ``iso`` whose own name is ``folded`` followed by more words after a space
        ("nykøbing" -> Nykøbing Falster, Nykøbing Sjælland, Nykøbing Mors; "hofkirchen" ->
        Hofkirchen an der Trattnach), not a hyphenated name of its own (Anse-Bertrand and
        Châtel-Guyon are not called Anse and Châtel)."""
        index = self._index(iso)
        prefix = folded + " "
        found = []
        for name, key in index[bisect_left(index, (prefix, "")) :]:
            if not name.startswith(prefix):
                break
            entry = self.gazetteer.by_key(key)
            if entry is not None and _spaced_head(entry.name, folded):
                found.append(entry)
        return found

    def pool(self, found: Sequence[Entry], folded: str, iso: str) -> list[Entry]:
        """``found`` with the towns the bare name may also mean: towns headed by it in
        ``iso`` and its dependencies, and towns of that name in the dependencies."""
        pooled = {e.key: e for e in found}
        for country in (iso, *TERRITORIES.get(iso, ())):
            extra = self.headed(folded, country)
            if country != iso:
                extra += self.gazetteer.named(folded, country)
            for entry in extra:
                if entry.level in SETTLEMENT_LEVELS:
                    pooled.setdefault(entry.key, entry)
        return sorted(pooled.values(), key=lambda e: e.key)

    def doubt(
        self, mention: PlaceMention, best: Entry, found: Sequence[Entry], folded: str, method: str
    ) -> tuple[str, ...]:
        """The keys of every town a register's bare name may mean, when one besides ``best``
        rivals it (else empty: the pick stands).  Only for a name found as such in the
        country (``method`` ``name+country``): a spelling guess is reviewed anyway."""
        iso = mention.country_iso
        if iso is None or method != "name+country" or not stated_bare(mention):
            return ()
        pool = self.pool(found, folded, iso)
        named = {e.key for e in found} | {
            e.key for t in TERRITORIES.get(iso, ()) for e in self.gazetteer.named(folded, t)
        }
        if not self.rivals(best, pool, RIVAL_RATIO, named):
            return ()
        return tuple(e.key for e in pool)

    @staticmethod
    def rivals(
        best: Entry, pool: Sequence[Entry], ratio: int, named: Collection[str]
    ) -> list[Entry]:
        """The towns of ``pool``, other than ``best`` and not the same place, that rival it: a
        town going by the name itself (its key in ``named``) of at least ``1/ratio`` of its
        population; a town only headed by the name, when at least as large (a bare name is
        written for Nykøbing Falster, not for Chaumont-en-Vexin beside Chaumont)."""
        return [
            e
            for e in pool
            if e.key != best.key
            and e.level in SETTLEMENT_LEVELS
            and (
                ratio * max(e.population, 1) >= best.population
                if e.key in named
                else e.population >= best.population
            )
            and not _same_place(best, e)
        ]


def _spaced_head(name: str, folded: str) -> bool:
    """Whether ``name``'s first whitespace-separated words are ``folded`` and more follow."""
    words = name.split()
    size = len(folded.split())
    return len(words) > size and folded in (
        normalise_name(" ".join(words[:size])),
        normalise_name(ascii_form(" ".join(words[:size]))),
    )


def _same_place(a: Entry, b: Entry) -> bool:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM


def stated_bare(mention: PlaceMention) -> bool:
    """Whether a mention is a register's: a bare name (no qualifier) in a country the source
    states for certain, with no Wikidata or GeoNames id to settle it."""
    return (
        mention.country_iso is not None
        and mention.qid is None
        and mention.geonames is None
        and split_name(mention.name).qualifier is None
    )
