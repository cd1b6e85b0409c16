"""What a teacher's course is, as plain data: its recipe (the deck it starts from) and the
edits made over the generated items, with their JSON forms and input bounds.

A course never stores generated items: it stores how to generate them (topics, difficulty,
kinds, count, seed) and what the teacher changed (remove, move, reword, add), each edit naming
a generated item by its stable id.  Re-generating from the registry and replaying the edits
(:func:`twintowns.learn.courses.resolve_course`) gives the course's items, re-checked against
the registry's facts every time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from twintowns.errors import InputError
from twintowns.learn.items import Difficulty, ItemKind

MAX_COURSE_ITEMS = 100
"""Most items a course asks the generators for."""
MAX_NAME = 200
"""Longest course name."""
MAX_TOPICS = 10
"""Most topic filters."""
MAX_TOPIC = 200
"""Longest topic text."""
MAX_EDITS = 400
"""Most edits one course keeps."""
MAX_TEXT = 2000
"""Longest edited prompt, answer or explanation."""
LEVELS = ("mixed", "easy", "medium", "hard")


class EditOp(StrEnum):
    """What an edit does to the course's list of items."""

    REMOVE = "remove"  # drop the item
    MOVE = "move"  # put the item at position ``to``
    REWORD = "reword"  # change its prompt, answer or explanation
    ADD = "add"  # add a spare generated item at position ``to`` (default: the end)


@dataclass(frozen=True, slots=True)
class Recipe:
    """The deck a course starts from.

    Attributes
    ----------
    topics:
        Topic texts as a teacher types them (``history``, ``France``, ``Coventry``).
    count, seed:
        How many items, and which (same seed, same items).
    difficulty:
        ``mixed``, ``easy``, ``medium`` or ``hard``.
    kinds:
        Item kinds to include (none: all).
    """

    topics: tuple[str, ...] = ()
    count: int = 20
    seed: int = 0
    difficulty: str = "mixed"
    kinds: tuple[ItemKind, ...] = ()

    @property
    def level(self) -> Difficulty | None:
        """The difficulty as the deck builder takes it (None: mixed)."""
        return None if self.difficulty == "mixed" else Difficulty(self.difficulty)


@dataclass(frozen=True, slots=True)
class Edit:
    """One change over the generated items; ``item`` is a generated item's id."""

    op: EditOp
    item: str
    to: int | None = None
    prompt: str | None = None
    answer: str | None = None
    explanation: str | None = None


def _text(value: object, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InputError(f"{name}: expected text")
    if len(value) > limit:
        raise InputError(f"{name}: at most {limit} characters, got {len(value)}")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise InputError(f"{name}: control characters are not allowed")
    return value


def _int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"{name}: expected a whole number from {low} to {high}")
    return value


def check_name(name: object) -> str:
    """A course name, stripped: 1 to :data:`MAX_NAME` characters of plain text.

    Raises
    ------
    InputError
        If it is empty, too long or holds control characters.
    """
    text = _text(name, "name", MAX_NAME).strip()
    if not text:
        raise InputError("name: a course needs a name")
    return text


def recipe_from_json(data: Mapping[str, Any]) -> Recipe:
    """Read a recipe from its JSON form, checking every bound.

    Raises
    ------
    InputError
        For a missing, mistyped or out-of-range field.
    """
    topics = data.get("topics", [])
    if not isinstance(topics, list) or len(topics) > MAX_TOPICS:
        raise InputError(f"topics: a list of at most {MAX_TOPICS} topics")
    difficulty = data.get("difficulty", "mixed")
    if difficulty not in LEVELS:
        raise InputError(f"difficulty: one of {', '.join(LEVELS)}")
    kinds = data.get("kinds", [])
    if not isinstance(kinds, list) or any(k not in set(ItemKind) for k in kinds):
        raise InputError(f"kinds: a list of {', '.join(ItemKind)}")
    return Recipe(
        topics=tuple(_text(t, "topics", MAX_TOPIC).strip() for t in topics),
        count=_int(data.get("count", 20), "count", 1, MAX_COURSE_ITEMS),
        seed=_int(data.get("seed", 0), "seed", 0, 2**31 - 1),
        difficulty=str(difficulty),
        kinds=tuple(ItemKind(k) for k in dict.fromkeys(kinds)),
    )


def recipe_json(recipe: Recipe) -> dict[str, Any]:
    """The JSON form of a recipe."""
    return {
        "topics": list(recipe.topics),
        "count": recipe.count,
        "seed": recipe.seed,
        "difficulty": recipe.difficulty,
        "kinds": [k.value for k in recipe.kinds],
    }


def _item_id(value: object) -> str:
    text = _text(value, "edit item", 32).strip().lower()
    if len(text) != 16 or any(c not in "0123456789abcdef" for c in text):
        raise InputError(f"edit item: {text!r} is not an item id (16 hexadecimal digits)")
    return text


def edit_from_json(data: Mapping[str, Any]) -> Edit:
    """Read one edit from its JSON form.

    Raises
    ------
    InputError
        For an unknown operation, a bad item id or position, or text out of bounds.
    """
    op = data.get("op")
    if op not in set(EditOp):
        raise InputError(f"edit op: one of {', '.join(EditOp)}")
    to = data.get("to")
    texts = {
        field: None if data.get(field) is None else _text(data[field], field, MAX_TEXT)
        for field in ("prompt", "answer", "explanation")
    }
    edit = Edit(
        op=EditOp(op),
        item=_item_id(data.get("item")),
        to=None if to is None else _int(to, "edit to", 0, MAX_COURSE_ITEMS * 2),
        **texts,
    )
    if edit.op is EditOp.REWORD and all(v is None for v in texts.values()):
        raise InputError("a reword edit needs a new prompt, answer or explanation")
    if edit.op is EditOp.MOVE and edit.to is None:
        raise InputError("a move edit needs the position to move to ('to')")
    return edit


def edits_from_json(data: Sequence[Mapping[str, Any]]) -> tuple[Edit, ...]:
    """Read a list of edits (at most :data:`MAX_EDITS`)."""
    if len(data) > MAX_EDITS:
        raise InputError(f"edits: at most {MAX_EDITS} edits, got {len(data)}")
    return tuple(edit_from_json(d) for d in data)


def edit_json(edit: Edit) -> dict[str, Any]:
    """The JSON form of an edit (fields left unset are left out)."""
    out: dict[str, Any] = {"op": edit.op.value, "item": edit.item}
    for field in ("to", "prompt", "answer", "explanation"):
        value = getattr(edit, field)
        if value is not None:
            out[field] = value
    return out
