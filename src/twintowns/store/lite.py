"""The quick read path: one place's question answered through the standard library's
``sqlite3``, without SQLAlchemy, for ``twintowns show`` and ``twintowns search``.

Importing SQLAlchemy, Alembic's version check and the settings costs a lookup most of its
start (issue 13).  :func:`open_lite` opens an SQLite registry that is already filled and at
the newest schema revision, and nothing else (a PostgreSQL URL, a missing file, an older
schema or an empty registry give None: the caller then takes the full path, which migrates,
fills and reports errors as ever).  :class:`LiteReader` runs the same SQL as
:class:`~twintowns.store.Reader` for the reads a lookup makes (same WHERE, GROUP BY and ORDER
BY, so SQLite answers in the same order) and rebuilds rows with the same
:mod:`twintowns.store.rows` functions, all in one read transaction.  A parity test
(``tests/store/test_lite.py``) compares the two readers on every curated place and name.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from twintowns.errors import NotFoundError
from twintowns.model import Place, Source, Twinning, normalise_name
from twintowns.store import rows
from twintowns.store.ranks import LEVEL_RANK, NameMatch
from twintowns.store.revisions import shipped_head

_CHUNK = 900  # ids per IN (...), as the full reader batches them
_URL_PREFIX = "sqlite:///"


class Unsupported(Exception):  # a signal to the caller, not an error of the user
    """A read this path does not make (the caller takes the full path instead)."""


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


def database_path(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL, or None for any other URL (a driver name,
    query parameters or escapes: those are the full path's to interpret)."""
    if not url.startswith(_URL_PREFIX):
        return None
    path = url[len(_URL_PREFIX) :]
    if not path or path == ":memory:" or any(c in path for c in "?#%"):
        return None
    return Path(path).expanduser()


