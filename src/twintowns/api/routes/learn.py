"""Routes of the quiz game: quizzes built from the registry's sourced facts, and users' flags
on their items.

Thin over :mod:`twintowns.learn`.  The facts are read once per data version, on the first
quiz request (:class:`~twintowns.api.learning.LearnCache`).  Answers depend on the stored
flags as well as on the data version, so they are never cached (``no-store``; the ETag
middleware skips ``/learn``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import orjson
from fastapi import APIRouter, Query, Request, Response
from pydantic import StringConstraints

from twintowns.api import learn_schemas, params
from twintowns.api.errors import ERROR_RESPONSES, WRITE_RESPONSES
from twintowns.api.state import Snap, State
from twintowns.learn import (
    DeckSpec,
    Difficulty,
    ItemKind,
    build_deck,
    exclusions,
    flag_item,
    list_flags,
)
from twintowns.learn.flags import Flag
from twintowns.learn.quiz import quiz_json

router = APIRouter(prefix="/learn", tags=["learn"], responses=ERROR_RESPONSES)

MAX_QUIZ = 100
MAX_TOPICS = params.MAX_TOPICS
NO_STORE = "no-store"


class Level(StrEnum):
    """Difficulty of a quiz: one level, or ``mixed`` (easy, medium and hard in turn)."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"
    MIXED = "mixed"


TopicsParam = Annotated[
    list[Annotated[str, StringConstraints(max_length=params.MAX_TEXT, pattern=params.NAME_PATTERN)]]
    | None,
    Query(
        max_length=MAX_TOPICS,
        description="Repeatable (at most 10, each at most 200 characters): a subject "
        "(history, politics, terminology, networks, partners), a country (FR, France) or "
        "a place (Coventry, place:toledo-es). Subjects "
        "combine with or, countries and places with or, the two groups with and.",
        examples=["history"],
    ),
]
KindsParam = Annotated[
    list[ItemKind] | None,
    Query(max_length=params.MAX_REPEATS, description="Only these item kinds (repeatable)."),
]


@router.get(
    "/quiz",
    summary="A quiz of sourced questions and flashcards",
    response_model=learn_schemas.QuizOut,
    responses={200: {"content": {"application/json": {}}}},
)
def get_quiz(  # the parameters are the query string
    state: State,
    snapshot: Snap,
    topic: TopicsParam = None,
    count: Annotated[int, Query(ge=1, le=MAX_QUIZ, description="How many items.")] = 10,
    seed: Annotated[int, Query(ge=0, le=2**31 - 1, description="Same seed, same quiz.")] = 0,
    difficulty: Annotated[Level, Query(description="easy, medium, hard or mixed.")] = Level.MIXED,
    kind: KindsParam = None,
) -> Response:
    """Multiple choice, true/false, terminology, flashcards, ordering and map questions built
    from the registry's facts, each re-checked against them (one right answer) and citing its
    sources; flagged items are left out.  Every item carries its answer: the client scores.
    The first quiz reads every fact of the registry (seconds on the world data)."""
    spec = DeckSpec(
        topics=params.parse_topics(state.names(snapshot), topic or ()),
        count=count,
        seed=seed,
        difficulty=None if difficulty is Level.MIXED else Difficulty(difficulty.value),
        kinds=tuple(kind or ()),
    )
    deck = build_deck(state.learn.quiz_facts(), spec, exclusions(state.registry))
    state.learn.remember(deck.items)
    body = orjson.dumps(quiz_json(deck))
    return Response(body, media_type="application/json", headers={"cache-control": NO_STORE})


def _flag_out(flag: Flag) -> learn_schemas.FlagOut:
    return learn_schemas.FlagOut.model_validate(flag, from_attributes=True)


@router.post(
    "/flags",
    summary="Flag an item as wrong or ambiguous",
    status_code=201,
    responses=WRITE_RESPONSES,
)
def post_flag(state: State, request: Request, flag: learn_schemas.FlagIn) -> learn_schemas.FlagOut:
    """Store a flag: the item is left out of new quizzes and listed for review.  When this
    server served the item since the registry last changed, its text and fact are kept with
    the flag, and an item flagged *wrong* keeps every item on the same fact out too;
    otherwise the flag names the id only (searching every item the registry can generate
    takes seconds to minutes: `twintowns learn flag` does it).  Each client address may post
    a few flags at once and then a few a minute (429 with `Retry-After` beyond); the store
    holds a bounded number of flags (507 when full)."""
    state.guard.take(request.client.host if request.client else "unknown")
    wanted = flag.item_id.lower()
    item = state.learn.served(wanted)
    state.guard.check_storage(state.registry, len(flag.note) + len(item.prompt if item else ""))
    return _flag_out(flag_item(state.registry, wanted, flag.reason, flag.note, item))


@router.get("/flags", summary="Flagged items, for review, a page at a time")
def get_flags(
    state: State,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=500, description="Page size (at most 500).")] = 100,
    offset: params.Offset = 0,
) -> learn_schemas.FlagPage:
    """Flags, oldest first, with the flagged item's question, answer and sources when they
    were known; `total` counts them all."""
    response.headers["cache-control"] = NO_STORE
    flags = list_flags(state.registry)
    page = [_flag_out(f) for f in flags[offset : offset + limit]]
    return learn_schemas.FlagPage(total=len(flags), limit=limit, offset=offset, items=page)
