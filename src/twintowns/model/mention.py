"""What a source says before resolution: place mentions, raw claims and unreadable rows.

Sources (:mod:`twintowns.sources`) yield these and the resolver (:mod:`twintowns.resolve`) and
the importer read them; they live in the model so that neither of those imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from twintowns.model.twinning import Event
from twintowns.model.vocab import TwinningKind


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
    geocoded:
        Whether ``lat``/``lon`` come from geocoding the name (a geocoder's pick among
        namesakes), not from the source's own record of the place.
    vouched:
        Whether the source is a register of this place itself (a municipal register's own
        municipality or district at its postcode point): when the gazetteer has no place of
        that name at all, one may be made from the mention (see
        :mod:`twintowns.resolve.registered`).
    region:
        The first-level subdivision the source states (a German register's Bundesland).
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
    geocoded: bool = False
    vouched: bool = False
    region: str | None = None


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
