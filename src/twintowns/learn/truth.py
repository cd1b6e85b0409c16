"""Deciding propositions against the registry: true, false, or unclear.

Generation keeps an item only when its answer is *definitely* right and every distractor
*definitely* wrong.  "Unclear" covers what the registry cannot settle: an undated link asked
about in the past, a coarse date straddling the day asked about, a circa year, a suspended
link asked whether it "is twinned", two establishment steps in different years, another
partner with the same name.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from enum import StrEnum

from twintowns.learn.facts import Facts
from twintowns.learn.propositions import (
    FAMILY_TYPES,
    Family,
    Happened,
    Linked,
    Proposition,
    Recorded,
    StatusOn,
    TermUsed,
)
from twintowns.learn.regions import core, extent, tokens
from twintowns.model import (
    Event,
    Status,
    StatusAt,
    Twinning,
    TwinningKind,
    normalise_name,
    status_as_of,
)

CIRCA_WINDOW = 10  # years around a circa date in which a year is "unclear"


class Truth(StrEnum):
    """The registry's verdict on a proposition."""

    TRUE = "true"
    FALSE = "false"
    UNCLEAR = "unclear"


def names_collide(facts: Facts, one: str, other: str) -> bool:
    """True when a partner of ``one`` (other than ``other``) shares a name with ``other``,
    or the reverse: a reader could not tell the places apart by name."""
    for subject, named in ((one, other), (other, one)):
        wanted = facts.names(named)
        for partner in facts.partners.get(subject, frozenset()):
            if partner != named and facts.names(partner) & wanted:
                return True
    return False


def _absent(facts: Facts, a: str, b: str) -> Truth:
    return Truth.UNCLEAR if names_collide(facts, a, b) else Truth.FALSE


def still_listed(facts: Facts, twinning: Twinning, ended: dt.date) -> bool:
    """True when a source dated after ``ended`` still lists the link (the 2026 Wikipedia lists
    keep Edirne-Haskovo): its ending is then not settled enough to call "twinned" false."""
    for claim in twinning.claims:
        source = facts.sources.get(claim.citation.source_id)
        if source is None or not claim.asserted:
            continue
        when = source.published.end if source.published else source.retrieved
        if when is not None and when > ended:
            return True
    return False


def _ended(facts: Facts, twinning: Twinning, state: StatusAt) -> Truth:
    """FALSE for a link that certainly ended, unless a newer source still lists it."""
    if state.since is not None and still_listed(facts, twinning, state.since.end):
        return Truth.UNCLEAR
    return Truth.FALSE


def _linked(facts: Facts, prop: Linked) -> Truth:
    twinning = facts.twinning(prop.a, prop.b)
    if twinning is None:
        return _absent(facts, prop.a, prop.b)
    lifecycle = [e for e in twinning.events if e.type.is_lifecycle]
    state = status_as_of(twinning.events, prop.as_of)
    if prop.as_of is None:
        if not lifecycle:
            return Truth.TRUE if twinning.claimants else Truth.UNCLEAR
        if state.status is Status.ACTIVE and (state.certain or state.since is None):
            return Truth.TRUE
        ended = state.status is Status.ENDED and state.certain
        return _ended(facts, twinning, state) if ended else Truth.UNCLEAR
    if state.certain and state.status is Status.ACTIVE:
        return Truth.TRUE
    if state.certain and state.status is Status.ENDED:
        return _ended(facts, twinning, state)
    day = prop.as_of
    if lifecycle and all(e.date is not None and e.date.start > day for e in lifecycle):
        return Truth.FALSE  # every step of its life came later
    return Truth.UNCLEAR


def _documented(twinning: Twinning) -> bool:
    return any(e.type.is_lifecycle and e.date is not None for e in twinning.events)


def _happened(facts: Facts, prop: Happened) -> Truth:
    twinning = facts.twinning(prop.a, prop.b)
    if twinning is None:
        return _absent(facts, prop.a, prop.b)
    events: list[Event] = [e for e in twinning.events if e.type in FAMILY_TYPES[prop.family]]
    if any(e.date is None for e in events):
        return Truth.UNCLEAR
    if any(
        e.date is not None and e.date.circa and abs(e.date.year - prop.year) <= CIRCA_WINDOW
        for e in events
    ):
        return Truth.UNCLEAR
    years = {e.date.year for e in events if e.date is not None and not e.date.circa}
    if prop.family is Family.ESTABLISHED:
        if not events:
            return Truth.UNCLEAR  # the registry does not know when it began
        if prop.year in years:
            return Truth.TRUE if len(years) == 1 else Truth.UNCLEAR
        return Truth.FALSE
    if prop.year in years:
        return Truth.TRUE
    return Truth.FALSE if _documented(twinning) else Truth.UNCLEAR


