"""The world build: deterministic, and the shipped snapshot is what the code builds."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from support.gazetteer import ENTRIES
from twintowns import build
from twintowns.build import build_registry
from twintowns.model import PlaceMention, RawClaim, Source
from twintowns.registry import WORLD_DATASET, Registry, bundled_snapshot
from twintowns.resolve.gazetteer import Gazetteer
from twintowns.settings import Settings
from twintowns.sources.base import OnProblem
from twintowns.store import schema


@pytest.mark.slow
def test_a_fresh_build_reproduces_the_shipped_snapshot(tmp_path: Path) -> None:
    built = tmp_path / "world.json.gz"
    report = build_registry(
        Settings(database_url=f"sqlite:///{tmp_path / 'world.sqlite'}"), snapshot_path=built
    )
    assert report.world.twinnings >= 25_000
    # Only confident resolutions count as resolved; guesses wait in the review queue (issue 12).
    # 91.8 % since the German and Czech registers (issue 14): their small villages and
    # districts are often missing from the gazetteer, and a namesake guess is never taken.
    assert report.world.resolved_share >= 0.915
    with gzip.open(built) as fresh, gzip.open(bundled_snapshot()) as shipped:
        ours, theirs = json.load(fresh), json.load(shipped)
    for table, block in theirs["tables"].items():
        assert ours["tables"][table] == block, f"{table} differs: run `make snapshot`"
    assert ours == theirs
    assert built.read_bytes() == bundled_snapshot().read_bytes()  # byte for byte (mtime=0)


@dataclass(frozen=True)
class _Listed:
    """A source of fixed claims (real place names), for checking what the build imports."""

    id: str
    pairs: tuple[tuple[str, str, str, str], ...]

    @property
    def info(self) -> Source:
        return Source(id=self.id, title=f"test source {self.id}")

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        for line, (a, a_country, b, b_country) in enumerate(self.pairs, start=1):
            yield RawClaim(
                PlaceMention(a, a_country), PlaceMention(b, b_country), f"{self.id}:{line}"
            )


def test_the_build_uses_exactly_the_sources_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The small real gazetteer stands in for GeoNames so the build takes a second, not a minute.
    monkeypatch.setattr(build, "build_gazetteer", lambda: Gazetteer(list(ENTRIES)))
    given = _Listed("given", (("Coventry", "United Kingdom", "Volgograd", "Russia"),))
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'chosen.sqlite'}")
    report = build_registry(settings, sources=[given])
    assert report.world.claims_read == {"given": 1}  # no bundled dataset was read
    registry = Registry.open(settings)
    with registry.engine.connect() as conn:
        world = conn.execute(
            sa.select(schema.claims.c.source_id, schema.claims.c.locator).where(
                schema.claims.c.dataset == WORLD_DATASET
            )
        ).all()
    assert world == [("given", "given:1")]
