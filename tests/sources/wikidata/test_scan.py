"""Cutting a dump into ranges never loses or repeats a line, wherever the cuts fall."""

from __future__ import annotations

from pathlib import Path

import pytest

from twintowns.sources.wikidata.search import Finder
from twintowns.sources.wikidata.streams import Compression, compression_of, plan_ranges

from .support import read_all


@pytest.mark.parametrize(
    "name", ["p190_minidump.json", "p190_minidump.multimember.json.gz", "synthetic_edge_cases.json"]
)
@pytest.mark.parametrize(("parts", "chunk"), [(2, 1 << 22), (5, 4096), (13, 777), (60, 1 << 16)])
def test_any_cut_gives_the_same_claims_and_problems(
    fixtures: Path, name: str, parts: int, chunk: int
) -> None:
    whole = read_all(fixtures / name)
    cut = read_all(fixtures / name, parts=parts, chunk_size=chunk)
    assert cut[0] == whole[0]
    assert [str(p) for p in cut[1]] == [str(p) for p in whole[1]]
    assert cut[2].report.entities == whole[2].report.entities


def test_gzip_ranges_start_on_member_starts(fixtures: Path) -> None:
    path = fixtures / "p190_minidump.multimember.json.gz"
    assert compression_of(path) is Compression.GZIP
    starts = [r.start for r in plan_ranges(path, 5)]
    members = {0, 22, 123308, 123330, 245804}  # from PROVENANCE's description, checked by zlib
    assert set(starts) <= members
    assert len(starts) >= 3
    assert [r.start for r in plan_ranges(fixtures / "qsdump_2023_entities.json.bz2", 4)] == [0]


def test_simd_search_finds_what_bytes_find_finds(fixtures: Path) -> None:
    data = (fixtures / "dump_head_50_lines.json").read_bytes()
    fast, slow = Finder(b'"P190"'), Finder(b'"P190"', simd=False)
    hits = []
    position = fast.find(data)
    while position >= 0:
        assert position == slow.find(data, hits[-1] + 1 if hits else 0)
        hits.append(position)
        position = fast.find(data, position + 1, len(data) - 10)
    assert len(hits) > 94  # keys of the claims maps and "property" values
