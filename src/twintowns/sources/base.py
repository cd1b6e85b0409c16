"""The source plug-in contract: what every data source yields, and how bad rows are reported.

A source reads one dataset and yields :class:`RawClaim` objects: one side's declaration of a
partner, with both places as :class:`PlaceMention` (names as written, plus whatever identifiers,
coordinates and population the source carries) and the row or statement it came from.  Sources
do not resolve names: the importer does, for any source.  A malformed row is reported through
the ``on_problem`` callback with its file and line and then skipped; under ``strict`` the
importer turns the first problem into an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from twintowns.model import Event, Source, TwinningKind


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place as one source names it, before resolution.

    Attributes
    ----------
    name:
        The name as written (``Pankow (Berlin)``, ``Phoenix, Arizona``, ``Wolgograd``).
    country:
        The country as written (``England, United Kingdom``), if given.
    country_iso:
        ISO 3166-1 alpha-2 when the source knows it for certain.
    qid:
        Wikidata id, when the source carries one.
    lat, lon:
        Coordinates the source gives (WGS84).
    population:
        Population the source gives.
    labels:
        Further names as ``(lang, text)`` pairs (Wikidata labels and aliases).
    classes:
        Type hints from the source (Wikidata P31 ids such as ``Q515``), for the level.
    geonames:
        GeoNames id, when the source carries one (Wikidata P1566).
    """

    name: str
    country: str | None = None
    country_iso: str | None = None
    qid: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    labels: tuple[tuple[str, str], ...] = ()
    classes: tuple[str, ...] = ()
    geonames: int | None = None


@dataclass(frozen=True, slots=True)
class RawClaim:
    """One side's declaration of a partner, as read from a source (unresolved).

    Attributes
    ----------
    claimant, partner:
        The declaring place and the declared partner.
    locator:
        Where in the source: ``file.csv:123`` (1-based line) or a Wikidata statement id.
    events:
        Dated facts the statement carries (Wikidata P580 -> signing, P582 -> termination);
        their citations point at this source.
    kind:
        The kind of relationship, when the source says.
    asserted:
        False for evidence that is recorded but not asserted (a deprecated Wikidata rank).
    """

    claimant: PlaceMention
    partner: PlaceMention
    locator: str
    events: tuple[Event, ...] = ()
    kind: TwinningKind | None = None
    asserted: bool = True


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that could not be read: where, and why."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


OnProblem = Callable[[RowProblem], None]


@runtime_checkable
class ClaimSource(Protocol):
    """A data source plug-in.

    ``info`` is the citation every claim of the source points to (its ``retrieved`` date is the
    snapshot date); :meth:`claims` yields the claims, reporting bad rows to ``on_problem``.
    """

    @property
    def info(self) -> Source:
        """The source's citation: id, title, publisher, URL, snapshot date, licence."""
        ...

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield every claim; report and skip malformed rows."""
        ...
