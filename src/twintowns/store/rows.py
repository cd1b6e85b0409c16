"""Mapping between domain objects and table rows, both ways.

Values that many rows repeat (citations, validity periods, dates, language codes and place
ids) are made once per distinct value and shared (:func:`citation_of`, :func:`period_of`):
the model's value objects are frozen, so sharing is safe, and a registry snapshot read from
the world holds a few hundred thousand fewer objects, which its cache file then stores once
per chunk (its pickle refers back to an object already written), so it loads faster too.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from twintowns.model import (
    Basis,
    Citation,
    Claim,
    Coordinates,
    CountryPeriod,
    Event,
    EventType,
    FuzzyDate,
    Membership,
    Network,
    NetworkKind,
    Period,
    Place,
    PlaceLevel,
    PlaceName,
    Reason,
    ReasonFact,
    ReviewItem,
    Rule,
    Source,
    Standing,
    Term,
    Twinning,
    TwinningKind,
    normalise_name,
)

Row = dict[str, Any]
TWINNING_TABLES = ("twinning_names", "twinning_reasons", "claims", "events")


def _text(date: FuzzyDate | None) -> str | None:
    return None if date is None else date.isoformat()


def _date(text: str | None) -> FuzzyDate | None:
    return None if text is None else _parsed(text)


_SHARED = 1 << 18
"""How many distinct citations (or periods, dates) are kept for sharing: more than the world
registry holds (116,000 citations), so that within one read equal values are one object."""


@lru_cache(maxsize=_SHARED)
def _parsed(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


@lru_cache(maxsize=_SHARED)
def period_of(start: str | None, end: str | None) -> Period:
    """The validity period of two stored date texts (one shared object per distinct pair)."""
    return Period(_date(start), _date(end))


@lru_cache(maxsize=_SHARED)
def _citation(source_id: str, locator: str | None) -> Citation:
    return Citation(sys.intern(source_id), locator)


def _cite(citation: Citation | None, fallback: Citation | None = None) -> Row:
    chosen = citation or fallback
    assert chosen is not None, "every stored fact carries a citation"
    return {"source_id": chosen.source_id, "locator": chosen.locator}


def citation_of(row: Mapping[Any, Any]) -> Citation:
    """The citation columns of a row (one shared object per distinct citation)."""
    return _citation(row["source_id"], row["locator"])


def source_row(source: Source) -> Row:
    """A :class:`Source` as a ``sources`` row."""
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "retrieved": source.retrieved,
        "licence": source.licence,
        "published": _text(source.published),
    }


def source_from(row: Mapping[Any, Any]) -> Source:
    """A ``sources`` row as a :class:`Source`."""
    return Source(
        row["id"],
        row["title"],
        row["publisher"],
        row["url"],
        row["retrieved"],
        row["licence"],
        _date(row.get("published")),
    )


def place_row(place: Place) -> Row:
    """The ``places`` row of a place."""
    coords = place.coordinates
    return {
        "id": place.id,
        "level": place.level.value,
        "wikidata": place.wikidata,
        "geonames": place.geonames,
        "admin_area": place.admin_area,
        "lat": coords.lat if coords else None,
        "lon": coords.lon if coords else None,
        "population": place.population,
        "population_year": place.population_year,
        **_cite(place.citation),
    }


def name_row(place_id: str, name: PlaceName, fallback: Citation | None = None) -> Row:
    """The ``place_names`` row of one name of a place; ``norm`` is its folded form, which
    name search matches (see :func:`twintowns.model.normalise_name`)."""
    return {
        "place_id": place_id,
        "text": name.text,
        "norm": normalise_name(name.text),
        "lang": name.lang,
        "valid_from": _text(name.valid.start),
        "valid_until": _text(name.valid.end),
        "preferred": name.preferred,
        **_cite(name.citation, fallback),
    }


def name_rows(place: Place) -> Iterator[Row]:
    """The ``place_names`` rows of a place."""
    for name in place.names:
        yield name_row(place.id, name, place.citation)


def country_rows(place: Place) -> Iterator[Row]:
    """The ``place_countries`` rows of a place."""
    for country in place.countries:
        yield {
            "place_id": place.id,
            "iso": country.iso,
            "valid_from": _text(country.valid.start),
            "valid_until": _text(country.valid.end),
            **_cite(country.citation, place.citation),
        }


def place_from(
    row: Mapping[Any, Any], names: list[Mapping[Any, Any]], countries: list[Mapping[Any, Any]]
) -> Place:
    """Rebuild a :class:`Place` from its rows."""
    has_coords = row["lat"] is not None and row["lon"] is not None
    return Place(
        id=sys.intern(row["id"]),
        level=PlaceLevel(row["level"]),
        names=tuple(
            PlaceName(
                n["text"],
                sys.intern(n["lang"]),
                period_of(n["valid_from"], n["valid_until"]),
                bool(n["preferred"]),
                citation_of(n),
            )
            for n in names
        ),
        countries=tuple(
            CountryPeriod(
                sys.intern(c["iso"]),
                period_of(c["valid_from"], c["valid_until"]),
                citation_of(c),
            )
            for c in countries
        ),
        wikidata=row["wikidata"],
        geonames=row["geonames"],
        admin_area=row["admin_area"],
        coordinates=Coordinates(row["lat"], row["lon"]) if has_coords else None,
        population=row["population"],
        population_year=row["population_year"],
        citation=citation_of(row),
    )


def twinning_row(twinning: Twinning) -> Row:
    """The ``twinnings`` row of a twinning."""
    return {
        "id": twinning.id,
        "place_a": twinning.a,
        "place_b": twinning.b,
        "kind": twinning.kind.value,
        "basis": twinning.basis.value,
        "exclusive_reciprocal": twinning.exclusive_reciprocal,
        "fixed_term": twinning.fixed_term,
        "note": twinning.note,
        **_cite(twinning.citation),
    }


def twinning_child_rows(twinning: Twinning) -> dict[str, list[Row]]:
    """Rows of the twinning's names, reasons, claims and events, keyed by table name."""
    tid, cite = twinning.id, twinning.citation
    return {
        "twinning_names": [
            {"twinning_id": tid, "lang": lang, "text": text, **_cite(cite)}
            for lang, text in twinning.names
        ],
        "twinning_reasons": [
            {"twinning_id": tid, "reason": r.reason.value, "note": r.note, **_cite(r.citation)}
            for r in twinning.reasons
        ],
        "claims": [
            {
                "twinning_id": tid,
                "claimant_id": c.claimant,
                "partner_id": c.partner,
                "kind": c.kind.value if c.kind else None,
                "raw_name": c.raw_name,
                "asserted": c.asserted,
                "confidence": None if c.confidence == 1.0 else c.confidence,
                **_cite(c.citation),
            }
            for c in twinning.claims
        ],
        "events": [event_row(tid, e) for e in twinning.events],
    }


