"""Any gzip (one member, many) and bzip2 give the same claims, however the dump is cut; pass 2
reads only the spans pass 1 indexed; corrupt data is reported with its offset."""

from __future__ import annotations

import bz2
import itertools
import zlib
from pathlib import Path

import pytest

from twintowns.sources.wikidata import indexed, spans
from twintowns.sources.wikidata.generate import generate_dump
from twintowns.sources.wikidata.indexed import existing_index, index_layout, index_path_for
from twintowns.sources.wikidata.plan import at_seek_points, pass_one, seek_cuts
from twintowns.sources.wikidata.scan import RangeTask, scan_range

from .support import read_all

_MEMBER = 1 << 18
_STREAM = 300_000


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One generated dump (about 8 MB of JSON, 200 twinned cities) in six structures."""
    folder = tmp_path_factory.mktemp("dumps")
    made = generate_dump(folder / "made.json.gz", 1_500_000, seed=3, twin_every=40)
    plain = _gunzip(made.path)
    (folder / "plain.json").write_bytes(plain)
    (folder / "single.json.gz").write_bytes(_gzip(plain))
    members = b"".join(_gzip(plain[at : at + _MEMBER]) for at in range(0, len(plain), _MEMBER))
    (folder / "members.json.gz").write_bytes(members)
    (folder / "dump.json.bz2").write_bytes(bz2.compress(plain, compresslevel=1))
    # bzip2 as pbzip2 writes it: independent streams one after the other (lbzip2 writes one)
    streams = (bz2.compress(plain[at : at + _STREAM], 1) for at in range(0, len(plain), _STREAM))
    (folder / "streams.json.bz2").write_bytes(b"".join(streams))
    return {p.name.split(".")[0]: p for p in folder.iterdir() if not p.name.endswith("seekidx")}


def _gzip(data: bytes) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def _gunzip(path: Path) -> bytes:
    import gzip

    return gzip.decompress(path.read_bytes())


def test_every_structure_and_cut_gives_the_same_claims(dumps: dict[str, Path]) -> None:
    expected, problems, source = read_all(dumps["plain"])
    assert problems == []
    assert len(expected) > 150
    assert source.report.second_pass
    for name in ("single", "members", "dump", "streams"):
        first = read_all(dumps[name], decompression="indexed")  # builds the index
        assert first[0] == expected, name
        assert first[2].report.indexed
        assert first[2].report.ranges == 1
        assert existing_index(dumps[name]) is not None
        for parts in (1, 2, 3, 7):  # ranges of the decompressed stream, through the index
            claims, problems, again = read_all(dumps[name], decompression="indexed", parts=parts)
            assert (claims, problems) == (expected, []), (name, parts)
            assert again.report.ranges == parts
    for parts in (1, 2, 5):  # the member fast path
        assert read_all(dumps["members"], parts=parts)[0] == expected
    assert not read_all(dumps["members"])[2].report.indexed  # small members: members it is
    assert read_all(dumps["dump"])[2].report.indexed  # bzip2 always goes through the index
    assert read_all(dumps["streams"])[2].report.indexed


def test_indexed_on_two_local_workers(dumps: dict[str, Path]) -> None:
    expected = read_all(dumps["plain"])[0]
    index_path_for(dumps["single"]).unlink(missing_ok=True)
    # first read: one task, rapidgzip read ahead by a second thread while this one searches
    claims, problems, source = read_all(dumps["single"], decompression="indexed", workers=2)
    assert (claims, problems) == (expected, [])
    assert source.report.ranges == 1
    # no helper was started for one range, and none is for pass 2's few spans either
    assert source.report.second_pass_tasks == 1
    assert existing_index(dumps["single"]) is not None
    claims, problems, source = read_all(dumps["single"], decompression="indexed", workers=2)
    assert (claims, problems) == (expected, [])
    assert source.report.ranges == 2  # then split: two per process, none under 4 MiB
    # the helper is up: pass 2 shares its spans with it, up to four tasks per process
    assert source.report.second_pass_tasks == min(source.report.segments_read, 8) > 1


@pytest.mark.parametrize(
    ("name", "options"),
    [("plain", {}), ("members", {}), ("single", {"decompression": "indexed"}),
     ("dump", {"parts": 3}), ("streams", {"parts": 2})],
)  # fmt: skip
def test_pass_two_reads_only_the_indexed_spans(
    dumps: dict[str, Path], name: str, options: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    # segments of 256 kB (4 MiB in use) so that this small dump has a few dozen of them, and
    # for the same reason gzip seek points every 256 kB of file (4 MiB in use)
    monkeypatch.setattr(spans, "SEGMENT_BYTES", _MEMBER)
    monkeypatch.setattr(indexed, "BUILD_CHUNK", _MEMBER)
    index_path_for(dumps[name]).unlink(missing_ok=True)  # built anew with those seek points
    read_all(dumps[name], **options)  # the index exists from here on
    _, _, source = read_all(dumps[name], **options)
    report = source.report
    assert report.second_pass
    assert report.segments > report.segments_read > 0
    # what pass 2 decompressed: its spans, each from the member start or seek point before it,
    # a fraction of the dump that pass 1 read whole
    assert 0 < report.second_pass_bytes < report.decompressed_bytes / 3
    assert report.partners_not_in_dump == []


@pytest.mark.parametrize("workers", [1, 2])  # 2: gzip read ahead in a thread, bzip2 threads
def test_a_corrupt_span_reports_its_offset(
    dumps: dict[str, Path], tmp_path: Path, workers: int
) -> None:
    for name, suffix in (("single", ".json.gz"), ("dump", ".json.bz2"), ("streams", ".json.bz2")):
        data = bytearray(dumps[name].read_bytes())
        middle = len(data) // 2
        data[middle : middle + 64] = b"\x55" * 64
        broken = tmp_path / f"broken{suffix}"
        broken.write_bytes(bytes(data))
        _claims, problems, source = read_all(broken, decompression="indexed", workers=workers)
        [problem] = [p for p in problems if "corrupt" in p.message]
        assert "after decompressed byte" in problem.message
        assert "file byte" in problem.message
        kind = "gzip" if name == "single" else "bz2"
        assert f"corrupt {kind} data" in problem.message
        assert source.report.problems >= 1
        assert existing_index(broken) is None  # no index of a file that could not be read


def test_seek_cuts_fall_on_seek_points_and_keep_every_range() -> None:
    points = [0, 100, 210, 290, 400, 520]
    assert seek_cuts(points, 600, 3) == [0, 210, 400, 600]  # the nearest seek points
    assert seek_cuts(points, 600, 1) == [0, 600]
    many = seek_cuts(points, 600, 12)  # more ranges than seek points: cut between them too
    assert len(many) == 13
    assert all(a < b for a, b in itertools.pairwise(many))
    assert set(points[1:]) <= set(many)
    assert seek_cuts([], 5, 5) == [0, 1, 2, 3, 4, 5]


def test_bzip2_on_two_workers_reads_whole_blocks_once(dumps: dict[str, Path]) -> None:
    expected = read_all(dumps["plain"])[0]
    index_path_for(dumps["dump"]).unlink(missing_ok=True)
    first = read_all(dumps["dump"], workers=2)  # parallel indexed_bzip2 builds the index
    assert first[0] == expected
    assert first[2].report.ranges == 1
    index = existing_index(dumps["dump"])
    assert index is not None
    _, points = index_layout(str(dumps["dump"]), "bz2", index)
    ranges = pass_one(dumps["dump"], parallel=2, parts=None, indexed=True, cluster=False)
    assert len(ranges) == 2  # two per process, unless smaller than 4 MiB each
    assert [r.start for r in ranges[1:]] == [r.end for r in ranges[:-1]]
    assert all(r.start in points for r in ranges)  # nothing decompressed before a range
    again = read_all(dumps["dump"], workers=2)
    assert again[0] == expected
    assert again[2].report.ranges == 2


def test_bzip2_ranges_share_the_decompressed_bytes_evenly(dumps: dict[str, Path]) -> None:
    """Processes over ranges scale only if the ranges are even in what they decompress (the
    JSON), whatever the compressed sizes: each within one bzip2 block of an even share, and
    together every byte once."""
    if existing_index(dumps["dump"]) is None:
        read_all(dumps["dump"], decompression="indexed")  # a first read writes the index
    index = existing_index(dumps["dump"])
    assert index is not None
    total, points = index_layout(str(dumps["dump"]), "bz2", index)
    block = max(b - a for a, b in itertools.pairwise([*points, total]))
    ranges = pass_one(dumps["dump"], parallel=2, parts=4, indexed=True, cluster=False)
    assert len(ranges) == 4
    assert all(abs(r.size - total / 4) <= block for r in ranges)
    results = [scan_range(RangeTask(r)) for r in ranges]
    assert [r.size for r in results] == [r.size for r in ranges]
    assert sum(r.size for r in results) == total


def test_ranges_through_the_index_restart_pass_two_at_seek_points(
    dumps: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spans, "SEGMENT_BYTES", _MEMBER)
    read_all(dumps["dump"], decompression="indexed")
    index = existing_index(dumps["dump"])
    assert index is not None
    _, points = index_layout(str(dumps["dump"]), "bz2", index)
    [part] = pass_one(dumps["dump"], parallel=1, parts=None, indexed=True, cluster=False)
    result = scan_range(RangeTask(part))
    assert len(result.segments) > 10
    # every segment restarts at a seek point, a part of a line after it (no whole block
    # decompressed for nothing), and holds at least half a segment's bytes but the last
    assert all(s.restart in points and s.skip < 200_000 for s in result.segments)
    assert all(s.length >= _MEMBER // 2 for s in result.segments[:-1])


def test_a_first_reads_segments_restart_at_seek_points_for_pass_two(
    dumps: dict[str, Path],
) -> None:
    read_all(dumps["dump"], decompression="indexed")  # the index exists from here on
    index = existing_index(dumps["dump"])
    assert index is not None
    _, points = index_layout(str(dumps["dump"]), "bz2", index)
    cut = spans.Segment(points[3] + 500, 7, 1000, 0, 1, 2, unpacked=True)
    member = spans.Segment(points[3] + 500, 7, 1000, 0, 1, 2, unpacked=False)
    moved, kept = at_seek_points(dumps["dump"], [cut, member])
    assert (moved.restart, moved.skip, moved.length) == (points[3], 507, 1000)
    assert kept == member  # file offsets of members are left alone


def test_a_gzip_index_is_written_with_deflated_windows_and_an_old_one_still_loads(
    dumps: dict[str, Path],
) -> None:
    import rapidgzip

    expected = read_all(dumps["plain"])[0]
    index_path_for(dumps["single"]).unlink(missing_ok=True)
    read_all(dumps["single"], decompression="indexed")
    index = existing_index(dumps["single"])
    assert index is not None
    data = Path(index).read_bytes()
    assert data.startswith(b"\0" * 8 + b"gzipind")  # gztool's format
    # raw 32 kB windows would make ~3 % of the gzip; deflated ones under 1 %
    assert len(data) < dumps["single"].stat().st_size / 100
    _, points = index_layout(str(dumps["single"]), "gzip", index)
    with rapidgzip.RapidgzipFile(str(dumps["single"]), parallelization=1) as handle:
        handle.import_index(index)
        handle.export_index(index, index_format=rapidgzip.IndexFormat.INDEXED_GZIP)
    assert Path(index).read_bytes().startswith(b"GZIDX")  # an index from an earlier version
    assert index_layout(str(dumps["single"]), "gzip", index)[1] == points
    claims, problems, source = read_all(dumps["single"], decompression="indexed", parts=3)
    assert (claims, problems) == (expected, [])
    assert source.report.ranges == 3


def test_a_large_gzip_is_read_in_larger_chunks_so_its_index_stays_small(
    dumps: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert indexed.gzip_chunk(60_000_000) == indexed.BUILD_CHUNK  # the benchmark's dumps
    assert indexed.gzip_chunk(140_000_000_000) == 64 << 20  # Wikidata's: ~22,000 points
    assert indexed.gzip_chunk(10**15) == 64 << 20  # never larger
    sizes = [indexed.gzip_chunk(n * 1_000_000_000) for n in range(1, 300, 7)]
    assert sizes == sorted(sizes)
    # this dump as a large one: fewer seek points, and every reader opens it the same way
    expected = read_all(dumps["plain"])[0]
    monkeypatch.setattr(indexed, "BUILD_CHUNK", _MEMBER)
    index_path_for(dumps["single"]).unlink(missing_ok=True)
    read_all(dumps["single"], decompression="indexed")
    index = existing_index(dumps["single"])
    assert index is not None
    _, fine = index_layout(str(dumps["single"]), "gzip", index)
    monkeypatch.setattr(indexed, "_MOST_POINTS", len(fine) // 4)
    index_path_for(dumps["single"]).unlink()
    read_all(dumps["single"], decompression="indexed")
    index = existing_index(dumps["single"])
    assert index is not None
    _, coarse = index_layout(str(dumps["single"]), "gzip", index)
    assert len(coarse) < len(fine) / 2
    claims, problems, _ = read_all(dumps["single"], decompression="indexed", parts=3)
    assert (claims, problems) == (expected, [])
    index_path_for(dumps["single"]).unlink()  # the later tests' readers use 4 MiB chunks
