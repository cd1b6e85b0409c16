"""From P190 statements and place facts to the registry's raw claims and events.

Each P190 statement becomes one :class:`~twintowns.sources.base.RawClaim` (the subject
declares the target), cited by its statement id.  Its P580 qualifiers become signing events
and its P582 qualifiers (with the P1534 end cause) termination events, each with the precision
the value has; the raw value is kept in the event's description, with a note when it could not
be kept whole (a century, a year BCE, a Julian date).  Places are described as
:class:`~twintowns.sources.base.PlaceMention` with their country as an ISO code when the
country's entity (with P297) was read, else as its item id.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from twintowns.model import Citation, Event, EventType, PlaceMention, RawClaim
from twintowns.sources.wikidata.entity import PlaceFacts, TwinStatement
from twintowns.sources.wikidata.snaks import SOMEVALUE
from twintowns.sources.wikidata.times import TimeValue

__all__ = ["ClaimBuilder", "time_event"]


def time_event(
    kind: EventType,
    prop: str,
    value: TimeValue | None,
    citation: Citation,
    cause: str | None = None,
) -> Event:
    """An event dated by a P580/P582 value (``None``: Wikidata's "unknown value")."""
    if value is None:
        return Event(kind, None, citation, f"{prop}: unknown value", cause=cause)
    date, note = value.to_fuzzy()
    description = f"{prop}: {value.raw} ({value.precision_name} precision)"
    if note:
        description += f"; {note}"
    return Event(kind, date, citation, description, cause=cause)


class ClaimBuilder:
    """Builds claims for one source, sharing one mention object per place.

    Parameters
    ----------
    source_id:
        The id citations point to.
    places:
        Facts of every place read (subjects, targets and countries), by item id.
    """

    def __init__(self, source_id: str, places: Mapping[str, PlaceFacts]) -> None:
        self.source_id = source_id
        self.places = places
        self.mention = lru_cache(maxsize=None)(self._mention)

    def _mention(self, qid: str) -> PlaceMention:
        facts = self.places.get(qid)
        if facts is None:  # not in the dump (deleted, redirected, or cut off)
            return PlaceMention(name=qid, qid=qid)
        country = facts.current_country()
        country_facts = self.places.get(country) if country else None
        iso = country_facts.iso2 if country_facts else None
        return PlaceMention(
            name=facts.name,
            country=country_facts.name if iso and country_facts else country,
            country_iso=iso,
            qid=qid,
            lat=facts.lat,
            lon=facts.lon,
            population=facts.population,
            labels=facts.labels,
            classes=facts.classes,
            geonames=facts.geonames,
        )

    def cause(self, qid: str) -> str:
        """An end cause as text: its label and id when its entity was read, else its id."""
        if qid == SOMEVALUE:
            return "unknown cause"
        facts = self.places.get(qid)
        return f"{facts.name} ({qid})" if facts and facts.name != qid else qid

    def events(self, statement: TwinStatement) -> tuple[Event, ...]:
        """Signing events from P580, termination events from P582 and P1534."""
        citation = Citation(self.source_id, statement.statement_id)
        events = [time_event(EventType.SIGNING, "P580", v, citation) for v in statement.starts]
        cause = ", ".join(self.cause(q) for q in statement.end_causes) or None
        ends: tuple[TimeValue | None, ...] = statement.ends
        if not ends and cause:  # an end cause says it ended, even without a date
            ends = (None,)
        events += [time_event(EventType.TERMINATION, "P582", v, citation, cause) for v in ends]
        return tuple(events)

    def claim(self, statement: TwinStatement) -> RawClaim:
        """The raw claim of one P190 statement."""
        return RawClaim(
            claimant=self.mention(statement.subject),
            partner=self.mention(statement.target),
            locator=statement.statement_id,
            events=self.events(statement),
            asserted=statement.asserted,
        )
