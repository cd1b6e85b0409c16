"""Turn validated curated rows into domain objects, checking every cross-reference."""

from __future__ import annotations

from collections.abc import Iterable

import pycountry

from twintowns.errors import DataFileError, IntegrityError
from twintowns.model import (
    Citation,
    Claim,
    Coordinates,
    CountryPeriod,
    Event,
    FuzzyDate,
    Membership,
    Network,
    Period,
    Place,
    PlaceName,
    ReasonFact,
    Rule,
    Source,
    Term,
    Twinning,
    pair_key,
)
from twintowns.sources.curated.schema import (
    CountryRow,
    EventRow,
    MembershipRow,
    NameRow,
    NetworkRow,
    PairEventRow,
    PlaceRow,
    RuleRow,
    SourceRow,
    TermRow,
    TwinningRow,
)


def _fuzzy(text: str | None) -> FuzzyDate | None:
    return None if text is None else FuzzyDate.parse(text)


def known_country(iso: str) -> bool:
    """True for a current ISO 3166-1 alpha-2 code or a withdrawn one (SU, YU, DD, CS)."""
    if pycountry.countries.get(alpha_2=iso) is not None:
        return True
    return any(getattr(c, "alpha_2", None) == iso for c in pycountry.historic_countries)


class Converter:
    """Builds domain objects from rows; :meth:`cite` and the reference checks raise
    :class:`DataFileError` naming the file and line of the offending row."""

    def __init__(self, source_ids: Iterable[str], place_ids: Iterable[str]) -> None:
        self.source_ids = frozenset(source_ids)
        self.place_ids = frozenset(place_ids)
        self.path = ""
        self.line: int | None = None

    def fail(self, message: str) -> DataFileError:
        """An error at the current row."""
        return DataFileError(message, path=self.path, line=self.line)

    def cite(self, text: str | None, inherited: Citation | None = None) -> Citation:
        """Parse ``"<source-id> <locator>"``, checking the source exists."""
        if text is None:
            if inherited is None:
                raise self.fail("a citation is required")
            return inherited
        source_id, _, locator = text.partition(" ")
        if source_id not in self.source_ids:
            raise self.fail(f"unknown source {source_id!r} in cite")
        return Citation(source_id, locator.strip() or None)

    def place_ref(self, place_id: str) -> str:
        """Check a reference to a place id."""
        if place_id not in self.place_ids:
            raise self.fail(f"unknown place {place_id!r}")
        return place_id

    def country(self, iso: str) -> str:
        """Check an ISO country code."""
        if not known_country(iso):
            raise self.fail(f"unknown ISO 3166 country code {iso!r}")
        return iso

    @staticmethod
    def source(row: SourceRow) -> Source:
        """A source row as a :class:`Source`."""
        return Source(
            row.id,
            row.title,
            row.publisher,
            row.url,
            row.retrieved,
            row.licence,
            _fuzzy(row.published),
        )

    def _name(self, row: NameRow, inherited: Citation) -> PlaceName:
        period = Period(_fuzzy(row.since), _fuzzy(row.until))
        return PlaceName(row.text, row.lang, period, row.preferred, self.cite(row.cite, inherited))

    def _country(self, row: CountryRow, inherited: Citation) -> CountryPeriod:
        period = Period(_fuzzy(row.since), _fuzzy(row.until))
        return CountryPeriod(self.country(row.iso), period, self.cite(row.cite, inherited))

    def place(self, row: PlaceRow) -> Place:
        """A place row as a :class:`Place`."""
        cite = self.cite(row.cite)
        countries = [self._country(c, cite) for c in row.countries]
        if row.country is not None:
            countries.insert(0, CountryPeriod(self.country(row.country), Period(), cite))
        coords = Coordinates(*row.coordinates) if row.coordinates else None
        if coords and not (-90 <= coords.lat <= 90 and -180 <= coords.lon <= 180):
            raise self.fail(f"coordinates out of range: {row.coordinates}")
        return Place(
            id=row.id,
            level=row.level,
            names=tuple(self._name(n, cite) for n in row.names),
            countries=tuple(countries),
            wikidata=row.wikidata,
            geonames=row.geonames,
            admin_area=row.admin_area,
            coordinates=coords,
            population=row.population,
            population_year=row.population_year,
            citation=cite,
        )

    def twinning(self, row: TwinningRow) -> Twinning:
        """A twinning row as a :class:`Twinning` (sides ordered canonically)."""
        try:
            a, b = pair_key(self.place_ref(row.pair[0]), self.place_ref(row.pair[1]))
        except IntegrityError as exc:
            raise self.fail(str(exc)) from exc
        cite = self.cite(row.cite)
        events = tuple(self.event(e, cite) for e in row.events)
        claims = []
        for c in row.claims:
            if c.by not in (a, b):
                raise self.fail(f"claim by {c.by!r}, which is not a side of {a}--{b}")
            partner = b if c.by == a else a
            claims.append(Claim(c.by, partner, self.cite(c.cite, cite), c.kind, c.raw_name))
        return Twinning(
            a=a,
            b=b,
            kind=row.kind,
            citation=cite,
            basis=row.basis,
            exclusive_reciprocal=row.exclusive_reciprocal,
            fixed_term=row.fixed_term,
            note=row.note,
            names=tuple(sorted(row.names.items())),
            reasons=tuple(
                ReasonFact(r.reason, self.cite(r.cite, cite), r.note) for r in row.reasons
            ),
            claims=tuple(claims),
            events=events,
        )

    def event(self, row: EventRow, inherited: Citation | None = None) -> Event:
        """An event row as an :class:`Event` (its cite inherits the twinning's)."""
        return Event(
            type=row.type,
            date=_fuzzy(row.date),
            citation=self.cite(row.cite, inherited),
            description=row.description,
            end_date=_fuzzy(row.end_date),
            actor=self.place_ref(row.actor) if row.actor else None,
            cause=row.cause,
            step=row.step,
        )

    def pair_event(self, row: PairEventRow) -> tuple[str, Event]:
        """A further claim about an existing pair: ``(twinning id, event)``."""
        try:
            a, b = pair_key(self.place_ref(row.pair[0]), self.place_ref(row.pair[1]))
        except IntegrityError as exc:
            raise self.fail(str(exc)) from exc
        event = self.event(row)
        if event.actor is not None and event.actor not in (a, b):
            raise self.fail(f"actor {event.actor!r} is not a side of {a}--{b}")
        return f"{a}--{b}", event

    def network(self, row: NetworkRow) -> Network:
        """A network row as a :class:`Network`."""
        country = self.country(row.country) if row.country else None
        return Network(
            row.id,
            row.name,
            row.kind,
            self.cite(row.cite),
            country,
            _fuzzy(row.founded),
            row.description,
        )

    def membership(self, row: MembershipRow, network_ids: frozenset[str]) -> Membership:
        """A membership row as a :class:`Membership`."""
        if row.network not in network_ids:
            raise self.fail(f"unknown network {row.network!r}")
        period = Period(_fuzzy(row.since), _fuzzy(row.until))
        return Membership(
            row.network, self.place_ref(row.place), self.cite(row.cite), period, row.role
        )

    def rule(self, row: RuleRow, network_ids: frozenset[str]) -> Rule:
        """A rule row as a :class:`Rule`."""
        if row.network is not None and row.network not in network_ids:
            raise self.fail(f"unknown network {row.network!r}")
        country = self.country(row.country) if row.country else None
        return Rule(
            row.id,
            row.text,
            row.effect,
            self.cite(row.cite),
            row.network,
            country,
            _fuzzy(row.since),
            row.dispute,
            row.claim_of,
        )

    def term(self, row: TermRow) -> Term:
        """A term row as a :class:`Term`."""
        return Term(
            row.text,
            row.lang,
            self.cite(row.cite),
            row.region,
            row.kind,
            row.literal,
            row.transliteration,
            row.note,
        )
