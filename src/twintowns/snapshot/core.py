"""The one in-memory snapshot of a registry: :class:`RegistrySnapshot`.

Every reader of the whole registry (the API, the lab's :class:`~twintowns.analysis.data.
RegistryData`, the learning pack's :class:`~twintowns.learn.facts.Facts`, queries) holds one
of these: every place, twinning, source, term, network and rule read at one data version in
one read transaction (:meth:`twintowns.store.Reader.content`), never changed after, with the
indexes they share built once on first use (partners, twinnings by id, the chain graph, labels,
the name index of search, a fingerprint).  :mod:`twintowns.snapshot.persist` keeps it on disk.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import attrgetter

import sqlalchemy as sa

from twintowns.errors import NotFoundError
from twintowns.memo import Memo
from twintowns.model import Network, Place, Rule, Source, Term, Twinning
from twintowns.paths import Adjacency, adjacency
from twintowns.snapshot.names import NameIndex, Names
from twintowns.snapshot.partners import Partners
from twintowns.store.content import Content, read_transaction
from twintowns.store.reader import Reader

Chunks = Mapping[bytes, tuple[int, int]]
"""Digest of a stored chunk -> ``(start, end)``: the places (in ``places``' order) or the
twinnings it holds (see :mod:`twintowns.snapshot.persist`)."""


class PlaceDatasets(Mapping[str, str]):
    """The dataset that wrote each place, as a mapping, held as the most common dataset and
    the places of the others (a dict of every place id would be 33 bytes a place, for
    what is mostly one name).

    Parameters
    ----------
    places:
        The snapshot's places (their keys are the ids this mapping gives).
    datasets:
        Place id -> dataset, for some or all of ``places`` (ids of no place are kept too).
    """

    __slots__ = ("_common", "_none", "_other", "_places")

    def __init__(self, places: Mapping[str, Place], datasets: Mapping[str, str]) -> None:
        counts = Counter(datasets.values())
        common = self._common = counts.most_common(1)[0][0] if counts else None
        self._places = places
        keys = places.keys()
        self._none = frozenset() if keys <= datasets.keys() else frozenset(keys - datasets.keys())
        names = {name: name for name in counts}  # one string per dataset
        self._other = {
            # the place's own id string (the one ``places`` holds), not a copy
            (places[i].id if i in places else i): names[name]
            for i, name in datasets.items()
            if name != common or i not in places
        }

    def __getitem__(self, place_id: str) -> str:
        found = self._other.get(place_id)
        if found is not None:
            return found
        if self._common is not None and place_id in self._places and place_id not in self._none:
            return self._common
        raise KeyError(place_id)

    def __iter__(self) -> Iterator[str]:
        none = self._none
        yield from (i for i in self._places if i not in none)
        yield from (i for i in self._other if i not in self._places)

    def __len__(self) -> int:
        outside = sum(1 for i in self._other if i not in self._places)
        return len(self._places) - len(self._none) + outside


def data_version(engine: sa.Engine) -> str:
    """A token that changes whenever the registry is written (the newest audit-log entry).

    Raises
    ------
    StoreError
        If the database cannot be read.
    """
    with read_transaction(engine) as conn:
        return Reader(engine, conn).version()[0]


@dataclass(frozen=True, eq=False)
class RegistrySnapshot:
    """Everything a registry holds for its readers, at one data version; immutable.

    Attributes
    ----------
    version:
        The data version it was read at (the newest audit entry's id).
    key:
        The cache key of that version (see :meth:`twintowns.store.Reader.version`).
    places, twinnings, sources:
        The registry's content; ``twinnings`` in id order.
    datasets:
        The dataset that wrote each place.
    terms, networks, rules:
        The curated glossary, networks and rules.
    chunks:
        How the snapshot's places and twinnings were stored (reused by the next load).
    stored_names:
        Gives the folded names its cache file stored, when it was loaded from one: unpickled
        on the first name lookup, not at load (an export or the lab never needs them).
    """

    version: str
    places: Mapping[str, Place]
    twinnings: tuple[Twinning, ...]
    sources: Mapping[str, Source]
    datasets: Mapping[str, str] = field(default_factory=dict)
    key: str = ""
    terms: tuple[Term, ...] = ()
    networks: tuple[Network, ...] = ()
    rules: tuple[Rule, ...] = ()
    chunks: Chunks = field(default_factory=dict, repr=False)
    previous: RegistrySnapshot | None = field(default=None, repr=False, compare=False)
    stored_names: Callable[[], Names | None] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, content: Content) -> RegistrySnapshot:
        """The snapshot of what one read of the registry gave."""
        return cls(
            content.version,
            content.places,
            content.twinnings,
            content.sources,
            content.datasets,
            content.key,
            content.terms,
            content.networks,
            content.rules,
        )

    @classmethod
    def read(cls, registry: object) -> RegistrySnapshot:
        """Read the whole registry in one read transaction (seconds for the world; see
        :func:`twintowns.snapshot.open_snapshot` for the persisted copy).

        Raises
        ------
        StoreError
            If the database cannot be read.
        """
        engine = getattr(registry, "engine", registry)
        assert isinstance(engine, sa.Engine)
        return cls.of(Reader(engine).content())

    @cached_property
    def memo(self) -> Memo:
        """Answers computed from this snapshot, kept with it (bounded)."""
        return Memo()

    def prepare(self, *, names: bool = True) -> None:
        """Build the shared indexes now (before serving), not on a reader's first request.

        With ``names`` false, only the partners by place (what a lookup by id needs): the
        twinnings by id and the name index are then built on first use (each once, under
        a lock; a reader never sees half of one)."""
        _ = self.by_place
        if names:
            _ = self.by_id, self.names

    @cached_property
    def by_place(self) -> Partners:
        """Twinnings of each place (any status, any confidence), for the places that have
        any (a compact index: see :class:`~twintowns.snapshot.partners.Partners`)."""
        return Partners(self.twinnings)

    @cached_property
    def by_id(self) -> Mapping[str, Twinning]:
        """Twinnings by id."""
        return {t.id: t for t in self.twinnings}

    @cached_property
    def graph(self) -> Adjacency:
        """The twinning graph, for :func:`twintowns.paths.shortest_chain`."""
        return adjacency(self.twinnings)

    @cached_property
    def partner_counts(self) -> Mapping[str, int]:
        """How many twinnings each place is part of (what name search ranks by)."""
        ends = Counter(
            chain(map(attrgetter("a"), self.twinnings), map(attrgetter("b"), self.twinnings))
        )
        return {i: ends.get(i, 0) for i in self.places}

    def partners(self, *, include_doubtful: bool = True) -> Mapping[str, frozenset[str]]:
        """Every place's partners, in any twinning of any dataset and status (without the
        doubtful ones unless asked: what the learning pack teaches)."""
        key = ("partners", include_doubtful)
        found = self.memo.get(key)
        if not isinstance(found, dict):
            out: dict[str, set[str]] = defaultdict(set)
            for twinning in self.twinnings:
                if include_doubtful or not twinning.doubtful:
                    out[twinning.a].add(twinning.b)
                    out[twinning.b].add(twinning.a)
            found = self.memo.put(key, {pid: frozenset(ids) for pid, ids in out.items()})
        return found

    @cached_property
    def labels(self) -> Mapping[str, str]:
        """Today's name of every place, by id."""
        return {pid: place.name() for pid, place in self.places.items()}

    @property
    def names_ready(self) -> bool:
        """True once the name index is built (a name lookup then takes microseconds)."""
        return "names" in self.__dict__

    @cached_property
    def names(self) -> NameIndex:
        """The name index of search and resolution (updated from the previous snapshot's
        when this one was loaded as a change of it)."""
        with _NAMES_LOCK:
            before = self.previous
            if before is not None and "names" in before.__dict__:
                changed = [
                    (before.places.get(i), self.places.get(i))
                    for i in set(before.places) | set(self.places)
                    if before.places.get(i) is not self.places.get(i)
                ]
                index = before.names.updated(
                    self.places, self.datasets, self.partner_counts, changed
                )
            else:
                stored = self.stored_names() if self.stored_names is not None else None
                index = NameIndex(self.places, self.datasets, self.partner_counts, stored)
            object.__setattr__(self, "previous", None)  # let the old snapshot go
            object.__setattr__(self, "stored_names", None)  # and the stored blob
            return index

    def place(self, place_id: str) -> Place:
        """One place by id.

        Raises
        ------
        NotFoundError
            If no place has that id.
        """
        try:
            return self.places[place_id]
        except KeyError:
            raise NotFoundError(f"no place with id {place_id!r}") from None

    def country_of(self, place_id: str, when: dt.date | None = None) -> str | None:
        """ISO code of a place's country at ``when`` (today when None)."""
        place = self.places.get(place_id)
        return None if place is None else place.country(when)


_NAMES_LOCK = threading.Lock()
