"""What the reader takes from one parsed entity: its P190 statements and its place facts.

:func:`read_entity` turns an entity (as decoded from one dump line) into an
:class:`EntityRecord`: every P190 ("twinned administrative body") statement with its rank,
P580/P582/P1534 qualifiers, other qualifiers and references kept raw, and the facts the
importer resolves places with (labels and aliases in all languages, P31, P17 with its periods,
P625, P1082 with P585, P1566, and P297 for countries).  A statement whose snaks cannot be
decoded is left out and described in ``problems``; the rest of the entity is still read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson

from twintowns.sources.wikidata.snaks import (
    SOMEVALUE,
    SnakError,
    as_map,
    coordinates,
    item_id,
    qualifier_snaks,
    quantity,
    snak_kind,
    string_value,
    time_value,
)
from twintowns.sources.wikidata.times import TimeValue

__all__ = ["CountryStatement", "EntityRecord", "PlaceFacts", "TwinStatement", "read_entity"]

T = TypeVar("T")
TWIN, START, END, END_CAUSE = "P190", "P580", "P582", "P1534"
_OWN_QUALIFIERS = frozenset({START, END, END_CAUSE})
_NAME_LANGUAGES = ("en", "mul", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "ja", "zh")
_TIME_KEY = re.compile(r"^([+-])(\d+)-(\d\d)-(\d\d)")


@dataclass(frozen=True, slots=True)
class CountryStatement:
    """One P17 (country) statement: the country, its rank and period (raw times)."""

    qid: str
    rank: str
    start: str | None = None
    end: str | None = None
    ended: bool = False  # has a P582, even an unknown one


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    """What the dump says about a place (or a country, for ``iso2``).

    ``geonames`` (P1566) becomes :attr:`~twintowns.sources.base.PlaceMention.geonames`;
    it is kept here for the importer.
    """

    qid: str
    labels: tuple[tuple[str, str], ...] = ()
    classes: tuple[str, ...] = ()
    countries: tuple[CountryStatement, ...] = ()
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    population_date: str | None = None
    geonames: int | None = None
    iso2: str | None = None

    @property
    def name(self) -> str:
        """The English label when there is one, else a label in a common language, else the id."""
        firsts: dict[str, str] = {}
        for lang, text in self.labels:
            firsts.setdefault(lang, text)
        for lang in _NAME_LANGUAGES:
            if lang in firsts:
                return firsts[lang]
        return self.labels[0][1] if self.labels else self.qid

    def current_country(self) -> str | None:
        """The current P17: preferred rank, else not ended, else the one that ended last."""
        live = [c for c in self.countries if c.rank != "deprecated"]
        preferred = [c for c in live if c.rank == "preferred"]
        if preferred:
            return preferred[0].qid
        still = [c for c in live if not c.ended]
        if still:
            return still[0].qid
        if live:
            return max(live, key=lambda c: time_key(c.end)).qid
        return None


@dataclass(frozen=True, slots=True)
class TwinStatement:
    """One P190 statement, as the dump has it.

    ``starts``/``ends`` hold one entry per P580/P582 qualifier (``None`` for an unknown
    value); ``end_causes`` the P1534 item ids (or ``somevalue``); ``qualifiers`` and
    ``references`` the other qualifiers and the references as compact JSON.  ``line`` is the
    1-based dump line of the subject entity (0 when unknown).
    """

    subject: str
    target: str
    statement_id: str
    rank: str
    starts: tuple[TimeValue | None, ...] = ()
    ends: tuple[TimeValue | None, ...] = ()
    end_causes: tuple[str, ...] = ()
    qualifiers: str = ""
    references: str = ""
    line: int = 0

    @property
    def asserted(self) -> bool:
        """False for a deprecated statement (kept as evidence, not asserted)."""
        return self.rank != "deprecated"


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """The reader's view of one entity."""

    facts: PlaceFacts
    statements: tuple[TwinStatement, ...]
    problems: tuple[str, ...] = ()
    unnamed_partners: int = 0  # P190 statements with an unknown or no value


def time_key(raw: str | None) -> tuple[int, int, int]:
    """A sort key for a Wikibase time string (``None`` and garbage sort first)."""
    match = _TIME_KEY.match(raw or "")
    if match is None:
        return (-(10**12), 0, 0)
    year = int(match[2]) * (-1 if match[1] == "-" else 1)
    return (year, int(match[3]), int(match[4]))


def _statements(entity: Mapping[str, Any], prop: str) -> Sequence[Mapping[str, Any]]:
    found = as_map(entity.get("claims")).get(prop)
    return found if isinstance(found, list) else ()


def _each(
    entity: Mapping[str, Any],
    prop: str,
    read: Callable[[Mapping[str, Any]], T],
    problems: list[str],
) -> Iterator[tuple[Mapping[str, Any], T]]:
    """Decode each statement of ``prop``; a snak that cannot be decoded becomes a problem."""
    for statement in _statements(entity, prop):
        try:
            yield statement, read(statement)
        except SnakError as exc:
            problems.append(f"{entity.get('id')} statement {statement.get('id')}: {exc}")


