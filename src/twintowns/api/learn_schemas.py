"""Pydantic schemas of the quiz routes (what the OpenAPI document shows).

The quiz is the learning pack's JSON form of a deck (:func:`twintowns.learn.quiz.quiz_json`),
served as the library writes it: every item carries its answer, so the atlas page scores
answers offline; the kind decides which answer fields are present.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from twintowns.api.params import NOTE_PATTERN
from twintowns.learn import Difficulty, FlagReason, ItemKind

MAX_NOTE = 1000
"""Longest flag note (characters)."""


class QuizSourceOut(BaseModel):
    """The citation of a fact an item is built on."""

    source_id: str
    title: str
    url: str | None
    locator: str | None
    licence: str | None
    label: str = Field(description="One line: `Title, locator <url>`.")


class QuizChoiceOut(BaseModel):
    """One offered answer of a multiple-choice or terminology question."""

    text: str
    correct: bool


class QuizOrderEntryOut(BaseModel):
    """One entry of an ordering question, with the year that places it."""

    text: str
    year: int


class QuizTargetOut(BaseModel):
    """Where a map question's answer lies, and how close a click must come."""

    place_id: str
    label: str
    lat: float
    lon: float
    tolerance_km: float


class QuizItemOut(BaseModel):
    """One question or flashcard, with its answer and the sources of its facts."""

    id: str = Field(description="Stable id (16 hexadecimal digits): what a flag names.")
    kind: ItemKind
    difficulty: Difficulty
    prompt: str
    answer: str
    explanation: str = Field(description="The fact behind the answer, shown after answering.")
    sources: list[QuizSourceOut]
    topics: list[str]
    key: str = Field(description="The fact the item tests.")
    choices: list[QuizChoiceOut] | None = Field(
        None, description="Multiple choice and terminology: exactly one is correct."
    )
    truth: bool | None = Field(None, description="True/false: whether the statement holds.")
    statement: dict[str, Any] | None = Field(
        None, description="True/false: the proposition stated (`type` and its fields)."
    )
    order: list[QuizOrderEntryOut] | None = Field(
        None, description="Ordering: the entries in their right order."
    )
    presented: list[int] | None = Field(
        None, description="Ordering: the order to show the entries in (indexes into `order`)."
    )
    target: QuizTargetOut | None = Field(None, description="Map: where the answer lies.")


class QuizOut(BaseModel):
    """A quiz: a deck of checked items for topics, a difficulty and a seed."""

    title: str
    topics: list[str] = Field(description="The topic filters' tags.")
    seed: int = Field(description="Same seed, same parameters, same flags: same quiz.")
    difficulty: str = Field(description="easy, medium, hard or mixed.")
    count: int = Field(description="Items served (fewer than asked when the facts ran out).")
    requested: int
    items: list[QuizItemOut]


class FlagIn(BaseModel):
    """A user's flag on an item: it is left out of new quizzes and listed for review."""

    item_id: str = Field(
        pattern=r"^[0-9a-fA-F]{16}$",
        description="The item's id, as the quiz serves it.",
        examples=["42d532503876ef02"],
    )
    reason: FlagReason
    note: str = Field(
        "",
        max_length=MAX_NOTE,
        pattern=NOTE_PATTERN,
        description="What is wrong, for the reviewer (at most 1000 characters; no control "
        "characters but line breaks and tabs).",
    )


class FlagOut(BaseModel):
    """A stored flag, with the item's text when it was known."""

    id: int
    item_id: str
    reason: FlagReason
    note: str
    flagged_at: dt.datetime
    fact_key: str | None = Field(description="The fact an item flagged wrong keeps out.")
    kind: str | None
    prompt: str | None
    answer: str | None
    sources: str | None


class FlagPage(BaseModel):
    """A page of flags, oldest first."""

    total: int = Field(description="Every flag stored.")
    limit: int = 100
    offset: int = 0
    items: list[FlagOut]
