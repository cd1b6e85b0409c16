"""Source plug-in for the 2017 Wikidata query results on EU cities (rogorido/sistercities).

This module owns reading the ``wikidata-eu-twinning-2017`` dataset: 25 tab-separated files,
one per EU member state of 2017 (Greece, Luxembourg and Malta have none), each row an origin
city of that state (English label, country, coordinates, population) and one P190 sister
(label, coordinates, population, country label).  Each row becomes the origin's claim naming
the sister.  The derived ``dist`` and ``eu`` columns are ignored.

Quirks handled here, as measured on the 2017 files:

- An item with no English label is labelled by its QID (``Q1030610``): the QID also fills
  :attr:`PlaceMention.qid`.
- The query returned one row per combination of multi-valued coordinates and populations.
  Rows that agree on everything but population are one claim: the first row (in file order,
  files in name order) is kept, with its line as locator.  Rows whose coordinates differ are
  kept apart, because same-label places with different coordinates are often distinct items
  (Ennery in Moselle and in Val-d'Oise, Kansas City in Kansas and in Missouri); the resolver,
  not the reader, can tell.
- A population that is not a whole number (``22.764``, ``7.37``) is dropped rather than
  guessed at; the claim is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from twintowns.model import PlaceMention, RawClaim, Source
from twintowns.sources.base import OnProblem
from twintowns.sources.tabular import (
    TSV,
    BadRow,
    Row,
    bundled_dataset_dir,
    expect_header,
    optional_text,
    parse_rows,
    point,
    population,
    qid_in,
    read_table,
    required_text,
)

__all__ = ["FOLDER", "INFO", "WikidataEU2017Source"]

FOLDER = "wikidata-eu-twinning-2017"
_HEADER = (
    "origincityLabel",
    "origincountry",
    "originlat",
    "originlong",
    "originpopulation",
    "sistercityLabel",
    "destinationlat",
    "destinationlong",
    "destinationpopulation",
    "destination_countryLabel",
    "dist",
    "eu",
)

# Identical to the curated entry of the same id (data/curated/00-sources.yaml).
INFO = Source(
    id="wikidata-eu-twinning-2017",
    title="Wikidata SPARQL results for EU cities (rogorido/sistercities)",
    publisher="Wikidata contributors",
    url="https://github.com/rogorido/sistercities",
    retrieved=dt.date(2017, 7, 28),
    licence="CC0-1.0",
)


@dataclass(frozen=True, slots=True)
class WikidataEU2017Source:
    """The 2017 EU query results: EU origins' claims, with coordinates and population.

    Attributes
    ----------
    paths:
        The per-country files, read in this order.
    """

    paths: tuple[Path, ...]

    @classmethod
    def from_directory(cls, directory: Path) -> WikidataEU2017Source:
        """Every ``*.tsv`` file of ``directory``, in name order (so the output is stable)."""
        return cls(tuple(sorted(directory.glob("*.tsv"))))

    @classmethod
    def bundled(cls) -> WikidataEU2017Source:
        """The copy shipped in ``twintowns/data/world``."""
        return cls.from_directory(bundled_dataset_dir(FOLDER))

    @property
    def info(self) -> Source:
        """The dataset's citation (snapshot 2017-07-28)."""
        return INFO

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield one claim per distinct row, in file order.

        Parameters
        ----------
        on_problem:
            Receives malformed rows; they are skipped.  Rows repeating an earlier row up to
            population are dropped silently: they are an artefact of the query, not damage.

        Raises
        ------
        DataFileError
            If a file is missing or does not have the dataset's header.
        """
        yield from distinct_claims(self.paths, on_problem)


def distinct_claims(paths: Sequence[Path], on_problem: OnProblem) -> Iterator[RawClaim]:
    """The claims of ``paths``, dropping rows that differ from an earlier one only in population.

    Parameters
    ----------
    paths:
        The files, in reading order.
    on_problem:
        Receives malformed rows.
    """
    seen: set[tuple[_Identity, _Identity]] = set()
    for path in paths:
        rows = read_table(path, TSV, on_problem, header=True)
        expect_header(rows, path, _HEADER)
        for claim in parse_rows(rows, _claim, on_problem):
            key = (_identity(claim.claimant), _identity(claim.partner))
            if key not in seen:
                seen.add(key)
                yield claim


_Identity = tuple[str, str | None, str | None, float | None, float | None]


def _identity(mention: PlaceMention) -> _Identity:
    """Everything the row says about a place except its population."""
    return mention.name, mention.country, mention.qid, mention.lat, mention.lon


def _claim(row: Row) -> RawClaim:
    fields = row.fields
    return RawClaim(
        claimant=_mention(fields[0], fields[1], fields[2:5], "origin"),
        partner=_mention(fields[5], fields[9], fields[6:9], "sister"),
        locator=row.locator,
    )


def _mention(label: str, country: str, measures: Sequence[str], what: str) -> PlaceMention:
    lat_text, lon_text, population_text = measures
    lat, lon = point(lat_text, lon_text, what)
    name = required_text(label, f"{what} label")
    return PlaceMention(
        name=name,
        country=optional_text(country),
        qid=qid_in(name),
        lat=lat,
        lon=lon,
        population=_lenient_population(population_text, what),
    )


def _lenient_population(text: str, what: str) -> int | None:
    try:
        return population(text, f"{what} population")
    except BadRow:
        # Not a whole number: a typing error in Wikidata; the twinning claim still stands.
        return None