def event_row(twinning_id: str, event: Event) -> Row:
    """The ``events`` row of an event."""
    return {
        "twinning_id": twinning_id,
        "type": event.type.value,
        "date": _text(event.date),
        "date_lo": event.date.start if event.date else None,
        "date_hi": event.date.end if event.date else None,
        "end_date": _text(event.end_date),
        "actor_id": event.actor,
        "cause": event.cause,
        "description": event.description,
        "step": event.step,
        "standing": event.standing.value,
        **_cite(event.citation),
    }


def event_from(row: Mapping[Any, Any]) -> Event:
    """Rebuild an :class:`Event` from its row."""
    return Event(
        type=EventType(row["type"]),
        date=_date(row["date"]),
        citation=citation_of(row),
        description=row["description"],
        end_date=_date(row["end_date"]),
        actor=row["actor_id"],
        cause=row["cause"],
        step=row.get("step"),
        standing=Standing(row.get("standing") or Standing.ACCEPTED),
    )


def twinning_from(
    row: Mapping[Any, Any], children: Mapping[str, list[Mapping[Any, Any]]]
) -> Twinning:
    """Rebuild a :class:`Twinning` from its row and its child rows (keyed by table name)."""
    return Twinning(
        a=sys.intern(row["place_a"]),
        b=sys.intern(row["place_b"]),
        kind=TwinningKind(row["kind"]),
        citation=citation_of(row),
        basis=Basis(row["basis"]),
        exclusive_reciprocal=bool(row["exclusive_reciprocal"]),
        fixed_term=bool(row["fixed_term"]),
        note=row["note"],
        names=tuple((n["lang"], n["text"]) for n in children.get("twinning_names", [])),
        reasons=tuple(
            ReasonFact(Reason(r["reason"]), citation_of(r), r["note"])
            for r in children.get("twinning_reasons", [])
        ),
        claims=tuple(
            Claim(
                sys.intern(c["claimant_id"]),
                sys.intern(c["partner_id"]),
                citation_of(c),
                TwinningKind(c["kind"]) if c["kind"] else None,
                c["raw_name"],
                bool(c["asserted"]),
                1.0 if c["confidence"] is None else float(c["confidence"]),
            )
            for c in children.get("claims", [])
        ),
        events=tuple(event_from(e) for e in children.get("events", [])),
    )


