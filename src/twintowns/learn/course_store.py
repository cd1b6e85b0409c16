"""Courses in the registry database (tables ``courses`` and ``course_versions``, migration
0009): create, read the newest version, save a new version.

Anonymous but local: creating a course hands out an *edit key* (only its SHA-256 is stored);
reading needs the course id only (a shared link), saving needs the key and the version the
teacher last read, so two tabs cannot silently overwrite each other (a stale version is
refused).  Every save is one transaction adding an immutable version row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from twintowns.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
    TwintownsError,
)
from twintowns.learn.course_model import (
    Edit,
    Recipe,
    edit_json,
    edits_from_json,
    recipe_from_json,
    recipe_json,
)
from twintowns.registry import Registry
from twintowns.store import schema

MAX_VERSIONS = 100_000
"""Most course versions stored (every course's together); beyond it saving is refused."""


class StaleCourseError(ConflictError):
    """A save named a version that is no longer the newest (the tree's stale write: 409)."""


class CourseKeyError(PermissionDeniedError):
    """A save without the course's edit key (the tree's refused permission: 403)."""


class CourseStoreFull(TwintownsError):
    """The course store is at its cap."""

    exit_code = 3
    http_status = 507


@dataclass(frozen=True, slots=True)
class StoredCourse:
    """One version of a stored course."""

    id: str
    version: int
    name: str
    recipe: Recipe
    edits: tuple[Edit, ...]
    saved_at: dt.datetime


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _row(course_id: str, version: int, name: str, recipe: Recipe, edits: tuple[Edit, ...],
         now: dt.datetime) -> dict[str, object]:  # fmt: skip
    return {
        "course_id": course_id, "version": version, "name": name,
        "recipe": recipe_json(recipe), "edits": [edit_json(e) for e in edits], "saved_at": now,
    }  # fmt: skip


def _check_room(conn: sa.Connection) -> None:
    count = conn.execute(sa.select(sa.func.count()).select_from(schema.course_versions)).scalar()
    if (count or 0) >= MAX_VERSIONS:
        raise CourseStoreFull(f"the course store is full ({count} versions)")


def create_course(
    registry: Registry, name: str, recipe: Recipe, edits: tuple[Edit, ...] = ()
) -> tuple[StoredCourse, str]:
    """Store a new course (version 1).

    Returns
    -------
    tuple
        The stored course and its edit key (shown once: only its hash is kept).

    Raises
    ------
    CourseStoreFull, StoreError
        If the store is at its cap or the database cannot be written.
    """
    course_id, key = secrets.token_urlsafe(9), secrets.token_urlsafe(18)
    now = dt.datetime.now(dt.UTC)
    head = {"id": course_id, "key_hash": _hash(key), "version": 1, "created_at": now,
            "updated_at": now}  # fmt: skip
    try:
        with registry.engine.begin() as conn:
            _check_room(conn)
            conn.execute(sa.insert(schema.courses).values(**head))
            conn.execute(
                sa.insert(schema.course_versions).values(
                    **_row(course_id, 1, name, recipe, edits, now)
                )
            )
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot store the course: {type(exc).__name__}") from exc
    return StoredCourse(course_id, 1, name, recipe, edits, now), key


def load_course(registry: Registry, course_id: str) -> StoredCourse:
    """The newest version of a course.

    Raises
    ------
    NotFoundError, StoreError
        If there is no such course, or the database cannot be read.
    """
    head, rows = schema.courses, schema.course_versions
    query = (
        sa.select(rows)
        .join(head, sa.and_(head.c.id == rows.c.course_id, head.c.version == rows.c.version))
        .where(head.c.id == course_id)
    )
    try:
        with registry.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot read courses: {type(exc).__name__}") from exc
    if row is None:
        raise NotFoundError(f"no course {course_id!r}")
    when = row["saved_at"]
    return StoredCourse(
        id=course_id,
        version=int(row["version"]),
        name=str(row["name"]),
        recipe=recipe_from_json(row["recipe"]),
        edits=edits_from_json(row["edits"]),
        saved_at=when if when.tzinfo else when.replace(tzinfo=dt.UTC),
    )


def save_course(
    registry: Registry,
    course_id: str,
    key: str,
    version: int,
    update: tuple[str, Recipe, tuple[Edit, ...]],
) -> StoredCourse:
    """Save a new version of a course.

    Parameters
    ----------
    registry:
        Where courses are stored.
    course_id, key:
        The course and its edit key.
    version:
        The version the teacher last read (must still be the newest).
    update:
        The new name, recipe and edits.

    Raises
    ------
    NotFoundError, CourseKeyError, StaleCourseError, CourseStoreFull, StoreError
        Unknown course, wrong key, a newer version saved since, store full, database error.
    """
    name, recipe, edits = update
    head = schema.courses
    now = dt.datetime.now(dt.UTC)
    try:
        with registry.engine.begin() as conn:
            found = conn.execute(
                sa.select(head.c.key_hash, head.c.version).where(head.c.id == course_id)
            ).first()
            if found is None:
                raise NotFoundError(f"no course {course_id!r}")
            if not hmac.compare_digest(found.key_hash, _hash(key)):
                raise CourseKeyError("this course's edit key is needed to save it")
            _check_room(conn)
            bumped = conn.execute(
                sa.update(head)
                .where(head.c.id == course_id, head.c.version == version)
                .values(version=version + 1, updated_at=now)
            )
            if bumped.rowcount != 1:  # the guarded update is the lock: one save wins
                raise StaleCourseError(
                    f"version {version} is not the newest of course {course_id!r} "
                    f"(it is {found.version}): reload it before saving",
                    version=found.version,
                )
            row = _row(course_id, version + 1, name, recipe, edits, now)
            conn.execute(sa.insert(schema.course_versions).values(**row))
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot save the course: {type(exc).__name__}") from exc
    return StoredCourse(course_id, version + 1, name, recipe, edits, now)
