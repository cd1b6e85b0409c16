"""Reads: places, twinnings with their claims and events, events by date, sources, and the
whole registry at once (:meth:`Reader.content`, what a registry snapshot is made of)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from twintowns.errors import NotFoundError, StoreError
from twintowns.model import (
    Event,
    EventType,
    Network,
    Place,
    ReviewItem,
    Rule,
    Source,
    Term,
    Twinning,
    normalise_name,
)
from twintowns.store import corrections, rows, schema
from twintowns.store.content import Content, read_transaction
from twintowns.store.ranks import LEVEL_RANK, NameMatch, prominence_key

_CHUNK = 900

__all__ = ["LEVEL_RANK", "NameMatch", "Reader", "nearest_names", "prominence", "prominence_key"]


def partners_of(place_id: sa.ColumnElement[str]) -> sa.ColumnElement[int]:
    """How many twinnings a place is part of (a correlated count, both sides indexed)."""
    tw = schema.twinnings
    side_a = sa.select(sa.func.count()).where(tw.c.place_a == place_id).scalar_subquery()
    side_b = sa.select(sa.func.count()).where(tw.c.place_b == place_id).scalar_subquery()
    return (side_a + side_b).label("partners")


def prominence() -> list[sa.ColumnElement[Any]]:
    """ORDER BY terms ranking places by prominence: partners, then population, then level
    (Coventry, England before Coventry, Rhode Island; Paris before Paris, Texas)."""
    pl = schema.places
    level = sa.case(LEVEL_RANK, value=pl.c.level, else_=3)
    return [
        partners_of(pl.c.id).desc(),
        sa.func.coalesce(pl.c.population, -1).desc(),
        level,
        pl.c.id,
    ]


_PROPER = sa.func.max(
    sa.case(
        (sa.or_(schema.place_names.c.lang != "und", schema.place_names.c.preferred), 1), else_=0
    )
)


def starts_with(column: sa.ColumnElement[str], prefix: str) -> sa.ColumnElement[bool]:
    """``column`` starts with ``prefix`` (LIKE wildcards in it literal), as a range the
    column's index can serve: SQLite's LIKE is case-insensitive and never uses the index.
    The bound is exact for byte-wise collations (SQLite's BINARY, PostgreSQL's C)."""
    return sa.and_(
        column >= prefix,
        column < prefix + "\U0010ffff",
        column.startswith(prefix, autoescape=True),
    )


def nearest_names(norm: str, choices: Sequence[str], max_distance: int, limit: int) -> list[str]:
    """The ``choices`` within ``max_distance`` edits of the folded ``norm``, nearest first
    (ties alphabetically): the one "did you mean" rule of the store and the API's snapshot."""
    from rapidfuzz import process  # only a name not found needs it, not every start
    from rapidfuzz.distance import Levenshtein

    found = process.extract(
        norm, choices, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=limit
    )
    return [name for name, _, _ in sorted(found, key=lambda f: (f[1], f[0]))]


_RANK_GROUP = (schema.places.c.id, schema.places.c.population, schema.places.c.level)


