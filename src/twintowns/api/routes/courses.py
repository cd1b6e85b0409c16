"""Routes of the teacher's studio: courses (a deck recipe plus edits) previewed, stored,
saved by version, exported with the learning pack's writers, and played as the mystery game;
plus the studio and game pages themselves.

Thin over :mod:`twintowns.learn.courses` and :mod:`twintowns.learn.course_store`.

Who may do what (issues 15 and 23):

* reading a course, previewing one (a POST that stores nothing), exporting it and playing
  its game are public;
* creating a course needs a signed-in account allowed to propose (contributor, steward,
  reviewer or admin), authenticated as ``/proposals`` is: a session cookie with its CSRF token
  (``X-CSRF-Token``) or an API token with the ``propose`` scope; anonymous writes get 401;
  the creator is the course's owner;
* saving a new version needs the same, and being the course's owner, or an admin (an account
  with the admin role and a credential with the ``admin`` scope), or presenting the course's
  edit key (``X-Course-Key``, handed to the owner at creation to share with co-editors);
  else 403.  A course stored before accounts has no owner: only an admin may save it.

Writes spend the living registry's per-address and per-account write tokens (429) and are
audited (``course create``, ``course save``).  A save names the version it was read at (409
when stale).  Answers depend on stored courses, so they are never cached (the ETag middleware
skips ``/learn``).
"""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse

from twintowns.accounts import Action, Principal, Role, require
from twintowns.api import course_schemas as cs
from twintowns.api.auth import LIVING_RESPONSES, client_of, current, limits
from twintowns.api.errors import ERROR_RESPONSES, WRITE_RESPONSES
from twintowns.api.params import parse_topics
from twintowns.api.routes.atlas import static_dir
from twintowns.api.routes.learn import NO_STORE
from twintowns.api.state import AppState, Snap, State
from twintowns.errors import AuthenticationError, NotFoundError
from twintowns.learn.course_model import (
    Edit,
    Recipe,
    check_name,
    edit_json,
    edits_from_json,
    recipe_from_json,
    recipe_json,
)
from twintowns.learn.course_store import (
    Author,
    StoredCourse,
    create_course,
    load_course,
    save_course,
)
from twintowns.learn.courses import Course, deck_spec, exportable_deck, resolve_course, variant
from twintowns.learn.flags import exclusions
from twintowns.learn.mystery import mystery
from twintowns.learn.quiz import item_json
from twintowns.learn.writers import DeckFormat, write_deck
from twintowns.query import Snapshot

router = APIRouter(prefix="/learn/courses", tags=["courses"], responses=ERROR_RESPONSES)
pages = APIRouter(include_in_schema=False)

CourseId = Annotated[
    str, PathParam(pattern=r"^[A-Za-z0-9_-]{4,32}$", description="The course's id.")
]
KeyHeader = Annotated[
    str | None,
    Header(
        alias="X-Course-Key",
        max_length=64,
        description="The course's edit key (a co-editor's; the owner and admins need none).",
    ),
]


def teacher(request: Request, who: Annotated[Principal | None, Depends(current)]) -> Author:
    """A dependency: the signed-in author of a course write (401 anonymous, 403 a role or
    token scope that may not propose), rate-limited per address and per account (429)."""
    if who is None:
        raise AuthenticationError(
            "sign in to save courses: creating or saving a course needs an account"
        )
    granted = require(who, Action.PROPOSE)
    limits(request).write.take(client_of(request), "course saves from this address")
    limits(request).write.take(f"user:{granted.user_id}", "writes from this account")
    admin = Role.ADMIN in granted.roles and granted.can(Action.ADMIN)
    return Author(granted.user_id, granted.name, admin=admin)


Teacher = Annotated[Author, Depends(teacher)]
COURSE_WRITE_RESPONSES = WRITE_RESPONSES | {k: LIVING_RESPONSES[k] for k in (401, 403, 409, 429)}
"""A course write's errors: signed out, not allowed, stale, too many writes, store full."""


class ExportFormat(StrEnum):
    """What ``/export.{format}`` writes."""

    PDF = "pdf"
    APKG = "apkg"
    GIFT = "gift"
    TSV = "tsv"
    HTML = "html"


class Layout(StrEnum):
    """What a PDF holds: a worksheet, an exam (version A or B), or duplex flashcards."""

    WORKSHEET = "worksheet"
    EXAM = "exam"
    CARDS = "cards"


