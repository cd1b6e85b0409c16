"""What every item builder shares: candidates, the build context, difficulty settings, wording
helpers, topic tags and the final check of an item against the registry.

A :class:`Candidate` is a cheap promise of an item (which builder, which fact, which topics);
a builder turns it into an :class:`~twintowns.learn.items.Item` for a difficulty, or gives up
(returns None) when the registry cannot back a question with exactly one right answer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from twintowns.learn.facts import Facts
from twintowns.learn.items import Difficulty, Item, ItemKind, ItemSource
from twintowns.learn.propositions import Family, Happened
from twintowns.learn.truth import Truth, evaluate
from twintowns.model import Citation, Event, Twinning, TwinningKind, normalise_name


class Candidate(NamedTuple):
    """A fact an item can be built from (a named tuple: the first quiz of a server makes a
    hundred thousand of them from the candidates file, :mod:`twintowns.learn.quiz_cache`).

    Attributes
    ----------
    builder:
        Name of the builder (a key of the builders table).
    key:
        The fact tested (twinning id, ``term:...``): a deck tests each fact once.
    kind:
        The kind of item the builder makes.
    topics:
        Tags for topic filters.
    subject:
        The builder's arguments (twinning id, event index, term text...).
    """

    builder: str
    key: str
    kind: ItemKind
    topics: tuple[str, ...]
    subject: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a builder needs besides its candidate."""

    facts: Facts
    difficulty: Difficulty
    want: bool | None = None  # the truth a true/false item should have

    def rng(self, *parts: str) -> random.Random:
        """A generator seeded by the difficulty and ``parts`` only: the same fact gives the
        same item (and item id) in every deck, whatever the deck's seed."""
        return random.Random("|".join([self.difficulty.value, *parts]))

    @property
    def n_choices(self) -> int:
        """Answers offered by a multiple-choice question."""
        return {Difficulty.EASY: 3, Difficulty.MEDIUM: 4, Difficulty.HARD: 5}[self.difficulty]

    @property
    def year_shifts(self) -> range:
        """How far a falsified year lies from the true one."""
        return {
            Difficulty.EASY: range(12, 31),
            Difficulty.MEDIUM: range(4, 12),
            Difficulty.HARD: range(1, 4),
        }[self.difficulty]

    @property
    def tolerance_km(self) -> float:
        """How close a map click must come."""
        return {Difficulty.EASY: 1500.0, Difficulty.MEDIUM: 750.0, Difficulty.HARD: 300.0}[
            self.difficulty
        ]


Builder = Callable[[Context, Candidate], Item | None]

_NOUNS: dict[TwinningKind, str] = {
    TwinningKind.TWIN_TOWN: "twin towns",
    TwinningKind.SISTER_CITY: "sister cities",
    TwinningKind.PARTNER_TOWN: "partner towns",
    TwinningKind.PARTNERSHIP_TOWN: "partnership towns",
    TwinningKind.FRIENDSHIP_CITY: "friendship cities",
    TwinningKind.FRIENDSHIP_COOPERATION_CITY: "friendship cooperation cities",
    TwinningKind.SISTER_PROVINCE: "sister provinces",
    TwinningKind.SISTER_STATE: "sister states",
    TwinningKind.SISTER_PORT: "sister ports",
    TwinningKind.FRIENDSHIP_PORT: "friendship ports",
}


def kind_noun(kind: TwinningKind) -> str:
    """Plural noun for the sides of a twinning of this kind (``twin towns``, ``partners``)."""
    return _NOUNS.get(kind, "partners")


_PHRASES: dict[TwinningKind, str] = {
    TwinningKind.POLICY_AGREEMENT: "signed a policy agreement with",
    TwinningKind.MEMORANDUM_OF_UNDERSTANDING: "signed a memorandum of understanding with",
    TwinningKind.COOPERATION_AGREEMENT: "signed a cooperation agreement with",
    TwinningKind.NOVELTY: "formed a novelty partnership with",
    TwinningKind.BUSINESS_PARTNER_CITY: "became a business partner city of",
}


