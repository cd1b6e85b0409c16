"""Source plug-in for the Czech municipal partnerships of September 2013 (economia).

This module owns reading ``czech-partnerships-2013/vztahy.tsv``: one row per link of a Czech
municipality (``obec1``, with coordinates) to a partner abroad (``obec2``, country ``stat2``
in Czech, with coordinates), collected from the map of the national portal
partnerskamesta.cz, and the year the link began (``rok``).  Each row becomes the Czech side's
claim with a signing event dated to the year (year precision, citing the file and line);
the points of a placeholder id (F-1111, given to 14 partners of Prague) are not read;
``rok = 0`` means unknown, and the two malformed values (37546, an Excel day number, and 1238)
are reported with their line and read as no date.  The portal does not say which form a link
takes, so claims carry no kind.

Licence as stated: none (the repository states no licence; the facts come from a public
portal), see the dataset's ``PROVENANCE.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from twintowns.model import FuzzyDate, PlaceMention, RawClaim, Source
from twintowns.sources.base import OnProblem
from twintowns.sources.registers import plain_forms, signing, start_year
from twintowns.sources.tabular import (
    TSV,
    Row,
    bundled_dataset_dir,
    expect_header,
    parse_rows,
    point,
    read_table,
    required_text,
)

__all__ = ["CZECH_COUNTRIES", "FILE", "FOLDER", "INFO", "Czech2013Source"]

FOLDER = "czech-partnerships-2013"
FILE = "vztahy.tsv"
_HEADER = (
    "kod1",
    "lat1",
    "lon1",
    "obec1",
    "stat1",
    "kod2",
    "lat2",
    "lon2",
    "obec2",
    "stat2",
    "rok",
)

INFO = Source(
    id="czech-partnerships-2013",
    title="Czech municipal partnerships from partnerskamesta.cz (economia/partnerska-mesta)",
    publisher="Petr Kočí (economia); facts from the portal partnerskamesta.cz",
    url="https://github.com/economia/partnerska-mesta",
    retrieved=None,
    licence="not stated",
    published=FuzzyDate(2013, 9),
)

# The country as the portal writes it (Czech) -> ISO 3166-1 alpha-2 ("Korea": both of its
# places lie in the south, by the coordinates the portal gives).
CZECH_COUNTRIES: dict[str, str] = {
    "Česká republika": "CZ", "Německo": "DE", "Polsko": "PL", "Slovensko": "SK",
    "Itálie": "IT", "Rakousko": "AT", "Francie": "FR", "Švýcarsko": "CH",
    "Nizozemsko": "NL", "Maďarsko": "HU", "Spojené státy americké": "US", "Ukrajina": "UA",
    "Rusko": "RU", "Chorvatsko": "HR", "Velká Británie": "GB", "Litva": "LT", "Belgie": "BE",
    "Slovinsko": "SI", "Dánsko": "DK", "Srbsko": "RS", "Japonsko": "JP", "Švédsko": "SE",
    "Řecko": "GR", "Rumunsko": "RO", "Korea": "KR", "Filipíny": "PH", "Estonsko": "EE",
    "Bělorusko": "BY", "Bulharsko": "BG", "Španělsko": "ES", "Černá Hora": "ME",
    "Turecko": "TR", "Tchaj-wan": "TW", "Nikaragua": "NI", "Lotyšsko": "LV",
    "Kazachstán": "KZ", "Kamerun": "CM", "Irsko": "IE", "Finsko": "FI",
    "Bosna a Hercegovina": "BA",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Czech2013Source:
    """The 2013 collection: each row the Czech side's claim, dated by its start year."""

    path: Path

    @classmethod
    def from_directory(cls, directory: Path) -> Czech2013Source:
        """The dataset in ``directory``, under its original file name."""
        return cls(directory / FILE)

    @classmethod
    def bundled(cls) -> Czech2013Source:
        """The copy shipped in ``twintowns/data/world``."""
        return cls.from_directory(bundled_dataset_dir(FOLDER))

    @property
    def info(self) -> Source:
        """The collection's citation (September 2013; no licence stated)."""
        return INFO

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield one claim per row, in file order.

        Parameters
        ----------
        on_problem:
            Receives malformed rows (skipped) and malformed start years (the link is kept
            without a date).

        Raises
        ------
        DataFileError
            If the file is missing or does not have the collection's header.
        """
        reading = read_table(self.path, TSV, on_problem, header=True)
        expect_header(reading, self.path, _HEADER)
        rows = list(reading)  # 966 rows: read twice, to find the portal's placeholder ids
        build = partial(_claim, on_problem=on_problem, placeholders=_placeholder_ids(rows))
        yield from parse_rows(rows, build, on_problem)


def _placeholder_ids(rows: list[Row]) -> frozenset[str]:
    """Place ids the portal gives to several names: F-1111 stands for 14 partners of Prague
    (Berlín, Chicago, Soul...) at points that are none of them, so its points are not read."""
    names: dict[str, set[str]] = {}
    for row in rows:
        for code, name in ((row.fields[0], row.fields[3]), (row.fields[5], row.fields[8])):
            names.setdefault(code.strip(), set()).add(name.strip())
    return frozenset(code for code, found in names.items() if len(found) > 1)


def _claim(row: Row, on_problem: OnProblem, placeholders: frozenset[str]) -> RawClaim:
    code1, lat1, lon1, name1, country1, code2, lat2, lon2, name2, country2, rok = row.fields
    if code1.strip() in placeholders:
        lat1 = lon1 = ""
    if code2.strip() in placeholders:
        lat2 = lon2 = ""
    year = start_year(rok, row, on_problem, unknown={"0"}, last_year=2013)
    return RawClaim(
        claimant=_mention(required_text(name1, "Czech municipality (obec1)"), country1, lat1, lon1),
        partner=_mention(required_text(name2, "partner (obec2)"), country2, lat2, lon2),
        locator=row.locator,
        events=signing(year, INFO.id, row, f"partnership since {year} (Czech portal, 2013)"),
    )


def _mention(name: str, country: str, lat: str, lon: str) -> PlaceMention:
    """A place as the portal records it (name, country, its own point): the portal is the
    record of both sides, so a place the gazetteer lacks may be made from it (``vouched``;
    never from a placeholder id's point, which is not read)."""
    position = point(lat, lon, "place") if lat.strip() and lon.strip() else None
    return PlaceMention(
        name=name,
        country=country.strip() or None,
        country_iso=CZECH_COUNTRIES.get(country.strip()),
        lat=None if position is None else position[0],
        lon=None if position is None else position[1],
        labels=tuple(("cs", form) for form in plain_forms(name)),
        vouched=position is not None,
    )
