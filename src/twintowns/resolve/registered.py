"""Places a register vouches for that the gazetteer lacks: its own municipalities and districts.

The gazetteer holds GeoNames' populated places (500+ people) and first-level subdivisions.  A
German municipal register names many places it has not: municipalities made of villages of
other names (Breuberg, Freigericht, Brigachtal: an ADM4 unit, no populated place) and the
districts (``Ansbach (Kreis)``; GeoNames' ADM3 level is not in the installed packages).  The
register is the record of such a place: its name, its Land and its postcode point.  A
mention the source marks ``vouched`` becomes a place of its own (cited to the register row,
not to GeoNames) only when nothing makes that a guess:

* the resolver finds no place of that name in the country (it fell back to a nearest point
  or found nothing: not a spelling guess, not a far namesake);
* the point lies in the country and the Land the row states (the nearest town is within a
  few km and in both; a register that put Altenburger Land in East Frisia is left alone);
* for a municipality, no gazetteer place within 15 km is a near-homonym (a fuzzy ratio of 85
  or more), contains its name or is contained in it, or shares a word of its name (Bad
  Kötzting beside Kötzting, Burgwedel beside Großburgwedel, Ebersbach-Neugersdorf beside
  Ebersbach: a renamed or merged town the gazetteer knows by another name);
* every row naming it puts it at the same place (within 10 km; 50 km for a district).

Everything else stays as the resolver decided (a nearest-point guess is reviewed).  A
district made so is published only with partners that are units too: a town's name beside a
district may mean the town or its district (:func:`doubt_district_partners`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from twintowns.model import SETTLEMENT_LEVELS, PlaceLevel, PlaceMention, normalise_name
from twintowns.resolve.context import Side
from twintowns.resolve.gazetteer import Entry, Gazetteer, distance_km
from twintowns.resolve.names import ascii_form, split_name
from twintowns.resolve.resolver import GUESS_CONFIDENCE, Resolver

__all__ = ["DISTRICT_PARTNER", "Vouched", "admit", "district_base", "doubt_district_partners"]

ADMITTED_FROM = frozenset({"coords", "unresolved"})
"""Resolver methods that mean "no place of that name": the only ones a register may fill."""
NEAR_HOMONYM = 85.0  # fuzzy ratio: at or above, a gazetteer name may be the same name misspelt
HOMONYM_KM = 15.0  # a place this near sharing a word of the name may be the same municipality
TOWN_KM, DISTRICT_KM = 10.0, 30.0  # the nearest gazetteer town, for the Land check
SPREAD_KM = {PlaceLevel.TOWN: 10.0, PlaceLevel.COUNTY: 50.0}
_COMMON_WORDS = frozenset({"sankt", "stadt", "markt", "kreis", "land", "bei", "der", "den"})
_DISTRICT = re.compile(r"^(?:(?:land)?kreis\s+)?(?P<base>.+?)\s*\(kreis\).*$", re.IGNORECASE)
_UNIT_MARKS = re.compile(r"[()/]")
_QUALIFIER_PHRASE = re.compile(
    r"\s(?:am|an der|an|im|in der|in|bei|ob der|auf der|vor der|unter)\s"
)


@dataclass(frozen=True, slots=True)
class Vouched:
    """One vouched mention and where it was read (for the place's citation)."""

    source_id: str
    locator: str
    mention: PlaceMention


def district_base(name: str) -> str | None:
    """The name of the district a ``X (Kreis)`` mention names (``Darmstadt-Dieburg (Kreis)
    (Darmstadt, Stadt)`` -> ``Darmstadt-Dieburg``; ``Oberhavel, Kreis (Kreis)`` ->
    ``Oberhavel``; ``Saarpfalz- (Kreis)`` -> ``Saarpfalz-Kreis``), else None."""
    match = _DISTRICT.match(name.strip())
    if match is None:
        return None
    base = re.sub(r",\s*kreis$", "", match["base"].strip(), flags=re.IGNORECASE)
    return base + "Kreis" if base.endswith("-") else base


def _own_word(base: str) -> bool:
    """Whether a district's name already says it is one (Enzkreis, Alb-Donau-Kreis)."""
    return base.casefold().endswith("kreis")


def _compact(text: str) -> str:
    return normalise_name(text).replace(" ", "")


def _key(mention: PlaceMention) -> tuple[str, PlaceLevel, str] | None:
    """The entry key, level and display base a vouched mention would make, if any."""
    base = district_base(mention.name)
    if base is not None and "bezirk" in base.casefold():
        return None  # a Bezirk (Unterfranken) is a region of several districts, not a Kreis
    if base is not None:
        return f"reg:{mention.country_iso}:kreis-{_compact(base)}", PlaceLevel.COUNTY, base
    if _UNIT_MARKS.search(mention.name) or split_name(mention.name).level is not None:
        return None  # a collective municipality, two names, a unit word: not one town
    return f"reg:{mention.country_iso}:{_compact(mention.name)}", PlaceLevel.TOWN, mention.name


class _Checks:
    """The evidence tests, with the per-country indexes they need built once."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def in_region(self, mention: PlaceMention, level: PlaceLevel) -> str | None:
        """The subdivision the mention's point lies in (its nearest town's), when that town
        is near, in the stated country and, if the source states one, in the stated
        subdivision; else None."""
        if mention.lat is None or mention.lon is None:
            return None
        towns = [
            (e, km)
            for e, km in self.gazetteer.nearest(mention.lat, mention.lon, k=8)
            if e.level in SETTLEMENT_LEVELS
        ]
        limit = DISTRICT_KM if level is PlaceLevel.COUNTY else TOWN_KM
        if not towns or towns[0][1] > limit or towns[0][0].iso != mention.country_iso:
            return None
        nearest = towns[0][0].admin1 or ""
        if mention.region is None:
            return nearest
        regions = [
            e
            for e in self.gazetteer.named(mention.region, mention.country_iso)
            if e.level not in SETTLEMENT_LEVELS and e.level is not PlaceLevel.COUNTRY
        ]
        return nearest if len(regions) == 1 and nearest == regions[0].name else None

    def homonym(self, mention: PlaceMention) -> bool:
        """Whether a gazetteer place near the mention's point may be this municipality under
        another spelling: a near-homonym (misspelt, or a spelling variant), a name containing
        or contained in it, or one sharing a word of its head (the words before a spelled-out
        qualifier: "am Main" says nothing)."""
        if mention.lat is None or mention.lon is None:
            return True  # nothing to compare with: never made
        folded = normalise_name(mention.name)
        head = _QUALIFIER_PHRASE.split(folded, maxsplit=1)[0]
        words = {w for w in re.split(r"[\s-]+", head) if len(w) >= 4} - _COMMON_WORDS
        compact = folded.replace(" ", "")
        for entry, km in self.gazetteer.nearest(mention.lat, mention.lon, k=60):
            if km > HOMONYM_KM:
                break
            for name in (entry.name, *entry.alternates):
                other = normalise_name(name)
                flat = other.replace(" ", "")
                if len(flat) >= 4 and (flat in compact or compact in flat):
                    return True
                if words & set(other.split()) or fuzz.ratio(folded, other) >= NEAR_HOMONYM:
                    return True
        return False


def _names(key_base: str, level: PlaceLevel, members: Sequence[Vouched]) -> tuple[str, ...]:
    names = [m.mention.name for m in members]
    names += [text for m in members for _, text in m.mention.labels]
    if level is PlaceLevel.COUNTY and not _own_word(key_base):
        names += [f"Landkreis {key_base}", f"Kreis {key_base}"]
    elif level is PlaceLevel.COUNTY:
        names.append(key_base)
    names += [ascii_form(n) for n in names]
    return tuple(dict.fromkeys(n for n in names if n))


def _seat(name: str) -> str | None:
    """The seat a district mention names after ``(Kreis)``: ``(Göttingen, Stadt)`` ->
    ``Göttingen``, ``(Bernburg (Saale), Stadt)`` -> ``Bernburg (Saale)``."""
    rest = name[name.casefold().index("(kreis)") + len("(kreis)") :].strip()
    if not (rest.startswith("(") and rest.endswith(")")):
        return None
    inner = rest[1:-1].strip()
    head, comma, _ = inner.rpartition(",")
    seat = (head if comma else inner).strip()
    return None if not seat or "kreis" in seat.casefold() else seat


def _located(
    resolver: Resolver, checks: _Checks, item: Vouched, level: PlaceLevel
) -> tuple[float, float, str] | None:
    """Where the place is, and its Land: the row's own point when it lies in the stated Land;
    for a district whose point does not (a dummy point on many rows), its seat's, when the
    seat's name is a confident resolution to a town of that Land."""
    mention = item.mention
    region = checks.in_region(mention, level)
    if region is not None and mention.lat is not None and mention.lon is not None:
        return mention.lat, mention.lon, region
    seat = _seat(mention.name) if level is PlaceLevel.COUNTY else None
    if seat is None or mention.region is None:  # a seat is placed only in a stated Land
        return None
    found = resolver.resolve(PlaceMention(seat, country_iso=mention.country_iso))
    entry = None if found.key is None else resolver.gazetteer.by_key(found.key)
    if (
        entry is None
        or found.needs_review
        or entry.level not in SETTLEMENT_LEVELS
        or entry.admin1 != mention.region
        or entry.lat is None
        or entry.lon is None
    ):
        return None
    return entry.lat, entry.lon, mention.region


