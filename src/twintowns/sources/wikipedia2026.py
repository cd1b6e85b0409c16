"""Source plug-in for the English-Wikipedia twin-town lists scraped in February 2026.

This module owns reading the ``wikipedia-twin-cities-2026`` dataset (Hekman/twincities):
``twin_cities_raw.csv`` has one row per partner listed under a host city on its country's
"List of twin towns and sister cities in ..." page (``city1,country1,city2,country2``), and
each row becomes one claim of the host (city1) naming the partner (city2), with both country
strings exactly as the page writes them.  Coordinates come from ``twin_cities_geocoded.csv``,
joined on the exact (city, country) strings; that file drops the 197 pairs that could not be
geocoded, so a place seen only in those pairs has no coordinates.  The geocoder's results
are ODbL (OpenStreetMap Nominatim) and about 2 % are homonym errors: they are evidence for
the resolver, not ground truth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from twintowns.model import PlaceMention, RawClaim, Source
from twintowns.sources.base import OnProblem
from twintowns.sources.tabular import (
    CSV,
    Row,
    bundled_dataset_dir,
    expect_header,
    optional_text,
    parse_rows,
    point,
    read_table,
    required_text,
)

__all__ = ["FOLDER", "GEOCODED_FILE", "INFO", "RAW_FILE", "Wikipedia2026Source"]

FOLDER = "wikipedia-twin-cities-2026"
RAW_FILE = "twin_cities_raw.csv"
GEOCODED_FILE = "twin_cities_geocoded.csv"
_RAW_HEADER = ("city1", "country1", "city2", "country2")
_GEOCODED_HEADER = ("city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2")

# Identical to the curated entry of the same id (data/curated/00-sources.yaml), so facts cited
# by the curated data and by this source point at one source.
INFO = Source(
    id="wikipedia-twin-cities-2026",
    title="Lists of twin towns and sister cities, geocoded scrape (Hekman/twincities)",
    publisher=(
        "Wikipedia contributors; coordinates from the Wikipedia API and OpenStreetMap Nominatim"
    ),
    url="https://en.wikipedia.org/wiki/Lists_of_twin_towns_and_sister_cities",
    retrieved=dt.date(2026, 2, 8),
    licence="CC-BY-SA-4.0 AND ODbL-1.0",
)

# (name, country as written, "" when absent) -> (lat, lon)
_Gazetteer = dict[tuple[str, str], tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Wikipedia2026Source:
    """The February 2026 scrape: host cities' claims, with coordinates where geocoded.

    Attributes
    ----------
    raw:
        ``twin_cities_raw.csv``, the claims.
    geocoded:
        ``twin_cities_geocoded.csv``, the coordinates; None to read no coordinates.
    """

    raw: Path
    geocoded: Path | None = None

    @classmethod
    def from_directory(cls, directory: Path) -> Wikipedia2026Source:
        """The dataset in ``directory``, under its original file names."""
        return cls(directory / RAW_FILE, directory / GEOCODED_FILE)

    @classmethod
    def bundled(cls) -> Wikipedia2026Source:
        """The copy shipped in ``twintowns/data/world``."""
        return cls.from_directory(bundled_dataset_dir(FOLDER))

    @property
    def info(self) -> Source:
        """The dataset's citation (snapshot 2026-02-08)."""
        return INFO

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield one claim per raw row, in file order.

        Parameters
        ----------
        on_problem:
            Receives malformed rows of either file; they are skipped (a bad geocoded row only
            costs its coordinates).

        Raises
        ------
        DataFileError
            If a file is missing or does not have the dataset's header.
        """
        places = {} if self.geocoded is None else read_gazetteer(self.geocoded, on_problem)
        rows = read_table(self.raw, CSV, on_problem, header=True)
        expect_header(rows, self.raw, _RAW_HEADER)
        yield from parse_rows(rows, partial(_claim, places=places), on_problem)


def read_gazetteer(path: Path, on_problem: OnProblem) -> dict[tuple[str, str], tuple[float, float]]:
    """Read the coordinates of every (city, country) pair of ``twin_cities_geocoded.csv``.

    Parameters
    ----------
    path:
        The geocoded file.
    on_problem:
        Receives rows with a bad name or coordinate; they are skipped.

    Returns
    -------
    dict
        ``(city, country)`` (stripped; ``""`` for no country) to ``(lat, lon)``.  The
        geocoder gave each pair one position, so the first row of a pair is kept.
    """
    places: _Gazetteer = {}
    rows = read_table(path, CSV, on_problem, header=True)
    expect_header(rows, path, _GEOCODED_HEADER)
    for located in parse_rows(rows, _located_pair, on_problem):
        for key, position in located:
            places.setdefault(key, position)
    return places


def _located_pair(row: Row) -> tuple[tuple[tuple[str, str], tuple[float, float]], ...]:
    city1, country1, lat1, lng1, city2, country2, lat2, lng2 = row.fields
    return (
        ((required_text(city1, "city1"), country1.strip()), point(lat1, lng1, "city1")),
        ((required_text(city2, "city2"), country2.strip()), point(lat2, lng2, "city2")),
    )


def _claim(row: Row, places: _Gazetteer) -> RawClaim:
    city1, country1, city2, country2 = row.fields
    return RawClaim(
        claimant=_mention(required_text(city1, "host city (city1)"), country1, places),
        partner=_mention(required_text(city2, "partner city (city2)"), country2, places),
        locator=row.locator,
    )


def _mention(name: str, country: str, places: _Gazetteer) -> PlaceMention:
    position = places.get((name, country.strip()))
    return PlaceMention(
        name=name,
        country=optional_text(country),
        lat=None if position is None else position[0],
        lon=None if position is None else position[1],
        geocoded=position is not None,
    )
