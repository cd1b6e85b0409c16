"""Routes about countries: a country's twinned places and its partner countries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from twintowns.api import convert, params, schemas
from twintowns.api.errors import ERROR_RESPONSES
from twintowns.api.state import Snap
from twintowns.query import country_summary

router = APIRouter(tags=["countries"], responses=ERROR_RESPONSES)


@router.get("/countries/{iso}", summary="A country's twinnings by partner country")
def get_country(
    snapshot: Snap,
    iso: Annotated[str, Path(pattern=params.ISO_PATTERN, description="ISO alpha-2 code.")],
    partner: params.Country = None,
    as_of: params.AsOf = None,
) -> schemas.CountryOut:
    """The country's twinned places and its twinnings per partner country.  With `partner`,
    answers "is any town in `iso` twinned with a town in `partner`" and lists those twinnings."""
    summary = country_summary(snapshot, iso, params.day(as_of, "as_of"), params.country(partner))
    return schemas.CountryOut(
        iso=summary.iso,
        name=summary.name,
        as_of=summary.as_of,
        place_count=summary.place_count,
        twinning_count=summary.twinning_count,
        places=[
            schemas.PlaceCountOut(
                id=p.id, name=p.name(when=summary.as_of), level=p.level, twinnings=n
            )
            for p, n in summary.places
        ],
        partners=[
            schemas.PartnerCountryOut(
                iso=p.iso, name=p.name, twinnings=p.twinnings, by_status=dict(p.by_status)
            )
            for p in summary.partners
        ],
        partner=summary.partner,
        twinned_with_partner=bool(summary.with_partner) if summary.partner else None,
        with_partner=[convert.twinning(r) for r in summary.with_partner],
    )