def _admissible(resolver: Resolver, checks: _Checks, item: Vouched, level: PlaceLevel) -> bool:
    """Whether nothing makes the place a guess: the gazetteer has no place of the name (not
    even by a spelling guess), and, for a municipality, none nearby under another spelling."""
    mention = item.mention
    if mention.country_iso is None or resolver.resolve(mention).method not in ADMITTED_FROM:
        return False
    if level is PlaceLevel.TOWN:
        return mention.lat is not None and mention.lon is not None and not checks.homonym(mention)
    return True


def _entry(
    key: str,
    level: PlaceLevel,
    base: str,
    members: Sequence[Vouched],
    where: tuple[float, float, str],
) -> Entry:
    first = members[0]
    if level is PlaceLevel.COUNTY:
        display = base if _own_word(base) else f"{base} (Kreis)"
    else:
        display = first.mention.name
    return Entry(
        key=key,
        name=display,
        level=level,
        iso=first.mention.country_iso,
        admin1=where[2],
        lat=where[0],
        lon=where[1],
        alternates=tuple(n for n in _names(base, level, members) if n != display),
        cited=(first.source_id, first.locator),
    )


def _spread(points: Sequence[tuple[float, float, str]], level: PlaceLevel) -> bool:
    """Whether the rows naming one place put it in places too far apart to be one."""
    return any(
        distance_km(points[0][0], points[0][1], p[0], p[1]) > SPREAD_KM[level]
        or p[2] != points[0][2]
        for p in points[1:]
    )


