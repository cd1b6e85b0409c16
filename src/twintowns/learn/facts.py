"""The registry's facts as the learning pack sees them: a view of the registry snapshot.

:class:`Facts` wraps the one :class:`~twintowns.snapshot.RegistrySnapshot` (the API's, or one
opened from its cache file): its places, twinnings (curated and world data alike, the doubtful
ones left out unless asked), terms, networks, rules and sources, with the indexes item
generation needs: every place's partners (the snapshot's), its names (normalised), places by
country and by level group, and citations turned into :class:`~twintowns.learn.items.ItemSource`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from twintowns.learn.items import ItemSource
from twintowns.learn.regions import country_name
from twintowns.memo import Memo
from twintowns.model import (
    Citation,
    Network,
    Place,
    PlaceLevel,
    Rule,
    Source,
    Term,
    Twinning,
    normalise_name,
    twinning_id,
)
from twintowns.registry import Registry
from twintowns.snapshot import RegistrySnapshot
from twintowns.untrusted import is_http_url

_GROUPS: dict[PlaceLevel, str] = {
    PlaceLevel.VILLAGE: "settlement",
    PlaceLevel.TOWN: "settlement",
    PlaceLevel.CITY: "settlement",
    PlaceLevel.DISTRICT: "settlement",
    PlaceLevel.OTHER: "settlement",
    PlaceLevel.COUNTY: "region",
    PlaceLevel.PREFECTURE: "region",
    PlaceLevel.PROVINCE: "region",
    PlaceLevel.STATE: "region",
    PlaceLevel.REGION: "region",
    PlaceLevel.COUNTRY: "country",
    PlaceLevel.FICTIONAL: "fictional",
}


def level_group(place: Place) -> str:
    """Coarse scope of a place: ``settlement``, ``region``, ``country`` or ``fictional``."""
    return _GROUPS[place.level]


@dataclass(frozen=True)
class Facts:
    """The learning pack's view of a registry snapshot, with look-up indexes.

    Attributes
    ----------
    snapshot:
        The registry snapshot read.
    include_doubtful:
        Also use twinnings whose places were resolved with little confidence (a quiz must not
        teach a guess: left out by default).
    """

    snapshot: RegistrySnapshot
    include_doubtful: bool = False

    @property
    def places(self) -> Mapping[str, Place]:
        """Every place by id."""
        return self.snapshot.places

    @cached_property
    def twinnings(self) -> Mapping[str, Twinning]:
        """The twinnings used, by id (the doubtful ones only when asked)."""
        if self.include_doubtful:
            return self.snapshot.by_id
        return {t.id: t for t in self.snapshot.twinnings if not t.doubtful}

    @property
    def sources(self) -> Mapping[str, Source]:
        """Every source by id."""
        return self.snapshot.sources

    @property
    def terms(self) -> tuple[Term, ...]:
        """The glossary."""
        return self.snapshot.terms

    @property
    def networks(self) -> tuple[Network, ...]:
        """Networks and institutions."""
        return self.snapshot.networks

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Rules about twinning."""
        return self.snapshot.rules

    @cached_property
    def memo(self) -> Memo:
        """Answers computed from these facts and kept with them (the quiz's candidates)."""
        return Memo()

    @property
    def partners(self) -> Mapping[str, frozenset[str]]:
        """Every place's partners, in any twinning used, of any dataset and status."""
        return self.snapshot.partners(include_doubtful=self.include_doubtful)

    @cached_property
    def by_country(self) -> Mapping[str, tuple[str, ...]]:
        """Place ids per ISO code of any country they ever belonged to, sorted."""
        out: dict[str, list[str]] = defaultdict(list)
        for pid in sorted(self.places):
            for iso in self.countries(pid):
                out[iso].append(pid)
        return {iso: tuple(ids) for iso, ids in out.items()}

    @cached_property
    def by_group(self) -> Mapping[str, tuple[str, ...]]:
        """Place ids per level group, sorted."""
        out: dict[str, list[str]] = defaultdict(list)
        for pid in sorted(self.places):
            out[level_group(self.places[pid])].append(pid)
        return {group: tuple(ids) for group, ids in out.items()}

    @cached_property
    def first_years(self) -> tuple[tuple[int, str, str], ...]:
        """``(year of first dated event, a, b)`` of every dated twinning, sorted."""
        out = []
        for twinning in self.twinnings.values():
            dated = [e.date.year for e in twinning.events if e.date is not None]
            if dated:
                out.append((min(dated), twinning.a, twinning.b))
        return tuple(sorted(out))

    def twinning(self, one: str, other: str) -> Twinning | None:
        """The twinning of two places, if the registry has one."""
        if one == other:
            return None
        return self.twinnings.get(twinning_id(one, other))

    def names(self, place_id: str) -> frozenset[str]:
        """Every name of a place, normalised (all languages and periods)."""
        place = self.places.get(place_id)
        if place is None:
            return frozenset()
        return frozenset(normalise_name(n.text) for n in place.names) | {place_id}

    def countries(self, place_id: str) -> frozenset[str]:
        """ISO codes of every country the place belonged to."""
        found = self._countries.get(place_id)
        if found is None:
            place = self.places.get(place_id)
            found = frozenset(p.iso for p in place.countries) if place else frozenset()
            self._countries[place_id] = found
        return found

    @cached_property
    def decided(self) -> dict[Hashable, Any]:
        """Propositions decided against these facts so far (see
        :func:`twintowns.learn.truth.evaluate`): the facts never change, nor do the answers."""
        return {}

    @cached_property
    def _countries(self) -> dict[str, frozenset[str]]:
        """:meth:`countries` of the places asked for so far (the first quiz asks a quarter
        of a million times)."""
        return {}

    def topic_tags(self, place_id: str) -> frozenset[str]:
        """The topic tags of a place: ``place:<id>`` and ``country:<iso>`` of every country
        it belonged to (what an item about it is filed under)."""
        found = self._tags.get(place_id)
        if found is None:
            found = frozenset(
                [f"place:{place_id}", *(f"country:{iso}" for iso in self.countries(place_id))]
            )
            self._tags[place_id] = found
        return found

    @cached_property
    def _tags(self) -> dict[str, frozenset[str]]:
        """:meth:`topic_tags` of the places asked for so far."""
        return {}

    def name(self, place_id: str, when: dt.date | None = None) -> str:
        """The English name of a place at ``when`` (today when None)."""
        return self.places[place_id].name(when=when)

    @cached_property
    def name_counts(self) -> Mapping[str, int]:
        """How many places share each (normalised, current English) name."""
        raw = Counter(p.name() for p in self.places.values())
        counts: Counter[str] = Counter()
        for name, count in raw.items():  # each distinct spelling folded once
            counts[normalise_name(name)] += count
        return counts

    def keep_name_counts(self, counts: Mapping[str, int]) -> None:
        """Use ``counts`` as :attr:`name_counts` unless those are made already: counts kept
        with the quiz's candidates by the same code for the same data and day
        (:mod:`twintowns.learn.quiz_cache`)."""
        self.__dict__.setdefault("name_counts", counts)

    def label(self, place_id: str, when: dt.date | None = None) -> str:
        """``Name (Country)`` at ``when``, with the region for names several places share
        (``Ontario, California (United States)``): the form choices and answers show."""
        place = self.places[place_id]
        name = place.name(when=when)
        area = place.admin_area
        if area and area != name and self.name_counts.get(normalise_name(place.name()), 0) > 1:
            name = f"{name}, {area}"
        country = country_name(place.country(when))
        return f"{name} ({country})" if country and place.level is not PlaceLevel.COUNTRY else name

    def cite(self, citation: Citation) -> ItemSource:
        """The item form of a citation (title and URL from its source).

        Only an http(s) URL is kept: every export (Anki, HTML quiz, PDF, JSON) makes links of
        item URLs, so a ``javascript:`` URL already stored is dropped here, once.
        """
        source = self.sources.get(citation.source_id)
        if source is None:
            return ItemSource(citation.source_id, citation.source_id, None, citation.locator)
        url = source.url if source.url and is_http_url(source.url) else None
        return ItemSource(source.id, source.title, url, citation.locator, source.licence)


def load_facts(registry: Registry, *, include_doubtful: bool = False) -> Facts:
    """The facts of ``registry``'s current snapshot (its cache file when there is one).

    Parameters
    ----------
    registry:
        An open registry.
    include_doubtful:
        Also use twinnings whose places were resolved with little confidence (left out by
        default: a quiz must not teach a guess).

    Returns
    -------
    Facts
        The snapshot's facts, with their indexes built on first use.

    Raises
    ------
    StoreError
        If the database cannot be read.
    """
    return Facts(registry.snapshot(), include_doubtful)
