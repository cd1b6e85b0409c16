"""One twinning's whole record, from one registry snapshot: both places, its status as of a
date, every claim about its steps with its standing, the disputes in words, and the sources.

The shells (``GET /twinnings/{twinning_id}``) render :func:`twinning_record`'s value; a
twinning is named by its id, ``a--b``, with the two place ids in either order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import cast

from twintowns.errors import InputError, IntegrityError, NotFoundError
from twintowns.model import (
    Event,
    FuzzyDate,
    Place,
    Source,
    StatusAt,
    Twinning,
    dispute_notes,
    established,
    status_as_of,
    twinning_id,
)
from twintowns.model.attested import (
    Attested,
    NotListed,
    attested,
    listing_coverage,
    not_listed_since,
)
from twintowns.snapshot import RegistrySnapshot
from twintowns.views import cited_sources

MAX_REF = 300
"""The longest twinning reference accepted (two place ids and the ``--`` between them)."""


@dataclasses.dataclass(frozen=True)
class TwinningRecord:
    """A twinning with both places named as of a date, its status, claims and sources."""

    twinning: Twinning
    a: Place
    b: Place
    a_name: str
    b_name: str
    as_of: dt.date | None
    since: FuzzyDate | None
    status: StatusAt
    events: tuple[Event, ...]  # every claim, dated ones first, oldest first
    disputes: tuple[str, ...]  # per disputed step, what each source says (accepted first)
    sources: dict[str, Source]
    attested: Attested  # first and last dates its sources list it
    not_listed: tuple[NotListed, ...]  # later lists that leave it out: questions, not statuses


def coverage(snapshot: RegistrySnapshot) -> Mapping[str, frozenset[str]]:
    """The snapshot's :func:`~twintowns.model.attested.listing_coverage`, computed once."""
    key = ("listing-coverage",)
    found = snapshot.memo.get(key)
    if found is None:
        return snapshot.memo.put(key, listing_coverage(snapshot.twinnings))
    return cast("Mapping[str, frozenset[str]]", found)


def _event_order(event: Event) -> tuple[int, dt.date, str]:
    return (0, event.date.start, event.type.value) if event.date else (1, dt.date.max, "")


def canonical_id(ref: str) -> str:
    """The twinning id ``ref`` names: ``a--b`` or ``b--a``.

    Raises
    ------
    InputError
        When ``ref`` is not two place ids joined by ``--`` (or names one place twice).
    """
    parts = ref.split("--")
    if len(ref) > MAX_REF or len(parts) != 2 or not all(p.strip() for p in parts):
        raise InputError("a twinning is named 'a--b': two place ids joined by '--'")
    try:
        return twinning_id(parts[0].strip(), parts[1].strip())
    except IntegrityError as exc:
        raise InputError("a twinning joins two different places") from exc


def twinning_record(
    snapshot: RegistrySnapshot, ref: str, as_of: dt.date | None = None
) -> TwinningRecord:
    """The record of the twinning ``ref`` names, as of ``as_of`` (today when None).

    Parameters
    ----------
    snapshot:
        The registry snapshot to read (one state of the data).
    ref:
        The twinning's id, ``a--b``, its place ids in either order.
    as_of:
        The day the status and the places' names are given for.

    Raises
    ------
    InputError
        For a malformed ``ref``.
    NotFoundError
        When no twinning of the snapshot has that id.
    """
    tid = canonical_id(ref)
    twinning = snapshot.by_id.get(tid)
    if twinning is None:
        raise NotFoundError(f"no twinning {tid!r}")
    a, b = snapshot.places[twinning.a], snapshot.places[twinning.b]
    used = cited_sources(twinning)
    return TwinningRecord(
        twinning=twinning,
        a=a,
        b=b,
        a_name=a.name(when=as_of),
        b_name=b.name(when=as_of),
        as_of=as_of,
        since=established(twinning.events),
        status=status_as_of(twinning.events, as_of),
        events=tuple(sorted(twinning.events, key=_event_order)),
        disputes=tuple(dispute_notes(twinning.events, snapshot.sources)),
        sources={s: snapshot.sources[s] for s in used if s in snapshot.sources},
        attested=attested(twinning, snapshot.sources),
        not_listed=not_listed_since(twinning, snapshot.sources, coverage(snapshot)),
    )
