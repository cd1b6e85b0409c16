"""Source plug-in for the older English-Wikipedia sister-city scrape (circa 2016–2018).

This module owns reading the ``wikipedia-sister-cities-circa2018`` dataset
(pnadelofficial/sis-cities): ``sister_cities.csv`` has the columns ``,country,city,sister``,
the first being an unnamed pandas row index (it restarts at 0 halfway, where two frames were
concatenated, so it is ignored).  ``country`` is the country of the list page, that is the
host's; ``city`` is the host and ``sister`` the partner, usually a Wikipedia article title
with its disambiguation (``Phoenix, Arizona``), whose country the file does not give.  The
file is undated; its names (``Kiev``, ``Swaziland``, ``Macedonia``) date it to about
2016–2018, so the citation carries no retrieval date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from twintowns.model import FuzzyDate, PlaceMention, RawClaim, Source
from twintowns.sources.base import OnProblem
from twintowns.sources.tabular import (
    CSV,
    Row,
    bundled_dataset_dir,
    expect_header,
    optional_text,
    parse_rows,
    read_table,
    required_text,
)

__all__ = ["FILE", "FOLDER", "INFO", "Wikipedia2018Source"]

FOLDER = "wikipedia-sister-cities-circa2018"
FILE = "sister_cities.csv"
_HEADER = ("", "country", "city", "sister")

INFO = Source(
    id="wikipedia-sister-cities-circa2018",
    title=(
        "Lists of twin towns and sister cities, older scrape circa 2016–2018 "
        "(pnadelofficial/sis-cities)"
    ),
    publisher="Wikipedia contributors",
    url="https://en.wikipedia.org/wiki/Lists_of_twin_towns_and_sister_cities",
    retrieved=None,  # undated: the names say about 2016–2018, the title says so
    licence="CC-BY-SA-4.0",
    # "about 2016-2018" (PROVENANCE.md): attested circa 2018, as the dataset is named
    published=FuzzyDate(2018, circa=True),
)


@dataclass(frozen=True, slots=True)
class Wikipedia2018Source:
    """The circa 2016–2018 scrape: host cities' claims, partners without a country.

    Attributes
    ----------
    path:
        ``sister_cities.csv``.
    """

    path: Path

    @classmethod
    def from_directory(cls, directory: Path) -> Wikipedia2018Source:
        """The dataset in ``directory``, under its original file name."""
        return cls(directory / FILE)

    @classmethod
    def bundled(cls) -> Wikipedia2018Source:
        """The copy shipped in ``twintowns/data/world``."""
        return cls.from_directory(bundled_dataset_dir(FOLDER))

    @property
    def info(self) -> Source:
        """The dataset's citation (undated, circa 2016–2018)."""
        return INFO

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield one claim per row, in file order.

        Parameters
        ----------
        on_problem:
            Receives malformed rows; they are skipped.

        Raises
        ------
        DataFileError
            If the file is missing or does not have the dataset's header.
        """
        rows = read_table(self.path, CSV, on_problem, header=True)
        expect_header(rows, self.path, _HEADER)
        yield from parse_rows(rows, _claim, on_problem)


def _claim(row: Row) -> RawClaim:
    _index, country, city, sister = row.fields
    return RawClaim(
        claimant=PlaceMention(name=required_text(city, "city"), country=optional_text(country)),
        partner=PlaceMention(name=required_text(sister, "sister")),
        locator=row.locator,
    )