def _place(
    resolver: Resolver,
    checks: _Checks,
    key: str,
    level: PlaceLevel,
    base: str,
    members: Sequence[Vouched],
) -> Entry | None:
    """The entry the rows naming one place make, or None when any of them makes it a guess."""
    if resolver.gazetteer.by_key(key) is not None:
        return None
    if not all(_admissible(resolver, checks, m, level) for m in members):
        return None
    points = [_located(resolver, checks, m, level) for m in members]
    if level is PlaceLevel.TOWN and None in points:
        return None  # a municipality's every row must lie in its Land
    found = [p for p in points if p is not None]
    if not found or _spread(found, level):
        return None
    return _entry(key, level, base, members, found[0])


def admit(resolver: Resolver, vouched: Iterable[Vouched]) -> list[Entry]:
    """Add to the resolver's gazetteer the places the registers vouch for that it lacks.

    Returns the entries added (in a stable order); the resolver's caches are cleared, so that
    every mention of those names (from any source) resolves to them from now on.
    """
    groups: dict[str, list[Vouched]] = defaultdict(list)
    kinds: dict[str, tuple[PlaceLevel, str]] = {}
    for item in vouched:
        if not item.mention.vouched or item.mention.country_iso is None:
            continue
        made = _key(item.mention)
        if made is not None:
            groups[made[0]].append(item)
            kinds[made[0]] = (made[1], made[2])
    checks = _Checks(resolver.gazetteer)
    added = []
    for key in sorted(groups):
        level, base = kinds[key]
        entry = _place(resolver, checks, key, level, base, groups[key])
        if entry is not None:
            added.append(entry)
    if added:
        resolver.gazetteer.add(added)
        resolver.forget()
    return added


DISTRICT_PARTNER = "district-partner"
"""Review method of a partner a register-made district is linked to by a town's name."""


def doubt_district_partners(pairs: Iterable[tuple[Side, Side]], gazetteer: Gazetteer) -> int:
    """Send to review the partners of register-made districts that resolved to a town.

    A German district's partner is mostly another district or region named by its seat
    ("Cham (Kreis)" and "Klatovy": the okres; "Segeberg (Kreis)" and "Drawsko Pomorskie": the
    powiat), and some of the register's district rows are its seat town's own links (Stains
    and Sokolov are Saalfeld's): whether a town's name means the town or its district is a
    guess either way.  Returns how many sides were marked.
    """
    marked = 0
    for first, second in pairs:
        for side, other in ((first, second), (second, first)):
            own = _entry_of(gazetteer, other.resolution.key)
            partner = _entry_of(gazetteer, side.resolution.key)
            if (
                own is not None
                and own.cited is not None
                and own.level not in SETTLEMENT_LEVELS
                and partner is not None
                and partner.level in SETTLEMENT_LEVELS
                and not side.resolution.needs_review
            ):
                side.resolution = replace(
                    side.resolution, method=DISTRICT_PARTNER, confidence=GUESS_CONFIDENCE
                )
                marked += 1
    return marked


def _entry_of(gazetteer: Gazetteer, key: str | None) -> Entry | None:
    return None if key is None else gazetteer.by_key(key)
