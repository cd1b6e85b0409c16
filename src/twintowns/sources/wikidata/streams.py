"""Byte ranges of a dump file and their decompressed bytes, chunk by chunk.

A dump is ``.json``, ``.json.gz`` or ``.json.bz2``.  Production gzips each batch of entities
as its own gzip member, so a ``.json.gz`` can be cut into ranges that start on member
boundaries and be decompressed by many workers at once; a plain file can be cut anywhere (the
reader's line-ownership rule, in :mod:`.scan`, makes any cut safe).  A ``.bz2`` file, or a
gzip of large members, is read through a seek-point index instead (:mod:`.indexed`, ranges
of decompressed bytes); this module's own bzip2 reader is the one-range fallback.
:func:`plan_ranges` finds the cuts by looking for a gzip member header near each ideal cut
and checking it really starts a member (it must inflate into dump text).

:func:`read_chunks` reads one range: each gzip member whole with libdeflate where
:mod:`.members` can take it (the fast path), else streamed in small steps with python-isal
(two to three times zlib's speed here; the standard library when isal is missing), which is
also what reports problems: a truncated or corrupt member is appended to ``problems`` with its
byte offset in the compressed file, and reading goes on at the next member, after a ``None``
that marks the gap.
"""

from __future__ import annotations

import bz2
import io
import itertools
import os
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from twintowns.sources.wikidata.members import GZIP_MAGIC, MEMBER_MIN, MemberReader

Chunk = bytes | bytearray  # whole members come as bytearray (libdeflate), streamed ones as bytes

_isal_zlib: Any
try:  # python-isal: much faster inflate; the standard library is the fallback
    from isal import isal_zlib as _isal_zlib
except ImportError:  # pragma: no cover - isal is a declared dependency
    _isal_zlib = None

__all__ = [
    "ByteRange",
    "Chunk",
    "Compression",
    "StreamProblem",
    "compression_of",
    "next_member",
    "plan_ranges",
    "read_chunks",
    "using_isal",
]

_SCAN_BLOCK = 1 << 20
_INFLATE_BLOCK = 1 << 15  # output (~140 kB) stays in cache for the search after it
_PROBE = 1 << 16
_DUMP_STARTS = frozenset(b"{,[]\n\r \t")
_INFLATE_ERRORS: tuple[type[BaseException], ...] = (zlib.error, OSError, ValueError)
if _isal_zlib is not None:
    _INFLATE_ERRORS = (*_INFLATE_ERRORS, _isal_zlib.error)


class Compression(StrEnum):
    """How a dump file is compressed."""

    NONE = "none"
    GZIP = "gzip"
    BZIP2 = "bz2"


