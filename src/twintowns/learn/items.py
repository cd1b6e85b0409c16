"""Learning items: flashcards, questions and their answers, each with the facts it tests.

An :class:`Item` is plain data.  Besides its text it carries the *propositions* it asserts
or denies (see :mod:`twintowns.learn.propositions`), so any item can be re-checked against the
registry, and the sources of the facts it came from.  Its :attr:`Item.id` is a stable hash of
its content: the same question with the same answers has the same id in every deck and export.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from twintowns.learn.propositions import Proposition


class ItemKind(StrEnum):
    """The sorts of item the learning pack generates."""

    FLASHCARD = "flashcard"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    TERMINOLOGY = "terminology"
    MAP = "map"
    ORDERING = "ordering"


class Difficulty(StrEnum):
    """How hard an item is: fewer or more, nearer or farther distractors, coarser or finer years."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True, slots=True)
class ItemSource:
    """The citation of a fact an item is built on."""

    source_id: str
    title: str
    url: str | None = None
    locator: str | None = None
    licence: str | None = None

    def label(self) -> str:
        """One line: ``Title, locator <url>``."""
        text = self.title + (f", {self.locator}" if self.locator else "")
        return text + (f" <{self.url}>" if self.url else "")


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer offered by a question, with the proposition that makes it right or wrong."""

    text: str
    proposition: Proposition | None
    correct: bool


@dataclass(frozen=True, slots=True)
class OrderEntry:
    """One element of an ordering question, with the year that places it."""

    text: str
    year: int
    proposition: Proposition


@dataclass(frozen=True, slots=True)
class MapTarget:
    """Where a map question's answer lies, and how close a click must come."""

    place_id: str
    label: str
    lat: float
    lon: float
    tolerance_km: float


@dataclass(frozen=True, slots=True)
class Item:
    """One flashcard or question.

    Attributes
    ----------
    kind, difficulty:
        What sort of item, and how hard.
    prompt, answer:
        The question (front) and its correct answer (back), as plain text.
    explanation:
        The fact behind the answer, as a sentence: shown after answering.
    sources:
        Citations of the facts the item is built on (never empty).
    topics:
        Tags the item matches: ``history``, ``politics``, ``terminology``, ``networks``,
        ``world``, ``country:XX``, ``place:ID``.
    key:
        The fact the item tests (``coventry--volgograd``, ``term:partnerstadt``): an item
        flagged *wrong* keeps every item with its key out of new decks.
    choices:
        Offered answers (multiple choice, terminology), exactly one correct.
    statement, truth:
        For true/false items: the proposition stated, and whether it holds.
    facts:
        For flashcards and map questions: the true propositions the card states.
    order:
        For ordering questions: the entries in their correct order.
    target:
        For map questions: the answer's coordinates.
    """

    kind: ItemKind
    difficulty: Difficulty
    prompt: str
    answer: str
    explanation: str
    sources: tuple[ItemSource, ...]
    topics: tuple[str, ...]
    key: str
    choices: tuple[Choice, ...] = ()
    statement: Proposition | None = None
    truth: bool | None = None
    facts: tuple[Proposition, ...] = ()
    order: tuple[OrderEntry, ...] = ()
    target: MapTarget | None = None

    @property
    def id(self) -> str:
        """Stable id: a hash of the text, answers and sources (not of the choices' order)."""
        return item_id(self)

    @property
    def correct_choice(self) -> Choice | None:
        """The correct choice of a multiple-choice or terminology item."""
        return next((c for c in self.choices if c.correct), None)


def item_id(item: Item) -> str:
    """The 16-hex-digit content hash that identifies ``item``.

    Parameters
    ----------
    item:
        Any item.

    Returns
    -------
    str
        Hash of kind, prompt, answer, the set of choices, truth, order, target and sources.
    """
    content = {
        "kind": item.kind.value,
        "prompt": item.prompt,
        "answer": item.answer,
        "choices": sorted([c.text, c.correct] for c in item.choices),
        "truth": item.truth,
        "order": [e.text for e in item.order],
        "target": None if item.target is None else [item.target.lat, item.target.lon],
        "sources": sorted([s.source_id, s.locator or ""] for s in item.sources),
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def back_text(item: Item) -> str:
    """The back of a card saying the answer once: the explanation when it already contains
    the answer (true/false verdicts, event cards), else the answer and then the explanation
    (without doubling a full stop)."""
    answer = item.answer.strip().rstrip(".")
    explanation = item.explanation.strip()
    if not explanation or explanation.rstrip(".") == answer:
        return f"{answer}."
    if answer in explanation:
        return explanation
    return f"{answer}. {explanation}"
