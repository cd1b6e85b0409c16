"""Counts of the curated 2022-2023 suspension wave (issue 21), from the bundled curated files.

Prints, for the accepted claims of lifecycle and keep-open events whose date may lie between
24 February 2022 and the end of 2023 (a "2022" or "2022-02" date counts: it overlaps the
window; a claim another source's outweighs -- supporting or disputed -- is not counted twice),
the count per country of the acting side and per event type, the countries covered, and how
many of those events cite a source other than the founding documents.  Then the list of curated
events and rules that rest on the founding documents alone (single-sourced: no second source's
claim about the same step, no other source's account of the rule).  A figure, not a timed
target: the curated tests assert the floor (>= 60 dated suspensions/endings in >= 10 countries).

Run: ``.venv/bin/python benchmarks/wave_counts.py``
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from twintowns.model import Bundle, EventType
from twintowns.sources.curated import load_curated

START, END = dt.date(2022, 2, 24), dt.date(2023, 12, 31)
TYPES = (EventType.SUSPENSION, EventType.TERMINATION, EventType.RESUMPTION, EventType.KEPT_OPEN)
FOUNDING = {"sister-city-article", "global-connections-explainer", "domain-brief"}


def main() -> None:
    """Print the counts."""
    bundle = load_curated()
    places = {p.id: p for p in bundle.places}
    by_country: Counter[tuple[str, str]] = Counter()
    press = 0
    for twinning in bundle.twinnings:
        for event in twinning.events:
            date = event.date
            if event.type not in TYPES or date is None or date.end < START or date.start > END:
                continue
            if not event.applies:
                continue
            side = event.actor or twinning.a
            country = places[side].country(date.start) or "??"
            by_country[(country, event.type.value)] += 1
            press += event.citation.source_id not in FOUNDING
    countries = sorted({c for c, _ in by_country})
    print(f"{'country':8} " + " ".join(f"{t.value:>11}" for t in TYPES) + "   total")
    for country in countries:
        row = [by_country[(country, t.value)] for t in TYPES]
        print(f"{country:8} " + " ".join(f"{n:>11}" for n in row) + f"   {sum(row):>5}")
    totals = [sum(n for (_, t), n in by_country.items() if t == k.value) for k in TYPES]
    print(f"{'all':8} " + " ".join(f"{n:>11}" for n in totals) + f"   {sum(totals):>5}")
    ended = totals[0] + totals[1]
    acting = {c for (c, t), n in by_country.items() if n and t in ("suspension", "termination")}
    print(f"suspensions+terminations: {ended} in {len(acting)} countries of the acting side")
    print(f"events citing a source besides the founding documents: {press} of {sum(totals)}")
    single = single_sourced(bundle)
    print(f"\nsingle-sourced curated events and rules (founding documents only): {len(single)}")
    for line in single:
        print(f"  {line}")


def single_sourced(bundle: Bundle) -> list[str]:
    """Curated events and rules whose only source is a founding document."""
    out = []
    for twinning in bundle.twinnings:
        others = {
            e.step for e in twinning.events if e.step and e.citation.source_id not in FOUNDING
        }
        for event in twinning.events:
            if event.citation.source_id not in FOUNDING or (event.step and event.step in others):
                continue
            when = event.date.isoformat() if event.date else "undated"
            out.append(f"{twinning.id}: {event.type.value} {when}")
    # a rule is single-sourced unless another source's account of it (claim_of) exists
    told = {r.rule_id for r in bundle.rules if r.citation.source_id not in FOUNDING}
    for rule in bundle.rules:
        if rule.citation.source_id in FOUNDING and rule.rule_id not in told:
            out.append(f"rule {rule.id}")
    return out


if __name__ == "__main__":
    main()
