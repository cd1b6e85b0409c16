"""kill -9 at random moments of init, first-use fill, load curated, a (small) build and the
migration: every kill leaves the complete old state or the complete new state, and the next
run succeeds (reaching the new state).  A few kills of the cheap operations (migration, load
curated) here; the full runs (20 per operation, 10 during migration, and PostgreSQL's init)
are marked slow and alone cover init, the first-use fill and the build, whose every rerun
pays a full fill (a minute of the quick suite for one kill each), and
``benchmarks/reliability_crash.py`` prints their tallies."""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability.crashkit import Databases, Tally, crash, scenarios

# Kills per scenario in the quick suite: init, the fill and the build pay a full fill for every
# rerun, so only the slow suite's full runs (FULL) kill them, keeping `make test` under 10 min.
QUICK = {"migrate": 2, "load-curated": 2}
FULL = {"migrate": 10, "load-curated": 20, "build": 20, "init": 20, "fill": 20}
# On PostgreSQL every rerun of init refills the world through a server: fewer kills keep the
# slow suite within CI's time (SQLite above has issue 11's full counts).
ON_POSTGRESQL = {"init": 5, "load-curated": 10, "migrate": 10}


def check(tally: Tally, kills: int) -> None:
    assert tally.kills == kills
    assert tally.broken == [], f"{tally.name}: torn states {tally.broken}"
    assert tally.failed_reruns == [], f"{tally.name}: the next run failed {tally.failed_reruns}"
    assert tally.complete_old + tally.complete_new == kills
    assert tally.old != tally.new


@pytest.mark.parametrize("name", list(QUICK))
def test_kills_leave_old_or_new_on_sqlite(name: str, tmp_path: Path) -> None:
    scenario = scenarios(tmp_path)[name]
    check(crash(scenario, Databases(tmp_path), QUICK[name], seed=len(name)), QUICK[name])


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["load-curated", "migrate"])
def test_kills_leave_old_or_new_on_postgresql(
    name: str, tmp_path: Path, postgresql_url: str
) -> None:
    databases = Databases(tmp_path, postgresql_url)
    try:
        check(crash(scenarios(tmp_path)[name], databases, 1, seed=7), 1)
    finally:
        databases.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FULL))
def test_many_kills_on_sqlite(name: str, tmp_path: Path) -> None:
    scenario = scenarios(tmp_path)[name]
    check(crash(scenario, Databases(tmp_path), FULL[name], seed=100 + len(name)), FULL[name])


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("name", list(ON_POSTGRESQL))
def test_many_kills_on_postgresql(name: str, tmp_path: Path, postgresql_url: str) -> None:
    databases = Databases(tmp_path, postgresql_url)
    kills = ON_POSTGRESQL[name]
    try:
        check(crash(scenarios(tmp_path)[name], databases, kills, seed=3), kills)
    finally:
        databases.close()
