"""Disambiguation by partners: a second pass over resolved claims.

A name with several candidates (Cambridge, Münster, a Wikidata label without a country) is
settled by the twinning graph itself: the right candidate is the one other claims already link
to the same partner — the partner's own page lists it back, or another dataset names the pair
with coordinates.  For a Wikidata item the evidence is gathered over all its statements and
taken only from claims that carry no Wikidata id, so an item cannot vouch for itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from twintowns.resolve.resolver import Resolution
from twintowns.sources.base import PlaceMention

PAIR_CONFIDENCE = 0.95


@dataclass
class Side:
    """One side of a claim: the mention and its (possibly revised) resolution."""

    mention: PlaceMention
    resolution: Resolution


Pair = tuple[str, str]


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


class PartnerContext:
    """Revises ambiguous resolutions of claim sides using the graph of all claims.

    Parameters
    ----------
    claims:
        ``(claimant side, partner side)`` for every claim, resolved independently.
    place_of:
        Maps a gazetteer key to the registry place id it becomes.
    """

    def __init__(self, claims: Sequence[tuple[Side, Side]], place_of: Callable[[str], str]) -> None:
        self.claims = claims
        self.place_of = place_of
        self.all_pairs: Counter[Pair] = Counter()
        self.plain_pairs: Counter[Pair] = Counter()  # claims with no Wikidata id on either side
        for a, b in claims:
            if a.resolution.key and b.resolution.key:
                pair = _pair(place_of(a.resolution.key), place_of(b.resolution.key))
                self.all_pairs[pair] += 1
                if not (a.mention.qid or b.mention.qid):
                    self.plain_pairs[pair] += 1

    def revise(self) -> int:
        """Revise ambiguous sides in place; returns how many changed."""
        changed = self._revise_items()
        for a, b in self.claims:
            for side, other in ((a, b), (b, a)):
                if side.mention.qid is None and self._revise_side(side, other):
                    changed += 1
        return changed

    def _best(self, side: Side, score: Callable[[str], int]) -> str | None:
        current = side.resolution.key
        if current is None or len(side.resolution.candidates) < 2:
            return None
        scored = sorted(
            ((score(k), k) for k in side.resolution.candidates), key=lambda s: (-s[0], s[1])
        )
        top, key = scored[0]
        runner_up = scored[1][0]
        if key != current and top > runner_up and top > score(current):
            return key
        return None

    def _revise_side(self, side: Side, other: Side) -> bool:
        if other.resolution.key is None:
            return False
        partner = self.place_of(other.resolution.key)
        mine = side.resolution.key

        def score(key: str) -> int:
            count = self.all_pairs[_pair(self.place_of(key), partner)]
            return count - 1 if key == mine else count  # not the claim itself

        better = self._best(side, score)
        if better is None:
            return False
        side.resolution = replace(
            side.resolution,
            key=better,
            method=side.resolution.method + "+partners",
            confidence=PAIR_CONFIDENCE,
        )
        return True

    def _revise_items(self) -> int:
        """One decision per Wikidata item, from all its statements."""
        partners: dict[str, set[str]] = defaultdict(set)
        sides: dict[str, list[Side]] = defaultdict(list)
        for a, b in self.claims:
            for side, other in ((a, b), (b, a)):
                if side.mention.qid:
                    sides[side.mention.qid].append(side)
                    if other.resolution.key:
                        partners[side.mention.qid].add(self.place_of(other.resolution.key))
        changed = 0
        for qid, group in sides.items():
            linked = partners[qid]

            def score(key: str, linked: set[str] = linked) -> int:
                place = self.place_of(key)
                return sum(1 for p in linked if self.plain_pairs[_pair(place, p)])

            better = self._best(group[0], score)
            if better is None:
                continue
            for side in group:
                side.resolution = replace(
                    side.resolution,
                    key=better,
                    method=side.resolution.method + "+partners",
                    confidence=PAIR_CONFIDENCE,
                )
            changed += len(group)
        return changed
