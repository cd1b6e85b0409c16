"""The registry as a library: open a database, fill it on first use, resolve names, load data.

This is what the shells call.  :meth:`Registry.open` is the factory: it builds the engine from
:class:`~twintowns.settings.Settings`, migrates the schema and, on first use of an empty
database, loads the bundled data (:mod:`twintowns.fill`: the curated facts of the founding
documents and the world snapshot, in one transaction).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pycountry
import sqlalchemy as sa

from twintowns import fill
from twintowns.errors import AmbiguousNameError, Candidate, NotFoundError
from twintowns.fill import WORLD_DATASET, bundled_snapshot
from twintowns.model import Bundle, Place, normalise_name
from twintowns.settings import Settings
from twintowns.store import Load, Reader, load_bundle, loading, make_engine, migrate
from twintowns.store.reader import NameMatch

__all__ = [
    "WORLD_DATASET",
    "Registry",
    "bundled_snapshot",
    "candidate",
    "country_label",
    "preferred",
    "proper",
]

_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*(?:,\s*(?P<comma>[^,]+)|\((?P<paren>[^()]+)\))$")


def country_label(iso: str | None) -> str:
    """Readable country name for an ISO code (historic codes included)."""
    if iso is None:
        return ""
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        country = next((c for c in pycountry.historic_countries if c.alpha_2 == iso), None)
    return str(getattr(country, "common_name", None) or getattr(country, "name", iso))


def candidate(place: Place) -> Candidate:
    """A place summarised for an ambiguity listing."""
    label = place.name() + (f", {place.admin_area}" if place.admin_area else "")
    return Candidate(place.id, label, place.country(), place.level.value)


def _qualifier_matches(place: Place, qualifier: str) -> bool:
    wanted = normalise_name(qualifier)
    labels = {normalise_name(place.admin_area or "")}
    for period in place.countries:
        labels.add(period.iso.lower())
        labels.add(normalise_name(country_label(period.iso)))
        country = pycountry.countries.get(alpha_2=period.iso)
        for attr in ("name", "official_name", "common_name"):
            labels.add(normalise_name(str(getattr(country, attr, "") or "")))
    return wanted in labels - {""}


_DOMINANT = 5  # a place this many times larger than every namesake is what a bare name means


def proper(matches: list[NameMatch]) -> list[NameMatch]:
    """The matches on a proper name of that spelling, if any (not only a gazetteer alternate:
    Newton, Massachusetts has "Cambridge" among its GeoNames alternate names)."""
    return [m for m in matches if m.proper] or matches


def preferred(matches: list[NameMatch]) -> list[str]:
    """Narrow the places a bare name matched to the ones it most plausibly means.

    In turn: places with a proper name of that spelling (not only a gazetteer alternate);
    the one place with curated facts (the founding documents' Coventry, not Rhode Island's);
    a place far more populous than all its namesakes.  Whatever remains is ambiguous.
    """
    pool = proper(matches)
    curated = [m for m in pool if m.dataset == "curated"]
    if len(curated) == 1:
        return [curated[0].place_id]
    sizes = sorted((m.population or 0 for m in pool), reverse=True)
    if len(sizes) > 1 and sizes[0] >= _DOMINANT * max(sizes[1], 1):
        return [max(pool, key=lambda m: m.population or 0).place_id]
    return [m.place_id for m in pool]


@dataclass
class Registry:
    """A registry database with its reader."""

    engine: sa.Engine

    @property
    def reader(self) -> Reader:
        """Query access."""
        return Reader(self.engine)

    @classmethod
    def open(cls, settings: Settings, *, migrate_schema: bool = True) -> Registry:
        """Open (and on first use create and fill) the registry named by ``settings``.

        Raises
        ------
        ConfigurationError, StoreError
            For a bad URL or an unreachable database.
        """
        registry = cls(make_engine(settings.database_url, echo=settings.echo_sql))
        if migrate_schema:
            migrate(registry.engine)
        if settings.auto_load and fill.needs_fill(registry.engine):
            registry.load_bundled()
        return registry

    def load_bundled(self) -> dict[str, dict[str, int]]:
        """Load the data that ships with the package (the curated facts and, when this version
        ships one, the world snapshot) in one transaction; see :func:`twintowns.fill.fill`."""
        return fill.fill(self.engine)

    def is_empty(self) -> bool:
        """True when nothing has been loaded yet, or only half of an older version's fill."""
        return fill.needs_fill(self.engine)

    def load(
        self,
        bundle: Bundle,
        *,
        action: str,
        allow_empty: bool = False,
        origin: str | None = None,
    ) -> dict[str, int]:
        """Write a bundle in one audited transaction; see :func:`twintowns.store.load_bundle`."""
        return load_bundle(
            self.engine, bundle, action=action, allow_empty=allow_empty, origin=origin
        )

    @contextmanager
    def loading(self, action: str, *, allow_empty: bool = False) -> Iterator[Load]:
        """Several writes in one all-or-nothing transaction; see
        :func:`twintowns.store.loading`."""
        with loading(self.engine, action, allow_empty=allow_empty) as load:
            yield load

    def resolve(self, query: str) -> Place:
        """The one place ``query`` names: an id, a name in any language, or a qualified name
        (``Cambridge, England``, ``Toledo (Spain)``, ``Portland, US``).

        Raises
        ------
        AmbiguousNameError
            If several places match; its ``candidates`` list them.
        NotFoundError
            If none does; the message suggests names that start alike.
        """
        reader = self.reader
        text = query.strip()
        if not text:
            raise NotFoundError("empty place name")
        by_id = reader.places([text])
        if text in by_id:
            return by_id[text]
        ids = preferred(reader.name_matches(text))
        match = _QUALIFIED.match(text)
        if not ids and match is not None:
            qualifier = match["comma"] or match["paren"]
            named = proper(reader.name_matches(match["name"]))
            places = reader.places([m.place_id for m in named])
            ids = [m.place_id for m in named if _qualifier_matches(places[m.place_id], qualifier)]
        if len(ids) == 1:
            return reader.place(ids[0])
        if ids:
            found = reader.places(ids)
            raise AmbiguousNameError(text, [candidate(found[i]) for i in ids])
        suggestions = [
            reader.place(i).name() for i in reader.place_ids_named(text, prefix=True, limit=5)
        ]
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        raise NotFoundError(f"no place named {text!r}{hint}")

    def search(self, text: str, limit: int = 20) -> list[Place]:
        """Places whose names equal or start with ``text``: exact matches first, then by size."""
        reader = self.reader
        exact = reader.place_ids_named(text, limit=limit)
        rest = [i for i in reader.place_ids_named(text, prefix=True, limit=limit) if i not in exact]
        ids = (exact + rest)[:limit]
        found = reader.places(ids)
        return [found[i] for i in ids]