def network_row(network: Network) -> Row:
    """The ``networks`` row of a network."""
    return {
        "id": network.id,
        "name": network.name,
        "kind": network.kind.value,
        "country": network.country,
        "founded": _text(network.founded),
        "description": network.description,
        **_cite(network.citation),
    }


def network_from(row: Mapping[Any, Any]) -> Network:
    """Rebuild a :class:`Network`."""
    return Network(
        row["id"],
        row["name"],
        NetworkKind(row["kind"]),
        citation_of(row),
        row["country"],
        _date(row["founded"]),
        row["description"],
    )


def membership_row(m: Membership) -> Row:
    """The ``memberships`` row of a membership."""
    return {
        "network_id": m.network_id,
        "place_id": m.place_id,
        "valid_from": _text(m.valid.start),
        "valid_until": _text(m.valid.end),
        "role": m.role,
        **_cite(m.citation),
    }


def rule_row(rule: Rule) -> Row:
    """The ``rules`` row of a rule."""
    return {
        "id": rule.id,
        "text": rule.text,
        "effect": rule.effect,
        "network_id": rule.network_id,
        "country": rule.country,
        "since": _text(rule.since),
        "dispute": rule.dispute or None,
        "claim_of": rule.claim_of,
        "standing": rule.standing.value,
        **_cite(rule.citation),
    }


def rule_from(row: Mapping[Any, Any]) -> Rule:
    """Rebuild a :class:`Rule`."""
    return Rule(
        row["id"],
        row["text"],
        row["effect"],
        citation_of(row),
        row["network_id"],
        row["country"],
        _date(row["since"]),
        row.get("dispute") or "",
        row.get("claim_of"),
        Standing(row.get("standing") or Standing.ACCEPTED),
    )


def term_row(term: Term) -> Row:
    """The ``terms`` row of a term."""
    return {
        "text": term.text,
        "lang": term.lang,
        "region": term.region,
        "kind": term.kind.value if term.kind else None,
        "literal": term.literal,
        "transliteration": term.transliteration,
        "note": term.note,
        **_cite(term.citation),
    }


def review_row(item: ReviewItem) -> Row:
    """The ``review_queue`` row of a review item."""
    return {
        "name": item.name,
        "country": item.country,
        "mentions": item.mentions,
        "place_id": item.place_id,
        "gazetteer_key": item.gazetteer_key,
        "method": item.method,
        "confidence": item.confidence,
        "candidates": list(item.candidates),
        **_cite(item.citation),
    }


def review_from(row: Mapping[Any, Any]) -> ReviewItem:
    """Rebuild a :class:`ReviewItem`."""
    return ReviewItem(
        row["name"],
        row["country"],
        citation_of(row),
        row["mentions"],
        row["place_id"],
        row["gazetteer_key"],
        row["method"],
        row["confidence"],
        tuple(row["candidates"]),
    )


def term_from(row: Mapping[Any, Any]) -> Term:
    """Rebuild a :class:`Term`."""
    return Term(
        row["text"],
        row["lang"],
        citation_of(row),
        row["region"],
        TwinningKind(row["kind"]) if row["kind"] else None,
        row["literal"],
        row["transliteration"],
        row["note"],
    )
