"""Decoding the few Wikibase snaks the reader needs, and nothing else.

A snak is ``{"snaktype": "value" | "somevalue" | "novalue", "datavalue": {"type", "value"}}``.
Each decoder here checks the datavalue type it expects; a type it does not know raises
:class:`SnakError` so the caller can report the statement and skip it.  Old dumps write item
ids only as ``numeric-id``; empty maps may be written as ``[]`` (PHP's empty array).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from twintowns.sources.wikidata.times import GREGORIAN, TimeValue

__all__ = [
    "KNOWN_DATAVALUE_TYPES",
    "SOMEVALUE",
    "SnakError",
    "as_map",
    "coordinates",
    "item_id",
    "qualifier_snaks",
    "quantity",
    "snak_kind",
    "string_value",
    "time_value",
]

KNOWN_DATAVALUE_TYPES = frozenset(
    {"wikibase-entityid", "time", "quantity", "globecoordinate", "string", "monolingualtext"}
)
SOMEVALUE = "somevalue"
_PREFIX = {"item": "Q", "property": "P", "lexeme": "L"}


class SnakError(ValueError):
    """A snak the reader cannot decode (unknown or unexpected datavalue type)."""


def as_map(value: Any) -> Mapping[str, Any]:
    """A JSON object, or an empty mapping for ``[]`` / ``null`` (how dumps write empty maps)."""
    return value if isinstance(value, Mapping) else {}


def snak_kind(snak: Mapping[str, Any]) -> str:
    """``value``, ``somevalue`` or ``novalue``."""
    kind = snak.get("snaktype", "value")
    if kind not in ("value", SOMEVALUE, "novalue"):
        raise SnakError(f"{snak.get('property', '?')}: unknown snak type {kind!r}")
    return str(kind)


def _datavalue(snak: Mapping[str, Any], expected: str) -> Any:
    datavalue = as_map(snak.get("datavalue"))
    kind = datavalue.get("type")
    prop = snak.get("property", "?")
    if kind not in KNOWN_DATAVALUE_TYPES:
        raise SnakError(f"{prop}: unknown datavalue type {kind!r}")
    if kind != expected:
        raise SnakError(f"{prop}: datavalue type {kind!r} where {expected!r} was expected")
    return datavalue.get("value")


def item_id(snak: Mapping[str, Any]) -> str | None:
    """The entity id of a ``wikibase-entityid`` value snak (``None`` for no/some value)."""
    if snak_kind(snak) != "value":
        return None
    value = as_map(_datavalue(snak, "wikibase-entityid"))
    ident = value.get("id")
    if isinstance(ident, str):
        return ident
    numeric = value.get("numeric-id")
    prefix = _PREFIX.get(str(value.get("entity-type", "item")))
    if not isinstance(numeric, int) or prefix is None:
        raise SnakError(f"{snak.get('property', '?')}: entity value without an id")
    return f"{prefix}{numeric}"


def time_value(snak: Mapping[str, Any]) -> TimeValue | None:
    """The time of a ``time`` value snak (``None`` for no/some value)."""
    if snak_kind(snak) != "value":
        return None
    value = as_map(_datavalue(snak, "time"))
    raw, precision = value.get("time"), value.get("precision")
    if not isinstance(raw, str) or not isinstance(precision, int):
        raise SnakError(f"{snak.get('property', '?')}: time value without time or precision")
    calendar = str(value.get("calendarmodel") or GREGORIAN).rsplit("/", 1)[-1]
    return TimeValue(raw, precision, calendar)


def string_value(snak: Mapping[str, Any]) -> str | None:
    """The text of a ``string`` value snak (external ids such as GeoNames, ISO codes)."""
    if snak_kind(snak) != "value":
        return None
    value = _datavalue(snak, "string")
    if not isinstance(value, str):
        raise SnakError(f"{snak.get('property', '?')}: string value is not text")
    return value


def quantity(snak: Mapping[str, Any]) -> Decimal | None:
    """The amount of a ``quantity`` value snak (``+334002`` -> 334002)."""
    if snak_kind(snak) != "value":
        return None
    value = as_map(_datavalue(snak, "quantity"))
    try:
        return Decimal(str(value.get("amount")))
    except InvalidOperation:
        raise SnakError(f"{snak.get('property', '?')}: unreadable amount") from None


def coordinates(snak: Mapping[str, Any]) -> tuple[float, float] | None:
    """``(lat, lon)`` of a ``globecoordinate`` snak on Earth (other globes give ``None``)."""
    if snak_kind(snak) != "value":
        return None
    value = as_map(_datavalue(snak, "globecoordinate"))
    globe = str(value.get("globe") or "Q2").rsplit("/", 1)[-1]
    lat, lon = value.get("latitude"), value.get("longitude")
    if globe != "Q2" or not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    return float(lat), float(lon)


def qualifier_snaks(statement: Mapping[str, Any], prop: str) -> Sequence[Mapping[str, Any]]:
    """The qualifier snaks of ``prop`` on a statement (empty when there are none)."""
    snaks = as_map(statement.get("qualifiers")).get(prop)
    return snaks if isinstance(snaks, list) else ()
