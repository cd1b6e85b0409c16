"""Courses in the registry database (tables ``courses`` and ``course_versions``, migrations
0009 and 0011): create, read the newest version, save a new version.

Writes have an author, a signed-in account (the API checks the credentials): the creator is
the course's *owner*.  Creating also hands out an *edit key* (only its SHA-256 is stored), the
owner's way to let a co-editor save.  Who may save a new version: the owner; an admin; another
author presenting the edit key.  A course stored before accounts (no owner) is saved by an
admin only.  Reading needs the course id only (a shared link).  A save names the version the
teacher last read, so two tabs cannot silently overwrite each other (a stale version is
refused).  Every write is one transaction adding an immutable version row and an audit entry.
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
from twintowns.store.writer import audit

MAX_VERSIONS = 100_000
"""Most course versions stored (every course's together); beyond it saving is refused."""


class StaleCourseError(ConflictError):
    """A save named a version that is no longer the newest (the tree's stale write: 409)."""


class CourseKeyError(PermissionDeniedError):
    """A save by someone who is neither the owner, nor an admin, nor holds the edit key
    (the tree's refused permission: 403)."""


@dataclass(frozen=True, slots=True)
class Author:
    """Who writes a course: a signed-in account.

    Attributes
    ----------
    user_id, name:
        The account (``users.id``) and its name (the audit log's actor).
    admin:
        True when the account may save any course.
    """

    user_id: int
    name: str
    admin: bool = False


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
    owner_id: int | None = None


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
    registry: Registry, author: Author, name: str, recipe: Recipe, edits: tuple[Edit, ...] = ()
) -> tuple[StoredCourse, str]:
    """Store a new course (version 1) owned by ``author``, audited.

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
            "updated_at": now, "owner_id": author.user_id}  # fmt: skip
    try:
        with registry.engine.begin() as conn:
            _check_room(conn)
            conn.execute(sa.insert(schema.courses).values(**head))
            conn.execute(
                sa.insert(schema.course_versions).values(
                    **_row(course_id, 1, name, recipe, edits, now)
                )
            )
            audit(conn, "course create", f"course:{course_id}", {"version": 1}, author.name)
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot store the course: {type(exc).__name__}") from exc
    return StoredCourse(course_id, 1, name, recipe, edits, now, author.user_id), key


def load_course(registry: Registry, course_id: str) -> StoredCourse:
    """The newest version of a course.

    Raises
    ------
    NotFoundError, StoreError
        If there is no such course, or the database cannot be read.
    """
    head, rows = schema.courses, schema.course_versions
    query = (
        sa.select(rows, head.c.owner_id)
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
        owner_id=row["owner_id"],
    )


def _may_save(author: Author, owner_id: int | None, key_hash: str, key: str | None) -> bool:
    if author.admin or (owner_id is not None and owner_id == author.user_id):
        return True
    keyed = key is not None and hmac.compare_digest(key_hash, _hash(key))
    return owner_id is not None and keyed  # a course without owner: an admin's only


def save_course(
    registry: Registry,
    course_id: str,
    author: Author,
    key: str | None,
    version: int,
    update: tuple[str, Recipe, tuple[Edit, ...]],
) -> StoredCourse:
    """Save a new version of a course, audited.

    Parameters
    ----------
    registry:
        Where courses are stored.
    course_id:
        The course.
    author, key:
        Who saves, and the edit key if they hold it (the owner and admins need none).
    version:
        The version the teacher last read (must still be the newest).
    update:
        The new name, recipe and edits.

    Raises
    ------
    NotFoundError, CourseKeyError, StaleCourseError, CourseStoreFull, StoreError
        Unknown course, neither owner nor admin nor key, a newer version saved since, store
        full, database error.
    """
    name, recipe, edits = update
    head = schema.courses
    now = dt.datetime.now(dt.UTC)
    try:
        with registry.engine.begin() as conn:
            found = conn.execute(
                sa.select(head.c.key_hash, head.c.version, head.c.owner_id).where(
                    head.c.id == course_id
                )
            ).first()
            if found is None:
                raise NotFoundError(f"no course {course_id!r}")
            if not _may_save(author, found.owner_id, found.key_hash, key):
                raise CourseKeyError(
                    "only this course's owner, an admin, or a holder of its edit key may save it"
                    if found.owner_id is not None
                    else "this course was stored before accounts: only an admin may save it"
                )
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
            detail = {"version": version + 1, "owner": found.owner_id}
            audit(conn, "course save", f"course:{course_id}", detail, author.name)
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot save the course: {type(exc).__name__}") from exc
    return StoredCourse(course_id, version + 1, name, recipe, edits, now, found.owner_id)
