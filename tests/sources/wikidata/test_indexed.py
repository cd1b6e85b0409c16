"""Any gzip (one member, many) and bzip2 give the same claims, however the dump is cut; pass 2
reads only the spans pass 1 indexed; corrupt data is reported with its offset."""

from __future__ import annotations

import bz2
import zlib
from pathlib import Path

import pytest

from twintowns.sources.wikidata import spans
from twintowns.sources.wikidata.generate import generate_dump
from twintowns.sources.wikidata.indexed import existing_index

from .support import read_all

_MEMBER = 1 << 18


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One generated dump (about 8 MB of JSON, 200 twinned cities) in five structures."""
    folder = tmp_path_factory.mktemp("dumps")
    made = generate_dump(folder / "made.json.gz", 1_500_000, seed=3, twin_every=40)
    plain = _gunzip(made.path)
    (folder / "plain.json").write_bytes(plain)
    (folder / "single.json.gz").write_bytes(_gzip(plain))
    members = b"".join(_gzip(plain[at : at + _MEMBER]) for at in range(0, len(plain), _MEMBER))
    (folder / "members.json.gz").write_bytes(members)
    (folder / "dump.json.bz2").write_bytes(bz2.compress(plain, compresslevel=1))
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
    for name in ("single", "members", "dump"):
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


def test_indexed_on_two_local_workers(dumps: dict[str, Path]) -> None:
    expected = read_all(dumps["plain"])[0]
    claims, _, source = read_all(dumps["single"], decompression="indexed", workers=2)
    assert claims == expected
    assert source.report.ranges >= 2 if existing_index(dumps["single"]) else True


@pytest.mark.parametrize(
    ("name", "options"),
    [("plain", {}), ("members", {}), ("single", {"decompression": "indexed"}),
     ("dump", {"parts": 3})],
)  # fmt: skip
def test_pass_two_reads_only_the_indexed_spans(
    dumps: dict[str, Path], name: str, options: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    # segments of 256 kB (4 MiB in use) so that this small dump has a few dozen of them
    monkeypatch.setattr(spans, "SEGMENT_BYTES", _MEMBER)
    read_all(dumps[name], **options)  # the index exists from here on
    _, _, source = read_all(dumps[name], **options)
    report = source.report
    assert report.second_pass
    assert report.segments > report.segments_read > 0
    # what pass 2 decompressed: its spans (plus, for members, the rest of a member's first
    # bytes), a fraction of the dump that pass 1 read whole
    assert 0 < report.second_pass_bytes < report.decompressed_bytes / 3
    assert report.partners_not_in_dump == []


def test_a_corrupt_span_reports_its_offset(dumps: dict[str, Path], tmp_path: Path) -> None:
    for name, suffix in (("single", ".json.gz"), ("dump", ".json.bz2")):
        data = bytearray(dumps[name].read_bytes())
        middle = len(data) // 2
        data[middle : middle + 64] = b"\x55" * 64
        broken = tmp_path / f"broken{suffix}"
        broken.write_bytes(bytes(data))
        _claims, problems, source = read_all(broken, decompression="indexed")
        [problem] = [p for p in problems if "corrupt" in p.message]
        assert "after decompressed byte" in problem.message
        assert "file byte" in problem.message
        kind = "gzip" if name == "single" else "bz2"
        assert f"corrupt {kind} data" in problem.message
        assert source.report.problems >= 1
        assert existing_index(broken) is None  # no index of a file that could not be read
