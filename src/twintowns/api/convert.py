"""Library values to response schemas: the one place the API's JSON shapes are filled in."""

from __future__ import annotations

import datetime as dt

from twintowns.api import schemas
from twintowns.errors import Candidate
from twintowns.model import Citation, Claim, Event, FuzzyDate, Place, Source, StatusAt
from twintowns.model.dormancy import DEFAULT_YEARS, events_dormant
from twintowns.model.summary import status_summary
from twintowns.query import Snapshot, TwinningRow
from twintowns.registry import country_label
from twintowns.views import PartnerView, PlaceView, with_disputes


def _text(date: FuzzyDate | None) -> str | None:
    return None if date is None else date.isoformat()


def citation(value: Citation) -> schemas.CitationOut:
    """A citation."""
    return schemas.CitationOut(source_id=value.source_id, locator=value.locator)


def source(value: Source) -> schemas.SourceOut:
    """A source."""
    return schemas.SourceOut(
        id=value.id,
        title=value.title,
        publisher=value.publisher,
        url=value.url,
        retrieved=value.retrieved,
        licence=value.licence,
        published=_text(value.published),
    )


def candidate(value: Candidate) -> schemas.CandidateOut:
    """A candidate of an ambiguous name."""
    return schemas.CandidateOut(
        id=value.id, label=value.label, country=value.country, level=value.level
    )


def place_summary(place: Place, snapshot: Snapshot) -> schemas.PlaceSummary:
    """A place in a list, with its number of twinnings."""
    coords = place.coordinates
    country = place.country()
    return schemas.PlaceSummary(
        id=place.id,
        name=place.name(),
        country=country,
        country_name=country_label(country),
        level=place.level.value,
        admin_area=place.admin_area,
        lat=coords.lat if coords else None,
        lon=coords.lon if coords else None,
        population=place.population,
        twinnings=len(snapshot.by_place.get(place.id, ())),
    )


def place(value: Place, snapshot: Snapshot) -> schemas.PlaceOut:
    """A place in full."""
    return schemas.PlaceOut(
        **dict(place_summary(value, snapshot)),
        names=[
            schemas.PlaceNameOut(
                text=n.text,
                lang=n.lang,
                valid_from=_text(n.valid.start),
                valid_until=_text(n.valid.end),
                preferred=n.preferred,
            )
            for n in value.names
        ],
        countries=[
            schemas.CountryPeriodOut(
                iso=c.iso,
                name=country_label(c.iso),
                valid_from=_text(c.valid.start),
                valid_until=_text(c.valid.end),
            )
            for c in value.countries
        ],
        wikidata=value.wikidata,
        geonames=value.geonames,
        population_year=value.population_year,
        citation=citation(value.citation) if value.citation else None,
    )


def event(value: Event) -> schemas.EventOut:
    """An event."""
    return schemas.EventOut(
        type=value.type.value,
        date=_text(value.date),
        end_date=_text(value.end_date),
        description=value.description,
        actor=value.actor,
        cause=value.cause,
        citation=citation(value.citation),
        step=value.step,
        standing=value.standing.value,
    )


def status(value: StatusAt) -> schemas.StatusOut:
    """A status as of a date."""
    return schemas.StatusOut(
        status=value.status.value,
        since=_text(value.since),
        certain=value.certain,
        event=event(value.event) if value.event else None,
    )


def claim(value: Claim) -> schemas.ClaimOut:
    """One side's claim."""
    return schemas.ClaimOut(
        claimant=value.claimant,
        partner=value.partner,
        kind=value.kind.value if value.kind else None,
        raw_name=value.raw_name,
        citation=citation(value.citation),
    )


def partner(view: PartnerView, snapshot: Snapshot, dormant: bool = False) -> schemas.PartnerOut:
    """A partner of a place as of a date (``dormant``: its "dormant?" question)."""
    other = snapshot.places.get(view.partner_id)
    coords = other.coordinates if other else None
    return schemas.PartnerOut(
        twinning_id=view.twinning_id,
        partner_id=view.partner_id,
        partner_name=view.partner_name,
        partner_country=view.partner_country,
        partner_lat=coords.lat if coords else None,
        partner_lon=coords.lon if coords else None,
        kind=view.kind.value,
        since=_text(view.since),
        status=status(view.status),
        exclusive_reciprocal=view.exclusive_reciprocal,
        fixed_term=view.fixed_term,
        reasons=[r.value for r in view.reasons],
        claims=[claim(c) for c in view.claims],
        claimants=sorted({c.claimant for c in view.claims}),
        one_sided=view.one_sided,
        events=[event(e) for e in view.events],
        sources=list(view.source_ids),
        disputes=list(view.disputes),
        first_attested=_text(view.attested.first),
        last_attested=_text(view.attested.last),
        dormant=dormant,
    )


def place_twinnings(
    view: PlaceView, snapshot: Snapshot, dormant_years: int = DEFAULT_YEARS
) -> schemas.PlaceTwinningsOut:
    """A place's partners as of a date, each disputed step told in words, each asked
    "dormant?" after ``dormant_years`` quiet years."""
    view = with_disputes(view)
    day = view.as_of or dt.date.today()
    return schemas.PlaceTwinningsOut(
        place=place_summary(view.place, snapshot),
        name=view.name,
        as_of=view.as_of,
        partners=[
            partner(p, snapshot, events_dormant(p.events, day, dormant_years, p.attested.last))
            for p in view.partners
        ],
        sources={k: source(v) for k, v in sorted(view.sources.items())},
        status_summary=status_summary(p.status.status for p in view.partners),
    )


def twinning(row: TwinningRow) -> schemas.TwinningOut:
    """A twinning row."""
    t, when = row.twinning, row.as_of
    return schemas.TwinningOut(
        id=t.id,
        a=t.a,
        a_name=row.a.name(when=when),
        a_country=row.a.country(when),
        b=t.b,
        b_name=row.b.name(when=when),
        b_country=row.b.country(when),
        kind=t.kind.value,
        basis=t.basis.value,
        status=row.status.status.value,
        status_since=_text(row.status.since),
        since=_text(row.since),
        exclusive_reciprocal=t.exclusive_reciprocal,
        one_sided=t.one_sided,
        confidence=t.confidence,
        sources=list(row.source_ids),
        licences=list(row.licences),
        first_attested=_text(row.attested.first),
        last_attested=_text(row.attested.last),
    )