def _status_on(facts: Facts, prop: StatusOn) -> Truth:
    twinning = facts.twinning(prop.a, prop.b)
    if twinning is None:
        return Truth.UNCLEAR
    state = status_as_of(twinning.events, prop.as_of)
    if not state.certain or state.status is Status.UNKNOWN:
        return Truth.UNCLEAR
    return Truth.TRUE if state.status is prop.status else Truth.FALSE


_KIND_COUNTRIES: list[tuple[weakref.ref[Facts], dict[TwinningKind, frozenset[str]]]] = []


def kind_countries(facts: Facts) -> dict[TwinningKind, frozenset[str]]:
    """Per kind of link, the countries of every place in a twinning of that kind (computed
    once per facts snapshot)."""
    if _KIND_COUNTRIES and _KIND_COUNTRIES[0][0]() is facts:
        return _KIND_COUNTRIES[0][1]
    out: dict[TwinningKind, set[str]] = {}
    for twinning in facts.twinnings.values():
        found = out.setdefault(twinning.kind, set())
        found |= facts.countries(twinning.a) | facts.countries(twinning.b)
    result = {kind: frozenset(isos) for kind, isos in out.items()}
    _KIND_COUNTRIES[:] = [(weakref.ref(facts), result)]
    return result


def _kind_used_in(facts: Facts, term: str, region: str) -> bool:
    """True when the registry holds a link of the term's kind with a side in ``region``
    (Alberta-Hokkaido is a "sister province" link: Japan is then a defensible answer)."""
    wanted = normalise_name(term)
    kinds = {t.kind for t in facts.terms if normalise_name(t.text) == wanted and t.kind}
    kinds -= {TwinningKind.UNSPECIFIED, TwinningKind.OTHER}
    reach = extent(region) or core(region) or frozenset({region})
    by_kind = kind_countries(facts)
    return any(by_kind.get(kind, frozenset()) & reach for kind in kinds)


def _term_used(facts: Facts, prop: TermUsed) -> Truth:
    verdict = _term_used_by_terms(facts, prop)
    if verdict is Truth.FALSE and _kind_used_in(facts, prop.term, prop.region):
        return Truth.UNCLEAR
    return verdict


def _term_used_by_terms(facts: Facts, prop: TermUsed) -> Truth:
    wanted = normalise_name(prop.term)
    regions = [t.region for t in facts.terms if normalise_name(t.text) == wanted]
    if not regions:
        return Truth.FALSE
    subject_core = core(prop.region) or frozenset({prop.region})
    subject_extent = extent(prop.region)
    verdict = Truth.FALSE
    for region in regions:
        parts = tokens(region)
        covered = frozenset().union(*(core(p) for p in parts)) if parts else frozenset()
        if prop.region in parts or subject_core <= covered:
            return Truth.TRUE
        if not parts or subject_extent is None:
            verdict = Truth.UNCLEAR
            continue
        for part in parts:
            reach = extent(part)
            if reach is None or reach & subject_extent:
                verdict = Truth.UNCLEAR
    return verdict


def _recorded(facts: Facts, prop: Recorded) -> Truth:
    keys: Iterable[str] = ()
    if prop.table == "terms":
        keys = (t.text for t in facts.terms)
    elif prop.table == "networks":
        keys = (n.id for n in facts.networks)
    elif prop.table == "rules":
        keys = (r.id for r in facts.rules)
    elif prop.table == "events":  # "<twinning id>|<event type>|<date>"
        twinning = facts.twinnings.get(prop.key.split("|", 1)[0])
        events = twinning.events if twinning else ()
        keys = (f"{twinning.id}|{e.type.value}|{e.date}" for e in events if twinning and e.date)
    return Truth.TRUE if prop.key in set(keys) else Truth.FALSE


def evaluate(facts: Facts, proposition: Proposition) -> Truth:
    """Decide ``proposition`` against the registry's facts.

    Parameters
    ----------
    facts:
        The registry snapshot.
    proposition:
        What to decide.

    Returns
    -------
    Truth
        TRUE or FALSE when the registry settles it, UNCLEAR when it cannot.
    """
    if isinstance(proposition, Linked):
        # asked twice of every twinning by the first quiz's candidates: decided once
        known = facts.decided.get(proposition)
        if known is None:
            known = facts.decided[proposition] = _linked(facts, proposition)
        return known
    if isinstance(proposition, Happened):
        return _happened(facts, proposition)
    if isinstance(proposition, StatusOn):
        return _status_on(facts, proposition)
    if isinstance(proposition, TermUsed):
        return _term_used(facts, proposition)
    return _recorded(facts, proposition)