def open_lite(url: str) -> LiteReader | None:
    """A quick reader on the registry at ``url``, or None unless it is an SQLite file that
    exists, stands at the newest revision, has been filled and holds no accepted
    corrections."""
    path = database_path(url)
    head = shipped_head()
    if path is None or head is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error:  # unreadable: the full path reports it
        return None
    try:
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("BEGIN")  # every read below sees one state of the database
        stamps = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        filled = conn.execute("SELECT 1 FROM registry_loads LIMIT 1").fetchone() is not None
        # accepted corrections (living registry, revision 0010) are applied by the full
        # reader only (:mod:`twintowns.store.corrections`): with any, take the full path
        corrected = conn.execute("SELECT 1 FROM corrections LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        conn.close()
        return None
    if stamps != [head] or not filled or corrected:
        conn.close()
        return None
    conn.row_factory = _dict_row
    return LiteReader(conn)


def _marks(count: int) -> str:
    return ", ".join("?" * count)


# The prominence order of twintowns.store.reader.prominence(), as SQL text.
_PARTNERS = (
    "((SELECT count(*) FROM twinnings WHERE twinnings.place_a = places.id)"
    " + (SELECT count(*) FROM twinnings WHERE twinnings.place_b = places.id))"
)
_LEVEL = (
    "CASE places.level "
    + " ".join(f"WHEN '{level}' THEN {rank}" for level, rank in LEVEL_RANK.items())
    + " ELSE 3 END"
)
_PROMINENCE = f"{_PARTNERS} DESC, coalesce(places.population, -1) DESC, {_LEVEL}, places.id"
_PROPER = (
    "max(CASE WHEN (place_names.lang != 'und' OR place_names.preferred = 1) THEN 1 ELSE 0 END)"
)
_NAMED = "FROM places JOIN place_names ON place_names.place_id = places.id WHERE "
_PREFIX = "place_names.norm >= ? AND place_names.norm < ? AND place_names.norm LIKE ? ESCAPE '/'"


def _like_prefix(prefix: str) -> list[str]:
    """The parameters of :data:`_PREFIX` (``starts_with`` of the full reader, autoescaped)."""
    escaped = prefix.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return [prefix, prefix + "\U0010ffff", escaped + "%"]


class LiteReader:
    """The reads of a place lookup, on one ``sqlite3`` connection in one read transaction.

    Each method answers as :class:`twintowns.store.Reader`'s method of the same name.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def close(self) -> None:
        """End the read transaction and close the connection."""
        self.connection.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.connection.execute(sql, params).fetchall()

    def _grouped(
        self, table: str, key: str, ids: Iterable[str]
    ) -> dict[str, list[Mapping[Any, Any]]]:
        """Rows of ``table`` whose ``key`` is in ``ids``, grouped by it, in id order."""
        out: dict[str, list[Mapping[Any, Any]]] = defaultdict(list)
        ordered = sorted(ids)
        for i in range(0, len(ordered), _CHUNK):
            batch = ordered[i : i + _CHUNK]
            sql = f"SELECT * FROM {table} WHERE {key} IN ({_marks(len(batch))}) ORDER BY id"
            for row in self._rows(sql, batch):
                out[row[key]].append(row)
        return out

    def places(self, ids: Collection[str] | None = None) -> dict[str, Place]:
        """Places by id (``ids`` must be given: this path never reads every place)."""
        if ids is None:
            raise Unsupported("every place")
        names = self._grouped("place_names", "place_id", ids)
        countries = self._grouped("place_countries", "place_id", ids)
        found = self._grouped("places", "id", ids)
        return {
            pid: rows.place_from(prow[0], names.get(pid, []), countries.get(pid, []))
            for pid, prow in found.items()
        }

    def place(self, place_id: str) -> Place:
        """One place (NotFoundError when no place has that id)."""
        found = self.places([place_id])
        if place_id not in found:
            raise NotFoundError(f"no place with id {place_id!r}")
        return found[place_id]

    def place_ids_named(self, text: str, *, prefix: bool = False, limit: int = 50) -> list[str]:
        """Ids of places named ``text`` (or a name starting with it), most prominent first."""
        norm = normalise_name(text)
        if not norm:
            return []
        exact = ("place_names.norm = ?", [norm])
        match, params = (_PREFIX, _like_prefix(norm)) if prefix else exact
        sql = (
            f"SELECT places.id {_NAMED}{match} "
            "GROUP BY places.id, places.population, places.level "
            f"ORDER BY {_PROPER} DESC, {_PROMINENCE} LIMIT ?"
        )
        return [r["id"] for r in self._rows(sql, [*params, limit])]

    def name_matches(self, text: str, limit: int = 50) -> list[NameMatch]:
        """Places with a name equal to ``text`` (folded), with what ranks them."""
        norm = normalise_name(text)
        if not norm:
            return []
        sql = (
            f"SELECT places.id AS id, {_PROPER} AS proper, places.dataset AS dataset, "
            f"places.population AS population, {_PARTNERS} AS partners "
            f"{_NAMED}place_names.norm = ? "
            "GROUP BY places.id, places.population, places.level, places.dataset "
            f"ORDER BY {_PROMINENCE} LIMIT ?"
        )
        return [
            NameMatch(r["id"], bool(r["proper"]), r["dataset"], r["population"], r["partners"])
            for r in self._rows(sql, [norm, limit])
        ]

    def names_near(self, text: str, max_distance: int, limit: int = 5) -> list[str]:
        """Not on this path: a "did you mean" needs the fuzzy matcher (the full path)."""
        raise Unsupported("names near a typo")

    def twinnings_of(self, place_id: str) -> list[Twinning]:
        """Every twinning one side of which is ``place_id``."""
        found = self._rows(
            "SELECT * FROM twinnings WHERE twinnings.place_a = ? OR twinnings.place_b = ? "
            "ORDER BY twinnings.id",
            [place_id, place_id],
        )
        ids = [r["id"] for r in found]
        children = {name: self._grouped(name, "twinning_id", ids) for name in rows.TWINNING_TABLES}
        return [
            rows.twinning_from(r, {name: children[name].get(r["id"], []) for name in children})
            for r in found
        ]

    def sources(self, ids: Collection[str] | None = None) -> dict[str, Source]:
        """Sources by id (``ids`` must be given)."""
        if ids is None:
            raise Unsupported("every source")
        wanted = list(ids)
        if not wanted:
            return {}
        sql = f"SELECT * FROM sources WHERE sources.id IN ({_marks(len(wanted))})"
        found = {}
        for row in self._rows(sql, wanted):
            retrieved = row["retrieved"]  # a Date column: ISO text in SQLite
            row["retrieved"] = None if retrieved is None else dt.date.fromisoformat(retrieved)
            found[row["id"]] = rows.source_from(row)
        return found
