"""Truth checks: every published place traced back to the source rows that named it.

This module owns the checks the quality report and ``benchmarks/truth_audit.py`` share, so
their figures agree.  For each claim of a bundled world dataset the row is read again (by its
locator) and each end of the twinning is compared with what the row itself says:

- **coordinates**: the EU-2017 rows carry Wikidata's own coordinates (P625); the 2026 scrape
  carries geocoded ones, used only when they lie in the country the row states (a geocoder that
  put Perth, Scotland in Australia is no judge).  A place farther from them than the resolver's
  own tolerance (:func:`~twintowns.resolve.resolver.tolerance_km`: 30 km for a town, 75 km for a
  city of a million, 100 km for an administrative unit) is far from its source.  When an end has
  Wikidata coordinates, the geocoded ones are not used.
- **country**: a place outside the country the row states (or its territories);
- **name**: none of the place's names (all GeoNames gives it), nor a close spelling, nor its
  first words, is the name the row wrote or its base (``Pankow`` of ``Pankow (Berlin)``);
- **Wikidata id**: the row's item has coordinates in the bundled data (a 2016 statement whose
  two labels are an EU-2017 row's two labels) beyond that tolerance; and, registry-wide, one id
  on two places.

An end is wrong when any check fails; a twinning is wrong when either end is.  Registry-wide
checks: same-level duplicates (same name, country and kind of place, within
:data:`DUPLICATE_KM`) and partners twinned with two namesakes more than :data:`FAR_KM` apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import reverse_geocode
import sqlalchemy as sa
from rapidfuzz import fuzz

from twintowns.model import SETTLEMENT_LEVELS, PlaceMention, RawClaim, RowProblem, normalise_name
from twintowns.resolve.countries import TERRITORIES, country_of
from twintowns.resolve.gazetteer import all_geonames_names, distance_km
from twintowns.resolve.names import ascii_form, split_name
from twintowns.resolve.resolver import FAR_KM as RESOLVER_FAR_KM
from twintowns.resolve.resolver import tolerance_km
from twintowns.sources.base import ClaimSource
from twintowns.store import schema

FAR_KM = RESOLVER_FAR_KM  # towns; large cities and units get more (see tolerance_km)
DUPLICATE_KM = 20.0
_NAME_RATIO = 85.0
_TOWN = SETTLEMENT_LEVELS  # level strings compare equal to their PlaceLevel members
EU_2017 = "wikidata-eu-twinning-2017"
CRAWL_2016 = "wikidata-p190-crawl-2016"
SCRAPE_2026 = "wikipedia-twin-cities-2026"

Point = tuple[float, float]
_PLACE_COLUMNS = ("id", "level", "lat", "lon", "wikidata", "population", "geonames", "admin_area")

# Folding is the costly part of every check and names repeat across rows: fold each once.
_fold = lru_cache(maxsize=None)(normalise_name)


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    """What the registry says about one place."""

    id: str
    name: str
    level: str
    isos: frozenset[str]
    point: Point | None
    wikidata: str | None
    names: frozenset[str]  # folded GeoNames names and the display name
    population: int | None = None
    geonames: int | None = None
    admin_area: str | None = None

    @property
    def tolerance(self) -> float:
        """How far from a source's coordinates the place may lie (the resolver's rule)."""
        return tolerance_km(self.level, self.population) if self.level != "fictional" else 0.0


@dataclass
class TruthReport:
    """Each check's findings: ``end_errors`` maps (twinning id, place id) to the reasons."""

    end_errors: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    twinnings: list[str] = field(default_factory=list)
    checked_ends: int = 0
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    namesakes: list[tuple[str, str, str, float]] = field(default_factory=list)
    qid_on_two: list[tuple[str, list[str]]] = field(default_factory=list)

    def wrong_twinnings(self) -> dict[str, list[str]]:
        """Twinning id -> every reason either end failed."""
        out: dict[str, list[str]] = defaultdict(list)
        for (tid, place), reasons in sorted(self.end_errors.items()):
            out[tid].extend(f"{place}: {r}" for r in reasons)
        return dict(out)

    def by_check(self) -> dict[str, list[str]]:
        """Check name -> the ends (``twinning/place``) failing it."""
        out: dict[str, list[str]] = defaultdict(list)
        for (tid, place), reasons in sorted(self.end_errors.items()):
            for reason in reasons:
                out[reason.split(":", 1)[0]].append(f"{place} in {tid}: {reason}")
        return dict(out)


