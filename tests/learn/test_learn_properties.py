"""Every generated item agrees with the registry: no question has two right answers, every
true/false statement's truth is the registry's, orderings are the registry's order, map
targets are the registry's coordinates, and every item names its sources.

The oracle below reads the registry through :class:`~twintowns.store.Reader` (SQL date-range
queries, ``twinnings_of``) rather than through the learning pack's in-memory facts, and it is
stricter than needed: a choice counts as *wrong* only when the registry rules it out.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twintowns.errors import InputError
from twintowns.learn import DeckSpec, Difficulty, Facts, Item, ItemKind, Topic, build_deck
from twintowns.learn.common import Context
from twintowns.learn.deck import BUILDERS, LEVELS, deck_candidates
from twintowns.learn.propositions import (
    FAMILY_TYPES,
    Family,
    Happened,
    Linked,
    Proposition,
    Recorded,
    StatusOn,
    TermUsed,
)
from twintowns.learn.regions import core, extent, tokens
from twintowns.model import Status, Twinning, normalise_name, status_as_of
from twintowns.registry import Registry


class Oracle:
    """Independent verdicts from the registry: True, False, or None (cannot tell)."""

    def __init__(self, registry: Registry) -> None:
        self.reader = registry.reader
        self.places = self.reader.places()
        self.terms = self.reader.terms()
        self.links = cache(self._links)

    def _links(self, place_id: str) -> dict[str, Twinning]:
        return {t.partner_of(place_id): t for t in self.reader.twinnings_of(place_id)}

    def _names(self, place_id: str) -> set[str]:
        return {normalise_name(n.text) for n in self.places[place_id].names}

    def _homonym(self, a: str, b: str) -> bool:
        """A partner of one side is called like the other side."""
        return any(
            other != y and self._names(other) & self._names(y)
            for x, y in ((a, b), (b, a))
            for other in self.links(x)
        )

    def linked(self, prop: Linked) -> bool | None:
        twinning = self.links(prop.a).get(prop.b)
        if twinning is None:
            return None if self._homonym(prop.a, prop.b) else False
        state = status_as_of(twinning.events, prop.as_of)
        lifecycle = [e for e in twinning.events if e.type.is_lifecycle]
        if prop.as_of is None and not lifecycle:
            return True if twinning.claimants else None
        if state.status is Status.ACTIVE and (state.certain or state.since is None):
            return True
        if state.status is Status.ENDED and state.certain:
            return False
        day = prop.as_of
        if day and lifecycle and all(e.date and e.date.start > day for e in lifecycle):
            return False
        return None

    def happened(self, prop: Happened) -> bool | None:
        twinning = self.links(prop.a).get(prop.b)
        if twinning is None:
            return None if self._homonym(prop.a, prop.b) else False
        types = FAMILY_TYPES[prop.family]
        ours = [e for e in twinning.events if e.type in types]
        if any(e.date is None for e in ours):
            return None
        window = [(tid, e) for tid, e in self.reader.events(
            types, dt.date(max(1, prop.year - 10), 1, 1), dt.date(prop.year + 10, 12, 31)
        ) if tid == twinning.id]  # fmt: skip
        if any(e.date is not None and e.date.circa for _, e in window):
            return None
        in_year = [e for _, e in window if e.date is not None and e.date.year == prop.year]
        if prop.family is Family.ESTABLISHED:
            if not ours:
                return None
            if in_year:
                return True if len({e.date.year for e in ours if e.date}) == 1 else None
            return False
        if in_year:
            return True
        dated = any(e.type.is_lifecycle and e.date for e in twinning.events)
        return False if dated else None

    def status_on(self, prop: StatusOn) -> bool | None:
        twinning = self.links(prop.a).get(prop.b)
        if twinning is None:
            return None
        state = status_as_of(twinning.events, prop.as_of)
        if not state.certain or state.status is Status.UNKNOWN:
            return None
        return state.status is prop.status

    def term_used(self, prop: TermUsed) -> bool | None:
        regions = [
            t.region for t in self.terms if normalise_name(t.text) == normalise_name(prop.term)
        ]
        subject_extent = extent(prop.region)
        for region in regions:
            parts = tokens(region)
            if prop.region in parts or (core(prop.region) or {prop.region}) <= set().union(
                *(core(p) for p in parts)
            ):
                return True
        for region in regions:
            for part in tokens(region) or ("",):
                reach = extent(part) if part else None
                if reach is None or subject_extent is None or reach & subject_extent:
                    return None
        return False

    def recorded(self, prop: Recorded) -> bool:
        if prop.table == "terms":
            return any(t.text == prop.key for t in self.terms)
        if prop.table == "events":
            tid, kind, date = prop.key.split("|")
            twinning = self.reader.twinnings([tid])[0]
            return any(e.type.value == kind and str(e.date) == date for e in twinning.events)
        table = {"networks": self.reader.networks(), "rules": self.reader.rules()}[prop.table]
        return any(x.id == prop.key for x in table)

    def verdict(self, prop: Proposition) -> bool | None:
        if isinstance(prop, Linked):
            return self.linked(prop)
        if isinstance(prop, Happened):
            return self.happened(prop)
        if isinstance(prop, StatusOn):
            return self.status_on(prop)
        if isinstance(prop, TermUsed):
            return self.term_used(prop)
        return self.recorded(prop)


def check_item(oracle: Oracle, item: Item) -> None:
    """Fail unless ``item`` agrees with the registry."""
    assert item.sources, item
    assert all(s.title and s.source_id for s in item.sources), item
    if item.choices:
        right = [c for c in item.choices if c.correct]
        assert len(right) == 1, item
        for choice in item.choices:
            assert choice.proposition is not None
            wanted = choice.correct
            assert oracle.verdict(choice.proposition) is wanted, (item.prompt, choice)
        assert len({c.text for c in item.choices}) == len(item.choices), item
    elif item.kind is ItemKind.TRUE_FALSE:
        assert item.statement is not None
        assert item.truth is not None
        assert oracle.verdict(item.statement) is item.truth, (item.prompt, item.statement)
    elif item.order:
        years = [e.year for e in item.order]
        assert years == sorted(set(years)), item
        assert all(oracle.verdict(e.proposition) is True for e in item.order), item
    else:
        assert item.facts, item
        assert all(oracle.verdict(p) is True for p in item.facts), item
    if item.target is not None:
        coords = oracle.places[item.target.place_id].coordinates
        assert coords is not None
        assert (coords.lat, coords.lon) == (item.target.lat, item.target.lon)


def test_every_item_the_registry_can_back_agrees_with_it(
    facts: Facts, fixture_registry: Registry
) -> None:
    oracle = Oracle(fixture_registry)
    items = []
    for cand in deck_candidates(facts, DeckSpec()):
        wants = (True, False) if cand.kind is ItemKind.TRUE_FALSE else (None,)
        for level in LEVELS:
            for want in wants:
                item = BUILDERS[cand.builder](Context(facts, level, want), cand)
                if item is not None:
                    items.append(item)
    assert len(items) > 1000  # hundreds of items of every kind
    assert {i.kind for i in items} == set(ItemKind)
    for item in items:
        check_item(oracle, item)


TOPICS = [
    Topic("history", "history"),
    Topic("politics", "politics"),
    Topic("terminology", "terminology"),
    Topic("partners", "partners"),
    Topic("networks", "networks"),
    Topic("country:GB", "United Kingdom"),
    Topic("country:US", "United States"),
    Topic("place:coventry", "Coventry"),
    Topic("place:lf-alpha", "Alphaville"),
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    difficulty=st.sampled_from([None, *Difficulty]),
    topics=st.lists(st.sampled_from(TOPICS), max_size=2, unique=True),
)
def test_decks_have_one_right_answer_and_the_registry_truth(
    facts: Facts, fixture_registry: Registry, seed: int, difficulty: Difficulty | None,
    topics: list[Topic],
) -> None:  # fmt: skip
    oracle = Oracle(fixture_registry)
    spec = DeckSpec(topics=tuple(topics), count=40, seed=seed, difficulty=difficulty)
    if not deck_candidates(facts, spec):  # a topic pair no fact matches (terminology, Coventry)
        with pytest.raises(InputError, match="no item matches"):
            build_deck(facts, spec)
        return
    deck = build_deck(facts, spec)
    assert deck == build_deck(facts, spec)  # reproducible by seed
    assert len({i.key for i in deck.items}) == len(deck.items)  # each fact once
    statements = [i.truth for i in deck.items if i.kind is ItemKind.TRUE_FALSE]
    assert abs(statements.count(True) - statements.count(False)) <= 1  # half true, half false
    for item in deck.items:
        check_item(oracle, item)
        if difficulty is not None:
            assert item.difficulty is difficulty
