"""A bundle: a self-contained set of facts with their sources, as produced by a source loader
and written to the store in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from twintowns.errors import IntegrityError
from twintowns.model.network import Membership, Network, Rule, Term
from twintowns.model.place import Place, PlaceName
from twintowns.model.review import ReviewItem
from twintowns.model.source import Citation, Source
from twintowns.model.twinning import Twinning


@dataclass(frozen=True, slots=True)
class Bundle:
    """Facts to load together, as one dataset; every fact cites one of :attr:`sources`.

    Loading a bundle replaces everything an earlier load of the same :attr:`name` wrote
    (``curated``, ``world``, ``ingest:wikidata-dump-2017-03-20``).  Sources may be shared
    between datasets: the curated facts cite the same GeoNames or Wikipedia data as the world
    build, and neither load touches the other's rows.
    """

    sources: tuple[Source, ...] = ()
    places: tuple[Place, ...] = ()
    twinnings: tuple[Twinning, ...] = ()
    networks: tuple[Network, ...] = ()
    memberships: tuple[Membership, ...] = ()
    rules: tuple[Rule, ...] = ()
    terms: tuple[Term, ...] = ()
    reviews: tuple[ReviewItem, ...] = ()
    dataset: str = ""
    #: Names this dataset adds to places another dataset owns, as ``(place id, name)``: the
    #: gazetteer's names of a curated place (東京 for the curated Tokyo), for search.
    further_names: tuple[tuple[str, PlaceName], ...] = ()

    @property
    def name(self) -> str:
        """The dataset name: :attr:`dataset`, or one derived from the source ids."""
        if self.dataset:
            return self.dataset
        joined = ",".join(sorted(s.id for s in self.sources))
        if len(joined) <= 100:
            return joined
        return f"sources:{hashlib.sha1(joined.encode()).hexdigest()[:16]}"

    def citations(self) -> Iterator[Citation]:
        """Every citation any fact of the bundle carries."""
        for place in self.places:
            yield from (c for c in (place.citation,) if c is not None)
            yield from (n.citation for n in place.names if n.citation is not None)
            yield from (c.citation for c in place.countries if c.citation is not None)
        for twinning in self.twinnings:
            yield twinning.citation
            yield from (r.citation for r in twinning.reasons)
            yield from (c.citation for c in twinning.claims)
            yield from (e.citation for e in twinning.events)
        yield from (n.citation for n in self.networks)
        yield from (m.citation for m in self.memberships)
        yield from (r.citation for r in self.rules)
        yield from (t.citation for t in self.terms)
        yield from (r.citation for r in self.reviews)
        yield from (n.citation for _, n in self.further_names if n.citation is not None)

    def check(self, known_places: frozenset[str] = frozenset()) -> None:
        """Verify citations and references: every fact cites a source the bundle carries, and
        the places of twinnings, claims and events exist.

        Parameters
        ----------
        known_places:
            Ids already in the store, which the bundle may refer to.

        Raises
        ------
        IntegrityError
            On the first dangling reference or duplicate id.
        """
        own = {s.id for s in self.sources}
        foreign = sorted({c.source_id for c in self.citations()} - own)
        if foreign:
            # Every cited source travels with the bundle, so its citation is never dangling.
            raise IntegrityError(f"bundle cites sources it does not carry: {', '.join(foreign)}")
        place_ids = {p.id for p in self.places}
        if len(place_ids) != len(self.places):
            raise IntegrityError("duplicate place ids in bundle")
        everywhere = place_ids | known_places
        for place_id, _ in self.further_names:
            if place_id not in everywhere:
                raise IntegrityError(f"a further name refers to unknown place {place_id}")
        seen: set[str] = set()
        for twinning in self.twinnings:
            if twinning.id in seen:
                raise IntegrityError(f"twinning {twinning.id} appears twice in bundle")
            seen.add(twinning.id)
            refs = [twinning.a, twinning.b, *(e.actor for e in twinning.events if e.actor)]
            for ref in refs:
                if ref not in everywhere:
                    raise IntegrityError(f"twinning {twinning.id} refers to unknown place {ref}")
        network_ids = {n.id for n in self.networks}
        for membership in self.memberships:
            if membership.place_id not in everywhere:
                raise IntegrityError(f"membership refers to unknown place {membership.place_id}")
            if membership.network_id not in network_ids:
                raise IntegrityError(
                    f"membership refers to unknown network {membership.network_id}"
                )