def link_phrase(kind: TwinningKind) -> str:
    """Verb phrase for beginning a link of this kind: ``became twinned with``."""
    return _PHRASES.get(kind, "became twinned with")


def year_end(year: int) -> dt.date:
    """31 December of ``year``: the day "in YEAR" questions are evaluated on."""
    return dt.date(year, 12, 31)


def twinning_topics(facts: Facts, twinning: Twinning, *extra: str) -> tuple[str, ...]:
    """Topic tags of an item about ``twinning``: its places, their countries and ``extra``."""
    tags = facts.topic_tags(twinning.a) | facts.topic_tags(twinning.b)
    return tuple(sorted(tags.union(extra)))


def cites(facts: Facts, citations: Iterable[Citation]) -> tuple[ItemSource, ...]:
    """Distinct item sources of ``citations``, in order."""
    seen: dict[tuple[str, str | None], ItemSource] = {}
    for citation in citations:
        seen.setdefault((citation.source_id, citation.locator), facts.cite(citation))
    return tuple(seen.values())


def established_year(facts: Facts, twinning: Twinning) -> int | None:
    """The year the link began, when the registry settles it (one year, not circa)."""
    years = sorted(
        e.date.year
        for e in twinning.events
        if e.date is not None and e.type.is_lifecycle and not e.date.circa
    )
    for year in years:
        if (
            evaluate(facts, Happened(twinning.a, twinning.b, Family.ESTABLISHED, year))
            is Truth.TRUE
        ):
            return year
    return None


def establishing_events(twinning: Twinning, year: int) -> list[Event]:
    """The events of ``twinning`` in ``year`` that began it."""
    return [
        e
        for e in twinning.events
        if e.date is not None and e.date.year == year and e.type.is_lifecycle
    ]


def short_label(facts: Facts, place_id: str, when: dt.date | None = None) -> str:
    """A place's name at ``when`` in running text, with its region when other places share
    the name ("Ontario, California", never a bare "Ontario"): :meth:`Facts.label` without
    the country."""
    place = facts.places[place_id]
    name = place.name(when=when)
    area = place.admin_area
    if area and area != name and facts.name_counts.get(normalise_name(place.name()), 0) > 1:
        return f"{name}, {area}"
    return name


def verdict(truth: bool, fact: str) -> str:
    """A true/false item's explanation: the verdict, then the registry's fact."""
    return f"True. {fact}" if truth else f"False. In fact: {fact}"


def sentence(text: str) -> str:
    """``text`` ending with a full stop."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def verify(facts: Facts, item: Item) -> bool:
    """True when the registry backs ``item``: one right answer and the stated truth.

    Parameters
    ----------
    facts:
        The registry snapshot.
    item:
        A generated item.

    Returns
    -------
    bool
        Multiple choice: exactly one choice true, every other false.  True/false: the
        statement evaluates to the item's truth.  Flashcards and map questions: every fact
        true.  Ordering: every entry true and years strictly increasing.
    """
    if not item.sources:
        return False
    if item.choices:
        verdicts = [evaluate(facts, c.proposition) if c.proposition else None for c in item.choices]
        expected = [Truth.TRUE if c.correct else Truth.FALSE for c in item.choices]
        labels = [c.text for c in item.choices]
        return verdicts == expected and len(set(labels)) == len(labels)
    if item.statement is not None:
        wanted = Truth.TRUE if item.truth else Truth.FALSE
        return evaluate(facts, item.statement) is wanted
    if item.order:
        years = [e.year for e in item.order]
        ordered = all(a < b for a, b in itertools.pairwise(years))
        return ordered and all(evaluate(facts, e.proposition) is Truth.TRUE for e in item.order)
    return bool(item.facts) and all(evaluate(facts, p) is Truth.TRUE for p in item.facts)
