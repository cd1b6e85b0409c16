"""Courses (issue 23): a recipe's items regenerated and the teacher's edits replayed, edited
answers checked against the registry, exports refused while flagged, versions stored and
stale saves refused, and the game's mystery picture and story."""

from __future__ import annotations

import dataclasses
import sqlite3
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from twintowns.errors import InputError, NotFoundError
from twintowns.learn import Facts, Topic, build_deck
from twintowns.learn.course_model import (
    Edit,
    EditOp,
    Recipe,
    edits_from_json,
    recipe_from_json,
)
from twintowns.learn.course_store import (
    Author,
    CourseKeyError,
    StaleCourseError,
    create_course,
    load_course,
    save_course,
)
from twintowns.learn.courses import (
    FlaggedCourseError,
    answer_issue,
    deck_spec,
    exportable_deck,
    resolve_course,
    variant,
)
from twintowns.learn.items import ItemKind
from twintowns.learn.mystery import mystery
from twintowns.learn.writers import write_deck
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.store import schema

HISTORY = (Topic("history", "history"), Topic("terminology", "terminology"))


def recipe(count: int = 12) -> Recipe:
    return Recipe(topics=("history", "terminology"), count=count, seed=3)


def test_the_course_s_items_are_the_recipe_s_deck(facts: Facts) -> None:
    spec = deck_spec(recipe(), HISTORY)
    course = resolve_course(facts, "Twins", spec, ())
    deck = build_deck(facts, spec)
    assert [e.item.id for e in course.items] == [i.id for i in deck.items]
    assert course.spares
    assert not {i.id for i in course.spares} & {i.id for i in deck.items}
    assert course.flags == []


def test_remove_move_reword_and_add_are_replayed_in_order(facts: Facts) -> None:
    spec = deck_spec(recipe(), HISTORY)
    base = resolve_course(facts, "Twins", spec, ())
    ids = [e.origin for e in base.items]
    spare = base.spares[0].id
    edits = (
        Edit(EditOp.REMOVE, ids[0]),
        Edit(EditOp.REMOVE, ids[1]),
        Edit(EditOp.MOVE, ids[5], to=0),
        Edit(EditOp.REWORD, ids[2], prompt="Reworded question?"),
        Edit(EditOp.ADD, spare, to=1),
    )
    course = resolve_course(facts, "Twins", spec, edits)
    origins = [e.origin for e in course.items]
    assert len(origins) == len(ids) - 2 + 1
    assert origins[:3] == [ids[5], spare, ids[2]]
    assert ids[0] not in origins
    assert ids[1] not in origins
    reworded = course.items[2]
    assert reworded.item.prompt == "Reworded question?"
    assert reworded.edited
    assert reworded.item.sources == base.items[2].item.sources  # it keeps the facts it cites
    assert course.items[1].added
    assert spare not in {i.id for i in course.spares}
    assert course.flags == []


def test_an_edited_answer_the_registry_does_not_back_is_flagged(facts: Facts) -> None:
    spec = deck_spec(recipe(30), HISTORY)
    base = resolve_course(facts, "Twins", spec, ())
    choice = next(e for e in base.items if e.item.kind is ItemKind.MULTIPLE_CHOICE)
    wrong = next(c.text for c in choice.item.choices if not c.correct)
    right = choice.item.correct_choice
    assert right is not None
    assert answer_issue(facts, choice.item, f"It is {right.text}.") is None
    edits = (Edit(EditOp.REWORD, choice.origin, answer=wrong),)
    course = resolve_course(facts, "Twins", spec, edits)
    assert len(course.flags) == 1
    assert "registry's answer" in course.flags[0]
    with pytest.raises(FlaggedCourseError):
        exportable_deck(course)
    statement = next(e for e in base.items if e.item.kind is ItemKind.TRUE_FALSE)
    flipped = "False." if statement.item.truth else "True."
    assert answer_issue(facts, statement.item, flipped) is not None
    assert answer_issue(facts, statement.item, statement.item.answer.upper()) is None


def test_a_year_changed_in_a_flashcard_answer_is_flagged(facts: Facts) -> None:
    spec = deck_spec(recipe(30), HISTORY)
    course = resolve_course(facts, "Twins", spec, ())
    card = next(e.item for e in course.items if e.item.kind is ItemKind.FLASHCARD
                and any(ch.isdigit() for ch in e.item.answer))  # fmt: skip
    year = next(w for w in card.answer.split() if w.strip(".,").isdigit()).strip(".,")
    assert answer_issue(facts, card, card.answer.replace(year, "1066")) is not None


def test_an_edit_of_an_item_no_longer_generated_is_a_problem(facts: Facts) -> None:
    spec = deck_spec(recipe(), HISTORY)
    course = resolve_course(facts, "Twins", spec, (Edit(EditOp.REMOVE, "0123456789abcdef"),))
    assert course.problems
    assert "no longer generates" in course.problems[0]


