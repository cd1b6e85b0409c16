"""The learning pack follows the evidence: which candidate facts a deck may assert as settled.

Sources disagree about some steps of some twinnings (:mod:`twintowns.model.claims`): the
article dates Coventry's pause to 22 February 2022, the reports to March 2022; it calls
Prague's 2014 step an ending, the reports a suspension.  The registry keeps every claim and
derives statuses from the best-attested one, but a quiz item states one answer as *the* answer,
so items never rest on a disputed step:

* the years any claim of a disputed step touches are *contested*: no item is built on them
  (the year a link began, what happened on a date);
* no status question is asked for a year on or after the first contested year (the status
  then depends on which claim is believed), and no "no longer twinned" statement is made;
* true/false statements about a single event use only accepted claims of undisputed steps;
* policy agreements (Alberta and Texas) are not twinnings: they stay out of ordering
  questions about "twinnings", and out of the year-of-twinning questions those draw on.
"""

from __future__ import annotations

from twintowns.learn.common import Candidate
from twintowns.learn.facts import Facts
from twintowns.model import Standing, Twinning, TwinningKind

# Builders whose subject is (twinning id, year or date) and whose item asserts that year.
_DATED = frozenset({"partner_in_year", "partner_card", "tf_established", "map_partner"})
_NOT_TWINNINGS = frozenset({TwinningKind.POLICY_AGREEMENT})


def disputed_steps(twinning: Twinning) -> frozenset[str]:
    """Keys of the steps of ``twinning`` some source's claim about is disputed."""
    return frozenset(e.step for e in twinning.events if e.step and e.standing is Standing.DISPUTED)


def contested_years(twinning: Twinning) -> frozenset[int]:
    """Every year a claim of a disputed step may denote."""
    steps = disputed_steps(twinning)
    years: set[int] = set()
    for event in twinning.events:
        if event.step in steps and event.date is not None:
            years.update(range(event.date.start.year, event.date.end.year + 1))
    return frozenset(years)


def _year(text: str) -> int | None:
    text = text.lstrip("~")  # a circa date ("~1942")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def settled(facts: Facts, cand: Candidate) -> bool:
    """True when ``cand``'s item would assert nothing a source disputes (see module rules)."""
    twinning = facts.twinnings.get(cand.subject[0]) if cand.subject else None
    if twinning is None:
        return True
    if cand.builder == "partner_in_year" and twinning.kind in _NOT_TWINNINGS:
        return False  # it feeds the ordering of "twinnings"
    years = contested_years(twinning)
    if cand.builder == "tf_political":
        event = twinning.events[int(cand.subject[1])]
        return event.applies and event.step not in disputed_steps(twinning)
    if not years:
        return True
    if cand.builder == "tf_ended":
        return False
    if cand.builder == "status_on":
        return int(cand.subject[1]) < min(years)
    if cand.builder in _DATED or cand.builder == "event_card":
        year = _year(cand.subject[1])
        return year is None or year not in years
    return True
