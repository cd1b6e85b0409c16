"""The benchmark dump generator writes a realistic dump the reader reads back exactly."""

from __future__ import annotations

import zlib
from dataclasses import replace
from pathlib import Path

from twintowns.sources.wikidata.generate import generate_dump

from .support import read_all


def test_generated_dump_is_read_back(tmp_path: Path) -> None:
    path = tmp_path / "bench.json.gz"
    made = generate_dump(path, 2_000_000, seed=7, twin_every=200)
    assert path.stat().st_size >= 2_000_000
    assert zlib.decompressobj(31).decompress(path.read_bytes()) == b"[\n"  # multi-member
    assert 3 <= made.twinned <= made.entities // 50
    assert 10_000 <= made.decompressed_bytes // made.entities <= 40_000  # kilobytes an entity
    claims, problems, source = read_all(path, workers=1, parts=3)
    assert problems == []
    assert len(claims) == made.statements
    assert source.report.entities == made.entities + 2  # with "[" and "]"
    assert source.report.partners_not_in_dump == []  # the lonely partners are written too
    assert len({c.claimant.qid for c in claims}) == made.twinned
    again = generate_dump(tmp_path / "again.json.gz", 2_000_000, seed=7, twin_every=200)
    assert replace(again, path=path) == made
    assert again.path.read_bytes() == path.read_bytes()  # the same seed writes the same bytes