def _grouped(
    conn: sa.Connection,
    table: sa.Table,
    key: str,
    ids: Collection[str] | None,
    keeps: Callable[[Mapping[Any, Any]], bool] | None = None,
) -> dict[str, list[Mapping[Any, Any]]]:
    """Rows of ``table`` grouped by ``key``, for ``ids`` (all rows when None), in id order
    (only those ``keeps`` keeps: not a reverted change's)."""
    out: dict[str, list[Mapping[Any, Any]]] = defaultdict(list)
    column = table.c[key]
    base = sa.select(table).order_by(table.c.id)
    batches: Iterable[Sequence[str] | None] = [None]
    if ids is not None:
        ordered = sorted(ids)
        batches = [ordered[i : i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]
    for batch in batches:
        query = base if batch is None else base.where(column.in_(batch))
        for row in conn.execute(query).mappings():
            if keeps is None or keeps(row):
                out[row[key]].append(row)
    return out


class Reader:
    """Read access to a migrated registry database.

    Each read runs on a connection of its own, unless ``connection`` is given: then every
    read runs on it (inside whatever transaction the caller opened, so that many reads see
    one state of the database, and an import reads the places a load wrote a moment before in
    the same transaction) and the caller closes it.
    """

    def __init__(self, engine: sa.Engine, connection: sa.Connection | None = None) -> None:
        self.engine = engine
        self.connection = connection

    @contextmanager
    def _connect(self) -> Iterator[sa.Connection]:
        if self.connection is not None:
            yield self.connection
            return
        try:
            conn = self.engine.connect()
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot open database: {exc.orig}") from exc
        with conn:
            yield conn

    def count(self, table: str) -> int:
        """Number of rows in one of the schema's tables."""
        with self._connect() as conn:
            return (
                conn.scalar(sa.select(sa.func.count()).select_from(schema.metadata.tables[table]))
                or 0
            )

    def version(self) -> tuple[str, str]:
        """The data version (the newest audit entry's id: every write moves it) and a cache
        key that also tells two databases apart at the same id (the entry's time and target)."""
        newest = self.audit_entries(limit=1)
        if not newest:
            return "0", "0"
        entry = newest[0]
        return str(entry["id"]), f"{entry['id']}-{entry['at'].timestamp():.6f}-{entry['target']}"

    def content(self) -> Content:
        """The whole registry with its data version (see :class:`Content`), in one read
        transaction (the caller's when the reader runs on a connection)."""
        if self.connection is None:
            with read_transaction(self.engine) as conn:
                return Reader(self.engine, conn).content()
        version, key = self.version()
        pl = schema.places
        found = self.connection.execute(sa.select(pl.c.id, pl.c.dataset))
        datasets = {str(r[0]): str(r[1]) for r in found}
        places, twinnings, terms = self.places(), tuple(self.twinnings()), tuple(self.terms())
        networks, rules = tuple(self.networks()), tuple(self.rules())
        return Content(
            version, key, places, twinnings, self.sources(), dict(datasets), terms, networks, rules
        )

    def places(self, ids: Collection[str] | None = None) -> dict[str, Place]:
        """Places by id (all places when ``ids`` is None)."""
        with self._connect() as conn:
            fixes = corrections.load(conn)
            names = _grouped(conn, schema.place_names, "place_id", ids, fixes.keeps)
            countries = _grouped(conn, schema.place_countries, "place_id", ids, fixes.keeps)
            found = _grouped(conn, schema.places, "id", ids, fixes.keeps)
        return {
            pid: fixes.place(rows.place_from(prow[0], names.get(pid, []), countries.get(pid, [])))
            for pid, prow in found.items()
            if pid not in fixes.gone_places
        }

    def place(self, place_id: str) -> Place:
        """One place.

        Raises
        ------
        NotFoundError
            If no place has that id.
        """
        found = self.places([place_id])
        if place_id not in found:
            raise NotFoundError(f"no place with id {place_id!r}")
        return found[place_id]

    def place_ids_named(self, text: str, *, prefix: bool = False, limit: int = 50) -> list[str]:
        """Ids of places with a name equal to (or starting with) ``text``, case- and
        diacritics-insensitively, most prominent first (see :func:`prominence`).

        A query that folds to nothing (``%``, a space, an emoji) matches nothing; LIKE
        wildcards in it are literal.
        """
        norm = normalise_name(text)
        if not norm:
            return []
        pn, pl = schema.place_names, schema.places
        match = starts_with(pn.c.norm, norm) if prefix else pn.c.norm == norm
        ranked = sa.select(pl.c.id).join(pn, pn.c.place_id == pl.c.id).where(match)
        # names a source wrote or the gazetteer's primary name before mere alternates
        # (Jakarta lists "New York" among its GeoNames alternate names)
        query = ranked.group_by(*_RANK_GROUP).order_by(_PROPER.desc(), *prominence()).limit(limit)
        with self._connect() as conn:
            return list(conn.scalars(query))

    def name_matches(self, text: str, limit: int = 50) -> list[NameMatch]:
        """Places with a name equal to ``text`` (folded), most prominent first, with what
        ranks them: whether a proper name matched (one a source wrote or the gazetteer's
        primary name, not only an alternate), the dataset, population and partner count."""
        norm = normalise_name(text)
        if not norm:
            return []
        pn, pl = schema.place_names, schema.places
        query = (
            sa.select(pl.c.id, _PROPER, pl.c.dataset, pl.c.population, partners_of(pl.c.id))
            .join(pn, pn.c.place_id == pl.c.id)
            .where(pn.c.norm == norm)
            .group_by(*_RANK_GROUP, pl.c.dataset)
            .order_by(*prominence())
            .limit(limit)
        )
        with self._connect() as conn:
            return [NameMatch(r[0], bool(r[1]), r[2], r[3], r[4]) for r in conn.execute(query)]

    def names_near(self, text: str, max_distance: int, limit: int = 5) -> list[str]:
        """Folded names within ``max_distance`` edits of ``text`` (folded), nearest first: the
        "did you mean" of a name with a typo.  Only names of a length within the distance are
        compared, so the work is bounded by the name index of those lengths."""
        norm = normalise_name(text)
        if not norm:
            return []
        pn = schema.place_names
        length = sa.func.length(pn.c.norm)
        # bounded by the index: names that start like the query (a typo in the very first
        # letter is not suggested) and are about as long
        query = (
            sa.select(pn.c.norm)
            .distinct()
            .where(starts_with(pn.c.norm, norm[0]))
            .where(length.between(len(norm) - max_distance, len(norm) + max_distance))
        )
        with self._connect() as conn:
            choices = list(conn.scalars(query))
        return nearest_names(norm, choices, max_distance, limit)

    def place_id_by_wikidata(self, qid: str) -> str | None:
        """The place carrying a Wikidata id, if any."""
        with self._connect() as conn:
            return conn.scalar(sa.select(schema.places.c.id).where(schema.places.c.wikidata == qid))

    def _twinnings(
        self, conn: sa.Connection, where: sa.ColumnElement[bool] | None
    ) -> list[Twinning]:
        tw = schema.twinnings
        query = sa.select(tw).order_by(tw.c.id)
        if where is not None:
            query = query.where(where)
        found = list(conn.execute(query).mappings())
        ids = None if where is None else [r["id"] for r in found]
        fixes = corrections.load(conn)
        children = {
            name: _grouped(conn, schema.metadata.tables[name], "twinning_id", ids, fixes.keeps)
            for name in rows.TWINNING_TABLES
        }
        made = (
            rows.twinning_from(r, {name: children[name].get(r["id"], []) for name in children})
            for r in found
        )
        return [t for t in made if fixes.shows(t)]

    def twinnings(self, ids: Collection[str] | None = None) -> list[Twinning]:
        """Twinnings with claims, events, reasons and names (all when ``ids`` is None)."""
        with self._connect() as conn:
            where = None if ids is None else schema.twinnings.c.id.in_(list(ids))
            return self._twinnings(conn, where)

    def twinnings_of(self, place_id: str) -> list[Twinning]:
        """Every twinning one side of which is ``place_id``."""
        tw = schema.twinnings
        with self._connect() as conn:
            return self._twinnings(conn, sa.or_(tw.c.place_a == place_id, tw.c.place_b == place_id))

    def events(
        self,
        types: Collection[EventType] = (),
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[tuple[str, Event]]:
        """Events as ``(twinning id, event)``, oldest first; undated events only without bounds.

        An event matches ``since`` when it may have happened on or after it (its last possible
        day is not earlier), and ``until`` likewise.
        """
        ev = schema.events
        # Undated events last on every backend (SQLite and PostgreSQL sort NULLs differently).
        query = sa.select(ev).order_by(
            ev.c.date_lo.is_(None), ev.c.date_lo, ev.c.twinning_id, ev.c.id
        )
        if types:
            query = query.where(ev.c.type.in_([t.value for t in types]))
        if since is not None:
            query = query.where(ev.c.date_hi >= since)
        if until is not None:
            query = query.where(ev.c.date_lo <= until)
        with self._connect() as conn:
            return [(r["twinning_id"], rows.event_from(r)) for r in conn.execute(query).mappings()]

    def sources(self, ids: Collection[str] | None = None) -> dict[str, Source]:
        """Sources by id (all when ``ids`` is None)."""
        query = sa.select(schema.sources)
        if ids is not None:
            query = query.where(schema.sources.c.id.in_(list(ids)))
        with self._connect() as conn:
            return {r["id"]: rows.source_from(r) for r in conn.execute(query).mappings()}

    def networks(self) -> list[Network]:
        """All networks and institutions."""
        with self._connect() as conn:
            found = conn.execute(sa.select(schema.networks).order_by(schema.networks.c.id))
            return [rows.network_from(r) for r in found.mappings()]

    def rules(self) -> list[Rule]:
        """All rules."""
        with self._connect() as conn:
            found = conn.execute(sa.select(schema.rules).order_by(schema.rules.c.id))
            return [rows.rule_from(r) for r in found.mappings()]

    def terms(self) -> list[Term]:
        """All terms."""
        with self._connect() as conn:
            found = conn.execute(sa.select(schema.terms).order_by(schema.terms.c.id))
            return [rows.term_from(r) for r in found.mappings()]

    def review_queue(
        self, *, source_id: str | None = None, limit: int | None = None
    ) -> list[tuple[int, ReviewItem]]:
        """Resolutions awaiting review, as ``(id, item)``, most-mentioned first."""
        queue = schema.review_queue
        query = sa.select(queue).order_by(queue.c.mentions.desc(), queue.c.id).limit(limit)
        if source_id is not None:
            query = query.where(queue.c.source_id == source_id)
        with self._connect() as conn:
            return [(r["id"], rows.review_from(r)) for r in conn.execute(query).mappings()]

    def review_item(self, item_id: int) -> ReviewItem:
        """One review item.

        Raises
        ------
        NotFoundError
            If no review item has that id.
        """
        queue = schema.review_queue
        with self._connect() as conn:
            row = conn.execute(sa.select(queue).where(queue.c.id == item_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no review item {item_id}")
        return rows.review_from(row)

    def audit_entries(self, limit: int = 100) -> list[dict[str, Any]]:
        """The newest audit-log entries, newest first."""
        log = schema.audit_log
        query = sa.select(log).order_by(log.c.id.desc()).limit(limit)
        with self._connect() as conn:
            entries = [dict(r) for r in conn.execute(query).mappings()]
        for entry in entries:  # SQLite drops the zone of the UTC timestamps we write
            if entry["at"].tzinfo is None:
                entry["at"] = entry["at"].replace(tzinfo=dt.UTC)
        return entries
