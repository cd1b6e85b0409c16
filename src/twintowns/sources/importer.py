"""The one importer: any sources' claims -> resolved places -> twinnings, in one transaction.

For every claim both sides are resolved (a Wikidata id already in the registry first, then the
resolver); a resolved side is an existing registry place (a curated one, linked through the
gazetteer) or a new place made from its gazetteer entry.  Claims of a pair are reconciled into
one twinning that keeps every side's claim and every source; events the claims carry (Wikidata
P580/P582) join it.  Low-confidence and failed resolutions go to the review queue.  A malformed
row is reported with its file and line and skipped, or stops everything under ``strict``.  A
source that yields no claims at all is an error naming it (an empty or header-only file would
otherwise replace everything its earlier import wrote) unless ``allow_empty``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import sqlalchemy as sa

from twintowns.errors import DataFileError, EmptyLoadError
from twintowns.model import (
    COUNTRY_MISMATCH,
    Bundle,
    Citation,
    Claim,
    Event,
    Place,
    PlaceMention,
    PlaceName,
    RawClaim,
    ReviewItem,
    RowProblem,
    Source,
    Twinning,
    TwinningKind,
    normalise_name,
    pair_key,
    rank_signings,
)
from twintowns.progress import QUIET, Progress
from twintowns.resolve.context import PartnerContext, Side
from twintowns.resolve.countries import TERRITORIES
from twintowns.resolve.gazetteer import build_gazetteer
from twintowns.resolve.names import split_name
from twintowns.resolve.places import (
    GEONAMES,
    entry_for,
    gazetteer_names,
    link_existing,
    place_from_entry,
    place_id_for,
)
from twintowns.resolve.registered import Vouched, admit, doubt_district_partners
from twintowns.resolve.resolver import Resolution, Resolver
from twintowns.sources.base import ClaimSource
from twintowns.store import Load, Reader, loading


class Target(Protocol):
    """Where an import writes: a :class:`twintowns.registry.Registry` (the importer needs only
    its engine, so that the sources layer does not import the registry service)."""

    @property
    def engine(self) -> sa.Engine:
        """The registry's database."""
        ...


_ENGLISH_SOURCES = ("wikipedia",)  # sources whose names are English display names


@dataclass
class ImportReport:
    """What an import read, resolved and wrote."""

    dataset: str
    claims_read: dict[str, int] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    mentions: int = 0
    unresolved_mentions: int = 0
    review_items: int = 0
    places_created: int = 0
    twinnings: int = 0
    same_place_pairs: int = 0
    revised_by_partners: int = 0
    register_places: int = 0  # places a register vouches for that the gazetteer lacked
    district_partners: int = 0  # towns linked to such a district, sent to review
    written: dict[str, int] = field(default_factory=dict)
    methods: Counter[str] = field(default_factory=Counter)

    @property
    def resolved_share(self) -> float:
        """Share of place mentions resolved to a place."""
        return 1.0 - self.unresolved_mentions / self.mentions if self.mentions else 1.0


def _no_claims(source: ClaimSource) -> EmptyLoadError:
    where = getattr(source, "path", None)  # file-based sources (CSV) know their file
    return EmptyLoadError(
        f"no claims read from source {source.info.id!r} (an empty or header-only file?); "
        "allow empty replacements (--allow-empty) to import it anyway",
        path=None if where is None else str(where),
    )


def read_claims(
    sources: Sequence[ClaimSource],
    report: ImportReport,
    *,
    strict: bool,
    progress: Progress,
    allow_empty: bool = False,
) -> list[tuple[Source, RawClaim]]:
    """Every claim of every source, in order; bad rows reported (or raised under ``strict``).

    Raises
    ------
    EmptyLoadError
        If a source yields no claims, unless ``allow_empty``.
    """

    def problem(found: RowProblem) -> None:
        if strict:
            raise DataFileError(found.message, path=found.path, line=found.line)
        report.problems.append(found)

    claims: list[tuple[Source, RawClaim]] = []
    for source in sources:
        info = source.info
        progress.stage(f"reading {info.id}")
        before = len(claims)
        for claim in source.claims(problem):
            claims.append((info, claim))
            progress.advance()
        report.claims_read[info.id] = len(claims) - before
        if not report.claims_read[info.id] and not allow_empty:
            raise _no_claims(source)
    return claims