def read_rows(sources: Iterable[ClaimSource]) -> dict[tuple[str, str], RawClaim]:
    """Every claim of ``sources`` by (source id, locator); malformed rows are ignored here
    (the build reports them)."""

    def ignore(_: RowProblem) -> None:
        return None

    return {(s.info.id, raw.locator): raw for s in sources for raw in s.claims(ignore)}


def qid_points(rows: dict[tuple[str, str], RawClaim]) -> dict[str, tuple[Point, str | None]]:
    """Coordinates and country of Wikidata items, from the bundled data itself: a 2016
    statement whose two labels are the two labels of an EU-2017 row gives both items the
    row's coordinates.  Items the rows place more than :data:`FAR_KM` apart are left out."""
    eu: dict[tuple[str, str], list[tuple[PlaceMention, PlaceMention]]] = defaultdict(list)
    for (source, _), raw in rows.items():
        if source == EU_2017:
            a, b = _fold(raw.claimant.name), _fold(raw.partner.name)
            eu[(a, b)].append((raw.claimant, raw.partner))
            eu[(b, a)].append((raw.partner, raw.claimant))
    found: dict[str, list[tuple[Point, str | None]]] = defaultdict(list)
    for (source, _), raw in rows.items():
        if source != CRAWL_2016:
            continue
        key = (_fold(raw.claimant.name), _fold(raw.partner.name))
        for first, second in eu.get(key, []):
            for item, row in ((raw.claimant.qid, first), (raw.partner.qid, second)):
                if item and row.lat is not None and row.lon is not None:
                    found[item].append(((row.lat, row.lon), country_of(row.country).iso))
    out = {}
    for item, points in found.items():
        (lat, lon), _ = points[0]
        if all(distance_km(lat, lon, p[0], p[1]) <= FAR_KM for p, _ in points):
            out[item] = points[0]
    return out


def place_facts(conn: sa.Connection) -> dict[str, PlaceFacts]:
    """Every place with its countries, point, Wikidata id and GeoNames-cited names."""
    pl, pc, pn = schema.places, schema.place_countries, schema.place_names
    isos: dict[str, set[str]] = defaultdict(set)
    for pid, iso in conn.execute(sa.select(pc.c.place_id, pc.c.iso)):
        isos[pid].add(iso)
    names: dict[str, set[str]] = defaultdict(set)
    display: dict[str, tuple[int, str]] = {}
    for pid, text, norm, lang, preferred, source in conn.execute(
        sa.select(pn.c.place_id, pn.c.text, pn.c.norm, pn.c.lang, pn.c.preferred, pn.c.source_id)
    ):
        if source == "geonames":
            names[pid].add(norm)
        rank = (2 if lang == "en" else 0) + (1 if preferred else 0)
        if pid not in display or rank > display[pid][0]:
            display[pid] = (rank, text)
    out = {}
    for pid, level, lat, lon, qid, population, geonames, admin in conn.execute(
        sa.select(*(pl.c[c] for c in _PLACE_COLUMNS))
    ):
        name = display.get(pid, (0, pid))[1]
        out[pid] = PlaceFacts(
            pid,
            name,
            level,
            frozenset(isos[pid]),
            None if lat is None else (lat, lon),
            qid,
            frozenset(names[pid] | {_fold(name)}),
            population,
            geonames,
            admin,
        )
    return out


def _in_country(place: PlaceFacts, iso: str) -> bool:
    return not place.isos or any(i == iso or i in TERRITORIES.get(iso, ()) for i in place.isos)


