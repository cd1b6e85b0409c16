"""Line-numbered CSV/TSV reading shared by the tabular source plug-ins.

This module owns what every file-based source needs and nothing dataset-specific: where the
bundled world datasets live, a streaming reader that yields each record with the 1-based line
it starts on (reporting undecodable, unparsable and wrongly-sized records to ``on_problem``
and skipping them), header checks, and the parsing of the fields sources share (names,
coordinates, population, Wikidata ids).  A field that cannot be read raises :class:`BadRow`,
which :func:`parse_rows` turns into a :class:`~twintowns.sources.base.RowProblem`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TextIO, TypeVar

from twintowns.errors import DataFileError
from twintowns.filesize import DEFAULT_MAX_FILE_BYTES, check_size
from twintowns.model import RowProblem
from twintowns.sources.base import OnProblem

__all__ = [
    "CSV",
    "TSV",
    "BadRow",
    "Row",
    "TableFormat",
    "bundled_dataset_dir",
    "expect_header",
    "optional_text",
    "parse_rows",
    "point",
    "population",
    "qid_in",
    "read_table",
    "required_qid",
    "required_text",
]

T = TypeVar("T")

_QID = re.compile(r"Q[1-9][0-9]*")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_INTEGER = re.compile(r"[0-9]+(?:\.0*)?")


class BadRow(ValueError):
    """A record that cannot become a claim; the message says why."""


@dataclass(frozen=True, slots=True)
class TableFormat:
    """How a delimited text file is written.

    Attributes
    ----------
    delimiter:
        The field separator (``,`` or a tab).
    quoted:
        Whether ``"`` quotes fields (CSV); Wikidata TSV exports are unquoted, so there a
        stray ``"`` in a label must not start a quoted field.
    encoding:
        The text encoding; undecodable bytes make their record a problem, not an error.
    """

    delimiter: str = ","
    quoted: bool = True
    encoding: str = "utf-8"


CSV = TableFormat()
TSV = TableFormat(delimiter="\t", quoted=False)


@dataclass(frozen=True, slots=True)
class Row:
    """One record of a file and where it starts."""

    path: Path
    line: int
    fields: tuple[str, ...]

    @property
    def locator(self) -> str:
        """``<file name>:<line>``: stable across machines, unlike the full path."""
        return f"{self.path.name}:{self.line}"


def bundled_dataset_dir(folder: str) -> Path:
    """The directory of a world dataset shipped in ``twintowns/data/world``.

    Parameters
    ----------
    folder:
        The dataset's folder name (``wikipedia-twin-cities-2026``).
    """
    return Path(str(resources.files("twintowns") / "data" / "world" / folder))


def _undecodable(fields: Sequence[str]) -> str | None:
    # Files are decoded with "surrogateescape": a bad byte becomes a lone surrogate, which no
    # correctly decoded text can contain, so its presence marks exactly the bad records.
    for text in fields:
        found = _ESCAPED_BYTE.search(text)
        if found is not None:
            return f"0x{ord(found.group()) - 0xDC00:02X}"
    return None


def read_table(
    path: Path,
    fmt: TableFormat,
    on_problem: OnProblem,
    width: int | None = None,
    *,
    header: bool = False,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Iterator[Row]:
    """Stream the non-blank records of a delimited file (header included), with their lines.

    Parameters
    ----------
    path, fmt:
        The file, and its delimiter, quoting and encoding.
    on_problem:
        Receives the records that cannot be decoded or parsed or have the wrong number of
        fields; they are skipped.
    width:
        The number of fields every record must have, if fixed.
    header:
        The first record is a header, whose width every later record must have (so a file
        with another header is rejected at once by :func:`expect_header`, not row by row).
    max_bytes:
        Refuse a larger file before reading a record (settings: ``max_file_bytes``).  Records
        are streamed, so memory does not grow with the file.

    Raises
    ------
    DataFileError
        If the file cannot be opened or is larger than ``max_bytes``.
    """
    check_size(path, max_bytes)
    with _open(path, fmt) as handle:
        for start, end, fields in _records(handle, fmt, path, on_problem):
            problem = _check(fields, fmt, None if header else width, start, end)
            if problem is not None:
                on_problem(RowProblem(str(path), start, problem))
                continue
            if header:
                header, width = False, len(fields)
            yield Row(path, start, tuple(fields))


def _open(path: Path, fmt: TableFormat) -> TextIO:
    try:
        return path.open(encoding=fmt.encoding, errors="surrogateescape", newline="")
    except (OSError, LookupError) as exc:
        raise DataFileError(f"cannot read file: {exc}", path=str(path)) from exc


def _records(
    handle: TextIO, fmt: TableFormat, path: Path, on_problem: OnProblem
) -> Iterator[tuple[int, int, list[str]]]:
    """Each non-blank record with its first and last line; csv errors are reported."""
    if fmt.quoted:
        reader = csv.reader(handle, delimiter=fmt.delimiter, quoting=csv.QUOTE_MINIMAL)
    else:
        reader = csv.reader(handle, delimiter=fmt.delimiter, quoting=csv.QUOTE_NONE)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            on_problem(RowProblem(str(path), start, f"malformed record: {exc}"))
            continue
        if fields:  # csv yields [] for a blank line, which is not a record
            yield start, reader.line_num, fields


def _check(
    fields: list[str], fmt: TableFormat, width: int | None, start: int, end: int
) -> str | None:
    if start == 1 and fields[0].startswith("\ufeff"):
        fields[0] = fields[0][1:]  # a byte-order mark is encoding noise, not part of a name
    bad = _undecodable(fields)
    if bad is not None:
        return f"not valid {fmt.encoding}: undecodable byte {bad}"
    if width is not None and len(fields) != width:
        span = f"; the record runs on to line {end}: an unbalanced quote?" if end > start else ""
        return f"expected {width} fields, found {len(fields)}{span}"
    return None


def expect_header(rows: Iterator[Row], path: Path, header: Sequence[str]) -> None:
    """Consume the header record and check it is the one the dataset is documented to have.

    Raises
    ------
    DataFileError
        If the file is empty or starts with another header: it is not the expected dataset,
        so no row of it can be trusted.
    """
    first = next(rows, None)
    if first is None:
        raise DataFileError("empty file: no header", path=str(path))
    if list(first.fields) != list(header):
        raise DataFileError(
            f"unexpected header {list(first.fields)}, expected {list(header)}",
            path=str(path),
            line=first.line,
        )


def parse_rows(
    rows: Iterable[Row], build: Callable[[Row], T], on_problem: OnProblem
) -> Iterator[T]:
    """Convert each row with ``build``; report and skip rows for which it raises :class:`BadRow`.

    Parameters
    ----------
    rows:
        The records to convert.
    build:
        Makes the value (usually a :class:`~twintowns.sources.base.RawClaim`) of one row,
        raising :class:`BadRow` when a field is unusable.
    on_problem:
        Receives the rows that were skipped, with their file and line.
    """
    for row in rows:
        try:
            value = build(row)
        except BadRow as exc:
            on_problem(RowProblem(str(row.path), row.line, str(exc)))
            continue
        yield value


def required_text(text: str, what: str) -> str:
    """The stripped ``text``; raises :class:`BadRow` naming ``what`` when it is empty."""
    stripped = text.strip()
    if not stripped:
        raise BadRow(f"empty {what}")
    return stripped


def optional_text(text: str) -> str | None:
    """The stripped ``text``, or None when it is empty (a country a row does not give)."""
    return text.strip() or None


def point(lat: str, lon: str, what: str) -> tuple[float, float]:
    """Parse a WGS84 latitude and longitude given in decimal degrees.

    Parameters
    ----------
    lat, lon:
        The two fields as written.
    what:
        Which place they locate, for the problem message (``partner``).

    Raises
    ------
    BadRow
        If either is empty, not a number, or out of range.
    """
    return _degrees(lat, f"{what} latitude", 90.0), _degrees(lon, f"{what} longitude", 180.0)


def _degrees(text: str, what: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadRow(f"{what} {text!r} is not a number") from None
    # The range test also rejects "nan" and "inf", which float() accepts and no place has.
    if not -limit <= value <= limit:
        raise BadRow(f"{what} {text!r} is outside -{limit:g}..{limit:g}")
    return value


def population(text: str, what: str) -> int | None:
    """A population count, or None when the field is empty.

    Raises
    ------
    BadRow
        If the field is not a whole number (``12000`` and ``12000.0`` are).
    """
    stripped = text.strip()
    if not stripped:
        return None
    if not _INTEGER.fullmatch(stripped):
        raise BadRow(f"{what} {text!r} is not a whole number")
    return int(stripped.partition(".")[0])


def qid_in(text: str) -> str | None:
    """``text`` when it is a Wikidata item id (``Q123``), else None."""
    stripped = text.strip()
    return stripped if _QID.fullmatch(stripped) else None


def required_qid(text: str, what: str) -> str:
    """``text`` as a Wikidata item id; raises :class:`BadRow` naming ``what`` otherwise."""
    qid = qid_in(text)
    if qid is None:
        raise BadRow(f"{what} {text!r} is not a Wikidata item id")
    return qid
