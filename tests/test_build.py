"""The world build: deterministic, and the shipped snapshot is what the code builds."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from twintowns.build import build_registry
from twintowns.registry import bundled_snapshot
from twintowns.settings import Settings


@pytest.mark.slow
def test_a_fresh_build_reproduces_the_shipped_snapshot(tmp_path: Path) -> None:
    built = tmp_path / "world.json.gz"
    report = build_registry(
        Settings(database_url=f"sqlite:///{tmp_path / 'world.sqlite'}"), snapshot_path=built
    )
    assert report.world.twinnings >= 25_000
    assert report.world.resolved_share >= 0.96
    with gzip.open(built) as fresh, gzip.open(bundled_snapshot()) as shipped:
        ours, theirs = json.load(fresh), json.load(shipped)
    for table, block in theirs["tables"].items():
        assert ours["tables"][table] == block, f"{table} differs: run `make snapshot`"
    assert ours == theirs
    assert built.read_bytes() == bundled_snapshot().read_bytes()  # byte for byte (mtime=0)
