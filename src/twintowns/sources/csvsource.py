"""A generic CSV/TSV source for the twinning registries users bring.

This module owns reading any delimited file with a header row whose columns the user maps:
which column names the claiming place and which its partner, and optionally each side's
country, Wikidata QID, coordinates and population.  The user also gives the citation (source
id, title, licence, snapshot date).  Each data row is one claim of the claimant naming the
partner, located ``<file name>:<line>``; rows with the wrong number of fields, an empty name,
a malformed QID, coordinate or population, or undecodable bytes are reported and skipped.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from functools import partial
from pathlib import Path

from twintowns.errors import DataFileError, InputError
from twintowns.filesize import DEFAULT_MAX_FILE_BYTES
from twintowns.model import PlaceMention, RawClaim, Source
from twintowns.sources.base import OnProblem
from twintowns.sources.tabular import (
    CSV,
    Row,
    TableFormat,
    optional_text,
    parse_rows,
    point,
    population,
    read_table,
    required_qid,
    required_text,
)
from twintowns.untrusted import check_http_url

__all__ = ["CsvColumns", "CsvSource", "SideColumns", "option_names"]

_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CITATION_OPTIONS = ("title", "publisher", "url", "licence")
_FORMAT_OPTIONS = ("delimiter", "encoding")


@dataclass(frozen=True, slots=True)
class SideColumns:
    """The header names of the columns describing one side of a claim.

    Attributes
    ----------
    name:
        The place's name (required).
    country, qid, lat, lon, population:
        Optional columns; ``lat`` and ``lon`` go together.
    """

    name: str
    country: str | None = None
    qid: str | None = None
    lat: str | None = None
    lon: str | None = None
    population: str | None = None

    def __post_init__(self) -> None:
        if (self.lat is None) != (self.lon is None):
            raise InputError(f"column mapping for {self.name!r}: give both lat and lon, or neither")

    def used(self) -> tuple[str, ...]:
        """The column names this side reads."""
        return tuple(v for f in fields(self) if isinstance(v := getattr(self, f.name), str))


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """The column mapping: which columns describe the claimant and which the partner."""

    claimant: SideColumns
    partner: SideColumns


@dataclass(frozen=True, slots=True)
class _SideIndex:
    """Where a side's columns are in a record (0-based), once the header is known."""

    name: int
    country: int | None
    qid: int | None
    lat: int | None
    lon: int | None
    population: int | None


