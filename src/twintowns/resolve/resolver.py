"""Resolution of a place mention to a gazetteer entry, with a method and a confidence.

The steps, strongest first: a curated override; a Wikidata id already known; the name (or its
base and qualifier, or its transliteration) among places of the stated country, chosen by the
mention's coordinates when it has them and by population when not; fuzzy matching within the
country; finally the nearest place to the mention's coordinates.  Below the review threshold a
resolution is a guess: the importer does not publish it, it queues it for review.  Guesses are
a nearest-point pick, a population pick among rivals of comparable size, a name pick beyond
:func:`tolerance_km` of the mention's own coordinates (when those lie in the stated country),
and a fuzzy match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from twintowns.model import SETTLEMENT_LEVELS, PlaceLevel, PlaceMention, normalise_name
from twintowns.resolve.countries import TERRITORIES, country_of
from twintowns.resolve.gazetteer import Entry, Gazetteer, distance_km
from twintowns.resolve.names import ascii_form, split_name
from twintowns.resolve.namesakes import RIVAL_RATIO, Namesakes

REVIEW_THRESHOLD = 0.8
FAR_KM = 30.0  # a town farther than this from the mention's own coordinates is another place
LARGE_KM = 75.0  # ... a city of a million (its Wikidata point may be its municipality's centre)
UNIT_KM = 100.0  # ... an administrative unit (a province's point is only a centre of mass)
LARGE_CITY = 1_000_000
GUESS_CONFIDENCE = 0.5  # a nearest-point pick, or a name pick far from the mention's coordinates
UNANCHORED_CONFIDENCE = 0.7  # a name with no country, coordinates or qualifier: corroborate it
SOLE_CONFIDENCE = 0.85  # ... one gazetteer place's own name and no other's: published, doubtful
DWARFED_RATIO, DWARFED_CITY = 50, 50_000  # a hamlet's point beside a city of the same name
_NEAR_KM, _COORDS_ONLY_KM = 25.0, 8.0
_FUZZY_CUTOFF = 90.0
TOWN_LEVELS = SETTLEMENT_LEVELS  # the model's vocabulary, under the resolver's old name


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving one mention.

    Attributes
    ----------
    key:
        Gazetteer key (``gn:2652221``) or ``None`` when unresolved.
    method:
        How: ``override``, ``qid``, ``name+coords``, ``name+country``, ``name``, ``fuzzy``,
        ``coords`` (a nearest-point guess), ``far`` (the name's places all lie far from the
        mention's coordinates), ``unresolved``; ``+partners`` when the partner graph revised it.
    confidence:
        0..1; below :data:`REVIEW_THRESHOLD` the resolution goes to the review queue.
    candidates:
        Keys of the other places considered (for review).
    country_iso:
        The country the mention states, as read.
    rivalled:
        Whether another place of the chosen place's own name, of similar size (see
        :data:`RIVAL_RATIO`) and elsewhere, was among the candidates: the name alone does not
        say which is meant, so other sources' use of the name cannot settle it either.
    """

    key: str | None
    method: str
    confidence: float
    candidates: tuple[str, ...] = ()
    country_iso: str | None = None
    rivalled: bool = False

    @property
    def needs_review(self) -> bool:
        """True when a person should check this resolution."""
        if self.method == "rejected":  # a person already decided this mention names no place
            return False
        return self.key is None or self.confidence < REVIEW_THRESHOLD


def _prefer_towns(found: Sequence[Entry], level: PlaceLevel | None) -> list[Entry]:
    """Towns over subdivisions of the same name (Lviv the city, not the oblast), unless the
    name says it is an administrative unit."""
    if level is not None and level not in TOWN_LEVELS:
        wanted = [e for e in found if e.level not in TOWN_LEVELS]
        return wanted or list(found)
    towns = [e for e in found if e.level in TOWN_LEVELS]
    return towns or list(found)


def _rank(entry: Entry, folded: str) -> tuple[bool, int, str]:
    """Primary-name matches first (an alternate name of a village should not beat the town
    of that name), then population, then key for determinism."""
    return (normalise_name(entry.name) != folded, -entry.population, entry.key)


def _by_population(found: Sequence[Entry], folded: str, country_known: bool) -> tuple[Entry, float]:
    ranked = sorted(found, key=lambda e: _rank(e, folded))
    best = ranked[0]
    if len(ranked) == 1:
        return best, 0.97 if country_known else 0.9
    rivals = [e for e in ranked if _rank(e, folded)[0] == _rank(best, folded)[0]]
    total = sum(max(e.population, 1) for e in rivals)
    share = max(best.population, 1) / total
    return best, round(0.55 + 0.4 * share, 3)


