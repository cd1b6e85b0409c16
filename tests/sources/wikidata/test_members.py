"""The whole-member fast path takes healthy members exactly and declines everything else."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from twintowns.sources.wikidata.members import MemberReader, have_libdeflate
from twintowns.sources.wikidata.search import Finder, count_newlines
from twintowns.sources.wikidata.streams import ByteRange, Compression, StreamProblem, read_chunks

LINE = b'{"type":"item","id":"Q%d","claims":{"P190":[]},"labels":{"en":{"value":"Town %d"}}},\n'
FAKE_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"  # flags 0, XFL 0, OS 3 (Unix)


def _members(tmp_path: Path, parts: list[bytes], *, level: int = 6) -> tuple[Path, list[int]]:
    """A file of one gzip member per part; returns it and the member starts."""
    starts, data = [], b""
    for part in parts:
        starts.append(len(data))
        data += gzip.compress(part, compresslevel=level, mtime=0)
    path = tmp_path / "dump.json.gz"
    path.write_bytes(data)
    return path, starts


def _batch(first: int, count: int) -> bytes:
    return b"".join(LINE % (n, n) for n in range(first, first + count))


def _take_all(path: Path, **options: int) -> list[tuple[bytes, int] | None]:
    size = path.stat().st_size
    taken: list[tuple[bytes, int] | None] = []
    with path.open("rb") as handle, MemberReader(handle, size, **options) as reader:
        pos = 0
        while pos < size:
            got = reader.take(pos)
            taken.append(None if got is None else (bytes(got[0]), got[1]))
            if got is None:
                break
            pos = got[1]
    return taken


def test_libdeflate_is_there() -> None:
    assert have_libdeflate()  # a declared dependency: the fast path is what the tests run


def test_every_member_is_taken_whole_with_its_exact_end(tmp_path: Path) -> None:
    parts = [b"[\n", _batch(0, 400), b",\n", _batch(400, 3), b"\n]\n"]
    path, starts = _members(tmp_path, parts)
    taken = _take_all(path)
    assert [t[0] for t in taken if t] == parts
    assert [t[1] for t in taken if t] == [*starts[1:], path.stat().st_size]


def test_a_chance_header_inside_a_member_is_not_taken_for_its_end(tmp_path: Path) -> None:
    # stored (level 0) blocks keep the payload verbatim: a gzip header and a plausible ISIZE
    # just before it then appear inside the compressed member
    head = _batch(0, 50)
    plausible_size = (len(head) + 40).to_bytes(4, "little")
    payload = head + plausible_size + FAKE_HEADER + _batch(50, 50)
    path, _ = _members(tmp_path, [payload, b"\n]\n"], level=0)
    raw = path.read_bytes()
    assert raw.find(FAKE_HEADER, 18) < len(gzip.compress(payload, compresslevel=0))
    taken = _take_all(path)
    assert [t[0] for t in taken if t] == [payload, b"\n]\n"]


def test_it_declines_what_the_streaming_inflater_must_report(tmp_path: Path) -> None:
    body = _batch(0, 2000)
    whole = gzip.compress(body, compresslevel=6, mtime=0)
    cut = tmp_path / "truncated.json.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    assert _take_all(cut) == [None]
    empty, _ = _members(tmp_path, [b""])
    assert _take_all(empty) == [None]  # libdeflate would not check a member of size 0
    garbage = tmp_path / "garbage.json.gz"
    garbage.write_bytes(b"not gzip at all" * 10)
    assert _take_all(garbage) == [None]
    big, _ = _members(tmp_path, [body])
    assert _take_all(big, max_member=len(body) - 1) == [None]
    assert _take_all(big, window=len(whole) // 2) == [None]
    assert _take_all(big)[0] == (body, len(whole))


def test_declined_members_are_still_read_by_streaming(tmp_path: Path) -> None:
    parts = [b"[\n", _batch(0, 300), b"", _batch(300, 300), b"\n]\n"]
    path, _ = _members(tmp_path, parts)
    part = ByteRange(str(path), Compression.GZIP, 0, path.stat().st_size)
    problems: list[StreamProblem] = []
    chunks = [bytes(c) for c, _ in read_chunks(part, 1 << 20, problems) if c is not None]
    assert b"".join(chunks) == b"".join(parts)
    assert problems == []


@pytest.mark.parametrize("size", [0, 5, 1023, 1024, 70_000])
def test_newline_count_and_search_agree_with_bytes(size: int) -> None:
    data = (b'x"P190"\n' * (size // 8 + 1))[:size]
    for start, stop in [(0, size), (3, max(size - 3, 3)), (size // 2, size)]:
        assert count_newlines(data, start, stop) == data.count(b"\n", start, stop)
        view = memoryview(bytearray(data))
        for finder in (Finder(b'"P190"'), Finder(b'"P190"', simd=False)):
            assert finder.find(view, start, stop) == data.find(b'"P190"', start, stop)
