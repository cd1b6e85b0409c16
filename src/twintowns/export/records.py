"""The export record: one flat row per twinning, the same in every format and every face.

This module owns what a researcher gets per twinning (:data:`COLUMNS`), how the registry is
read for an export (:func:`load`, the one read), and the attribution of the sources used.
Per end (``a_`` and ``b_``): id, name, country, level, latitude, longitude, Wikidata id and
GeoNames id; then kind, basis, status, dates, confidence, sources and licences.

Dates are ISO day text (``YYYY-MM-DD``) in every row, so a column never mixes years with full
dates: ``since`` is the first day of the period the twinning was established in and
``since_precision`` says whether the source gave a year, a month or a day.  ``first_attested``
and ``last_attested`` are the first days of the earliest and latest observation dates of the
sources that list the twinning (a source's publication date, else the day its copy was
retrieved: :func:`twintowns.model.observed`), evidence that the link existed then, not a
signing or an ending (empty when no source is dated).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from twintowns.model import (
    FuzzyDate,
    Place,
    Source,
    Twinning,
    attested,
    established,
    observed,
    status_as_of,
)
from twintowns.model.status import UNKNOWN
from twintowns.registry import Registry
from twintowns.views import cited_sources

_END = ("id", "name", "country", "level", "latitude", "longitude", "wikidata", "geonames")
COLUMNS: tuple[str, ...] = (
    "id",
    *(f"a_{field}" for field in _END),
    *(f"b_{field}" for field in _END),
    "kind",
    "basis",
    "status",
    "status_since",
    "since",
    "since_precision",
    "first_attested",
    "last_attested",
    "exclusive_reciprocal",
    "one_sided",
    "confidence",
    "sources",
    "licences",
)
"""Every field of a record, in order (CSV columns, Parquet columns, GeoJSON properties)."""


@dataclass(frozen=True, slots=True)
class Item:
    """A twinning with its two places: what every export is built from."""

    twinning: Twinning
    a: Place
    b: Place


@dataclass(frozen=True)
class Selection:
    """Twinnings to export, the sources they may cite, the day statuses are taken on, and
    every place of the registry (GeoJSON places regions without a point by their towns)."""

    items: tuple[Item, ...]
    sources: Mapping[str, Source]
    as_of: dt.date | None = None
    places: Mapping[str, Place] = field(default_factory=dict)


def load(registry: Registry) -> tuple[dict[str, Place], list[Twinning], dict[str, Source]]:
    """The registry's places, twinnings and sources: the one read every export goes through.

    Parameters
    ----------
    registry:
        The registry to read.

    Returns
    -------
    tuple
        Places by id, every twinning, sources by id.
    """
    snapshot = registry.snapshot()  # the shared, persisted snapshot: no read of its own
    return dict(snapshot.places), list(snapshot.twinnings), dict(snapshot.sources)


def selection(
    registry: Registry, as_of: dt.date | None = None, *, include_doubtful: bool = False
) -> Selection:
    """Every twinning of ``registry``, statuses as of ``as_of`` (today when None); doubtful
    ones (resolution confidence below 0.9) only with ``include_doubtful``, as in the API."""
    places, twinnings, sources = load(registry)
    kept = (t for t in twinnings if include_doubtful or not t.doubtful)
    items = tuple(Item(t, places[t.a], places[t.b]) for t in kept)
    return Selection(items, sources, as_of, places)


def day(date: FuzzyDate | None) -> str | None:
    """ISO day text of the first day of a (possibly coarse) date."""
    return None if date is None else date.start.isoformat()


def _end(place: Place, as_of: dt.date | None) -> tuple[Any, ...]:
    """The fields of one end, in the order of ``_END``."""
    coords = place.coordinates
    return (
        place.id,
        place.name(when=as_of),
        place.country(as_of),
        place.level.value,
        coords.lat if coords else None,
        coords.lon if coords else None,
        place.wikidata,
        place.geonames,
    )


Credits = list[str]
"""The sorted licences of one set of cited sources."""


def _credits(source_ids: tuple[str, ...], sources: Mapping[str, Source]) -> Credits:
    return sorted({sources[s].licence or "unknown" for s in source_ids if s in sources})


def values(
    item: Item,
    sources: Mapping[str, Source],
    as_of: dt.date | None,
    ends: dict[str, tuple[Any, ...]] | None = None,
    credits: dict[tuple[str, ...], Credits] | None = None,
) -> tuple[Any, ...]:
    """The export record of one twinning as values in the order of :data:`COLUMNS` (what a
    CSV row or a Parquet column is written from; :func:`record` names them).

    Parameters
    ----------
    item:
        The twinning and its places.
    sources:
        Sources by id (for licences and attestation dates).
    as_of:
        Day of the status, names and countries (today when None).
    ends, credits:
        Caches shared by the records of one export: a place's fields (a place is the end of
        many twinnings) and what a set of cited sources gives (most twinnings cite the same
        few sources).
    """
    ends = {} if ends is None else ends
    credits = {} if credits is None else credits
    a, b = ends.get(item.a.id), ends.get(item.b.id)
    if a is None:
        a = ends[item.a.id] = _end(item.a, as_of)
    if b is None:
        b = ends[item.b.id] = _end(item.b, as_of)
    t = item.twinning
    status = status_as_of(t.events, as_of) if t.events else UNKNOWN
    since = established(t.events) if t.events else None
    source_ids = cited_sources(t)
    found = credits.get(source_ids)
    if found is None:
        found = credits[source_ids] = _credits(source_ids, sources)
    licences = found
    seen = attested(t, sources)  # its own claims decide (a deprecated statement attests nothing)
    return (
        t.id,
        *a,
        *b,
        t.kind.value,
        t.basis.value,
        status.status.value,
        day(status.since),
        day(since),
        since.precision.value if since else None,
        day(seen.first),
        day(seen.last),
        t.exclusive_reciprocal,
        t.one_sided,
        round(t.confidence, 4),
        list(source_ids),
        list(licences),
    )


def record(
    item: Item,
    sources: Mapping[str, Source],
    as_of: dt.date | None,
    ends: dict[str, tuple[Any, ...]] | None = None,
) -> dict[str, Any]:
    """The export record of one twinning (the keys of :data:`COLUMNS`); see :func:`values`."""
    return dict(zip(COLUMNS, values(item, sources, as_of, ends), strict=True))


End = tuple[Any, ...]
"""The fields of one end of a twinning (``id`` to ``geonames``), one tuple per place."""

Parts = tuple[str, End, End, tuple[Any, ...]]
"""One record in four parts: the twinning's id, its two ends (the same tuple object for every
twinning of a place) and the rest of its fields, ``kind`` to ``licences`` (lists as tuples)."""

_NO_EVENTS = (UNKNOWN.status.value, day(UNKNOWN.since), None, None)
_Found = tuple[tuple[str, ...], tuple[str, ...], str | None, str | None]


class _Cited:
    """What a twinning's cited sources give (ids, licences, attestation days), per distinct
    list of citations: most twinnings cite the same few sources in the same order."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources
        self.plain: dict[tuple[str, ...], _Found] = {}
        self.credits: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.seen: dict[frozenset[str], tuple[str | None, str | None]] = {}

    def common(self, cites: tuple[str, ...]) -> _Found:
        """For a twinning whose claims are all asserted and that has no reasons (``cites``:
        its own citation's source, then its events', then its claims'): every source it
        cites attests it."""
        found = self.plain.get(cites)
        if found is None:
            ids = tuple(dict.fromkeys(cites))
            first, last = self.attested(frozenset(ids))
            found = self.plain[cites] = (ids, self.licences(ids), first, last)
        return found

    def licences(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        """The sorted licences of the sources ``ids``."""
        found = self.credits.get(ids)
        if found is None:
            found = self.credits[ids] = tuple(_credits(ids, self.sources))
        return found

    def attested(self, cited: frozenset[str]) -> tuple[str | None, str | None]:
        """First and last attestation days by the sources ``cited`` (see :func:`attested`)."""
        found = self.seen.get(cited)
        if found is None:
            known = self.sources
            dates = {d for s in cited if s in known and (d := observed(known[s])) is not None}
            order = sorted(dates, key=lambda d: (d.start, d.end))
            found = (day(order[0]), day(order[-1])) if order else (None, None)
            self.seen[cited] = found
        return found


def row_parts(chosen: Selection) -> list[Parts]:
    """The records of a selection in parts (see :data:`Parts`), in its order: the same
    values as :func:`values`, each place's end made once (a CSV renders it once)."""
    sources, as_of = chosen.sources, chosen.as_of
    ends: dict[str, End] = {}
    cited = _Cited(sources)
    out: list[Parts] = []
    for item in chosen.items:
        t = item.twinning
        a, b = ends.get(item.a.id), ends.get(item.b.id)
        if a is None:
            a = ends[item.a.id] = _end(item.a, as_of)
        if b is None:
            b = ends[item.b.id] = _end(item.b, as_of)
        events, claims, reasons = t.events, t.claims, t.reasons
        claimed: list[str]
        claimants: set[str]
        confidence: float | None
        if events:
            status = status_as_of(events, as_of)
            since = established(events)
            dated = (
                status.status.value,
                day(status.since),
                day(since),
                since.precision.value if since else None,
            )
            cites = (t.citation.source_id, *[e.citation.source_id for e in events])
        else:
            dated, cites = _NO_EVENTS, (t.citation.source_id,)
        # one pass over the claims for what the model's properties give one at a time
        # (Twinning.one_sided, Twinning.confidence): the same values, a third of the time
        claimed, claimants, asserted, confidence = [], set(), True, None
        for c in claims:
            claimed.append(c.citation.source_id)
            if c.asserted:
                claimants.add(c.claimant)
            else:
                asserted = False
            if confidence is None or c.confidence > confidence:
                confidence = c.confidence
        cites += tuple(claimed)
        if reasons or not asserted:
            ids = tuple(dict.fromkeys(cites + tuple([r.citation.source_id for r in reasons])))
            licences = cited.licences(ids)
            first, last = cited.attested(_attesting(t))
        else:
            ids, licences, first, last = cited.common(cites)
        out.append(
            (
                t.id,
                a,
                b,
                (
                    t.kind.value,
                    t.basis.value,
                    *dated,
                    first,
                    last,
                    t.exclusive_reciprocal,
                    len(claimants) == 1,
                    round(1.0 if confidence is None else confidence, 4),
                    ids,
                    licences,
                ),
            )
        )
    return out


def _attesting(twinning: Twinning) -> frozenset[str]:
    """The sources whose citations attest ``twinning`` (as :func:`attested` counts them)."""
    cited = {twinning.citation.source_id}
    cited.update([c.citation.source_id for c in twinning.claims if c.asserted])
    cited.update([e.citation.source_id for e in twinning.events])
    return frozenset(cited)


def value_rows(chosen: Selection) -> list[tuple[Any, ...]]:
    """The records of a selection as values (see :func:`values`), in its order."""
    return [
        (tid, *a, *b, *rest[:-2], list(rest[-2]), list(rest[-1]))
        for tid, a, b, rest in row_parts(chosen)
    ]


def records(chosen: Selection) -> list[dict[str, Any]]:
    """The records of a selection, in its order."""
    return [dict(zip(COLUMNS, row, strict=True)) for row in value_rows(chosen)]


def used_sources(chosen: Selection) -> list[Source]:
    """The sources a selection cites (its places' sources included), by id."""
    used: set[str] = set()
    for item in chosen.items:
        t = item.twinning  # what cited_sources(t) lists, gathered without keeping its order
        used.add(t.citation.source_id)
        used.update([c.citation.source_id for c in t.claims])
        used.update([e.citation.source_id for e in t.events])
        used.update([r.citation.source_id for r in t.reasons])
        used.update(c.source_id for p in (item.a, item.b) if (c := p.citation))
    return [chosen.sources[s] for s in sorted(used) if s in chosen.sources]


def attribution(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """Sources as JSON-ready records: id, title, author (the publisher), URL, licence, date."""
    return [
        {
            "id": s.id,
            "title": s.title,
            "author": s.publisher,
            "url": s.url,
            "licence": s.licence,
            "retrieved": s.retrieved.isoformat() if s.retrieved else None,
        }
        for s in sources
    ]


def attribution_text(sources: Iterable[Source]) -> str:
    """The attribution as plain text: the sidecar of a CSV or Parquet export."""
    lines = [
        "Attribution of the twintowns export beside this file.",
        "Each twinning's 'sources' column names the ids below; reuse must credit them under",
        "their licences.",
        "",
    ]
    for s in attribution(sources):
        lines.append(f"[{s['id']}] {s['title']}")
        for label, key in (("Author", "author"), ("URL", "url"), ("Licence", "licence")):
            lines.append(f"    {label}: {s[key] or 'unknown'}")
        if s["retrieved"]:
            lines.append(f"    Retrieved: {s['retrieved']}")
    return "\n".join(lines) + "\n"
