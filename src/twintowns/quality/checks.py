"""The checks researchers run on a twinning graph (Wikidata P190) before trusting it.

One-sided links (one side declares the partner, the other does not), links no side's
declaration backs, likely duplicates across administrative levels (Toledo the city and Toledo
the province, both twinned), endpoints that are not municipalities (counties, provinces,
states, countries, fictional places), and places with no coordinates, country or population.

The populations are fixed here, once for every face: twinning checks look at every twinning
whatever its status; place checks look at the *twinned real places* (places with a twinning,
fictional ones left out: Ankh-Morpork has no coordinates to miss).  "Town" is the model's
vocabulary: :data:`~twintowns.model.SETTLEMENT_LEVELS` for duplicates across levels,
:data:`~twintowns.model.MUNICIPAL_LEVELS` (settlements and city districts) for endpoints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from twintowns.model import (
    MUNICIPAL_LEVELS,
    SETTLEMENT_LEVELS,
    Place,
    PlaceLevel,
    Twinning,
    normalise_name,
)
from twintowns.views import cited_sources


@dataclass(frozen=True)
class Check:
    """One check: how many problems out of how many checked, and the problem rows."""

    name: str
    count: int
    out_of: int
    meaning: str
    columns: tuple[str, ...] = ()
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        """``count / out_of`` (None when nothing was checked)."""
        return self.count / self.out_of if self.out_of else None


def checked_places(places: Mapping[str, Place], twinnings: Sequence[Twinning]) -> list[Place]:
    """The places the place checks look at: twinned and not fictional, by id."""
    ids = sorted({p for t in twinnings for p in (t.a, t.b)})
    return [places[i] for i in ids if places[i].level is not PlaceLevel.FICTIONAL]


def _one_sided(places: Mapping[str, Place], twinnings: Sequence[Twinning]) -> Check:
    rows = []
    for t in twinnings:
        if t.one_sided:
            claimant = next(iter(t.claimants))
            rows.append(
                {
                    "twinning": t.id,
                    "claimant": claimant,
                    "claimant_name": places[claimant].name(),
                    "partner_name": places[t.partner_of(claimant)].name(),
                    "sources": ", ".join(cited_sources(t)),
                }
            )
    meaning = "one side declares the partner, the other does not"
    columns = ("twinning", "claimant", "claimant_name", "partner_name", "sources")
    return Check("one-sided links", len(rows), len(twinnings), meaning, columns, rows)


def _unclaimed(twinnings: Sequence[Twinning]) -> Check:
    rows = [{"twinning": t.id} for t in twinnings if not t.claims]
    meaning = "no side's declaration recorded (e.g. cited to an article)"
    return Check("unclaimed links", len(rows), len(twinnings), meaning, ("twinning",), rows)


def _duplicates(checked: list[Place], twinnings: Sequence[Twinning]) -> Check:
    groups: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for place in checked:
        groups[(normalise_name(place.name()), place.country() or "")].append(place)
    partners: dict[str, set[str]] = defaultdict(set)
    for t in twinnings:
        partners[t.a].add(t.b)
        partners[t.b].add(t.a)
    rows = []
    for (_norm, country), members in sorted(groups.items()):
        if len({p.level in SETTLEMENT_LEVELS for p in members}) < 2:
            continue  # a town and a non-town of one name: a source may have meant either
        seen: dict[str, int] = defaultdict(int)
        for place in members:
            for partner in partners[place.id]:
                seen[partner] += 1
        rows.append(
            {
                "name": members[0].name(),
                "country": country,
                "places": ", ".join(p.id for p in members),
                "levels": ", ".join(p.level.value for p in members),
                "shared_partners": sum(1 for n in seen.values() if n > 1),
            }
        )
    meaning = "groups: same name and country, a town and a non-town"
    columns = ("name", "country", "places", "levels", "shared_partners")
    return Check("duplicates across levels", len(rows), len(checked), meaning, columns, rows)


def _non_town(places: Mapping[str, Place], twinnings: Sequence[Twinning]) -> Check:
    rows = [
        {
            "twinning": t.id,
            "place": pid,
            "name": places[pid].name(),
            "level": places[pid].level.value,
        }
        for t in twinnings
        for pid in (t.a, t.b)
        if places[pid].level not in MUNICIPAL_LEVELS
    ]
    count = len({row["twinning"] for row in rows})
    meaning = "a side is a county, province, state, country, fictional..."
    columns = ("twinning", "place", "name", "level")
    return Check("non-town endpoints", count, len(twinnings), meaning, columns, rows)


_MISSING: dict[str, Callable[[Place], bool]] = {
    "coordinates": lambda p: p.coordinates is None,
    "country": lambda p: p.country() is None,
    "population": lambda p: p.population is None,
}


def _missing(checked: list[Place], what: str) -> Check:
    rows = [
        {
            "place": p.id,
            "name": p.name(),
            "level": p.level.value,
            "source": p.citation.source_id if p.citation else "",
        }
        for p in checked
        if _MISSING[what](p)
    ]
    meaning = f"twinned real places without {what}"
    columns = ("place", "name", "level", "source")
    return Check(f"missing {what}", len(rows), len(checked), meaning, columns, rows)


def run_checks(places: Mapping[str, Place], twinnings: Sequence[Twinning]) -> list[Check]:
    """Every check, in report order.

    Parameters
    ----------
    places:
        Every place by id (the twinnings' ends at least).
    twinnings:
        The twinnings to check (all of them, whatever their status).
    """
    checked = checked_places(places, twinnings)
    return [
        _one_sided(places, twinnings),
        _unclaimed(twinnings),
        _duplicates(checked, twinnings),
        _non_town(places, twinnings),
        *(_missing(checked, what) for what in _MISSING),
    ]
