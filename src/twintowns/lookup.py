"""Finding places by name: the one resolver behind ``show``, ``search`` and the API's lookups.

:class:`Lookup` answers "which place does this text name?" (:meth:`Lookup.resolve`), "which
places are called this?" (:meth:`Lookup.search`) and "what did you mean?" (:meth:`Lookup.suggest`)
over any :class:`NameReader`: the store's SQL :class:`~twintowns.store.Reader`, a snapshot's
name index, or the quick stdlib-``sqlite3`` reader that lets ``twintowns show`` start without
SQLAlchemy (:mod:`twintowns.store.lite`).  This module imports neither SQLAlchemy nor
pycountry nor the transliterator until a query needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Protocol

from twintowns.errors import AmbiguousNameError, Candidate, InputError, NotFoundError
from twintowns.model import Place, Source, Twinning, normalise_name
from twintowns.store.ranks import NameMatch

__all__ = [
    "MAX_QUERY",
    "Lookup",
    "NameReader",
    "PlaceReads",
    "PlaceSource",
    "candidate",
    "checked_query",
    "is_cjk",
    "preferred",
    "proper",
    "transliterated",
    "typo_distance",
]


class NameReader(Protocol):
    """The reads name resolution makes (see :class:`twintowns.store.Reader`)."""

    def places(self, ids: Collection[str] | None = None) -> dict[str, Place]: ...

    def place(self, place_id: str) -> Place: ...

    def name_matches(self, text: str, limit: int = 50) -> list[NameMatch]: ...

    def place_ids_named(self, text: str, *, prefix: bool = False, limit: int = 50) -> list[str]: ...

    def names_near(self, text: str, max_distance: int, limit: int = 5) -> list[str]: ...


class PlaceReads(NameReader, Protocol):
    """What describing a place reads besides names: its twinnings and their sources."""

    def twinnings_of(self, place_id: str) -> list[Twinning]: ...

    def sources(self, ids: Collection[str] | None = None) -> dict[str, Source]: ...


class PlaceSource(Protocol):
    """A registry as :func:`twintowns.views.describe_place` uses it (a :class:`Registry`, or
    the quick reader's stand-in)."""

    @property
    def reader(self) -> PlaceReads: ...

    def resolve(self, query: str) -> Place: ...


_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*(?:,\s*(?P<comma>[^,]+)|\((?P<paren>[^()]+)\))$")
_DOMINANT = 5  # a place this many times larger than every namesake is what a bare name means
MAX_QUERY = 200  # characters: longer than any place name with its qualifier
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
SUGGESTIONS = 5
"""How many names a "did you mean" offers."""


def candidate(place: Place) -> Candidate:
    """A place summarised for an ambiguity listing."""
    label = place.name() + (f", {place.admin_area}" if place.admin_area else "")
    return Candidate(place.id, label, place.country(), place.level.value)


def _qualifier_matches(place: Place, qualifier: str) -> bool:
    import pycountry  # only a qualified name needs the ISO tables

    from twintowns.country_names import country_name

    wanted = normalise_name(qualifier)
    labels = {normalise_name(place.admin_area or "")}
    for period in place.countries:
        labels.add(period.iso.lower())
        labels.add(normalise_name(country_name(period.iso)))
        country = pycountry.countries.get(alpha_2=period.iso)
        for attr in ("name", "official_name", "common_name"):
            labels.add(normalise_name(str(getattr(country, attr, "") or "")))
    return wanted in labels - {""}


def checked_query(query: str) -> str:
    """A name query stripped and bounded.

    Raises
    ------
    InputError
        If it is longer than :data:`MAX_QUERY` characters.
    """
    if len(query) > MAX_QUERY:
        raise InputError(f"a place name query is at most {MAX_QUERY} characters")
    return query.strip()


def is_cjk(text: str) -> bool:
    """True for Chinese, Japanese or Korean text, which is matched exactly (no prefix,
    transliteration or typo matching: one character more or less is another word)."""
    return _CJK.search(text) is not None


def transliterated(text: str) -> str | None:
    """The Latin form of a name in another script (Мюнхен -> Mjunkhen), when it differs."""
    if is_cjk(text):
        return None
    from twintowns.resolve.names import ascii_form  # only a name not found as written

    latin = ascii_form(text)
    return latin if normalise_name(latin) != normalise_name(text) else None


def typo_distance(text: str) -> int:
    """Edits a "did you mean" allows: one for short names, two from twelve letters on."""
    return 1 if len(normalise_name(text)) < 12 else 2


def proper(matches: list[NameMatch]) -> list[NameMatch]:
    """The matches on a proper name of that spelling, if any (not only a gazetteer alternate:
    Newton, Massachusetts has "Cambridge" among its GeoNames alternate names)."""
    return [m for m in matches if m.proper] or matches


def _dominant(matches: list[NameMatch], key: Callable[[NameMatch], int]) -> NameMatch | None:
    """The match whose ``key`` is at least :data:`_DOMINANT` times every other's, if any."""
    ranked = sorted(matches, key=key, reverse=True)
    if len(ranked) > 1 and key(ranked[0]) >= _DOMINANT * max(key(ranked[1]), 1):
        return ranked[0]
    return None


def preferred(matches: list[NameMatch]) -> list[str]:
    """Narrow the places a bare name matched to the ones it most plausibly means.

    In turn: a place with far more partners than every namesake (Kyiv, not the region that
    GeoNames calls "Kiev"); places with a proper name of that spelling (not only a gazetteer
    alternate); the one place with curated facts (the founding documents' Coventry, not
    Rhode Island's); a place far more populous than all its namesakes.  Whatever remains is
    ambiguous, most prominent first.
    """
    if len(matches) == 1:
        return [matches[0].place_id]
    busiest = _dominant(matches, lambda m: m.partners)
    if busiest is not None and busiest.partners >= _DOMINANT:
        return [busiest.place_id]
    pool = proper(matches)
    curated = [m for m in pool if m.dataset == "curated"]
    if len(curated) == 1:
        return [curated[0].place_id]
    largest = _dominant(pool, lambda m: m.population or 0)
    return [largest.place_id] if largest is not None else [m.place_id for m in pool]


def _label(place: Place) -> str:
    """A place as a "did you mean" names it: ``Coventry (GB)``."""
    country = place.country()
    return f"{place.name()} ({country})" if country else place.name()


class Lookup:
    """Name resolution and search over one :class:`NameReader`."""

    def __init__(self, reader: NameReader) -> None:
        self.reader = reader

    def resolve(self, query: str) -> Place:
        """The one place ``query`` names: an id, a name in any language, or a qualified name
        (``Cambridge, England``, ``Toledo (Spain)``, ``Portland, US``).

        A bare name several places share means the most prominent one when it stands out
        (see :func:`preferred`).  Names are matched without case, accents or punctuation, then
        by their Latin transliteration; Chinese, Japanese and Korean names exactly.

        Raises
        ------
        InputError
            If ``query`` is longer than :data:`MAX_QUERY` characters.
        AmbiguousNameError
            If several places match; its ``candidates`` list them, most prominent first.
        NotFoundError
            If none does; the message suggests names that start alike or are one typo away.
        """
        reader = self.reader
        text = checked_query(query)
        if not normalise_name(text):
            raise NotFoundError(f"no place named {text!r}" if text else "empty place name")
        by_id = reader.places([text])
        if text in by_id:
            return by_id[text]
        ids = preferred(self._matches(text)) or self._qualified(text)
        if len(ids) == 1:
            return reader.place(ids[0])
        if ids:
            found = reader.places(ids)
            raise AmbiguousNameError(text, [candidate(found[i]) for i in ids])
        suggestions = [_label(p) for p in self.suggest(text)]
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        raise NotFoundError(f"no place named {text!r}{hint}")

    def _qualified(self, text: str) -> list[str]:
        """Places a qualified name (``Toledo (Spain)``) names: its name, then its qualifier."""
        match = _QUALIFIED.match(text)
        if match is None:
            return []
        qualifier = match["comma"] or match["paren"]
        named = proper(self._matches(match["name"]))
        places = self.reader.places([m.place_id for m in named])
        return [m.place_id for m in named if _qualifier_matches(places[m.place_id], qualifier)]

    def _matches(self, text: str) -> list[NameMatch]:
        """Places a name matches exactly (folded), else by its Latin transliteration."""
        found = self.reader.name_matches(text)
        latin = None if found else transliterated(text)
        return self.reader.name_matches(latin) if latin else found

    def suggest(self, text: str, limit: int = SUGGESTIONS) -> list[Place]:
        """Places a name not found may have meant: names starting with it, else names one
        typo away (two for long names), most prominent first.  Nothing for CJK names."""
        reader = self.reader
        text = checked_query(text)
        if is_cjk(text):
            return []
        ids = reader.place_ids_named(text, prefix=True, limit=limit)
        if not ids:
            for name in reader.names_near(text, typo_distance(text), limit):
                ids += [i for i in reader.place_ids_named(name, limit=limit) if i not in ids]
        found = reader.places(ids[:limit])
        return [found[i] for i in ids[:limit]]

    def search(self, text: str, limit: int = 20) -> list[Place]:
        """Places whose names equal or start with ``text``, in any language: exact matches
        first, then names that start with it, each most prominent first (partners, then
        population, then level).  Without any, the Latin transliteration is tried, then names
        one typo away.  Chinese, Japanese and Korean names match exactly.

        Raises
        ------
        InputError
            If ``text`` is longer than :data:`MAX_QUERY` characters.
        """
        text = checked_query(text)
        ids = self._search_ids(text, limit)
        latin = None if ids else transliterated(text)
        if latin is not None:
            ids = self._search_ids(latin, limit)
        if not ids and not is_cjk(text):
            return self.suggest(text, limit)
        found = self.reader.places(ids)
        return [found[i] for i in ids]

    def _search_ids(self, text: str, limit: int) -> list[str]:
        reader = self.reader
        exact = reader.place_ids_named(text, limit=limit)
        if is_cjk(text):
            return exact
        rest = [i for i in reader.place_ids_named(text, prefix=True, limit=limit) if i not in exact]
        return (exact + rest)[:limit]
