"""Pydantic schemas of the course routes (``/learn/courses``): what a teacher's studio sends
and reads back, bounded as the library bounds them (:mod:`twintowns.learn.course_model`).

Items are the learning pack's JSON form (:func:`twintowns.learn.quiz.item_json`, answers
included: the studio shows them and the game scores offline) plus where each came from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from twintowns.learn.course_model import (
    MAX_COURSE_ITEMS,
    MAX_EDITS,
    MAX_NAME,
    MAX_TEXT,
    MAX_TOPICS,
)
from twintowns.learn.items import ItemKind

ItemId = Field(pattern=r"^[0-9a-fA-F]{16}$", description="A generated item's id.")


class RecipeIn(BaseModel):
    """The deck a course starts from."""

    topics: list[str] = Field(
        default_factory=list,
        max_length=MAX_TOPICS,
        description="Subjects (history, politics, terminology, networks, partners), countries "
        "or places, as in `/learn/quiz`.",
    )
    count: int = Field(default=20, ge=1, le=MAX_COURSE_ITEMS)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    difficulty: Literal["mixed", "easy", "medium", "hard"] = "mixed"
    kinds: list[ItemKind] = Field(default_factory=list, max_length=len(ItemKind))


class EditIn(BaseModel):
    """One edit over the generated items."""

    op: Literal["remove", "move", "reword", "add"]
    item: str = ItemId
    to: int | None = Field(default=None, ge=0, le=2 * MAX_COURSE_ITEMS)
    prompt: str | None = Field(default=None, max_length=MAX_TEXT)
    answer: str | None = Field(default=None, max_length=MAX_TEXT)
    explanation: str | None = Field(default=None, max_length=MAX_TEXT)


class CourseIn(BaseModel):
    """A course as the studio sends it (to preview, create or save)."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    recipe: RecipeIn = Field(default_factory=RecipeIn)
    edits: list[EditIn] = Field(default_factory=list, max_length=MAX_EDITS)


class CourseSaveIn(CourseIn):
    """A save: the course and the version it was read at (a newer one saved since: 409)."""

    version: int = Field(ge=1)


class CourseItemOut(BaseModel):
    """One item of the course as it stands, with its origin and flags."""

    origin: str = Field(description="The generated item's id (what edits name).")
    edited: bool
    added: bool
    flags: list[str] = Field(description="Why it cannot be exported as it is (empty: fine).")
    item: dict[str, Any] = Field(description="The item as `/learn/quiz` serves items.")


class CourseOut(BaseModel):
    """A course resolved against the registry: items, spares, flags and links."""

    id: str | None = Field(description="None for a preview that was not saved.")
    version: int | None
    name: str
    saved_at: dt.datetime | None
    recipe: RecipeIn
    edits: list[EditIn]
    items: list[CourseItemOut]
    spares: list[dict[str, Any]] = Field(description="Generated items a teacher may add.")
    flags: list[str] = Field(description="Everything that blocks an export, one line each.")
    requested: int
    links: dict[str, str] = Field(description="Play and export links (saved courses).")


class CourseCreatedOut(CourseOut):
    """A new course, with its edit key (shown once: the owner may hand it to a signed-in
    co-editor, who saves with it; the owner and admins need none)."""

    edit_key: str


class StoryLineOut(BaseModel):
    """One dated step of the mystery twinning's story."""

    when: str
    text: str
    source: str


class MysteryOut(BaseModel):
    """The game's mystery picture (SVG) and the story told when it is revealed."""

    twinning_id: str
    title: str
    svg: str
    story: list[StoryLineOut]
