"""The single-twinning record: ``GET /twinnings/{twinning_id}``, a thin shell over
:func:`twintowns.twinning_record.twinning_record` on the request's pinned snapshot."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from twintowns.api import convert, params
from twintowns.api.errors import ERROR_RESPONSES
from twintowns.api.record_schemas import NotListedOut, TwinningRecordOut
from twintowns.api.state import AppState, Snap, State
from twintowns.model import FuzzyDate
from twintowns.store import corrections
from twintowns.twinning_record import MAX_REF, TwinningRecord, twinning_record

router = APIRouter(tags=["twinnings"], responses=ERROR_RESPONSES)

TwinningRef = Annotated[
    str,
    Path(
        min_length=5,
        max_length=MAX_REF,
        pattern=r"^[^\x00-\x1f\x7f/]+--[^\x00-\x1f\x7f/]+$",
        description="The twinning's id, two place ids joined by `--` in either order "
        "(`coventry--volgograd`).",
    ),
]


@router.get(
    "/twinnings/{twinning_id}",
    summary="One twinning: its claims, their standing, disputes and sources",
    response_model=TwinningRecordOut,
)
def get_twinning(
    snapshot: Snap, state: State, twinning_id: TwinningRef, as_of: params.AsOf = None
) -> TwinningRecordOut:
    """Both places, the status as of `as_of` with the claim it follows, every source's claim
    about each step (its `step` key and `standing`), each disputed step told in words, every
    source cited, and the open questions accepted flags raise."""
    record = twinning_record(snapshot, twinning_id, params.day(as_of, "as_of"))
    out = _out(record, snapshot)
    out.open_questions = _questions(state, snapshot).get(record.twinning.id, [])
    return out


def _questions(state: AppState, snapshot: Snap) -> dict[str, list[dict[str, Any]]]:
    """The accepted flags by twinning, read once per snapshot (one small table)."""
    found = snapshot.memo.get("open-questions")
    if isinstance(found, dict):
        return found
    with state.registry.engine.connect() as conn:
        flags = corrections.load(conn).flags
    return snapshot.memo.put("open-questions", flags)


def _out(record: TwinningRecord, snapshot: Snap) -> TwinningRecordOut:
    t = record.twinning
    return TwinningRecordOut(
        id=t.id,
        a=convert.place_summary(record.a, snapshot),
        b=convert.place_summary(record.b, snapshot),
        a_name=record.a_name,
        b_name=record.b_name,
        kind=t.kind.value,
        basis=t.basis.value,
        note=t.note,
        as_of=record.as_of,
        since=record.since.isoformat() if record.since else None,
        status=convert.status(record.status),
        reasons=[r.reason.value for r in t.reasons],
        claims=[convert.claim(c) for c in t.claims],
        one_sided=t.one_sided,
        events=[convert.event(e) for e in record.events],
        disputes=list(record.disputes),
        sources={k: convert.source(v) for k, v in sorted(record.sources.items())},
        first_attested=_iso(record.attested.first),
        last_attested=_iso(record.attested.last),
        not_listed_since=[
            NotListedOut(
                source=n.source_id,
                since=n.since.isoformat(),
                last_listed_by=n.last_listed[0],
                last_listed=n.last_listed[1].isoformat(),
                question=n.question(),
            )
            for n in record.not_listed
        ],
    )


def _iso(date: FuzzyDate | None) -> str | None:
    return None if date is None else date.isoformat()
