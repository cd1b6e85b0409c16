"""Disambiguation by partners: a second pass over resolved claims.

A name with several candidates (Cambridge, Münster, a Wikidata label without a country) is
settled by the twinning graph itself: the right candidate is the one other claims already link
to the same partner — the partner's own page lists it back, or another dataset names the pair
with coordinates.  For a Wikidata item the evidence is gathered over all its statements and
taken only from claims that carry no Wikidata id, so an item cannot vouch for itself.

Only confident resolutions count as evidence (a guess cannot vouch for another guess), a side
backed by its own coordinates is never revised, and the counts are taken again after each
round of revisions.  A side the resolver left doubtful for want of a country or coordinates (a
2016 label, a 2018 partner) becomes confident only when the evidence corroborates its place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from twintowns.model import PlaceMention, normalise_name
from twintowns.resolve.resolver import REVIEW_THRESHOLD, Resolution

PAIR_CONFIDENCE = 0.95
ITEM_SHARE = 3  # a doubtful item is corroborated by at least 1 in ITEM_SHARE of its partners
_ROUNDS = 6


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
        self.statements = _statements(claims)
        self._count()

    def _count(self) -> None:
        """Pairs of places that confident claims link (taken again after every revision)."""
        self.all_pairs.clear()
        self.plain_pairs.clear()
        for a, b in self.claims:
            pair = self._evidence(a, b)
            if pair is not None:
                self.all_pairs[pair] += 1
                if not (a.mention.qid or b.mention.qid):
                    self.plain_pairs[pair] += 1

    def _evidence(self, a: Side, b: Side) -> Pair | None:
        """The pair a claim vouches for, or None when either side is a guess."""
        first, second = _confident_key(a), _confident_key(b)
        if first is None or second is None:
            return None
        return _pair(self.place_of(first), self.place_of(second))

    def revise(self) -> int:
        """Revise ambiguous sides in place; returns how many changed."""
        changed = self._revise_items()
        self._count()
        for a, b in self.claims:
            for side, other in ((a, b), (b, a)):
                if side.mention.qid is None and self._revise_side(side, other):
                    changed += 1
        self._count()
        # Corroborated items vouch for their partners in turn (Paris for Rome, then Rome for
        # its own partners): a few rounds reach the fixed point of the crawl's component.
        for _ in range(_ROUNDS):
            if not self._corroborate():
                break
            self._count()
        return changed

    def _best(self, side: Side, score: Callable[[str], int]) -> str | None:
        current = side.resolution.key
        if current is None or len(side.resolution.candidates) < 2 or _own_coordinates(side):
            return None
        scored = sorted(
            ((score(k), k) for k in side.resolution.candidates), key=lambda s: (-s[0], s[1])
        )
        top, key = scored[0]
        runner_up = scored[1][0]
        if key != current and top > runner_up and top > score(current):
            return key
        return None

    def _partner_score(self, side: Side, other: Side) -> Callable[[str], int] | None:
        """Scores a candidate of ``side`` by the confident claims linking it to ``other``'s
        place, not counting this claim itself."""
        known = _confident_key(other)
        if known is None:
            return None
        partner = self.place_of(known)
        counted = self._evidence(side, other)

        def score(key: str) -> int:
            pair = _pair(self.place_of(key), partner)
            return self.all_pairs[pair] - (pair == counted)

        return score

    def _revise_side(self, side: Side, other: Side) -> bool:
        score = self._partner_score(side, other)
        better = None if score is None else self._best(side, score)
        if better is None:
            return False
        side.resolution = _revised(side.resolution, better)
        return True

    def _item_score(self, linked: set[str]) -> Callable[[str], int]:
        def score(key: str) -> int:
            place = self.place_of(key)
            return sum(1 for p in linked if self.plain_pairs[_pair(place, p)])

        return score

    def _items(self) -> tuple[dict[str, list[Side]], dict[str, set[str]]]:
        """Sides per Wikidata item, and the places of their confident partners."""
        partners: dict[str, set[str]] = defaultdict(set)
        sides: dict[str, list[Side]] = defaultdict(list)
        for a, b in self.claims:
            for side, other in ((a, b), (b, a)):
                if side.mention.qid:
                    sides[side.mention.qid].append(side)
                    known = _confident_key(other)
                    if known is not None:
                        partners[side.mention.qid].add(self.place_of(known))
        return sides, partners

    def _revise_items(self) -> int:
        """One decision per Wikidata item, from all its statements."""
        sides, partners = self._items()
        changed = 0
        for qid, group in sides.items():
            better = self._best(group[0], self._item_score(partners[qid]))
            if better is None or not self._backs_item(qid, partners[qid], better):
                continue
            for side in group:
                side.resolution = _revised(side.resolution, better)
            changed += len(group)
        return changed

    def _corroborate(self) -> int:
        """Doubtful sides the evidence backs become confident: for an item, a plain claim
        links its place to one of its partners; for a name, another confident claim links its
        place to this claim's partner; for either, every mention of the same name that states
        a country states one country and resolves confidently to this place (``Türi`` is
        Türi, Estonia, when every source that gives a country says so), unless the place has
        a namesake of similar size (:attr:`~twintowns.resolve.resolver.Resolution.rivalled`)."""
        named = self._anchored_names()
        sides, partners = self._items()
        changed = 0
        for qid, group in sides.items():
            head = group[0].resolution
            if (
                head.key is None
                or head.confidence >= REVIEW_THRESHOLD
                or _own_coordinates(group[0])
            ):
                continue
            if self._backs_item(qid, partners[qid], head.key) or named(group[0]):
                for side in group:
                    side.resolution = _revised(side.resolution, head.key)
                changed += len(group)
        for a, b in self.claims:
            for side, other in ((a, b), (b, a)):
                found = side.resolution
                if (
                    side.mention.qid
                    or found.key is None
                    or found.confidence >= REVIEW_THRESHOLD
                    or _own_coordinates(side)
                ):
                    continue
                score = self._partner_score(side, other)
                if (score is not None and score(found.key) > 0) or named(side):
                    side.resolution = _revised(found, found.key)
                    changed += 1
        return changed

    def _backs_item(self, qid: str, linked: set[str], key: str) -> bool:
        """Whether enough of an item's partners vouch for its place: at least a third of all
        the partners its statements name, placed yet or not (one plain claim out of many
        statements is as likely the namesake's: Santa Fe, Spain and Santa Fe, New Mexico are
        both twinned with San Miguel de Allende, and while Santa Fe, Spain's other partners
        were still unplaced that one claim was all its placed partners said)."""
        score = self._item_score(linked)(key)
        return score > 0 and ITEM_SHARE * score >= max(len(linked), self.statements[qid])

    def _anchored_names(self) -> Callable[[Side], bool]:
        """A test: do the mentions of this side's name that state a country agree on it?"""
        keys: dict[str, set[str | None]] = defaultdict(set)
        countries: dict[str, set[str | None]] = defaultdict(set)
        for claim in self.claims:
            for side in claim:
                if side.resolution.country_iso is None:
                    continue  # only mentions that say where they are vouch for a name
                name = normalise_name(side.mention.name)
                keys[name].add(_confident_key(side))
                countries[name].add(side.resolution.country_iso)

        def agrees(side: Side) -> bool:
            # Only a name without a rival of similar size: every source that says where Santa
            # Fe is may mean New Mexico, and still this mention may be Santa Fe, Spain.
            name = normalise_name(side.mention.name)
            return (
                not side.resolution.rivalled
                and keys.get(name) == {side.resolution.key}
                and len(countries[name]) == 1
            )

        return agrees


def _statements(claims: Sequence[tuple[Side, Side]]) -> Counter[str]:
    """Wikidata id -> how many distinct partners its statements name (by id, else name)."""
    named: dict[str, set[str]] = defaultdict(set)
    for a, b in claims:
        for side, other in ((a, b), (b, a)):
            if side.mention.qid:
                named[side.mention.qid].add(other.mention.qid or normalise_name(other.mention.name))
    return Counter({qid: len(partners) for qid, partners in named.items()})


def _confident_key(side: Side) -> str | None:
    """The side's key when its resolution is confident, else None."""
    found = side.resolution
    return found.key if found.confidence >= REVIEW_THRESHOLD else None


def _own_coordinates(side: Side) -> bool:
    """A resolution the mention's own coordinates decided (for or against a place): no
    partner count overrides it."""
    return side.resolution.method.startswith(("name+coords", "far", "coords", "dwarfed"))


def _revised(found: Resolution, key: str) -> Resolution:
    method = found.method if found.method.endswith("+partners") else found.method + "+partners"
    return replace(found, key=key, method=method, confidence=PAIR_CONFIDENCE)