@dataclass(frozen=True, slots=True)
class ByteRange:
    """A part of a dump file: bytes ``[start, end)`` of the file as stored (compressed)."""

    path: str
    compression: Compression
    start: int
    end: int
    index: int = 0
    # "stored": start and end are file bytes; "unpacked": decompressed bytes, reached through
    # the seek-point index ``seek_index`` (:mod:`.indexed`); "build": the whole file, read with
    # ``threads`` decompression threads, its seek points then saved to ``seek_index``
    mode: str = "stored"
    seek_index: str | None = None
    threads: int = 1

    @property
    def size(self) -> int:
        """Bytes of the file in this range."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class StreamProblem:
    """A part of the compressed stream that could not be read, at a file byte offset."""

    offset: int
    message: str


def using_isal() -> bool:
    """True when gzip is inflated with python-isal."""
    return _isal_zlib is not None


def compression_of(path: Path) -> Compression:
    """The compression of a dump file, from its first bytes (its name as a fallback)."""
    with path.open("rb") as handle:
        head = handle.read(3)
    if head.startswith(b"\x1f\x8b"):
        return Compression.GZIP
    if head.startswith(b"BZh"):
        return Compression.BZIP2
    if path.suffix in (".gz", ".bz2"):
        return Compression.GZIP if path.suffix == ".gz" else Compression.BZIP2
    return Compression.NONE


class _Window(io.RawIOBase):
    """Bytes ``[start, end)`` of a file as a readable raw stream; ``pos`` is the file offset."""

    def __init__(self, path: str, start: int, end: int) -> None:
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 - closed in close()
        self._file.seek(start)
        self.pos = start
        self.end = end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), self.end - self.pos)
        if want <= 0:
            return 0
        got = self._file.readinto(view[:want]) or 0
        self.pos += got
        return got

    def close(self) -> None:
        self._file.close()
        super().close()


def read_chunks(
    part: ByteRange,
    chunk_size: int,
    problems: list[StreamProblem],
    *,
    to_eof: bool = False,
    restarts: list[tuple[int, int]] | None = None,
    handle: Any = None,
) -> Iterator[tuple[Chunk | None, int]]:
    """Decompressed chunks of ``part`` with the file offset reached after each.

    With ``to_eof`` the stream goes on past ``part.end`` to the end of the file (for the
    last line of a range, which ends in the next one); it is then streamed in small steps,
    never a whole member at once, as only its first bytes are wanted.  A ``None`` chunk marks
    a gap left by an unreadable gzip member (reported in ``problems``).  ``restarts``, when
    given, receives ``(decompressed offset in the range, file offset)`` of every gzip member
    start read (where a later read can start again).  Ranges in decompressed bytes (``mode``
    "unpacked" or "build") are read by :func:`.indexed.unpacked_chunks`, through ``handle``
    (an :class:`.indexed.IndexedFile`) when given.
    """
    if part.mode != "stored":
        from twintowns.sources.wikidata.indexed import unpacked_chunks

        yield from unpacked_chunks(part, problems, to_eof=to_eof, handle=handle)
        return
    end = os.path.getsize(part.path) if to_eof else part.end
    if part.compression is Compression.GZIP:
        inflater = _Inflater(part.path, end, chunk_size, problems, whole=not to_eof)
        yield from inflater.chunks(part.start, restarts)
        return
    raw = _Window(part.path, part.start, end)
    stream: IO[bytes] = (
        bz2.BZ2File(raw, mode="rb")
        if part.compression is Compression.BZIP2
        else io.BufferedReader(raw, buffer_size=_SCAN_BLOCK)
    )
    try:
        while chunk := stream.read(chunk_size):
            yield chunk, raw.pos
    except EOFError:
        problems.append(StreamProblem(raw.pos, _truncated(part.path, part.compression, raw.pos)))
    except _INFLATE_ERRORS as exc:
        problems.append(StreamProblem(raw.pos, f"corrupt bzip2 data near byte {raw.pos} ({exc})"))
    finally:
        stream.close()


class _Inflater:
    """Gzip members one after the other, tracking the file offset of every byte consumed, so
    a member that ends past ``end`` or breaks off is reported where it happens and nothing
    decompressed before it is lost."""

    def __init__(
        self, path: str, end: int, chunk_size: int, problems: list[StreamProblem], *, whole: bool
    ) -> None:
        self.path, self.end, self.chunk_size, self.problems = path, end, chunk_size, problems
        self.whole = whole  # take whole members where the fast path can
        self.zlib: Any = _isal_zlib if _isal_zlib is not None else zlib

    def chunks(
        self, start: int, restarts: list[tuple[int, int]] | None = None
    ) -> Iterator[tuple[Chunk | None, int]]:
        """Inflate from ``start`` (a member start) to ``end``: whole members where the fast
        path takes them (:mod:`.members`), streamed otherwise."""
        mapped = self.end if self.whole else 0  # a reader of nothing takes nothing
        produced = 0
        with open(self.path, "rb", buffering=0) as handle, MemberReader(handle, mapped) as whole:
            pos: int | None = start
            while pos is not None and pos < self.end:
                if restarts is not None:
                    restarts.append((produced, pos))
                taken = whole.take(pos)
                if taken is not None:
                    produced += len(taken[0])
                    yield from _pieces(taken[0], self.chunk_size, pos, taken[1])
                    pos = taken[1]
                    continue
                handle.seek(pos)
                streamed = self._member(handle, pos)
                try:
                    while True:
                        out = next(streamed)
                        produced += len(out[0] or b"")
                        yield out
                except StopIteration as stop:
                    pos = stop.value

    def _member(
        self, handle: IO[bytes], pos: int
    ) -> Generator[tuple[Chunk | None, int], None, int | None]:
        """Stream the member at ``pos``; returns where the next one starts, or where to
        resume after corrupt data (a ``None`` chunk marks the gap), or ``None``: done."""
        inflater, data, member = self.zlib.decompressobj(31), b"", pos
        while True:
            if not data:
                data = handle.read(min(_INFLATE_BLOCK, self.end - pos)) if pos < self.end else b""
                if not data:
                    self.problems.append(StreamProblem(pos, _truncated(self.path, "gzip", pos)))
                    return None
            try:
                out = inflater.decompress(data, self.chunk_size)
            except _INFLATE_ERRORS as exc:
                resume = self._corrupt(member, pos + len(data), exc)
                if resume is not None:
                    yield None, resume
                return resume
            rest = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
            pos, data = pos + len(data) - len(rest), rest
            if out:
                yield out, pos
            if inflater.eof:
                return pos

    def _corrupt(self, member: int, reached: int, exc: BaseException) -> int | None:
        resume = next_member(self.path, member + 1, self.end)
        then = f"resumed at byte {resume}" if resume is not None else "skipped the rest"
        message = f"corrupt gzip member at bytes {member}..{reached} ({exc}); {then}"
        self.problems.append(StreamProblem(member, message))
        return resume


def _pieces(out: bytearray, size: int, begin: int, end: int) -> Iterator[tuple[Chunk, int]]:
    """A whole member's bytes in chunks of at most ``size`` (offset ``end`` on the last)."""
    if len(out) <= size:
        yield out, end
        return
    for at in range(0, len(out), size):
        yield out[at : at + size], end if at + size >= len(out) else begin


