"""Line-numbered CSV/TSV reading shared by the tabular source plug-ins.

This module owns what every file-based source needs and nothing dataset-specific: where the
bundled world datasets live, a streaming reader that yields each record with the 1-based line
it starts on (reporting undecodable, unparsable and wrongly-sized records to ``on_problem``
and skipping them), header checks, and the parsing of the fields sources share (names,
coordinates, population, Wikidata ids).  A field that cannot be read raises :class:`BadRow`,
which :func:`claims_from_rows` turns into a :class:`~twintowns.sources.base.RowProblem`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from twintowns.errors import DataFileError
from twintowns.sources.base import OnProblem, RawClaim, RowProblem

__all__ = [
    "CSV",
    "TSV",
    "BadRow",
    "Row",
    "TableFormat",
    "bundled_dataset_dir",
    "claims_from_rows",
    "coordinate",
    "expect_header",
    "optional_text",
    "population",
    "qid_in",
    "read_table",
    "required_text",
]

_QID = re.compile(r"Q[1-9][0-9]*")
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
    quoting:
        A :mod:`csv` quoting constant; Wikidata TSV exports are unquoted (``QUOTE_NONE``), so
        a stray ``"`` in a label must not start a quoted field.
    encoding:
        The text encoding; undecodable bytes make their record a problem, not an error.
    """

    delimiter: str = ","
    quoting: int = csv.QUOTE_MINIMAL
    encoding: str = "utf-8"


CSV = TableFormat()
TSV = TableFormat(delimiter="\t", quoting=csv.QUOTE_NONE)


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
        for char in text:
            if "\udc80" <= char <= "\udcff":
                return f"0x{ord(char) - 0xDC00:02X}"
    return None


def read_table(
    path: Path, fmt: TableFormat, on_problem: OnProblem, width: int | None = None
) -> Iterator[Row]:
    """Stream the non-blank records of a delimited file, each with its first line.

    Parameters
    ----------
    path:
        The file.
    fmt:
        Delimiter, quoting and encoding.
    on_problem:
        Receives records that cannot be decoded or parsed, or (with ``width``) that have the
        wrong number of fields; they are skipped.
    width:
        The number of fields every record must have, if fixed.

    Yields
    ------
    Row
        Every other record, header included, in file order.

    Raises
    ------
    DataFileError
        If the file cannot be opened.
    """
    try:
        handle = path.open(encoding=fmt.encoding, errors="surrogateescape", newline="")
    except (OSError, LookupError) as exc:
        raise DataFileError(f"cannot read file: {exc}", path=str(path)) from exc
    with handle:
        reader = csv.reader(handle, delimiter=fmt.delimiter, quoting=fmt.quoting)
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                on_problem(RowProblem(str(path), start, f"malformed record: {exc}"))
                continue
            problem = _check(fields, fmt, width, first=start == 1)
            if problem is not None:
                on_problem(RowProblem(str(path), start, problem))
            elif fields:
                yield Row(path, start, tuple(fields))


def _check(fields: list[str], fmt: TableFormat, width: int | None, *, first: bool) -> str | None:
    if first and fields and fields[0].startswith("\ufeff"):
        fields[0] = fields[0][1:]  # a byte-order mark is encoding noise, not part of a name
    bad = _undecodable(fields)
    if bad is not None:
        return f"not valid {fmt.encoding}: undecodable byte {bad}"
    if fields and width is not None and len(fields) != width:
        return f"expected {width} fields, found {len(fields)}"
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


def claims_from_rows(
    rows: Iterable[Row], build: Callable[[Row], RawClaim], on_problem: OnProblem
) -> Iterator[RawClaim]:
    """Build a claim from each row; report rows whose ``build`` raises :class:`BadRow`.

    Parameters
    ----------
    rows:
        The records to convert.
    build:
        Makes the claim of one row, raising :class:`BadRow` when a field is unusable.
    on_problem:
        Receives the rows that were skipped, with their file and line.
    """
    for row in rows:
        try:
            claim = build(row)
        except BadRow as exc:
            on_problem(RowProblem(str(row.path), row.line, str(exc)))
            continue
        yield claim


def required_text(text: str, what: str) -> str:
    """The stripped ``text``; raises :class:`BadRow` naming ``what`` when it is empty."""
    stripped = text.strip()
    if not stripped:
        raise BadRow(f"empty {what}")
    return stripped


def optional_text(text: str) -> str | None:
    """The stripped ``text``, or None when it is empty (a country a row does not give)."""
    return text.strip() or None


def coordinate(text: str, what: str, limit: float) -> float:
    """Parse a latitude (``limit`` 90) or longitude (``limit`` 180) in decimal degrees.

    Raises
    ------
    BadRow
        If ``text`` is empty, not a number, or outside ``[-limit, limit]``.
    """
    try:
        value = float(text)
    except ValueError:
        raise BadRow(f"{what} {text!r} is not a number") from None
    # float() accepts "nan" and "inf", which no place has.
    if not -limit <= value <= limit:
        raise BadRow(f"{what} {text!r} is outside -{limit:g}..{limit:g}")
    return value


def population(text: str) -> int | None:
    """A population count, or None when absent or not a whole number.

    Wikidata population values are sometimes typed with a decimal point as a thousands
    separator (``22.764``) or are plain errors (``7.37``): guessing which would invent data,
    and a missing population must not cost a twinning claim, so such values are dropped.
    """
    stripped = text.strip()
    if not _INTEGER.fullmatch(stripped):
        return None
    return int(stripped.partition(".")[0])


def qid_in(text: str) -> str | None:
    """``text`` when it is a Wikidata item id (``Q123``), else None."""
    stripped = text.strip()
    return stripped if _QID.fullmatch(stripped) else None