def tolerance_km(level: PlaceLevel | str, population: int | None) -> float:
    """How far a place may lie from a source's coordinates for them to mean that place: the
    checks of :mod:`twintowns.truth` use the same rule."""
    if PlaceLevel(level) not in TOWN_LEVELS:
        return UNIT_KM
    return LARGE_KM if (population or 0) >= LARGE_CITY else FAR_KM


def _by_coordinates(
    found: Sequence[Entry], folded: str, lat: float, lon: float
) -> tuple[Entry, float] | None:
    located = [
        (distance_km(lat, lon, e.lat, e.lon), e)
        for e in found
        if e.lat is not None and e.lon is not None
    ]
    within = [(km, e) for km, e in located if km <= tolerance_km(e.level, e.population)]
    near = [e for km, e in within if km <= _NEAR_KM]
    if near:
        # Several places of that name nearby (a city and its district): the largest.
        best = min(near, key=lambda e: _rank(e, folded))
        return best, 0.99 if normalise_name(best.name) == folded else 0.95
    if within:
        # One place of that name within tolerance is the place (a municipality whose centre
        # lies off the geocoded point); several are a guess between them.
        best = min(within, key=lambda pair: (pair[0], pair[1].key))[1]
        return best, 0.85 if len(within) == 1 else 0.78
    return None


def _own_name(entry: Entry, folded: str) -> bool:
    """Whether ``folded`` is the entry's own (primary) name, with or without diacritics."""
    return folded in (normalise_name(entry.name), normalise_name(ascii_form(entry.name)))


def _namesakes(best: Entry, found: Sequence[Entry], folded: str) -> list[Entry]:
    """The other towns in ``found`` whose own name is ``folded`` too and that lie beyond
    ``best``'s tolerance (a city and its same-named district are one place, not rivals)."""
    if not _own_name(best, folded) or best.lat is None or best.lon is None:
        return []
    reach = tolerance_km(best.level, best.population)
    return [
        e
        for e in found
        if e.key != best.key
        and e.level in TOWN_LEVELS
        and _own_name(e, folded)
        and e.lat is not None
        and e.lon is not None
        and distance_km(best.lat, best.lon, e.lat, e.lon) > reach
    ]


def _rivalled(best: Entry, found: Sequence[Entry], folded: str) -> bool:
    """Whether a namesake of ``best`` is at least a tenth of its size."""
    return any(
        RIVAL_RATIO * max(e.population, 1) >= best.population
        for e in _namesakes(best, found, folded)
    )


def _outgeocoded(best: Entry, found: Sequence[Entry], folded: str, mention: PlaceMention) -> bool:
    """Whether a geocoder's point lies on a place while a larger place of the same name lies
    elsewhere in the country: on the blind check (``benchmarks/truth_audit.py``) most such
    picks were the wrong namesake (Gronau, Herzberg, Halle, Sulzbach).  A source that gives
    the population has looked the place up, not geocoded its name."""
    if not mention.geocoded or mention.population is not None:
        return False
    return any(e.population > best.population for e in _namesakes(best, found, folded))


def _dwarfed(best: Entry, found: Sequence[Entry], mention: PlaceMention) -> bool:
    """Whether a place of the same name, far from the mention's point and many times larger
    than ``best``, is a city (and the source gives no population that settles which)."""
    if mention.population is not None or mention.lat is None or mention.lon is None:
        return False
    lat, lon = mention.lat, mention.lon
    floor = max(DWARFED_CITY, DWARFED_RATIO * max(best.population, 1))
    return any(
        e.population >= floor
        and e.lat is not None
        and e.lon is not None
        and distance_km(lat, lon, e.lat, e.lon) > tolerance_km(e.level, e.population)
        for e in found
    )