MEDIA = {
    ExportFormat.PDF: "application/pdf",
    ExportFormat.APKG: "application/octet-stream",
    ExportFormat.GIFT: "text/plain; charset=utf-8",
    ExportFormat.TSV: "text/tab-separated-values; charset=utf-8",
    ExportFormat.HTML: "text/html; charset=utf-8",
}


def _parts(body: cs.CourseIn) -> tuple[str, Recipe, tuple[Edit, ...]]:
    """The library's form of a request body (checked again by the library's own bounds)."""
    edits = edits_from_json([e.model_dump(exclude_none=True) for e in body.edits])
    return check_name(body.name), recipe_from_json(body.recipe.model_dump(mode="json")), edits


def _resolve(
    state: AppState, snapshot: Snapshot, parts: tuple[str, Recipe, tuple[Edit, ...]]
) -> Course:
    name, recipe, edits = parts
    spec = deck_spec(recipe, parse_topics(state.names(snapshot), recipe.topics))
    course = resolve_course(state.learn.facts(), name, spec, edits, exclusions(state.registry))
    state.learn.remember(e.item for e in course.items)  # a flag from the studio keeps the text
    return course


def _links(course_id: str) -> dict[str, str]:
    base = f"/learn/courses/{course_id}"
    links = {"play": f"/play/{course_id}", "studio": f"/studio#course={course_id}"}
    links |= {f.value: f"{base}/export.{f.value}" for f in ExportFormat}
    links["exam_a"] = f"{base}/export.pdf?layout=exam&variant=A"
    links["exam_b"] = f"{base}/export.pdf?layout=exam&variant=B"
    links["cards"] = f"{base}/export.pdf?layout=cards"
    return links


def _course_out(course: Course, recipe: Recipe, edits: tuple[Edit, ...],
                stored: StoredCourse | None) -> dict[str, Any]:  # fmt: skip
    return {
        "id": stored.id if stored else None,
        "version": stored.version if stored else None,
        "name": course.name,
        "saved_at": stored.saved_at if stored else None,
        "recipe": recipe_json(recipe),
        "edits": [edit_json(e) for e in edits],
        "items": [
            {
                "origin": e.origin,
                "edited": e.edited,
                "added": e.added,
                "flags": list(e.flags),
                "item": item_json(e.item),
            }
            for e in course.items
        ],
        "spares": [item_json(i) for i in course.spares],
        "flags": course.flags,
        "requested": recipe.count,
        "links": _links(stored.id) if stored else {},
    }


@router.post("/preview", summary="Preview a course without saving it")
def preview_course(
    state: State, snapshot: Snap, body: cs.CourseIn, response: Response
) -> cs.CourseOut:
    """Generate the recipe's items, replay the edits and flag edited answers the registry does
    not back; nothing is stored."""
    response.headers["cache-control"] = NO_STORE
    parts = _parts(body)
    course = _resolve(state, snapshot, parts)
    return cs.CourseOut.model_validate(_course_out(course, parts[1], parts[2], None))


@router.post("", summary="Create a course", status_code=201, responses=COURSE_WRITE_RESPONSES)
def post_course(
    state: State, snapshot: Snap, author: Teacher, body: cs.CourseIn
) -> cs.CourseCreatedOut:
    """Store a new course (version 1) owned by the signed-in account (401 when signed out)
    and answer it resolved, with its edit key: the owner may hand the key to a co-editor,
    who saves with it while signed in.  Anyone with the course's id can read, export and
    play it."""
    parts = _parts(body)
    course = _resolve(state, snapshot, parts)  # a recipe matching nothing is refused first
    stored, key = create_course(state.registry, author, *parts)
    out = _course_out(course, parts[1], parts[2], stored) | {"edit_key": key}
    return cs.CourseCreatedOut.model_validate(out)


@router.get("/{course_id}", summary="A course, resolved against the registry")
def get_course(
    state: State, snapshot: Snap, course_id: CourseId, response: Response
) -> cs.CourseOut:
    """The newest version of a course: its items (answers, sources, flags), the spare items a
    teacher may add, and its play and export links."""
    response.headers["cache-control"] = NO_STORE
    stored = load_course(state.registry, course_id)
    parts = (stored.name, stored.recipe, stored.edits)
    course = _resolve(state, snapshot, parts)
    return cs.CourseOut.model_validate(_course_out(course, stored.recipe, stored.edits, stored))


