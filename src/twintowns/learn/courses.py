"""Courses: a deck recipe plus a teacher's edits, resolved against the registry into items,
checked, and turned into a deck any of the learning pack's writers can export.

:func:`resolve_course` builds the recipe's deck with a few spare items beyond its count (the
deck builder is round-robin, so the first ``count`` items are the recipe's deck itself), then
replays the edits in order.  A reworded item keeps the facts and sources it cites; a reworded
answer is compared with what the registry backs (:func:`answer_issue`), and an edit naming an
item the registry no longer generates is reported: both are *flags* that block an export
(:func:`exportable_deck`) until the teacher fixes them.
"""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata
from dataclasses import dataclass

from twintowns.errors import TwintownsError
from twintowns.learn.course_model import Edit, EditOp, Recipe
from twintowns.learn.deck import Deck, DeckSpec, build_deck
from twintowns.learn.facts import Facts
from twintowns.learn.flags import Exclusions
from twintowns.learn.items import Item, ItemKind
from twintowns.learn.topics import Topic
from twintowns.learn.truth import Truth, evaluate
from twintowns.memo import Memo

SPARES = 20
"""Generated items beyond the recipe's count that a teacher may add."""

_DECKS = Memo(32)  # every edit re-previews the same recipe: its deck is built once per snapshot


class FlaggedCourseError(TwintownsError):
    """The course holds flagged items (an answer the registry does not back): no export."""

    exit_code = 2
    http_status = 409


@dataclass(frozen=True, slots=True)
class CourseItem:
    """One item of a resolved course.

    Attributes
    ----------
    item:
        The item as the course shows it (reworded when edited).
    origin:
        The id of the generated item it comes from (what edits name).
    edited, added:
        Whether the teacher reworded it, or added it from the spares.
    flags:
        Why it cannot be exported as it is (empty: fine).
    """

    item: Item
    origin: str
    edited: bool = False
    added: bool = False
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Course:
    """A resolved course: its items in order, the spares left to add, and edit problems."""

    name: str
    spec: DeckSpec
    items: tuple[CourseItem, ...]
    spares: tuple[Item, ...]
    problems: tuple[str, ...]

    @property
    def flags(self) -> list[str]:
        """Every reason the course cannot be exported, one line each."""
        out = list(self.problems)
        for n, entry in enumerate(self.items, 1):
            out += [f"item {n} ({entry.origin}): {flag}" for flag in entry.flags]
        return out


@dataclass(frozen=True, slots=True)
class CourseDeck(Deck):
    """A deck titled with the course's name (what every writer prints as the title)."""

    title: str = ""

    @property
    def name(self) -> str:
        """The course's name."""
        return self.title or self.spec.name


def deck_spec(recipe: Recipe, topics: tuple[Topic, ...]) -> DeckSpec:
    """The deck spec of ``recipe`` with its topic texts already parsed into ``topics``."""
    return DeckSpec(
        topics=topics, count=recipe.count, seed=recipe.seed, difficulty=recipe.level,
        kinds=recipe.kinds,
    )  # fmt: skip


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(folded)


def _salient(text: str) -> set[str]:
    """Numbers (years, days) and capitalised words (names) of ``text``: what an answer must
    keep to still say the same fact."""
    found = set(re.findall(r"\d+", text))
    found |= {w.casefold() for w in re.findall(r"\b[^\W\d_][\w'-]*", text) if w[0].isupper()}
    return found


def answer_issue(facts: Facts, item: Item, answer: str) -> str | None:
    """Why ``answer``, a teacher's rewording of ``item``'s answer, is not what the registry
    backs; None when it is.

    True/false items: the answer must begin with the verdict the registry gives the statement
    now.  Multiple choice and terminology: it must say the correct choice's text.  Other kinds
    (flashcards, ordering, map): it must keep every number and name of the generated answer.
    """
    if _words(answer) == _words(item.answer):
        return None
    if item.statement is not None:
        verdict = evaluate(facts, item.statement)
        wanted = {Truth.TRUE: "true", Truth.FALSE: "false"}.get(verdict)
        said = (_words(answer) or [""])[0]
        if wanted is None or said != wanted:
            return f"the registry says {verdict.value!s} to this statement, not {answer!r}"
        return None
    choice = item.correct_choice
    if choice is not None and item.kind in (ItemKind.MULTIPLE_CHOICE, ItemKind.TERMINOLOGY):
        if " ".join(_words(choice.text)) not in " ".join(_words(answer)):
            return f"the registry's answer is {choice.text!r}, not {answer!r}"
        return None
    missing = _salient(item.answer) - set(_words(answer))
    if missing:
        return f"the answer no longer says {', '.join(sorted(missing))} (the registry's facts)"
    return None


