"""The "dormant?" question of the quality report: twinnings whose last recorded activity or
attestation is older than N years are counted and listed (quietest first); ended ones and
those with no dated sign are not asked about, and no status changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from twintowns.model import Citation, Event, EventType, FuzzyDate, Source, Twinning, TwinningKind
from twintowns.quality import quality_report
from twintowns.quality.dormant import dormant
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

TODAY = dt.date(2026, 12, 5)
QUIET = Source("old-register", "a register", published=FuzzyDate(2001))
LISTED = Source("new-list", "a list", published=FuzzyDate(2026, 2))
SOURCES = {s.id: s for s in (QUIET, LISTED)}


def _twinning(a: str, b: str, source: Source, *events: tuple[EventType, int]) -> Twinning:
    cite = Citation(source.id)
    dated = tuple(Event(kind, FuzzyDate(year), cite) for kind, year in events)
    return Twinning(a, b, TwinningKind.TWIN_TOWN, cite, events=dated)


def test_dormant_counts_activity_and_attestation() -> None:
    twinnings = [
        _twinning("a", "b", QUIET, (EventType.SIGNING, 1990), (EventType.EXCHANGE, 2004)),
        _twinning("a", "c", QUIET, (EventType.SIGNING, 2019)),  # recent activity
        _twinning("a", "d", LISTED, (EventType.SIGNING, 1990)),  # listed in 2026
        _twinning("a", "e", QUIET, (EventType.SIGNING, 1960), (EventType.TERMINATION, 1970)),
        _twinning("a", "f", QUIET),  # only a 2001 listing: quiet for 25 years
        _twinning("a", "g", Source("undated", "x")),  # nothing dated: not asked
    ]
    found = dormant(twinnings, SOURCES | {"undated": Source("undated", "x")}, TODAY, 10)
    assert [(d.twinning_id, d.last_sign.year) for d in found] == [("a--f", 2001), ("a--b", 2004)]
    assert [d.twinning_id for d in dormant(twinnings, SOURCES, TODAY, 30)] == []


@pytest.mark.slow  # loads the curated registry and reports twice (~9 s under load)
def test_the_quality_report_lists_dormant_twinnings(tmp_path: Path) -> None:
    registry = Registry.open(
        Settings(database_url=f"sqlite:///{tmp_path / 'q.sqlite'}", auto_load=False)
    )
    registry.load(load_curated(), action="test")
    report = quality_report(registry.engine, truth=False, as_of=TODAY, dormant_years=10)
    listed = report.as_json()["dormant"]
    assert report.as_json()["dormant_candidates"] == len(listed) > 0
    assert all(row["last_sign"] < "2016-12-05" for row in listed)
    assert listed == sorted(listed, key=lambda r: (r["last_sign"], r["twinning"]))
    fewer = quality_report(registry.engine, truth=False, as_of=TODAY, dormant_years=60)
    assert fewer.counts["dormant_candidates"] < report.counts["dormant_candidates"]
