"""Wikidata Query Service results of the shipped P190 query, as a claim source.

The query (``twintowns/data/wikidata/p190.rq``, see :func:`p190_query`) returns one row per
P190 statement with its qualifiers and both places' facts.  :class:`WikidataSparqlSource`
reads a saved result in the service's JSON (``application/sparql-results+json``) or CSV form
and yields the same claims and events the dump reader does, cited by statement id.  A refresh
is thus: fetch (see :mod:`.wdqs`) or run the query by hand, save, ingest.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

import orjson

from twintowns.errors import DataFileError
from twintowns.model import RawClaim, RowProblem, Source
from twintowns.sources.base import OnProblem
from twintowns.sources.wikidata.claims import ClaimBuilder
from twintowns.sources.wikidata.dump import snapshot_date
from twintowns.sources.wikidata.entity import CountryStatement, PlaceFacts, TwinStatement
from twintowns.sources.wikidata.times import TimeValue

__all__ = ["WikidataSparqlSource", "p190_query", "read_rows"]

WDQS_PAGE = "https://query.wikidata.org/"
_ENTITY = re.compile(r"^(?:https?://www\.wikidata\.org/entity/)?([QPL][0-9]+)$")
_STATEMENT = re.compile(r"statement/([QPLqpl][0-9]+)-(.+)$")
_POINT = re.compile(r"^Point\(\s*(-?[0-9.eE+-]+)\s+(-?[0-9.eE+-]+)\s*\)$")

Row = Mapping[str, str]


class _BadRow(ValueError):
    """A result row that cannot become a claim."""


def p190_query() -> str:
    """The SPARQL text of the shipped P190 query."""
    return (resources.files("twintowns") / "data" / "wikidata" / "p190.rq").read_text("utf-8")


def read_rows(path: Path) -> Iterator[tuple[int, Row]]:
    """``(line or result number, {variable: value})`` of a saved JSON or CSV result.

    Raises
    ------
    DataFileError
        If the file is neither a SPARQL JSON result nor a CSV with a header.
    """
    data = path.read_bytes()
    if data.lstrip()[:1] == b"{":
        yield from _json_rows(path, data)
        return
    text = data.decode("utf-8-sig", errors="replace").splitlines()
    reader = csv.DictReader(text)
    if not reader.fieldnames or "statement" not in reader.fieldnames:
        raise DataFileError(
            "not a result of the P190 query (no 'statement' column)", path=str(path)
        )
    for row in reader:
        yield reader.line_num, {k: v for k, v in row.items() if k and v}


def _json_rows(path: Path, data: bytes) -> Iterator[tuple[int, Row]]:
    try:
        tree = orjson.loads(data)
        bindings = tree["results"]["bindings"]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise DataFileError(f"not a SPARQL JSON result ({exc})", path=str(path)) from exc
    for number, binding in enumerate(bindings, start=1):
        yield number, {k: str(v.get("value", "")) for k, v in binding.items() if v.get("value")}


def _qid(text: str | None, what: str) -> str:
    match = _ENTITY.match(text or "")
    if match is None:
        raise _BadRow(f"{what} is not a Wikidata item: {text!r}")
    return match[1]


def _time(row: Row, name: str) -> tuple[TimeValue, ...]:
    value = row.get(name)
    if not value:
        return ()
    try:
        precision = int(row.get(f"{name}Precision", "11"))
    except ValueError:
        raise _BadRow(f"{name}Precision is not a number") from None
    raw = value if value[:1] in "+-" else f"+{value}"
    calendar = row.get(f"{name}Calendar", "Q1985727").rsplit("/", 1)[-1]
    return (TimeValue(raw, precision, calendar),)


def _statement(row: Row) -> TwinStatement:
    match = _STATEMENT.search(row.get("statement", ""))
    if match is None:
        raise _BadRow(f"statement is not a statement URI: {row.get('statement')!r}")
    rank = row.get("rank", "NormalRank").rsplit("#", 1)[-1].removesuffix("Rank").lower()
    cause = row.get("endCause")
    return TwinStatement(
        subject=_qid(row.get("place"), "place"),
        target=_qid(row.get("partner"), "partner"),
        statement_id=f"{match[1]}${match[2]}",
        rank=rank,
        starts=_time(row, "start"),
        ends=_time(row, "end"),
        end_causes=(_qid(cause, "endCause"),) if cause else (),
    )


def _facts(row: Row, side: str) -> PlaceFacts:
    qid = _qid(row.get(side), side)
    point = _POINT.match(row.get(f"{side}Coord", ""))
    country = row.get(f"{side}Country")
    try:
        people = Decimal(row[f"{side}Population"]) if row.get(f"{side}Population") else None
    except InvalidOperation:
        raise _BadRow(f"{side}Population is not a number") from None
    geonames = row.get(f"{side}Geonames", "")
    label = row.get(f"{side}Label")
    return PlaceFacts(
        qid=qid,
        labels=(("en", label),) if label and label != qid else (),
        classes=tuple(row.get(f"{side}Classes", "").split()),
        countries=(CountryStatement(_qid(country, "country"), "preferred"),) if country else (),
        lat=float(point[2]) if point else None,
        lon=float(point[1]) if point else None,
        population=int(people) if people is not None else None,
        geonames=int(geonames) if geonames.isdigit() else None,
    )


@dataclass(slots=True)
class _Merged:
    """Rows of one statement (several when it has several start or end values)."""

    statement: TwinStatement
    starts: dict[TimeValue, None] = field(default_factory=dict)
    ends: dict[TimeValue, None] = field(default_factory=dict)
    causes: dict[str, None] = field(default_factory=dict)

    def add(self, other: TwinStatement) -> None:
        self.starts.update(dict.fromkeys(v for v in other.starts if v))
        self.ends.update(dict.fromkeys(v for v in other.ends if v))
        self.causes.update(dict.fromkeys(other.end_causes))

    def result(self) -> TwinStatement:
        s = self.statement
        return TwinStatement(
            s.subject, s.target, s.statement_id, s.rank,
            tuple(self.starts), tuple(self.ends), tuple(self.causes),
        )  # fmt: skip


class WikidataSparqlSource:
    """Claims from a saved Wikidata Query Service result of :func:`p190_query`.

    Parameters
    ----------
    path:
        The ``.json`` or ``.csv`` result.
    snapshot:
        When the query ran (``YYYY-MM-DD``); by default from the file name, else its date.
    """

    def __init__(self, path: Path | str, *, snapshot: str | dt.date | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise DataFileError("query result not found", path=str(self.path))
        self.date = snapshot_date(self.path, snapshot)

    @property
    def info(self) -> Source:
        """The query result as a citable source (``wikidata-sparql-YYYY-MM-DD``, CC0)."""
        return Source(
            id=f"wikidata-sparql-{self.date.isoformat()}",
            title=f"Wikidata Query Service, P190 statements as of {self.date.isoformat()}",
            publisher="Wikimedia Foundation",
            url=WDQS_PAGE,
            retrieved=self.date,
            licence="CC0-1.0",
        )

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """One claim per statement, in result order; bad rows are reported and skipped."""
        merged: dict[str, _Merged] = {}
        places: dict[str, PlaceFacts] = {}
        for number, row in read_rows(self.path):
            try:
                statement = _statement(row)
                subject, target = _facts(row, "place"), _facts(row, "partner")
            except _BadRow as exc:
                on_problem(RowProblem(str(self.path), number, str(exc)))
                continue
            merged.setdefault(statement.statement_id, _Merged(statement)).add(statement)
            for facts, side in ((subject, "place"), (target, "partner")):
                places.setdefault(facts.qid, facts)
                _country_facts(row, side, places)
        builder = ClaimBuilder(self.info.id, places)
        for entry in merged.values():
            yield builder.claim(entry.result())


def _country_facts(row: Row, side: str, places: dict[str, PlaceFacts]) -> None:
    country, iso = row.get(f"{side}Country"), row.get(f"{side}Iso")
    if country and iso:
        qid = _qid(country, "country")
        places.setdefault(qid, PlaceFacts(qid, iso2=iso.upper()))
