"""What the lab reads, and where every derived number comes from.

This module owns :class:`RegistryData` (the lab's view of the one
:class:`~twintowns.snapshot.RegistrySnapshot`: its places, twinnings and sources),
:class:`DataStamp` (which registry, which facts, which sources: a fingerprint and counts) and
:class:`Provenance` (a stamp plus the graph an analysis ran on).  Every table the lab returns
carries its provenance in ``frame.attrs["provenance"]`` (see :func:`stamp`), so a
number can always be traced back to the registry snapshot it was computed from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from twintowns.model import Place, Source, Twinning
from twintowns.registry import Registry
from twintowns.snapshot import RegistrySnapshot
from twintowns.views import cited_sources

PROVENANCE_KEY = "provenance"


@dataclass(frozen=True, slots=True)
class SourceUse:
    """A source of the registry and how many of the loaded facts cite it."""

    source: Source
    twinnings: int
    places: int


@dataclass(frozen=True, slots=True)
class DataStamp:
    """The registry state an analysis read (what a table's provenance names).

    Attributes
    ----------
    origin:
        Where the facts came from: the database URL (password hidden) or an edge list's label.
    fingerprint:
        First 12 hex digits of a SHA-256 over every place id and every twinning id with its
        lifecycle events: two snapshots with the same fingerprint hold the same graph facts.
    taken:
        When the facts were read (UTC).
    places, twinnings:
        Number of places and twinnings in the registry.
    sources:
        Every source with the number of twinnings and places citing it.
    """

    origin: str
    fingerprint: str
    taken: dt.datetime
    places: int
    twinnings: int
    sources: tuple[SourceUse, ...] = ()

    def line(self) -> str:
        """One line naming the snapshot and its sources with counts."""
        used = [u for u in self.sources if u.twinnings or u.places]
        cited = "; ".join(f"{u.source.id} {u.twinnings}" for u in used if u.twinnings)
        return (
            f"snapshot {self.fingerprint} of {self.origin} taken {self.taken:%Y-%m-%d %H:%M} UTC "
            f"({self.places} places, {self.twinnings} twinnings"
            + (f"; twinnings per source: {cited}" if cited else "")
            + ")"
        )


@dataclass(frozen=True, slots=True)
class Provenance:
    """A snapshot plus the graph (date, rule, size) and method a table was computed with."""

    snapshot: DataStamp
    as_of: dt.date | None
    nodes: int
    edges: int
    rule: str
    method: str = ""
    whole_registry: bool = False

    def line(self) -> str:
        """One line for a table caption."""
        when = self.as_of.isoformat() if self.as_of else "today"
        scope = "all facts" if self.whole_registry else f"graph as of {when}"
        text = (
            f"{self.snapshot.line()}; {scope}: {self.nodes} places, "
            f"{self.edges} twinnings ({self.rule})"
        )
        return text + (f"; {self.method}" if self.method else "")

    def with_method(self, method: str) -> Provenance:
        """The same provenance with a note on how the numbers were computed."""
        return dataclasses.replace(self, method=method)

    def __deepcopy__(self, memo: dict[int, object]) -> Provenance:
        """The provenance itself: it is immutable, and pandas deep-copies ``frame.attrs`` on
        every operation (copying the snapshot's sources each time cost seconds per report)."""
        return self


@dataclass(frozen=True)
class RegistryData:
    """The lab's view of a registry snapshot: every place and source, and the twinnings
    analysed.

    Attributes
    ----------
    registry_snapshot:
        The registry snapshot read (shared with every other reader of it).
    twinnings:
        The twinnings analysed, with their claims and events (the doubtful ones only when
        asked).
    snapshot:
        Fingerprint and counts of what was read.
    """

    registry_snapshot: RegistrySnapshot = field(repr=False)
    twinnings: list[Twinning]
    snapshot: DataStamp = field(repr=False)

    @property
    def places(self) -> Mapping[str, Place]:
        """Every place by id."""
        return self.registry_snapshot.places

    @property
    def sources(self) -> Mapping[str, Source]:
        """Every source by id."""
        return self.registry_snapshot.sources

    @property
    def labels(self) -> Mapping[str, str]:
        """Today's name of every place, by id (the snapshot's, computed once)."""
        return self.registry_snapshot.labels

    def provenance(self, method: str = "") -> Provenance:
        """Provenance of a table computed from every twinning of the registry (no graph)."""
        rule = "every twinning, whatever its status"
        return Provenance(
            self.snapshot, None, len(self.places), len(self.twinnings), rule, method, True
        )


def fingerprint(place_ids: Iterable[str], twinnings: Iterable[Twinning]) -> str:
    """A short stable hash of the graph facts: place ids, twinning ids and lifecycle events."""
    digest = hashlib.sha256()
    # hashed as one run of bytes per part (the same digest as one update per item)
    digest.update(b"".join(pid.encode() + b"\0" for pid in sorted(place_ids)))
    digest.update(b"".join(_facts_bytes(t) for t in sorted(twinnings, key=lambda t: t.id)))
    return digest.hexdigest()[:12]


def _facts_bytes(twinning: Twinning) -> bytes:
    if not twinning.events:  # most twinnings: no dated step at all
        return twinning.id.encode() + b"\1\2"
    events = sorted(
        f"{e.type.value}@{e.date.isoformat() if e.date else '?'}"
        for e in twinning.events
        if e.type.is_lifecycle
    )
    return twinning.id.encode() + b"\1" + ",".join(events).encode() + b"\2"


def source_uses(
    sources: Mapping[str, Source], places: Iterable[Place], twinnings: Iterable[Twinning]
) -> tuple[SourceUse, ...]:
    """Every source with the number of twinnings and places whose facts cite it."""
    by_twinning = Counter(s for t in twinnings for s in cited_sources(t))
    by_place = Counter(p.citation.source_id for p in places if p.citation is not None)
    return tuple(
        SourceUse(sources[sid], by_twinning[sid], by_place[sid]) for sid in sorted(sources)
    )


def load_data(registry: Registry, *, include_doubtful: bool = False) -> RegistryData:
    """The registry's current snapshot (its cache file when there is one) with a
    :class:`DataStamp`.

    Parameters
    ----------
    registry:
        An open registry (any backend, any content: curated facts, the world, a filter).
    include_doubtful:
        Also analyse twinnings whose places were resolved with little confidence (left out
        by default).

    Returns
    -------
    RegistryData
        The facts and their stamp.

    Raises
    ------
    StoreError
        If the database cannot be read.
    """
    return registry_data(
        registry.snapshot(),
        registry.engine.url.render_as_string(hide_password=True),
        include_doubtful=include_doubtful,
    )


def registry_data(
    snapshot: RegistrySnapshot, origin: str, *, include_doubtful: bool = False
) -> RegistryData:
    """The lab's view of ``snapshot`` (read from ``origin``, a URL without its password)."""
    places, sources = snapshot.places, snapshot.sources
    twinnings = [t for t in snapshot.twinnings if include_doubtful or not t.doubtful]
    stamp = DataStamp(
        origin=origin,
        fingerprint=fingerprint(places, twinnings),
        taken=dt.datetime.now(dt.UTC),
        places=len(places),
        twinnings=len(twinnings),
        sources=source_uses(sources, places.values(), twinnings),
    )
    return RegistryData(snapshot, twinnings, stamp)


def stamp(frame: pd.DataFrame, provenance: Provenance) -> pd.DataFrame:
    """Attach ``provenance`` to ``frame`` (in ``frame.attrs``) and return the frame."""
    frame.attrs[PROVENANCE_KEY] = provenance
    return frame


def provenance_of(frame: pd.DataFrame) -> Provenance | None:
    """The provenance :func:`stamp` attached to ``frame``, if any."""
    found = frame.attrs.get(PROVENANCE_KEY)
    return found if isinstance(found, Provenance) else None
