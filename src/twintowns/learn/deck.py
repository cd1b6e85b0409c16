"""Decks: choose, build and check items for a topic, a count, a difficulty and a seed.

:func:`build_deck` lists every candidate fact, keeps those the topic filters match, and
builds items round-robin over item kinds in an order fixed by the seed (same seed, same deck),
testing each fact once, balancing true/false statements half and half, skipping flagged items,
and re-checking every item against the registry (:func:`twintowns.learn.common.verify`).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from twintowns.errors import InputError
from twintowns.learn import gen_history, gen_order, gen_partners, gen_politics, gen_terms
from twintowns.learn.common import Builder, Candidate, Context, verify
from twintowns.learn.evidence import settled
from twintowns.learn.facts import Facts
from twintowns.learn.flags import Exclusions
from twintowns.learn.items import Difficulty, Item, ItemKind
from twintowns.learn.topics import Topic, matches

MAX_COUNT = 1000
NO_EXCLUSIONS = Exclusions()
LEVELS = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)

BUILDERS: dict[str, Builder] = {
    "partner_in_year": gen_history.partner_in_year,
    "partner_card": gen_history.partner_card,
    "tf_established": gen_history.tf_established,
    "map_partner": gen_history.map_partner,
    "event_card": gen_history.event_card,
    "status_on": gen_politics.status_on,
    "tf_political": gen_politics.tf_political,
    "tf_ended": gen_politics.tf_ended,
    "partner_of": gen_partners.partner_of,
    "tf_linked": gen_partners.tf_linked,
    "term_card": gen_terms.term_card,
    "term_in_region": gen_terms.term_in_region,
    "term_where": gen_terms.term_where,
    "network_card": gen_terms.network_card,
    "rule_card": gen_terms.rule_card,
    "ordering": gen_order.ordering,
}


@dataclass(frozen=True, slots=True)
class DeckSpec:
    """What a deck should hold.

    Attributes
    ----------
    topics:
        Filters (none: everything).
    count:
        How many items.
    seed:
        Fixes which facts are chosen and in which order.
    difficulty:
        One level, or None for a mix (easy, medium, hard in turn).
    kinds:
        Item kinds to include (none: all).
    """

    topics: tuple[Topic, ...] = ()
    count: int = 30
    seed: int = 0
    difficulty: Difficulty | None = None
    kinds: tuple[ItemKind, ...] = ()

    @property
    def name(self) -> str:
        """The deck's title: ``Twinning: history, France``."""
        labels = ", ".join(t.label for t in self.topics) or "all topics"
        return f"Twinning: {labels}"


@dataclass(frozen=True, slots=True)
class Deck:
    """A built deck: its spec and its items (fewer than asked when the facts ran out)."""

    spec: DeckSpec
    items: tuple[Item, ...]

    @property
    def name(self) -> str:
        """The deck's title."""
        return self.spec.name

    @property
    def shortfall(self) -> int:
        """How many items fewer than asked the registry could back."""
        return max(0, self.spec.count - len(self.items))


def all_candidates(facts: Facts) -> list[Candidate]:
    """Every candidate fact of the registry (ordering questions excepted), in a fixed order;
    none resting on a disputed step (:func:`twintowns.learn.evidence.settled`)."""
    out: list[Candidate] = []
    for tid in sorted(facts.twinnings):
        twinning = facts.twinnings[tid]
        out += gen_history.history_candidates(facts, twinning)
        out += gen_politics.politics_candidates(facts, twinning)
        out += gen_partners.partner_candidates(facts, twinning)
    out += gen_terms.term_candidates(facts)
    out += gen_terms.institution_candidates(facts)
    return [c for c in out if settled(facts, c)]


def deck_candidates(facts: Facts, spec: DeckSpec) -> list[Candidate]:
    """The candidates ``spec``'s filters keep, ordering questions included (a new list)."""
    key = ("deck-candidates", spec.topics, spec.kinds)  # the same for every seed and count
    found = facts.memo.get(key)
    if isinstance(found, list):
        return list(found)
    every = facts.memo.get("candidates")  # the same for every quiz of these facts
    if not isinstance(every, list):
        every = facts.memo.put("candidates", all_candidates(facts))
    # no filter keeps every candidate (as matches() would, a hundred thousand calls later)
    kept = [c for c in every if matches(spec.topics, c.topics)] if spec.topics else list(every)
    dated = [c for c in kept if c.builder == "partner_in_year"]
    ordered = gen_order.ordering_candidates(dated)
    kept += [c for c in ordered if matches(spec.topics, c.topics)] if spec.topics else ordered
    if spec.kinds:
        kept = [c for c in kept if c.kind in spec.kinds]
    return list(facts.memo.put(key, kept))


