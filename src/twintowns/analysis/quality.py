"""Data quality: the checks researchers run on Wikidata P190 before trusting a twinning graph.

This module owns the checks and their detail tables: one-sided links (one side declares the
partner, the other does not), likely duplicates across administrative levels (a city and the
county or province of the same name in the same country, both twinned), endpoints that are not
towns (counties, provinces, states, countries, fictional places), and places with no
coordinates, country or population.  Every twinning of the registry is checked, whatever its
status.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from twintowns.analysis.data import RegistryData, stamp
from twintowns.model import Place, PlaceLevel, normalise_name
from twintowns.views import cited_sources

TOWN_LEVELS = frozenset({PlaceLevel.VILLAGE, PlaceLevel.TOWN, PlaceLevel.CITY, PlaceLevel.DISTRICT})


@dataclass(frozen=True)
class QualityReport:
    """The overview (``check, count, out_of, share, meaning``) and a detail table per check."""

    overview: pd.DataFrame
    details: dict[str, pd.DataFrame]


def _twinned_places(data: RegistryData) -> list[Place]:
    ids = sorted({p for t in data.twinnings for p in (t.a, t.b)})
    return [data.places[i] for i in ids]


def one_sided(data: RegistryData) -> pd.DataFrame:
    """Twinnings declared by one side only: ``twinning, claimant, claimant_name, partner_name,
    sources``."""
    rows = []
    for t in data.twinnings:
        if not t.one_sided:
            continue
        claimant = next(iter(t.claimants))
        partner = t.partner_of(claimant)
        rows.append(
            {
                "twinning": t.id,
                "claimant": claimant,
                "claimant_name": data.labels[claimant],
                "partner_name": data.labels[partner],
                "sources": ", ".join(cited_sources(t)),
            }
        )
    columns = ["twinning", "claimant", "claimant_name", "partner_name", "sources"]
    return stamp(pd.DataFrame(rows, columns=columns), data.provenance())


def cross_level_duplicates(data: RegistryData) -> pd.DataFrame:
    """Twinned places sharing a name and country but not a level (Toledo city and province):
    ``name, country, places, levels, shared_partners`` (partners twinned with more than one)."""
    groups: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for place in _twinned_places(data):
        groups[(normalise_name(data.labels[place.id]), place.country() or "")].append(place)
    partners: dict[str, set[str]] = defaultdict(set)
    for t in data.twinnings:
        partners[t.a].add(t.b)
        partners[t.b].add(t.a)
    rows = []
    for (_norm, country), places in sorted(groups.items()):
        if len({p.level for p in places}) < 2:
            continue
        seen: dict[str, int] = defaultdict(int)
        for place in places:
            for partner in partners[place.id]:
                seen[partner] += 1
        rows.append(
            {
                "name": data.labels[places[0].id],
                "country": country,
                "places": ", ".join(p.id for p in places),
                "levels": ", ".join(p.level.value for p in places),
                "shared_partners": sum(1 for n in seen.values() if n > 1),
            }
        )
    columns = ["name", "country", "places", "levels", "shared_partners"]
    return stamp(pd.DataFrame(rows, columns=columns), data.provenance())


def non_town_endpoints(data: RegistryData) -> pd.DataFrame:
    """Twinnings with a side that is not a village, town, city or district:
    ``twinning, place, name, level``."""
    rows = [
        {
            "twinning": t.id,
            "place": pid,
            "name": data.labels[pid],
            "level": data.places[pid].level.value,
        }
        for t in data.twinnings
        for pid in (t.a, t.b)
        if data.places[pid].level not in TOWN_LEVELS
    ]
    return stamp(
        pd.DataFrame(rows, columns=["twinning", "place", "name", "level"]), data.provenance()
    )


def missing(data: RegistryData, what: str) -> pd.DataFrame:
    """Twinned places lacking ``coordinates``, ``country`` or ``population``:
    ``place, name, level, source``."""
    tests = {
        "coordinates": lambda p: p.coordinates is None,
        "country": lambda p: p.country() is None,
        "population": lambda p: p.population is None,
    }
    lacking = [p for p in _twinned_places(data) if tests[what](p)]
    rows = [
        (p.id, data.labels[p.id], p.level.value, p.citation.source_id if p.citation else "")
        for p in lacking
    ]
    frame = pd.DataFrame(rows, columns=["place", "name", "level", "source"])
    return stamp(frame, data.provenance())


# check -> (what it is counted against, what it means)
CHECKS: dict[str, tuple[str, str]] = {
    "one-sided links": ("twinnings", "one side declares the partner, the other does not"),
    "unclaimed links": ("twinnings", "no side's declaration recorded (e.g. cited to an article)"),
    "duplicates across levels": ("places", "groups: same name and country, different levels"),
    "non-town endpoints": ("twinnings", "a side is a county, province, state, country..."),
    "missing coordinates": ("places", "twinned places without coordinates"),
    "missing country": ("places", "twinned places without a country"),
    "missing population": ("places", "twinned places without a population"),
}


def quality_report(data: RegistryData) -> QualityReport:
    """Run every check; the overview counts problems against what was checked."""
    details = {
        "one-sided links": one_sided(data),
        "duplicates across levels": cross_level_duplicates(data),
        "non-town endpoints": non_town_endpoints(data),
        "missing coordinates": missing(data, "coordinates"),
        "missing country": missing(data, "country"),
        "missing population": missing(data, "population"),
    }
    counts = {name: len(frame) for name, frame in details.items()}
    counts["non-town endpoints"] = details["non-town endpoints"]["twinning"].nunique()
    counts["unclaimed links"] = sum(1 for t in data.twinnings if not t.claims)
    totals = {"twinnings": len(data.twinnings), "places": len(_twinned_places(data))}
    rows = [(name, counts[name], totals[per], text) for name, (per, text) in CHECKS.items()]
    overview = pd.DataFrame(rows, columns=["check", "count", "out_of", "meaning"])
    share = overview["count"] / overview["out_of"].where(overview["out_of"] > 0)
    overview.insert(3, "share", share)
    return QualityReport(stamp(overview, data.provenance()), details)