class Resolver:
    """Resolves mentions against a gazetteer; results are cached per distinct mention."""

    def __init__(
        self, gazetteer: Gazetteer, overrides: dict[tuple[str, str], str | None] | None = None
    ) -> None:
        self.gazetteer = gazetteer
        self.overrides = overrides or {}
        self._cache: dict[tuple[object, ...], Resolution] = {}
        self._country_names: dict[str, list[str]] = {}
        self._namesakes = Namesakes(gazetteer)

    def forget(self) -> None:
        """Drop every cached resolution and index (after places were added to the gazetteer)."""
        self._cache, self._country_names = {}, {}
        self._namesakes = Namesakes(self.gazetteer)

    def resolve(self, mention: PlaceMention) -> Resolution:
        """Resolve one mention (cached)."""
        key = (
            mention.geonames,
            mention.name,
            mention.country,
            mention.country_iso,
            mention.qid,
            None if mention.lat is None else round(mention.lat, 2),
            None if mention.lon is None else round(mention.lon, 2),
            mention.population is None,  # a population given vouches for a hamlet's point
            mention.geocoded,
        )
        if key not in self._cache:
            self._cache[key] = self._resolve(mention)
        return self._cache[key]

    def _resolve(self, mention: PlaceMention) -> Resolution:
        country = country_of(mention.country)
        iso = mention.country_iso or country.iso
        decision_key = (normalise_name(mention.name), normalise_name(mention.country or ""))
        if decision_key in self.overrides:
            decided = self.overrides[decision_key]
            return Resolution(decided, "override" if decided else "rejected", 1.0, (), iso)
        if mention.geonames is not None and self.gazetteer.by_key(f"gn:{mention.geonames}"):
            return Resolution(f"gn:{mention.geonames}", "geonames", 1.0, (), iso)
        found, method, text = self._candidates(mention, iso, country.hint)
        if found:
            return self._choose(found, method, normalise_name(text), mention, iso)
        return self._fallback(mention, iso)

    def _candidates(
        self, mention: PlaceMention, iso: str | None, hint: str | None
    ) -> tuple[list[Entry], str, str]:
        gaz = self.gazetteer
        parts = split_name(mention.name)
        attempts: list[tuple[str, str | None]] = [(parts.full, None), (parts.base, parts.qualifier)]
        attempts += [(text, None) for _, text in mention.labels]
        attempts.append((ascii_form(parts.base), parts.qualifier))
        for text, qualifier in attempts:
            found = _prefer_towns(gaz.named(text, iso), parts.level)
            if qualifier:
                found = self._qualified(found, qualifier)
            if hint:
                found = [
                    e for e in found if normalise_name(e.admin1 or "") == normalise_name(hint)
                ] or found
            if found:
                return found, "name+country" if iso else "name", text
        if iso is None and parts.qualifier:
            # ``Klippan, Scania``, ``Coulommiers, Seine-et-Marne``: a qualifier the gazetteer
            # does not know, on a name only one place bears (in the country the qualifier
            # names, if it names one).
            sole = self._sole(normalise_name(parts.base))
            wanted = country_of(parts.qualifier).iso
            same_kind = (
                parts.level is None
                or sole is None
                or ((parts.level in TOWN_LEVELS) == (sole.level in TOWN_LEVELS))
            )
            if sole is not None and wanted in (None, sole.iso) and same_kind:
                return [sole], "name+sole", parts.base
        for territory in TERRITORIES.get(iso or "", ()):
            found = _prefer_towns(gaz.named(parts.base, territory), parts.level)
            if found:
                return found, "name+territory", parts.base
        if iso:
            return self._fuzzy(parts.base, iso), "fuzzy", parts.base
        return [], "none", parts.base

    def _qualified(self, found: list[Entry], qualifier: str) -> list[Entry]:
        """Keep candidates the qualifier describes: their region, their country, or a place
        they lie near (Pankow (Berlin))."""
        wanted = normalise_name(qualifier)
        qualifier_iso = country_of(qualifier).iso
        kept = [
            e
            for e in found
            if normalise_name(e.admin1 or "") == wanted
            or (qualifier_iso and e.iso == qualifier_iso)
        ]
        if kept:
            return kept
        anchors = self.gazetteer.named(qualifier)
        return [
            e
            for e in found
            if e.lat is not None
            and e.lon is not None
            and any(
                a.lat is not None
                and a.lon is not None
                and distance_km(e.lat, e.lon, a.lat, a.lon) < 40
                for a in anchors
            )
        ]

    def _fuzzy(self, name: str, iso: str) -> list[Entry]:
        if iso not in self._country_names:
            self._country_names[iso] = sorted(
                {
                    normalise_name(n)
                    for e in self.gazetteer.entries
                    if e.iso == iso
                    for n in (e.name, *e.alternates)
                    if n
                }
            )
        best = process.extractOne(
            normalise_name(name),
            self._country_names[iso],
            scorer=fuzz.ratio,
            score_cutoff=_FUZZY_CUTOFF,
        )
        return [] if best is None else self.gazetteer.named(best[0], iso)

    def _choose(
        self, found: list[Entry], method: str, folded: str, mention: PlaceMention, iso: str | None
    ) -> Resolution:
        others = tuple(sorted(e.key for e in found))
        if mention.lat is not None and mention.lon is not None:
            near = _by_coordinates(found, folded, mention.lat, mention.lon)
            if near is not None and _dwarfed(near[0], found, mention):
                # The point lies on a hamlet while a city of that name lies elsewhere in the
                # country: a geocoder's slip as likely as the hamlet (Hamm, Germany geocoded
                # to a village of the Eifel).  Neither is published.
                return Resolution(near[0].key, "dwarfed", GUESS_CONFIDENCE, others, iso)
            if near is not None and _outgeocoded(near[0], found, folded, mention):
                return Resolution(near[0].key, "namesake", GUESS_CONFIDENCE, others, iso)
            if near is not None:
                return Resolution(near[0].key, "name+coords", near[1], others, iso)
            if self._trusted(mention.lat, mention.lon, iso):
                # Every place of that name lies far from where the source puts it: whatever
                # a pick by name chose would be a different place (Montabaur's Fredericksburg).
                best, _ = _by_population(found, folded, iso is not None)
                return Resolution(best.key, "far", GUESS_CONFIDENCE, others, iso)
        best, confidence = _by_population(found, folded, iso is not None)
        if best.cited is not None and best.level in TOWN_LEVELS:  # a register's village, no point
            confidence = min(confidence, UNANCHORED_CONFIDENCE)  # (its namesakes are unknown)
        pool = self._namesakes.doubt(mention, best, found, folded, method)
        if pool:  # a register's bare name that several towns of its country fit: review it
            return Resolution(best.key, "namesake", UNANCHORED_CONFIDENCE, pool, iso, True)
        if method == "fuzzy":
            confidence = min(confidence, 0.75)  # a spelling guess is reviewed, not published
        elif method == "name+sole":
            confidence = min(confidence, SOLE_CONFIDENCE)
        elif iso is None and split_name(mention.name).qualifier is None:
            # No country, no coordinates, no qualifier (the 2016 crawl's labels, the 2018
            # scrape's partner column): only a sole city of that name, or a name that is one
            # place's own and no other place's anywhere, is unambiguous; the rest waits for
            # the partner graph to corroborate it, or for review.
            sole = (len(found) == 1 and found[0].level is PlaceLevel.CITY) or self._bare_sole(
                mention, folded
            )
            confidence = min(confidence, SOLE_CONFIDENCE if sole else UNANCHORED_CONFIDENCE)
        rivalled = _rivalled(best, found, folded)
        return Resolution(best.key, method, confidence, others, iso, rivalled)

    def _sole(self, folded: str) -> Entry | None:
        """The one gazetteer place whose own (primary) name ``folded`` is, when no other
        place of any level goes by it, even as an alternate (not Campania the Tasmanian
        village, which shares its name with the Italian region; not Balmaceda, an alternate
        name of a Mexican town)."""
        found = self.gazetteer.named(folded)
        if len(found) != 1:
            return None
        entry = found[0]
        own = {normalise_name(entry.name), normalise_name(ascii_form(entry.name))}
        return entry if folded in own else None

    def _bare_sole(self, mention: PlaceMention, folded: str) -> bool:
        """A bare name (a 2018 partner column's) that is one town's own name and no other
        place's.  Not a Wikidata item's label: P190 links administrative bodies, often units
        the town gazetteer lacks (Adur, Fife, Albemarle County), whose label a namesake town
        elsewhere then bears; nor a name with a unit word or a village's name (the smallest
        places are the ones a 500-people gazetteer misses namesakes of)."""
        if mention.qid is not None or split_name(mention.name).level is not None:
            return False
        sole = self._sole(folded)
        return sole is not None and sole.level in (PlaceLevel.CITY, PlaceLevel.TOWN)

    def _trusted(self, lat: float, lon: float, iso: str | None) -> bool:
        """Whether a mention's coordinates can overrule its name: they lie in the stated
        country (a geocoder that placed Perth, Scotland in Australia cannot)."""
        if iso is None:
            return True
        nearest = self.gazetteer.nearest(lat, lon, k=3)
        return any(e.iso == iso or e.iso in TERRITORIES.get(iso, ()) for e, _ in nearest)

    def _fallback(self, mention: PlaceMention, iso: str | None) -> Resolution:
        if mention.lat is not None and mention.lon is not None:
            for entry, km in self.gazetteer.nearest(mention.lat, mention.lon, k=3):
                if km <= _COORDS_ONLY_KM and (iso is None or entry.iso == iso):
                    return Resolution(entry.key, "coords", GUESS_CONFIDENCE, (entry.key,), iso)
        return Resolution(None, "unresolved", 0.0, (), iso)