def _main(statement: Mapping[str, Any]) -> Mapping[str, Any]:
    return as_map(statement.get("mainsnak"))


def _labels(entity: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    seen: dict[tuple[str, str], None] = {}
    for lang, label in as_map(entity.get("labels")).items():
        seen[(lang, str(as_map(label).get("value", "")))] = None
    for lang, aliases in as_map(entity.get("aliases")).items():
        for alias in aliases if isinstance(aliases, list) else ():
            seen[(lang, str(as_map(alias).get("value", "")))] = None
    return tuple(pair for pair in seen if pair[1])


def _best(
    pairs: list[tuple[Mapping[str, Any], T | None]], key: Callable[[Mapping[str, Any]], Any]
) -> tuple[Mapping[str, Any], T] | None:
    """The highest-ranked non-deprecated value, ties broken by ``key`` (largest wins)."""
    live = [(s, v) for s, v in pairs if v is not None and s.get("rank") != "deprecated"]
    if not live:
        return None
    statement, value = max(live, key=lambda p: (p[0].get("rank") == "preferred", key(p[0])))
    assert value is not None  # filtered above
    return statement, value


def _first_time(statement: Mapping[str, Any], prop: str) -> str | None:
    for snak in qualifier_snaks(statement, prop):
        value = time_value(snak)
        if value is not None:
            return value.raw
    return None


def _country(statement: Mapping[str, Any]) -> CountryStatement | None:
    qid = item_id(_main(statement))
    if qid is None:
        return None
    return CountryStatement(
        qid,
        str(statement.get("rank", "normal")),
        _first_time(statement, START),
        _first_time(statement, END),
        bool(qualifier_snaks(statement, END)),
    )


def place_facts(entity: Mapping[str, Any], problems: list[str]) -> PlaceFacts:
    """The place facts of an entity; undecodable statements are described in ``problems``."""
    classes = [q for _, q in _each(entity, "P31", lambda s: item_id(_main(s)), problems) if q]
    countries = [c for _, c in _each(entity, "P17", _country, problems) if c]
    point = _best(list(_each(entity, "P625", lambda s: coordinates(_main(s)), problems)), _none)
    people = _best(
        list(_each(entity, "P1082", lambda s: quantity(_main(s)), problems)),
        lambda s: time_key(_first_time(s, "P585")),
    )
    geonames = _best(
        list(_each(entity, "P1566", lambda s: string_value(_main(s)), problems)), _none
    )
    iso2 = _best(list(_each(entity, "P297", lambda s: string_value(_main(s)), problems)), _none)
    return PlaceFacts(
        qid=str(entity.get("id", "")),
        labels=_labels(entity),
        classes=tuple(dict.fromkeys(classes)),
        countries=tuple(countries),
        lat=point[1][0] if point else None,
        lon=point[1][1] if point else None,
        population=int(people[1]) if people else None,
        population_date=_first_time(people[0], "P585") if people else None,
        geonames=int(geonames[1]) if geonames and geonames[1].isdigit() else None,
        iso2=iso2[1].upper() if iso2 else None,
    )


def _none(_: Mapping[str, Any]) -> int:
    return 0


def _raw_json(value: Any) -> str:
    return orjson.dumps(value).decode() if value else ""


def _twin(subject: str, statement: Mapping[str, Any]) -> TwinStatement | None:
    target = item_id(_main(statement))
    if target is None:
        return None
    others = {
        p: s for p, s in as_map(statement.get("qualifiers")).items() if p not in _OWN_QUALIFIERS
    }
    causes = (
        item_id(snak) or SOMEVALUE
        for snak in qualifier_snaks(statement, END_CAUSE)
        if snak_kind(snak) != "novalue"
    )
    return TwinStatement(
        subject=subject,
        target=target,
        statement_id=str(statement.get("id", "")),
        rank=str(statement.get("rank", "normal")),
        starts=_times(statement, START),
        ends=_times(statement, END),
        end_causes=tuple(causes),
        qualifiers=_raw_json(others),
        references=_raw_json(statement.get("references")),
    )


def _times(statement: Mapping[str, Any], prop: str) -> tuple[TimeValue | None, ...]:
    """One entry per P580/P582 snak: the time, or ``None`` for an unknown value (novalue
    says there is no such date, so it is left out)."""
    snaks = qualifier_snaks(statement, prop)
    return tuple(time_value(s) for s in snaks if snak_kind(s) != "novalue")


def read_entity(entity: Mapping[str, Any]) -> EntityRecord:
    """Read an entity's P190 statements and place facts.

    Parameters
    ----------
    entity:
        One decoded dump entity (``{"type": "item", "id": "Q64", "claims": {...}}``).

    Returns
    -------
    EntityRecord
        Statements in dump order; statements with undecodable snaks are left out and
        described in ``problems``; P190 statements with no known partner are counted.
    """
    problems: list[str] = []
    subject = str(entity.get("id", ""))
    twins = [t for _, t in _each(entity, TWIN, lambda s: _twin(subject, s), problems)]
    facts = place_facts(entity, problems)
    statements = tuple(t for t in twins if t is not None)
    return EntityRecord(facts, statements, tuple(problems), len(twins) - len(statements))