def _reword(facts: Facts, entry: CourseItem, edit: Edit, generated: Item) -> CourseItem:
    """``entry`` reworded by ``edit``; the facts, sources and key stay the generated item's."""
    changes = {
        f: getattr(edit, f).strip()
        for f in ("prompt", "answer", "explanation")
        if getattr(edit, f) is not None and getattr(edit, f).strip()
    }
    item = dataclasses.replace(entry.item, **changes)
    issue = answer_issue(facts, generated, item.answer) if "answer" in changes else None
    flags = tuple(f for f in entry.flags if not f.startswith("answer:"))
    flags += (f"answer: {issue}",) if issue else ()
    return dataclasses.replace(entry, item=item, edited=True, flags=flags)


def _place(entries: list[CourseItem], entry: CourseItem, to: int | None) -> None:
    at = len(entries) if to is None else max(0, min(to, len(entries)))
    entries.insert(at, entry)


def _apply(
    facts: Facts, entries: list[CourseItem], edit: Edit, generated: dict[str, Item]
) -> str | None:
    """Apply one edit in place; a problem line when it names an item it cannot find."""
    where = next((n for n, e in enumerate(entries) if e.origin == edit.item), None)
    if edit.op is EditOp.ADD:
        if where is not None:
            return None  # already in the course: adding it again changes nothing
        if edit.item not in generated:
            return f"cannot add item {edit.item}: the registry no longer generates it"
        _place(entries, CourseItem(generated[edit.item], edit.item, added=True), edit.to)
        return None
    if where is None:
        if edit.item in generated:
            return None  # an edit of an item removed earlier
        return f"cannot {edit.op.value} item {edit.item}: the registry no longer generates it"
    entry = entries.pop(where)
    if edit.op is EditOp.MOVE:
        _place(entries, entry, edit.to)
    elif edit.op is EditOp.REWORD:
        entries.insert(where, _reword(facts, entry, edit, generated[edit.item]))
    return None


def _generated(facts: Facts, spec: DeckSpec, excluded: Exclusions) -> Deck:
    """The deck of ``spec`` (kept per snapshot version, spec and exclusions: decks are
    deterministic, so a kept one is the one that would be built)."""
    key = ("course-deck", facts.snapshot.version, facts.include_doubtful, spec, excluded)
    found = _DECKS.get(key)
    if isinstance(found, Deck):
        return found
    return _DECKS.put(key, build_deck(facts, spec, excluded))


def resolve_course(
    facts: Facts,
    name: str,
    spec: DeckSpec,
    edits: tuple[Edit, ...],
    excluded: Exclusions | None = None,
) -> Course:
    """Generate a course's items and replay its edits.

    Parameters
    ----------
    facts:
        The registry snapshot.
    name:
        The course's name.
    spec:
        The recipe's deck spec (:func:`deck_spec`).
    edits:
        The teacher's edits, in the order made.
    excluded:
        Flagged items to leave out of generation.

    Returns
    -------
    Course
        Items in order (with their flags), spare items, and edits that named unknown items.

    Raises
    ------
    InputError
        If no item matches the recipe's topics.
    """
    wider = dataclasses.replace(spec, count=spec.count + SPARES)
    deck = _generated(facts, wider, excluded or Exclusions())
    generated = {item.id: item for item in deck.items}
    entries = [CourseItem(item, item.id) for item in deck.items[: spec.count]]
    problems = [p for e in edits if (p := _apply(facts, entries, e, generated)) is not None]
    used = {e.origin for e in entries}
    # the items beyond the count first, then those the teacher removed (to put back)
    order = [*deck.items[spec.count :], *deck.items[: spec.count]]
    spares = tuple(i for i in order if i.id not in used)
    return Course(name, spec, tuple(entries), spares, tuple(problems))


def variant(deck: CourseDeck, letter: str, salt: str) -> CourseDeck:
    """Exam version ``letter``: A is the course as edited; B (or any other letter) shuffles
    the items' order and every question's options, fixed by ``salt`` and the letter."""
    title = f"{deck.title} (version {letter})"
    if letter == "A":
        return dataclasses.replace(deck, title=title)
    rng = random.Random(f"{salt}:{letter}")
    items = [
        dataclasses.replace(i, choices=tuple(rng.sample(i.choices, len(i.choices))))
        for i in deck.items
    ]
    rng.shuffle(items)
    return dataclasses.replace(deck, items=tuple(items), title=title)


def exportable_deck(course: Course) -> CourseDeck:
    """The course as a deck for the writers.

    Raises
    ------
    FlaggedCourseError
        If any item is flagged or an edit names an item the registry no longer generates.
    """
    flags = course.flags
    if flags:
        shown = "; ".join(flags[:5]) + (f"; and {len(flags) - 5} more" if len(flags) > 5 else "")
        raise FlaggedCourseError(f"the course has {len(flags)} flag(s) to fix first: {shown}")
    return CourseDeck(course.spec, tuple(e.item for e in course.items), title=course.name)