def build_item(
    facts: Facts, cand: Candidate, difficulty: Difficulty, want: bool | None
) -> Item | None:
    """Build and check one item; None when the registry cannot back it."""
    item = BUILDERS[cand.builder](Context(facts, difficulty, want), cand)
    return item if item is not None and verify(facts, item) else None


class _Picker:
    """Round-robin selection state of one deck."""

    def __init__(self, facts: Facts, spec: DeckSpec, excluded: Exclusions) -> None:
        self.facts, self.spec, self.excluded = facts, spec, excluded
        self.items: list[Item] = []
        self.used: set[str] = set()
        self.truths = {True: 0, False: 0}
        self.deferred: list[Candidate] = []  # true/false facts that lacked the wanted truth

    def _build(self, cand: Candidate, want: bool | None) -> Item | None:
        if cand.key in self.used:
            return None
        level = self.spec.difficulty or LEVELS[len(self.items) % len(LEVELS)]
        item = build_item(self.facts, cand, level, want)
        if item is None or self.excluded.excludes(item):
            return None
        self.items.append(item)
        self.used.add(cand.key)
        if want is not None:
            self.truths[want] += 1
        return item

    def take(self, queue: list[Candidate]) -> bool:
        """Add the next item ``queue`` yields; False when it is exhausted."""
        if queue and queue[0].kind is ItemKind.TRUE_FALSE:
            return self._take_statement(queue)
        while queue:
            if self._build(queue.pop(0), None) is not None:
                return True
        return False

    def _take_statement(self, queue: list[Candidate]) -> bool:
        want = self.truths[True] <= self.truths[False]
        for cand in list(self.deferred):
            if self._build(cand, want) is not None:
                self.deferred.remove(cand)
                return True
        while queue:
            cand = queue.pop(0)
            if self._build(cand, want) is not None:
                return True
            self.deferred.append(cand)
        if self.truths[True] == self.truths[False]:  # one more of either truth stays balanced
            return any(self._build(cand, not want) is not None for cand in self.deferred)
        return False


def _queues(cands: Sequence[Candidate], seed: int) -> Iterator[list[Candidate]]:
    rng = random.Random(seed)
    by_kind: dict[ItemKind, list[Candidate]] = defaultdict(list)
    for cand in cands:
        by_kind[cand.kind].append(cand)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for kind in kinds:
        queue = by_kind[kind]
        rng.shuffle(queue)
        yield queue


def build_deck(facts: Facts, spec: DeckSpec, excluded: Exclusions = NO_EXCLUSIONS) -> Deck:
    """Build a deck from the registry's facts.

    Parameters
    ----------
    facts:
        The registry snapshot (:func:`twintowns.learn.facts.load_facts`).
    spec:
        Topics, count, seed, difficulty and kinds.
    excluded:
        Flagged items to leave out (:func:`twintowns.learn.flags.exclusions`).

    Returns
    -------
    Deck
        Up to ``spec.count`` checked items; each fact at most once; true/false statements
        half true, half false (within one).

    Raises
    ------
    InputError
        If the count is out of range or no item matches the filters.
    """
    if not 1 <= spec.count <= MAX_COUNT:
        raise InputError(f"--count must be between 1 and {MAX_COUNT}, not {spec.count}")
    queues = list(_queues(deck_candidates(facts, spec), spec.seed))
    picker = _Picker(facts, spec, excluded)
    while len(picker.items) < spec.count and queues:
        for queue in list(queues):
            if len(picker.items) >= spec.count:
                break
            if not picker.take(queue):
                queues.remove(queue)
    if not picker.items:
        raise InputError(f"no item matches the topics of {spec.name!r}")
    return Deck(spec, tuple(picker.items))


def find_item(facts: Facts, item_id: str, topics: Sequence[Topic] = ()) -> Item | None:
    """The item with id ``item_id`` among what the registry can generate, if found.

    Parameters
    ----------
    facts:
        The registry snapshot.
    item_id:
        The id printed on a card.
    topics:
        Filters that narrow the search.  Without them the search skips the undated
        "partners" items of the world data (tens of thousands of links: minutes of work);
        with them it covers every item the filters match.
    """
    cands = deck_candidates(facts, DeckSpec(topics=tuple(topics)))
    if not topics:
        cands = [c for c in cands if "partners" not in c.topics]
    for cand in cands:
        wants: tuple[bool | None, ...] = (
            (True, False) if cand.kind is ItemKind.TRUE_FALSE else (None,)
        )
        for level in LEVELS:
            for want in wants:
                item = BUILDERS[cand.builder](Context(facts, level, want), cand)
                if item is not None and item.id == item_id:
                    return item
    return None