class _Assembler:
    """Resolves mentions to registry place ids and collects what the bundle needs."""

    def __init__(self, reader: Reader, resolver: Resolver) -> None:
        self.resolver = resolver
        existing = reader.places()
        self.existing = frozenset(existing)
        self.existing_names = {p.id: {n.text for n in p.names} for p in existing.values()}
        self.links = link_existing(existing.values(), resolver)
        self.by_qid = {p.wikidata: p.id for p in existing.values() if p.wikidata}
        self.new_places: dict[str, str] = {}  # place id -> gazetteer key
        self.english: dict[str, Counter[str]] = defaultdict(Counter)
        self.qids: dict[str, set[str]] = defaultdict(set)
        self.review: dict[tuple[str, str, str], tuple[Resolution, Citation, int, str | None]] = {}

    def place_of(self, key: str) -> str:
        """The registry place id a gazetteer key becomes."""
        if key.startswith("place:"):
            return key.removeprefix("place:")
        return self.links.get(key) or place_id_for(entry_for(self.resolver.gazetteer, key))

    def resolve(self, mention: PlaceMention) -> Resolution:
        """First pass: a known Wikidata id, else the resolver (no side effects)."""
        if mention.qid and mention.qid in self.by_qid:
            return Resolution(f"place:{self.by_qid[mention.qid]}", "qid", 1.0)
        return self.resolver.resolve(mention)

    def commit(self, side: Side, source: Source, locator: str) -> str | None:
        """Final pass: the place id of a confident side (creating its place), or None for a
        doubtful one, which is queued for review instead of being published."""
        found, mention = side.resolution, side.mention
        place_id = None if found.key is None else self.place_of(found.key)
        if found.needs_review:
            self._queue(mention, source, locator, found, place_id)
            return None
        if found.key and self._outside_stated_country(found):
            self._queue(mention, source, locator, replace(found, method=COUNTRY_MISMATCH), place_id)
            return None
        if place_id is not None and found.key is not None and place_id not in self.existing:
            self._remember(place_id, found.key, mention, source)
        return place_id

    def _outside_stated_country(self, found: Resolution) -> bool:
        """The source says one country, the place it resolved to lies in another."""
        if found.country_iso is None or found.key is None or found.key.startswith("place:"):
            return False
        iso = entry_for(self.resolver.gazetteer, found.key).iso
        return (
            iso is not None
            and iso != found.country_iso
            and iso not in TERRITORIES.get(found.country_iso, ())
        )

    def _remember(self, place_id: str, key: str, mention: PlaceMention, source: Source) -> None:
        self.new_places.setdefault(place_id, key)
        if source.id.startswith(_ENGLISH_SOURCES):
            self.english[place_id][split_name(mention.name).base] += 1
        for lang, label in mention.labels:
            if lang == "en":
                self.english[place_id][label] += 1
        if mention.qid and self._named(key, mention):
            self.qids[place_id].add(mention.qid)

    def _queue(
        self,
        mention: PlaceMention,
        source: Source,
        locator: str,
        found: Resolution,
        place_id: str | None,
    ) -> None:
        key = (source.id, mention.name, mention.country or "")
        if key in self.review:
            first = self.review[key]
            self.review[key] = (first[0], first[1], first[2] + 1, first[3])
        else:
            self.review[key] = (found, Citation(source.id, locator), 1, place_id)

    def _named(self, key: str, mention: PlaceMention) -> bool:
        """Whether the item's label is one of the place's own names (its id may then be the
        place's; a fuzzy or nearest-point match may not carry it)."""
        entry = entry_for(self.resolver.gazetteer, key)
        names = {normalise_name(n) for n in (entry.name, *entry.alternates)}
        return bool(
            names & {normalise_name(mention.name), normalise_name(split_name(mention.name).base)}
        )

    def _unique_qids(self) -> dict[str, str]:
        """Place id -> Wikidata id, only where the place has one id and the id one place (an id
        two places claim belongs to neither for sure)."""
        holders: Counter[str] = Counter(q for qids in self.qids.values() for q in qids)
        return {
            place_id: next(iter(qids))
            for place_id, qids in self.qids.items()
            if len(qids) == 1
            and holders[next(iter(qids))] == 1
            and next(iter(qids)) not in self.by_qid
        }

    def places(self) -> list[Place]:
        """The new places, with the English names sources wrote and Wikidata ids they carry."""
        out = []
        qids = self._unique_qids()
        for place_id, key in sorted(self.new_places.items()):
            names = [name for name, _ in self.english[place_id].most_common()]
            place = place_from_entry(entry_for(self.resolver.gazetteer, key), names)
            out.append(_with_qid(place, qids.get(place_id)))
        return out

    def further_names(self) -> list[tuple[str, PlaceName]]:
        """The gazetteer's names of the existing places linked to it, for search (東京 for
        the curated Tokyo); never preferred, so the owner's names stay the displayed ones."""
        out = []
        for key, place_id in sorted(self.links.items()):
            have = self.existing_names.get(place_id, set())
            entry = entry_for(self.resolver.gazetteer, key)
            for name in gazetteer_names(entry):
                if name.text not in have:
                    have.add(name.text)
                    out.append((place_id, replace(name, preferred=False)))
        return out

    def reviews(self) -> list[ReviewItem]:
        """Review items, one per distinct mention of each source."""
        return [
            ReviewItem(
                name,
                country,
                cite,
                count,
                self._written(place_id),
                found.key,
                found.method,
                found.confidence,
                found.candidates[:10],
            )
            for (_, name, country), (found, cite, count, place_id) in sorted(self.review.items())
        ]

    def _written(self, place_id: str | None) -> str | None:
        """The place id if the registry will hold that place (a guess creates none)."""
        return place_id if place_id in self.existing or place_id in self.new_places else None


