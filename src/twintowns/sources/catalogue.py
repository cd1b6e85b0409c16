"""The catalogue of source plug-ins: every source by name, and the bundled world datasets.

This module owns the names users and the build give sources (``wikipedia-2026``,
``wikidata-2016``, ``wikipedia-2018``, ``wikidata-eu-2017``, ``germany-2015``, ``czech-2013``,
``csv``), turning a name and
options into a :class:`~twintowns.sources.base.ClaimSource` with :func:`get_source`, and the
fixed list of bundled datasets the build imports (:func:`world_sources`).  The dataset sources
read their shipped copy unless given ``directory`` (a folder holding the dataset's files under
their original names); ``csv`` takes the options of
:meth:`~twintowns.sources.csvsource.CsvSource.from_options`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from twintowns.errors import ConfigurationError, InputError
from twintowns.sources.base import ClaimSource
from twintowns.sources.csvsource import CsvSource
from twintowns.sources.czech2013 import Czech2013Source
from twintowns.sources.germany2015 import Germany2015Source
from twintowns.sources.wikidata2016 import Wikidata2016Source
from twintowns.sources.wikidata_eu2017 import WikidataEU2017Source
from twintowns.sources.wikipedia2018 import Wikipedia2018Source
from twintowns.sources.wikipedia2026 import Wikipedia2026Source

__all__ = [
    "WORLD_SOURCES",
    "SourceFactory",
    "get_source",
    "register_source",
    "source_names",
    "world_sources",
]

SourceFactory = Callable[[Mapping[str, object]], ClaimSource]
"""Makes a source from its options (string values, as a command line gives them)."""

# The order the build imports the bundled datasets in.  Best-identified first: QIDs (2016),
# then coordinates and population (2017), then names with coordinates (2026), then bare names
# (2018), so resolution meets the strongest evidence for a place before the weakest; the two
# municipal registers (names in German and Czech, dated links) come last.
WORLD_SOURCES = (
    "wikidata-2016",
    "wikidata-eu-2017",
    "wikipedia-2026",
    "wikipedia-2018",
    "germany-2015",
    "czech-2013",
)


def _dataset(
    name: str,
    bundled: Callable[[], ClaimSource],
    from_directory: Callable[[Path], ClaimSource],
) -> SourceFactory:
    """A factory for a bundled dataset: its shipped copy, or the copy in ``directory``."""

    def make(options: Mapping[str, object]) -> ClaimSource:
        unknown = sorted(set(options) - {"directory"})
        if unknown:
            raise InputError(
                f"source {name!r} takes only the option 'directory', not {', '.join(unknown)}"
            )
        directory = options.get("directory")
        if directory is None:
            return bundled()
        if not isinstance(directory, str | Path) or not Path(directory).is_dir():
            raise InputError(f"source {name!r}: directory {directory!r} is not a directory")
        return from_directory(Path(directory))

    return make


_REGISTRY: dict[str, SourceFactory] = {
    "wikipedia-2026": _dataset(
        "wikipedia-2026", Wikipedia2026Source.bundled, Wikipedia2026Source.from_directory
    ),
    "wikidata-2016": _dataset(
        "wikidata-2016", Wikidata2016Source.bundled, Wikidata2016Source.from_directory
    ),
    "wikipedia-2018": _dataset(
        "wikipedia-2018", Wikipedia2018Source.bundled, Wikipedia2018Source.from_directory
    ),
    "wikidata-eu-2017": _dataset(
        "wikidata-eu-2017", WikidataEU2017Source.bundled, WikidataEU2017Source.from_directory
    ),
    "germany-2015": _dataset(
        "germany-2015", Germany2015Source.bundled, Germany2015Source.from_directory
    ),
    "czech-2013": _dataset("czech-2013", Czech2013Source.bundled, Czech2013Source.from_directory),
    "csv": CsvSource.from_options,
}


def source_names() -> tuple[str, ...]:
    """The names of every registered source, sorted."""
    return tuple(sorted(_REGISTRY))


def get_source(name: str, **options: object) -> ClaimSource:
    """The source registered as ``name``, made with ``options``.

    Parameters
    ----------
    name:
        A registered name (see :func:`source_names`).
    **options:
        The source's options: ``directory`` for the bundled datasets, the column mapping and
        citation for ``csv``.

    Raises
    ------
    InputError
        If no source has that name (the message lists the known names), or an option is
        unknown or invalid.
    """
    factory = _REGISTRY.get(name)
    if factory is None:
        raise InputError(f"unknown source {name!r}; known sources: {', '.join(source_names())}")
    return factory(options)


def register_source(name: str, factory: SourceFactory) -> None:
    """Register a further source plug-in under ``name``.

    Raises
    ------
    ConfigurationError
        If ``name`` is already taken: a plug-in never silently replaces another.
    """
    if name in _REGISTRY:
        raise ConfigurationError(f"a source named {name!r} is already registered")
    _REGISTRY[name] = factory


def world_sources(without: Collection[str] = ()) -> tuple[ClaimSource, ...]:
    """The bundled world datasets, in :data:`WORLD_SOURCES` order.

    Parameters
    ----------
    without:
        Datasets to leave out, by catalogue name (``germany-2015``) or source id
        (``germany-partnerships-2015``): a user who does not accept a dataset's licence
        builds without it.

    Raises
    ------
    InputError
        If a name to leave out is not a bundled world dataset.
    """
    chosen = {name: get_source(name) for name in WORLD_SOURCES}
    known = set(chosen) | {source.info.id for source in chosen.values()}
    unknown = sorted(set(without) - known)
    if unknown:
        raise InputError(
            f"not a bundled world dataset: {', '.join(unknown)}; "
            f"the datasets are {', '.join(WORLD_SOURCES)}"
        )
    return tuple(
        source
        for name, source in chosen.items()
        if name not in without and source.info.id not in without
    )