@dataclass(frozen=True, slots=True)
class CsvSource:
    """A user's delimited file of twinning claims.

    Attributes
    ----------
    path:
        The file; its first record is the header.
    source:
        The citation every claim points to (its ``retrieved`` is the snapshot date).
    columns:
        Which columns hold what.
    fmt:
        Delimiter and encoding (``"`` quoting as in CSV).
    max_bytes:
        The largest file read (settings: ``max_file_bytes``); a bigger one is refused unread.
    """

    path: Path
    source: Source
    columns: CsvColumns
    fmt: TableFormat = CSV
    max_bytes: int = DEFAULT_MAX_FILE_BYTES

    @property
    def info(self) -> Source:
        """The citation the user gave."""
        return self.source

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield one claim per data row, in file order.

        Parameters
        ----------
        on_problem:
            Receives malformed rows; they are skipped.

        Raises
        ------
        DataFileError
            If the file is missing or empty, or its header lacks a mapped column or repeats
            one.
        """
        rows = read_table(self.path, self.fmt, on_problem, header=True, max_bytes=self.max_bytes)
        header = next(rows, None)
        if header is None:
            raise DataFileError("empty file: no header", path=str(self.path))
        positions = _positions(header, self.columns)
        build = partial(
            _claim,
            claimant=_side_index(self.columns.claimant, positions),
            partner=_side_index(self.columns.partner, positions),
        )
        yield from parse_rows(rows, build, on_problem)

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> CsvSource:
        """Build a source from flat, string-valued options (as a command line gives them).

        Parameters
        ----------
        options:
            ``path``, ``id``, ``title``, ``claimant`` and ``partner`` are required;
            ``publisher``, ``url``, ``licence``, ``retrieved`` (``YYYY-MM-DD``),
            ``delimiter`` (one character, or ``tab``), ``encoding`` (default ``utf-8``) and
            the column options ``claimant_country``, ``claimant_qid``, ``claimant_lat``,
            ``claimant_lon``, ``claimant_population`` and the same for ``partner_`` are
            optional.

        Raises
        ------
        InputError
            On an unknown, missing or malformed option.
        """
        unknown = sorted(set(options) - set(option_names()))
        if unknown:
            raise InputError(
                f"unknown csv source option(s) {', '.join(unknown)}; "
                f"known: {', '.join(option_names())}"
            )
        path = Path(_text(options, "path", required=True))
        columns = CsvColumns(_side_option(options, "claimant"), _side_option(options, "partner"))
        return cls(path, _source_option(options), columns, _format_option(options))


def option_names() -> tuple[str, ...]:
    """Every option :meth:`CsvSource.from_options` accepts, in a stable order."""
    sides = tuple(
        f"{side}_{f.name}" if f.name != "name" else side
        for side in ("claimant", "partner")
        for f in fields(SideColumns)
    )
    return ("path", "id", *_CITATION_OPTIONS, "retrieved", *_FORMAT_OPTIONS, *sides)


def _text(options: Mapping[str, object], key: str, *, required: bool = False) -> str:
    value = options.get(key)
    if value is None:
        if required:
            raise InputError(f"csv source: option {key!r} is required")
        return ""
    if not isinstance(value, str | Path):
        raise InputError(f"csv source: option {key!r} must be text, not {type(value).__name__}")
    text = str(value)
    if required and not text.strip():
        raise InputError(f"csv source: option {key!r} is empty")
    return text


def _side_option(options: Mapping[str, object], side: str) -> SideColumns:
    def column(field: str) -> str | None:
        return _text(options, f"{side}_{field}") or None

    return SideColumns(
        name=_text(options, side, required=True),
        country=column("country"),
        qid=column("qid"),
        lat=column("lat"),
        lon=column("lon"),
        population=column("population"),
    )


def _source_option(options: Mapping[str, object]) -> Source:
    source_id = _text(options, "id", required=True)
    if not _SOURCE_ID.fullmatch(source_id):
        raise InputError(f"csv source: id {source_id!r} must be letters, digits, '.', '-', '_'")
    citation = {key: _text(options, key) or None for key in _CITATION_OPTIONS}
    if citation["url"] is not None:
        try:
            check_http_url(citation["url"])
        except ValueError as exc:
            raise InputError(f"csv source: option 'url': {exc}") from None
    return Source(
        id=source_id,
        title=_text(options, "title", required=True),
        publisher=citation["publisher"],
        url=citation["url"],
        retrieved=_retrieved(options.get("retrieved")),
        licence=citation["licence"],
    )


def _retrieved(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # reported below, with the other non-dates
    raise InputError(f"csv source: retrieved {value!r} is not a date (YYYY-MM-DD)")


def _format_option(options: Mapping[str, object]) -> TableFormat:
    delimiter = _text(options, "delimiter") or ","
    # "\t" is hard to type on a command line, so "tab" (and a literal backslash-t) mean tab.
    delimiter = "\t" if delimiter in ("tab", "\\t") else delimiter
    if len(delimiter) != 1:
        raise InputError(f"csv source: delimiter {delimiter!r} must be one character or 'tab'")
    encoding = _text(options, "encoding") or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"csv source: unknown encoding {encoding!r}") from None
    return TableFormat(delimiter=delimiter, encoding=encoding)


def _positions(header: Row, columns: CsvColumns) -> dict[str, int]:
    wanted = set(columns.claimant.used()) | set(columns.partner.used())
    positions: dict[str, int] = {}
    for index, text in enumerate(header.fields):
        column = text.strip()
        if column in wanted and column in positions:
            raise DataFileError(
                f"column {column!r} appears twice", path=str(header.path), line=header.line
            )
        positions.setdefault(column, index)
    missing = sorted(wanted - set(positions))
    if missing:
        raise DataFileError(
            f"no column {', '.join(map(repr, missing))}; the header has "
            f"{', '.join(map(repr, header.fields))}",
            path=str(header.path),
            line=header.line,
        )
    return positions


def _side_index(side: SideColumns, positions: Mapping[str, int]) -> _SideIndex:
    def at(column: str | None) -> int | None:
        return None if column is None else positions[column]

    return _SideIndex(
        name=positions[side.name],
        country=at(side.country),
        qid=at(side.qid),
        lat=at(side.lat),
        lon=at(side.lon),
        population=at(side.population),
    )


def _claim(row: Row, claimant: _SideIndex, partner: _SideIndex) -> RawClaim:
    return RawClaim(
        claimant=_mention(row.fields, claimant, "claimant"),
        partner=_mention(row.fields, partner, "partner"),
        locator=row.locator,
    )


def _mention(values: tuple[str, ...], index: _SideIndex, what: str) -> PlaceMention:
    def value(position: int | None) -> str:
        return "" if position is None else values[position].strip()

    lat = lon = None
    if value(index.lat) or value(index.lon):
        lat, lon = point(value(index.lat), value(index.lon), what)
    qid_text = value(index.qid)
    return PlaceMention(
        name=required_text(values[index.name], f"{what} name"),
        country=optional_text(value(index.country)),
        qid=required_qid(qid_text, f"{what} QID") if qid_text else None,
        lat=lat,
        lon=lon,
        population=population(value(index.population), f"{what} population"),
    )