@cache
def _said(name: str) -> frozenset[str]:
    """The folded forms a written name stands for: whole, base, ASCII base."""
    parts = split_name(name)
    forms = {name, parts.base, ascii_form(parts.base)}
    return frozenset(_fold(t) for t in forms if t)


def _name_agrees(place: PlaceFacts, mention: PlaceMention) -> bool:
    """One of the place's names is what the row wrote, a spelling of it, or the first words
    of it (``Sohland`` of ``Sohland an der Spree``)."""
    said = _said(mention.name) | {_fold(text) for _, text in mention.labels}
    if place.names & said:
        return True
    names = place.names | all_geonames_names(place.geonames)
    for a in names:
        for b in said:
            if b.startswith(a + " ") or a.startswith(b + " "):
                return True
            if fuzz.ratio(a, b, score_cutoff=_NAME_RATIO):
                return True
    return False


@dataclass
class _End:
    """The rows' evidence for one end of one twinning."""

    mentions: list[PlaceMention] = field(default_factory=list)
    wikidata_points: list[Point] = field(default_factory=list)
    geocoded_points: list[tuple[Point, str]] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)


def _gather(
    claims: Iterable[Sequence[str]], rows: dict[tuple[str, str], RawClaim]
) -> dict[tuple[str, str], _End]:
    ends: dict[tuple[str, str], _End] = defaultdict(_End)
    for tid, source, locator, claimant, partner in claims:
        raw = rows.get((source, locator))
        if raw is None:
            continue
        for place, mention in ((claimant, raw.claimant), (partner, raw.partner)):
            end = ends[(tid, place)]
            end.mentions.append(mention)
            iso = mention.country_iso or country_of(mention.country).iso
            if iso:
                end.countries.add(iso)
            if mention.lat is not None and mention.lon is not None:
                point = (mention.lat, mention.lon)
                if source == EU_2017:
                    end.wikidata_points.append(point)
                elif source == SCRAPE_2026 and iso:
                    end.geocoded_points.append((point, iso))
    _keep_geocoded_in_country(ends.values())
    return ends


def _keep_geocoded_in_country(ends: Iterable[_End]) -> None:
    """Drop geocoded points that lie outside the country their row states (one batch)."""
    ends = list(ends)
    points = [p for end in ends for p, _ in end.geocoded_points]
    if not points:
        return
    found = iter(reverse_geocode.search(points))
    for end in ends:
        kept = [(p, iso) for p, iso in end.geocoded_points if next(found)["country_code"] == iso]
        end.geocoded_points = kept


def _end_reasons(
    place: PlaceFacts, end: _End, items: dict[str, tuple[Point, str | None]]
) -> list[str]:
    reasons = []
    points = end.wikidata_points or [p for p, _ in end.geocoded_points]
    if place.point is not None and points:
        km = min(distance_km(*place.point, *p) for p in points)
        if km > place.tolerance:
            kind = "Wikidata" if end.wikidata_points else "geocoded"
            reasons.append(f"far: {km:,.0f} km from the row's {kind} coordinates")
    wrong = sorted(iso for iso in end.countries if not _in_country(place, iso))
    if wrong:
        reasons.append(
            f"country: in {'/'.join(sorted(place.isos))}, the row says {'/'.join(wrong)}"
        )
    # A bare QID names nothing; an item whose id the place carries is that place by its id.
    named = [m for m in end.mentions if not (m.qid and m.qid in (m.name, place.wikidata))]
    if named and not any(_name_agrees(place, m) for m in named):
        reasons.append(f"name: the row says {named[0].name!r}, the place is {place.name!r}")
    reasons.extend(_item_reasons(place, end, items))
    return reasons


def _item_reasons(
    place: PlaceFacts, end: _End, items: dict[str, tuple[Point, str | None]]
) -> Iterator[str]:
    """The row's Wikidata item lies elsewhere (its coordinates in the bundled data)."""
    for qid in sorted({m.qid for m in end.mentions if m.qid}):
        known = items.get(qid)
        if known is None or place.point is None:
            continue
        km = distance_km(*place.point, *known[0])
        if km > place.tolerance:
            yield f"wikidata: {qid} lies {km:,.0f} km away"
            return