def _truncated(path: str, kind: str, offset: int) -> str:
    if offset >= os.path.getsize(path):
        return f"truncated {kind} stream: the file ends at byte {offset} inside a member"
    return f"a {kind} member runs past byte {offset}, the end of its range (not a member start)"


def _member_starts_here(handle: IO[bytes], offset: int) -> bool:
    """True when a gzip member starts at ``offset`` and inflates into dump text."""
    handle.seek(offset)
    head = handle.read(_PROBE)
    if len(head) < MEMBER_MIN or not head.startswith(GZIP_MAGIC) or head[3] & 0xE0:
        return False
    inflater = zlib.decompressobj(31)
    try:
        out = inflater.decompress(head, 4096)
    except zlib.error:
        return False
    if not out:
        return False
    big_enough = inflater.eof or len(out) >= 4096 or len(head) < _PROBE
    return big_enough and out[0] in _DUMP_STARTS and b"\0" not in out


def next_member(path: str, offset: int, limit: int) -> int | None:
    """The offset of the first gzip member that starts in ``[offset, limit)``, or ``None``."""
    with open(path, "rb") as handle:
        position = offset
        while position < limit:
            handle.seek(position)
            block = handle.read(min(_SCAN_BLOCK, limit - position) + len(GZIP_MAGIC) - 1)
            found = block.find(GZIP_MAGIC)
            while found >= 0 and position + found < limit:
                if _member_starts_here(handle, position + found):
                    return position + found
                found = block.find(GZIP_MAGIC, found + 1)
            position += _SCAN_BLOCK
    return None


def plan_ranges(path: Path, parts: int, compression: Compression | None = None) -> list[ByteRange]:
    """Cut a dump file into about ``parts`` ranges that workers can read independently.

    Gzip files are cut at member starts found near the ideal cuts (fewer ranges when members
    are large or the file is a single member); bzip2 files are not cut.
    """
    kind = compression or compression_of(path)
    size = path.stat().st_size
    cuts = {0}
    if kind is not Compression.BZIP2 and parts > 1:
        step = max(size // parts, 1)
        for ideal in range(step, size, step):
            if kind is Compression.NONE:
                cuts.add(ideal)
            else:
                found = next_member(str(path), ideal, min(ideal + step, size))
                if found is not None:
                    cuts.add(found)
    ordered = [*sorted(c for c in cuts if c < size), size]
    return [
        ByteRange(str(path), kind, start, end, index)
        for index, (start, end) in enumerate(itertools.pairwise(ordered))
    ] or [ByteRange(str(path), kind, 0, 0, 0)]