def _with_qid(place: Place, qid: str | None) -> Place:
    return place if qid is None else replace(place, wikidata=qid)


def _kind(claims: Sequence[Claim]) -> TwinningKind:
    """The kind the claims that name one agree on (a register's form), else unspecified."""
    kinds = {c.kind for c in claims if c.kind is not None and c.asserted}
    return kinds.pop() if len(kinds) == 1 else TwinningKind.UNSPECIFIED


def _twinnings(
    pairs: dict[tuple[str, str], list[tuple[Claim, tuple[Event, ...]]]],
) -> list[Twinning]:
    out = []
    for (a, b), found in sorted(pairs.items()):
        claims = tuple(dict.fromkeys(c for c, _ in found))  # the same statement twice counts once
        # Sources that disagree on the signing year: every year is kept, one accepted.
        events = rank_signings(dict.fromkeys(e for _, evs in found for e in evs))
        out.append(Twinning(a, b, _kind(claims), claims[0].citation, claims=claims, events=events))
    return out


def _claim(source: Source, raw: RawClaim, claimant: str, partner: str, confidence: float) -> Claim:
    return Claim(
        claimant,
        partner,
        Citation(source.id, raw.locator),
        raw.kind,
        raw.partner.name,
        raw.asserted,
        round(confidence, 3),
    )


