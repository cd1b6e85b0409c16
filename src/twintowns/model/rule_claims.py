"""Disagreement about rules as data: several sources' accounts of one rule, ranked.

A rule (Turkey's ban on partners that recognise the Armenian genocide) may be told differently
by different sources: the encyclopedia article says the ban covers any city of a *country*
that recognises the genocide; reports of March 2009 describe a ministry ordinance of 18 July
2008 against *municipalities* whose councils adopted a declaration.  Each account is a
:class:`~twintowns.model.Rule`; a further source's account names the rule it describes in
``claim_of``.  Every account is kept; :func:`rank_rules` marks the one that stands.

The rule is the one for events' claims (:mod:`twintowns.model.claims`), with the rule's
``since`` as the claimed date:

1. **A contemporary report beats a later account, which beats an undated summary** (a report
   published within :data:`~twintowns.model.claims.CONTEMPORARY_DAYS` after ``since``).
2. **More independent sources beat fewer**: accounts agree when they give the same effect for
   the same scope (country or network) and ``since`` dates that may overlap (an undated
   ``since`` agrees with any).
3. **A more precise** ``since`` beats a coarser one; then the earlier publication, then the id.

The winner is ``accepted``; accounts agreeing with it are ``supporting``; the others are
``disputed`` -- kept and shown with their source, never edited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from twintowns.model.claims import CONTEMPORARY_DAYS, source_label
from twintowns.model.dates import FuzzyDate, Precision
from twintowns.model.network import Rule
from twintowns.model.source import Source
from twintowns.model.vocab import Standing

_PRECISION = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


def rules_agree(one: Rule, other: Rule) -> bool:
    """True when two accounts of a rule can both be true: same effect and scope, and ``since``
    dates that may overlap (an undated one agrees with any)."""
    if (one.effect, one.country, one.network_id) != (other.effect, other.country, other.network_id):
        return False
    if one.since is None or other.since is None:
        return True
    return one.since.start <= other.since.end and other.since.start <= one.since.end


def _score(
    rule: Rule, accounts: list[Rule], published: Mapping[str, FuzzyDate | None]
) -> tuple[int, int, int, int, str]:
    pub = published.get(rule.citation.source_id)
    tier = 0
    if pub is not None:
        fresh = rule.since is not None and (pub.start - rule.since.end).days <= CONTEMPORARY_DAYS
        tier = 2 if fresh else 1
    support = len({a.citation.source_id for a in accounts if rules_agree(a, rule)})
    precision = _PRECISION[rule.since.precision] if rule.since else -1
    earliness = -pub.start.toordinal() if pub else -dt.date.max.toordinal()
    return (tier, support, precision, earliness, rule.id)


def _what(rule: Rule) -> str:
    effect = rule.effect.replace("_", " ")
    return f"{effect} since {rule.since.human()}" if rule.since else effect


def _note(accounts: list[Rule], sources: Mapping[str, Source]) -> str:
    order = {Standing.ACCEPTED: 0, Standing.SUPPORTING: 1, Standing.DISPUTED: 2}
    said: dict[tuple[str, Standing], list[str]] = {}
    for rule in sorted(accounts, key=lambda r: (order[r.standing], _what(r))):
        names = said.setdefault((_what(rule), rule.standing), [])
        label = source_label(rule.citation.source_id, sources)
        if label not in names:
            names.append(label)
    mark = {Standing.ACCEPTED: " (accepted)", Standing.DISPUTED: " (disputed)"}
    return "; ".join(
        f"{' and '.join(names)} {'say' if len(names) > 1 else 'says'} {what}"
        + mark.get(standing, "")
        for (what, standing), names in said.items()
    )


def _rank_group(accounts: list[Rule], sources: Mapping[str, Source]) -> list[Rule]:
    published = {sid: s.published for sid, s in sources.items()}
    best = max(accounts, key=lambda r: _score(r, accounts, published))
    ranked = [
        dataclasses.replace(
            r,
            standing=Standing.ACCEPTED
            if r is best
            else Standing.SUPPORTING
            if rules_agree(r, best)
            else Standing.DISPUTED,
        )
        for r in accounts
    ]
    if not any(r.standing is Standing.DISPUTED for r in ranked):
        return ranked
    note = _note(ranked, sources)
    return [dataclasses.replace(r, dispute=note) for r in ranked]


def rank_rules(rules: Iterable[Rule], sources: Mapping[str, Source]) -> tuple[Rule, ...]:
    """Mark each account of each rule accepted, supporting or disputed (see the module rule).

    Parameters
    ----------
    rules:
        Every rule and every further account (``claim_of`` set) of one dataset.
    sources:
        The sources by id (their publication dates rank the accounts; their publishers name
        them in the ``dispute`` sentence).

    Returns
    -------
    tuple of Rule
        The same accounts, in the same order, with ``standing`` set and, where accounts
        disagree, ``dispute`` telling what each source says (accepted first).
    """
    rules = tuple(rules)
    groups: dict[str, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(rule.rule_id, []).append(rule)
    ranked = {
        id(old): new
        for group in groups.values()
        for old, new in zip(group, _rank_group(group, sources), strict=True)
    }
    return tuple(ranked[id(r)] for r in rules)
