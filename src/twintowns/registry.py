"""The registry as a library: open a database, fill it on first use, resolve names, load data.

This is what the shells call.  :meth:`Registry.open` is the factory: it builds the engine from
:class:`~twintowns.settings.Settings`, migrates the schema and, on first use of an empty
database, loads the bundled data (:mod:`twintowns.fill`: the curated facts of the founding
documents and the world snapshot, in one transaction).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from twintowns import fill
from twintowns.country_names import country_name
from twintowns.fill import WORLD_DATASET, bundled_snapshot
from twintowns.lookup import (
    MAX_QUERY,
    SUGGESTIONS,
    Lookup,
    candidate,
    checked_query,
    is_cjk,
    preferred,
    proper,
    transliterated,
    typo_distance,
)
from twintowns.model import Bundle, Place
from twintowns.progress import QUIET, Progress
from twintowns.settings import Settings
from twintowns.store import Load, Reader, load_bundle, loading, make_engine, migrate

if TYPE_CHECKING:
    from twintowns.snapshot import RegistrySnapshot

__all__ = [
    "MAX_QUERY",
    "WORLD_DATASET",
    "Registry",
    "bundled_snapshot",
    "candidate",
    "checked_query",
    "country_label",
    "is_cjk",
    "preferred",
    "proper",
    "transliterated",
    "typo_distance",
]

# The registry's country names are twintowns.country_names' short ones (re-exported for callers
# that import them from here).
country_label = country_name


@dataclass
class Registry:
    """A registry database with its reader."""

    engine: sa.Engine
    snapshot_dir: Path | None = None
    """Where its snapshot files live (``Settings.snapshot_dir``; None: the default place)."""

    @property
    def reader(self) -> Reader:
        """Query access."""
        return Reader(self.engine)

    def snapshot(self) -> RegistrySnapshot:
        """The whole registry at its current data version, from its cache file when there is
        one (:func:`twintowns.snapshot.open_snapshot`): what every whole-registry reader holds.

        Raises
        ------
        StoreError
            If the database cannot be read.
        """
        from twintowns.snapshot import cache_dir, open_snapshot  # not for the quick lookups

        return open_snapshot(self.engine, cache_dir(self.engine, self.snapshot_dir))

    @classmethod
    def open(cls, settings: Settings, *, migrate_schema: bool = True) -> Registry:
        """Open (and on first use create and fill) the registry named by ``settings``.

        Raises
        ------
        ConfigurationError, StoreError
            For a bad URL or an unreachable database.
        """
        registry = cls(
            make_engine(settings.database_url, echo=settings.echo_sql), settings.snapshot_dir
        )
        if migrate_schema:
            migrate(registry.engine)
        if settings.auto_load and fill.needs_fill(registry.engine):
            registry.load_bundled()
        return registry

    def load_bundled(self, progress: Progress = QUIET) -> dict[str, dict[str, int]]:
        """Load the data that ships with the package (the curated facts and, when this version
        ships one, the world snapshot) in one transaction, telling ``progress`` each stage;
        see :func:`twintowns.fill.fill`."""
        return fill.fill(self.engine, progress)

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
        """The one place ``query`` names; see :meth:`twintowns.lookup.Lookup.resolve`.

        Raises
        ------
        InputError, AmbiguousNameError, NotFoundError
            For a query too long, several places, or none.
        """
        return Lookup(self.reader).resolve(query)

    def suggest(self, text: str, limit: int = SUGGESTIONS) -> list[Place]:
        """Places a name not found may have meant; see :meth:`twintowns.lookup.Lookup.suggest`."""
        return Lookup(self.reader).suggest(text, limit)

    def search(self, text: str, limit: int = 20) -> list[Place]:
        """Places whose names equal or start with ``text``, in any language; see
        :meth:`twintowns.lookup.Lookup.search`.

        Raises
        ------
        InputError
            If ``text`` is longer than :data:`MAX_QUERY` characters.
        """
        return Lookup(self.reader).search(text, limit)