@router.put(
    "/{course_id}", summary="Save a new version of a course", responses=COURSE_WRITE_RESPONSES
)
def put_course(
    state: State,
    snapshot: Snap,
    author: Teacher,
    course_id: CourseId,
    body: cs.CourseSaveIn,
    key: KeyHeader = None,
) -> cs.CourseOut:
    """Save the course as a new version, signed in (else 401).  The owner or an admin may
    save; anyone else signed in needs `X-Course-Key`, the key given at creation (else 403); a
    course stored before accounts is an admin's only.  `version` must be the newest one
    (else 409: reload first)."""
    parts = _parts(body)
    course = _resolve(state, snapshot, parts)
    stored = save_course(state.registry, course_id, author, key, body.version, parts)
    return cs.CourseOut.model_validate(_course_out(course, parts[1], parts[2], stored))


@router.get(
    "/{course_id}/export.{fmt}",
    summary="Export a course: PDF, Anki, GIFT, Quizlet TSV or a web page",
    response_class=Response,
    responses={200: {"content": {m.split(";")[0]: {} for m in MEDIA.values()}}},
)
def export_course(
    state: State,
    snapshot: Snap,
    course_id: CourseId,
    fmt: ExportFormat,
    layout: Annotated[Layout, Query(description="PDF only.")] = Layout.WORKSHEET,
    variant_letter: Annotated[
        str, Query(alias="variant", pattern="^[AB]$", description="Exam version A or B.")
    ] = "A",
) -> Response:
    """The course written by the same writers as `twintowns learn deck`: a worksheet, an exam
    (answer key on its own pages; version B shuffles items and options) or duplex flashcards
    as PDF, an Anki package, Moodle GIFT, Quizlet TSV, or a self-contained quiz page.  A course
    with flagged items is refused (409) until they are fixed."""
    stored = load_course(state.registry, course_id)
    course = _resolve(state, snapshot, (stored.name, stored.recipe, stored.edits))
    deck = exportable_deck(course)
    if fmt is ExportFormat.PDF and layout is Layout.EXAM:
        deck = variant(deck, variant_letter, f"{course_id}:{stored.version}")
    target = DeckFormat.CARDS if layout is Layout.CARDS and fmt is ExportFormat.PDF else None
    with tempfile.TemporaryDirectory(prefix="twintowns-course-") as folder:
        path = Path(folder) / f"course.{fmt.value}"
        write_deck(deck, path, target or DeckFormat(fmt.value))
        body = path.read_bytes()
    suffix = f"-{layout.value}" + (f"-{variant_letter}" if layout is Layout.EXAM else "")
    name = f"course-{course_id}{suffix if fmt is ExportFormat.PDF else ''}.{fmt.value}"
    headers = {"content-disposition": f'attachment; filename="{name}"', "cache-control": NO_STORE}
    return Response(body, media_type=MEDIA[fmt], headers=headers)


@router.get("/{course_id}/mystery", summary="The game's mystery picture and its story")
def get_mystery(
    state: State, snapshot: Snap, course_id: CourseId, response: Response
) -> cs.MysteryOut:
    """An offline map of the famous twinning the course's items cite most (or a famous one),
    revealed tile by tile in the game, and its dated story with sources."""
    response.headers["cache-control"] = NO_STORE
    stored = load_course(state.registry, course_id)
    course = _resolve(state, snapshot, (stored.name, stored.recipe, stored.edits))
    found = mystery(state.learn.facts(), [e.item for e in course.items])
    if found is None:
        raise NotFoundError("the registry holds no twinning with a dated history to draw")
    story = [
        cs.StoryLineOut(when=line.when, text=line.text, source=line.source.label())
        for line in found.story
    ]
    return cs.MysteryOut(
        twinning_id=found.twinning_id, title=found.title, svg=found.svg, story=story
    )


@pages.get("/studio")
def studio_page() -> FileResponse:
    """The teacher's studio."""
    return FileResponse(f"{static_dir()}/studio.html", headers={"cache-control": "no-cache"})


@pages.get("/play/{course_id}")
def game_page(course_id: CourseId) -> FileResponse:
    """The mystery game of a course (the page reads the id from its address)."""
    return FileResponse(f"{static_dir()}/game.html", headers={"cache-control": "no-cache"})