def assemble(
    reader: Reader,
    claims: Sequence[tuple[Source, RawClaim]],
    resolver: Resolver,
    report: ImportReport,
    progress: Progress,
) -> Bundle:
    """Resolve every claim (independently, then by partners) and build the dataset's bundle."""
    added = admit(
        resolver,
        (
            Vouched(source.id, raw.locator, mention)
            for source, raw in claims
            for mention in (raw.claimant, raw.partner)
            if mention.vouched
        ),
    )
    report.register_places = len(added)
    assembler = _Assembler(reader, resolver)
    progress.stage("resolving names", len(claims))
    sides: list[tuple[Side, Side]] = []
    for _, raw in claims:
        progress.advance()
        sides.append(
            (
                Side(raw.claimant, assembler.resolve(raw.claimant)),
                Side(raw.partner, assembler.resolve(raw.partner)),
            )
        )
    progress.stage("disambiguating by partners")
    report.revised_by_partners = PartnerContext(sides, assembler.place_of).revise()
    report.district_partners = doubt_district_partners(sides, resolver.gazetteer)
    pairs: dict[tuple[str, str], list[tuple[Claim, tuple[Event, ...]]]] = defaultdict(list)
    sources: dict[str, Source] = {}
    seen: set[tuple[str, str, str]] = set()
    for (source, raw), (first, second) in zip(claims, sides, strict=True):
        sources[source.id] = source
        claimant, partner = (assembler.commit(s, source, raw.locator) for s in (first, second))
        report.mentions += 2
        report.unresolved_mentions += (claimant is None) + (partner is None)
        report.methods.update(s.resolution.method for s in (first, second) if s.resolution.key)
        if claimant is None or partner is None:
            continue
        if claimant == partner:
            report.same_place_pairs += 1
            continue
        confidence = min(first.resolution.confidence, second.resolution.confidence)
        if (source.id, claimant, partner) not in seen:  # a statement written twice counts once
            seen.add((source.id, claimant, partner))
            pairs[pair_key(claimant, partner)].append(
                (_claim(source, raw, claimant, partner, confidence), raw.events)
            )
    places, reviews = assembler.places(), assembler.reviews()
    report.places_created, report.twinnings, report.review_items = (
        len(places),
        len(pairs),
        len(reviews),
    )
    return Bundle(
        dataset=report.dataset,
        sources=(*sorted(sources.values(), key=lambda s: s.id), GEONAMES),
        places=tuple(places),
        twinnings=tuple(_twinnings(pairs)),
        reviews=tuple(reviews),
        further_names=tuple(assembler.further_names()),
    )


def import_sources(
    registry: Target,
    sources: Sequence[ClaimSource],
    *,
    dataset: str,
    resolver: Resolver | None = None,
    strict: bool = False,
    progress: Progress = QUIET,
    allow_empty: bool = False,
    into: Load | None = None,
) -> ImportReport:
    """Import claims from ``sources`` as one dataset, in one audited transaction.

    Parameters
    ----------
    registry:
        The registry to write to.
    sources:
        Claim sources (any plug-in: bundled datasets, a CSV, a Wikidata dump).
    dataset:
        Name of the dataset load; importing it again replaces what it wrote.
    resolver:
        Name resolver; one over the full GeoNames gazetteer when omitted.
    strict:
        Stop at the first malformed row instead of reporting and skipping it.
    allow_empty:
        Allow a source without claims, and a replacement that empties the dataset.
    into:
        A load transaction to write in (the build writes the curated facts and the world
        dataset in one); a transaction of its own when omitted.

    Raises
    ------
    DataFileError
        Under ``strict``, for the first malformed row; nothing is written.
    EmptyLoadError
        If a source yields no claims or the dataset would be emptied, unless ``allow_empty``.
    """
    report = ImportReport(dataset)
    claims = read_claims(sources, report, strict=strict, progress=progress, allow_empty=allow_empty)
    if resolver is None:
        progress.stage("building the gazetteer")
        resolver = Resolver(build_gazetteer())
    if into is not None:
        _assemble_and_write(into, claims, resolver, report, progress)
        return report
    with loading(registry.engine, f"import {dataset}", allow_empty=allow_empty) as load:
        # Places are read in the transaction that writes: nothing changes between the two.
        _assemble_and_write(load, claims, resolver, report, progress)
    return report


def _assemble_and_write(
    load: Load,
    claims: Sequence[tuple[Source, RawClaim]],
    resolver: Resolver,
    report: ImportReport,
    progress: Progress,
) -> None:
    bundle = assemble(load.reader, claims, resolver, report, progress)
    progress.stage("writing")
    report.written = load.bundle(bundle, action=f"import {report.dataset}")


def import_source(
    registry: Target,
    source: ClaimSource,
    *,
    resolver: Resolver | None = None,
    strict: bool = False,
    progress: Progress = QUIET,
    allow_empty: bool = False,
) -> ImportReport:
    """Import one source as its own dataset (``ingest:<source id>``)."""
    return import_sources(
        registry,
        [source],
        dataset=f"ingest:{source.info.id}",
        resolver=resolver,
        strict=strict,
        progress=progress,
        allow_empty=allow_empty,
    )