def _km(a: PlaceFacts, b: PlaceFacts) -> float:
    if a.point is None or b.point is None:
        return float("inf")
    return distance_km(*a.point, *b.point)


def _duplicates(places: dict[str, PlaceFacts]) -> list[tuple[str, str, float]]:
    """Same display name, same country, same kind (town or unit), within DUPLICATE_KM, in
    the same first-level subdivision where both are known."""
    groups: dict[tuple[str, str, bool], list[PlaceFacts]] = defaultdict(list)
    for place in places.values():
        if place.point is None or place.level == "fictional":
            continue
        for iso in place.isos:
            groups[(_fold(place.name), iso, place.level in _TOWN)].append(place)
    found = []
    for members in groups.values():
        members.sort(key=lambda p: p.id)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                km = _km(a, b)
                # Kansas City, Kansas and Kansas City, Missouri: two cities across a state line.
                regions = {a.admin_area, b.admin_area} - {None}
                if (
                    km <= DUPLICATE_KM
                    and (a.level == b.level or a.level in _TOWN)
                    and len(regions) < 2
                ):
                    found.append((a.id, b.id, km))
    return sorted(found)


def _namesakes(
    pairs: Iterable[Sequence[str]], places: dict[str, PlaceFacts]
) -> list[tuple[str, str, str, float]]:
    """Partners twinned with two places of one name more than FAR_KM apart (a list copied
    onto a namesake): (place, namesake a, namesake b, km)."""
    partners: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        partners[a].add(b)
        partners[b].add(a)
    found: list[tuple[str, str, str, float]] = []
    for place, linked in sorted(partners.items()):
        by_name: dict[str, list[PlaceFacts]] = defaultdict(list)
        for other in sorted(linked):
            facts = places.get(other)
            if facts is not None and facts.point is not None:
                by_name[_fold(facts.name)].append(facts)
        for group in by_name.values():
            far = [(x.id, y.id, _km(x, y)) for i, x in enumerate(group) for y in group[i + 1 :]]
            found.extend((place, x, y, km) for x, y, km in far if FAR_KM < km < float("inf"))
    return found


def truth_report(engine: sa.Engine, sources: Sequence[ClaimSource] | None = None) -> TruthReport:
    """Run every check on the registry in ``engine``.

    Parameters
    ----------
    engine:
        The registry.
    sources:
        The datasets whose rows are read again (the bundled world datasets by default); only
        those the registry cites are read.
    """
    from twintowns.sources.catalogue import world_sources  # the catalogue imports importer

    cl, tw = schema.claims, schema.twinnings
    with engine.connect() as conn:
        places = place_facts(conn)
        claims = list(
            conn.execute(
                sa.select(
                    cl.c.twinning_id,
                    cl.c.source_id,
                    cl.c.locator,
                    cl.c.claimant_id,
                    cl.c.partner_id,
                )
            )
        )
        pairs = list(conn.execute(sa.select(tw.c.place_a, tw.c.place_b).order_by(tw.c.id)))
        report = TruthReport(twinnings=list(conn.scalars(sa.select(tw.c.id).order_by(tw.c.id))))
    cited = {row[1] for row in claims}
    rows = read_rows(s for s in (sources or world_sources()) if s.info.id in cited)
    items = qid_points(rows)
    ends = _gather(claims, rows)
    report.checked_ends = len(ends)
    for (tid, place_id), end in sorted(ends.items()):
        reasons = _end_reasons(places[place_id], end, items)
        if reasons:
            report.end_errors[(tid, place_id)] = reasons
    holders: dict[str, list[str]] = defaultdict(list)
    for place in places.values():
        if place.wikidata:
            holders[place.wikidata].append(place.id)
    report.qid_on_two = sorted((q, sorted(ids)) for q, ids in holders.items() if len(ids) > 1)
    report.duplicates = _duplicates(places)
    report.namesakes = _namesakes(pairs, places)
    return report
