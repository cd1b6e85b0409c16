"""The atlas's bulk wire format: every drawable twinning as parallel arrays.

One compact JSON document (about 50 bytes per arc before compression) carries what the page
needs to draw and replay every twinning: places as columns, arcs as indexes into them, and
each arc's status timeline (:func:`status_timeline`).  A twinning with no dated step is drawn
only from the year its first source saw it (:func:`twintowns.model.attested`), as *unknown*:
never as if it existed in 1950.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pycountry

from twintowns.model import (
    Place,
    Status,
    Twinning,
    TwinningKind,
    attested,
    begun_by,
    status_as_of,
)
from twintowns.query import Snapshot
from twintowns.registry import country_label

TIMELINE_CODES: tuple[str, ...] = ("not_yet", *(s.value for s in Status))
"""Status codes of :func:`arc_table`: an index into this tuple (0: not begun yet)."""
_CODE = {Status(name): code for code, name in enumerate(TIMELINE_CODES) if code}
_CODE_NOT_YET = 0


def _code(twinning: Twinning, day: dt.date | None) -> int:
    """The timeline code of ``twinning`` at ``day`` (today when None)."""
    if day is not None and not begun_by(twinning.events, day):
        return 0
    return _CODE[status_as_of(twinning.events, day).status]


def code_now(twinning: Twinning) -> int:
    """A twinning's status today, as an index into :data:`TIMELINE_CODES`."""
    return _code(twinning, None)


def status_timeline(
    twinning: Twinning, today: dt.date, seen: int | None = None
) -> tuple[int, list[tuple[int, int]], int]:
    """A twinning's status at the end of every past year, compactly, and today.

    Parameters
    ----------
    twinning, today:
        The twinning, and the day whose year is "today".
    seen:
        The year a source first attested it: an undated twinning is *not yet* before it and
        *unknown* from it on (None: unknown in every year).

    Returns
    -------
    tuple
        ``(first, changes, now)``: the code at the end of any year before the first dated
        lifecycle event, ``(year, code)`` for each past year whose end changed it, and the
        code today.  Codes index :data:`TIMELINE_CODES`; the status at the end of year ``y``
        is the code of the last change with year <= ``y``, else ``first``.
    """
    unknown = _CODE[Status.UNKNOWN]
    if not any(e.type.is_lifecycle and e.date is not None for e in twinning.events):
        # No dated history (most world data): drawn from its first attestation on.
        now = _code(twinning, None)
        if seen is None:
            return unknown, [], now
        return _CODE_NOT_YET, [(seen, unknown)] if seen < today.year else [], now
    years = sorted(
        {
            e.date.start.year
            for e in twinning.events
            if e.type.is_lifecycle and e.date is not None and e.date.start.year < today.year
        }
    )
    first = _code(twinning, dt.date(max(years[0] - 1, 1) if years else 1, 12, 31))
    changes, current = [], first
    for year in years:
        code = _code(twinning, dt.date(year, 12, 31))
        if code != current:
            changes.append((year, code))
            current = code
    return first, changes, _code(twinning, None)


def _place_columns(places: list[Place]) -> dict[str, list[object]]:
    coords = [p.coordinates for p in places]
    return {
        "id": [p.id for p in places],
        "name": [p.name() for p in places],
        "country": [p.country() for p in places],
        "lon": [round(c.lon, 3) if c else None for c in coords],
        "lat": [round(c.lat, 3) if c else None for c in coords],
    }


def _countries(isos: Iterable[str | None]) -> dict[str, tuple[str, str | None]]:
    """``{iso: (name, ISO numeric code)}`` for the map's country shapes."""
    out = {}
    for iso in sorted({i for i in isos if i}):
        country = pycountry.countries.get(alpha_2=iso)
        out[iso] = (country_label(iso), getattr(country, "numeric", None))
    return out


def _arc_columns(
    snapshot: Snapshot,
    drawn: list[Twinning],
    index: dict[str, int],
    kinds: list[str],
    today: dt.date,
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The ``arcs`` and ``changes`` columns of :func:`arc_table`."""
    arcs: dict[str, list[int]] = {"a": [], "b": [], "kind": [], "first": [], "now": []}
    changes: dict[str, list[int]] = {"arc": [], "year": [], "code": []}
    for number, twinning in enumerate(drawn):
        seen = attested(twinning, snapshot.sources).first
        first, steps, now = status_timeline(twinning, today, seen.year if seen else None)
        row = (index[twinning.a], index[twinning.b], kinds.index(twinning.kind), first, now)
        for key, value in zip(arcs, row, strict=True):
            arcs[key].append(value)
        for year, code in steps:
            changes["arc"].append(number)
            changes["year"].append(year)
            changes["code"].append(code)
    return arcs, changes


def arc_table(snapshot: Snapshot, today: dt.date | None = None) -> dict[str, object]:
    """Every twinning whose two places have coordinates, as parallel arrays for the atlas.

    ``places`` holds one column per attribute, ``arcs`` the indexes of both sides in it,
    the kind (index into ``kinds``) and the status codes of :func:`status_timeline`;
    ``changes`` the timelines' changes as parallel ``arc``, ``year`` and ``code`` columns.
    """
    today = today or dt.date.today()
    drawn = [
        t
        for t in snapshot.twinnings
        if snapshot.places[t.a].coordinates and snapshot.places[t.b].coordinates
    ]
    used = sorted({p for t in drawn for p in (t.a, t.b)})
    kinds = [k.value for k in TwinningKind]
    arcs, changes = _arc_columns(snapshot, drawn, {p: i for i, p in enumerate(used)}, kinds, today)
    places = _place_columns([snapshot.places[p] for p in used])
    return {
        "version": snapshot.version,
        "year": today.year,
        "codes": TIMELINE_CODES,
        "kinds": kinds,
        "places": places,
        "arcs": arcs,
        "changes": changes,
        "countries": _countries(places["country"]),  # type: ignore[arg-type]
        "skipped": len(snapshot.twinnings) - len(drawn),
    }