def test_export_variant_b_shuffles_items_and_options_but_not_answers(
    facts: Facts, tmp_path: Path
) -> None:
    course = resolve_course(facts, "Twinning week", deck_spec(recipe(20), HISTORY), ())
    deck = exportable_deck(course)
    b = variant(deck, "B", "salt")
    assert b.name == "Twinning week (version B)"
    assert sorted(i.id for i in b.items) == sorted(i.id for i in deck.items)
    assert [i.id for i in b.items] != [i.id for i in deck.items]
    write_deck(deck, tmp_path / "course.apkg")
    with zipfile.ZipFile(tmp_path / "course.apkg") as package:
        (tmp_path / "c.sqlite").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == len(deck.items)
        assert "Twinning week" in db.execute("SELECT decks FROM col").fetchone()[0]


def test_bounds_of_recipes_and_edits() -> None:
    with pytest.raises(InputError, match="count"):
        recipe_from_json({"count": 101})
    with pytest.raises(InputError, match="difficulty"):
        recipe_from_json({"difficulty": "brutal"})
    with pytest.raises(InputError, match="item id"):
        edits_from_json([{"op": "remove", "item": "x"}])
    with pytest.raises(InputError, match="reword"):
        edits_from_json([{"op": "reword", "item": "0123456789abcdef"}])
    with pytest.raises(InputError, match="at most 2000"):
        edits_from_json([{"op": "reword", "item": "0123456789abcdef", "prompt": "x" * 2001}])


OWNER, OTHER, ADMIN = Author(1, "ann"), Author(2, "bob"), Author(3, "root", admin=True)


def test_courses_are_stored_versioned_and_stale_saves_refused(registry_copy: Registry) -> None:
    stored, _key = create_course(registry_copy, OWNER, "Twins", recipe())
    assert stored.owner_id == 1
    assert load_course(registry_copy, stored.id) == stored
    edits = (Edit(EditOp.REMOVE, "0123456789abcdef"),)
    second = save_course(registry_copy, stored.id, OWNER, None, 1, ("Twins 2", recipe(15), edits))
    assert second.version == 2
    loaded = load_course(registry_copy, stored.id)
    assert (loaded.version, loaded.name, loaded.recipe.count, loaded.edits) == (
        2, "Twins 2", 15, edits,
    )  # fmt: skip
    with pytest.raises(StaleCourseError):
        save_course(registry_copy, stored.id, OWNER, None, 1, ("Twins 3", recipe(), ()))
    with pytest.raises(CourseKeyError):
        save_course(registry_copy, stored.id, OTHER, "not the key", 2, ("Twins 3", recipe(), ()))
    with pytest.raises(CourseKeyError):
        save_course(registry_copy, stored.id, OTHER, None, 2, ("Twins 3", recipe(), ()))
    with pytest.raises(NotFoundError):
        load_course(registry_copy, "nope")
    assert load_course(registry_copy, stored.id).version == 2  # nothing changed


def test_who_may_save_a_course_and_every_write_is_audited(registry_copy: Registry) -> None:
    stored, key = create_course(registry_copy, OWNER, "Twins", recipe())
    update = ("Twins", recipe(), ())
    assert save_course(registry_copy, stored.id, OTHER, key, 1, update).version == 2  # co-editor
    assert save_course(registry_copy, stored.id, ADMIN, None, 2, update).owner_id == 1
    with registry_copy.engine.begin() as conn:  # a course stored before accounts
        conn.execute(sa.update(schema.courses).values(owner_id=None))
    with pytest.raises(CourseKeyError, match="admin"):
        save_course(registry_copy, stored.id, OWNER, key, 3, update)
    assert save_course(registry_copy, stored.id, ADMIN, None, 3, update).version == 4
    log = schema.audit_log
    with registry_copy.engine.connect() as conn:
        rows = conn.execute(
            sa.select(log.c.actor, log.c.action)
            .where(log.c.target == f"course:{stored.id}")
            .order_by(log.c.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("ann", "course create"), ("bob", "course save"), ("root", "course save"),
        ("root", "course save"),
    ]  # fmt: skip


def test_the_mystery_is_a_cited_twinning_with_its_story(facts: Facts) -> None:
    course = resolve_course(facts, "Twins", deck_spec(recipe(20), HISTORY), ())
    found = mystery(facts, [e.item for e in course.items])
    assert found is not None
    assert found.svg.startswith("<svg")
    assert "<script" not in found.svg
    assert found.story
    assert all(line.source.title for line in found.story)
    years = [int(line.when[-4:]) for line in found.story if line.when[-4:].isdigit()]
    assert years == sorted(years)
    assert dataclasses.asdict(found)["title"] == found.title


def test_the_course_store_on_both_backends(database_url: str) -> None:
    settings = Settings(database_url=database_url, auto_load=False)
    registry = Registry.open(settings)
    try:
        stored, _key = create_course(registry, OWNER, "Twins", recipe())
        saved = save_course(registry, stored.id, OWNER, None, 1, ("Twins", recipe(13), ()))
        assert load_course(registry, stored.id) == saved
        with pytest.raises(StaleCourseError):
            save_course(registry, stored.id, OWNER, None, 1, ("Twins", recipe(14), ()))
        assert load_course(registry, stored.id).recipe.count == 13
    finally:
        registry.engine.dispose()
