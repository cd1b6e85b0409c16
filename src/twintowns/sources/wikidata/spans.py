"""Where the entities are: pass 1's index of segments, so that pass 2 reads only a few spans.

While pass 1 reads a range it cuts the range's lines into segments: runs of whole lines that
a reader can reach without decompressing anything before them.  In a multi-member gzip a
segment starts at the first line that starts in a new member (the reader restarts at the
member's file offset and drops ``skip`` decompressed bytes); in a range read through an
existing seek-point index (:mod:`.indexed`), at the first line after a seek point once the
open segment holds 2 MiB (the reader restarts at the seek point, so nothing before it is
decompressed); in a plain file, or the first read of a gzip or bzip2 file (its seek points
not known yet), every ~4 MiB, at a line start (the reader seeks there).  Each segment keeps
the ids of its entities (as Q numbers, others as text), whether one of its lines has no id
where the dump puts it, and whether one holds ``"P297"`` (a country with an ISO code).

Pass 2 then knows which segments hold what it needs (the partners without P190 of their own,
by id, and the countries): :func:`needed` picks them, and :func:`read_span` decompresses just
those bytes.  One decompression of the dump, plus a few spans.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from twintowns.sources.wikidata.indexed import IndexedFile, span_chunks
from twintowns.sources.wikidata.streams import ByteRange, Chunk, StreamProblem, read_chunks

__all__ = ["Segment", "SegmentIndex", "Tally", "needed", "qid_at", "read_span"]

SEGMENT_BYTES = 1 << 22  # where any offset can be reached: cut every 4 MiB
_ID = re.compile(rb'"id":"([A-Z])([0-9]+)"')
_ID_HEAD = 256
_NOT_ENTITIES = frozenset({b"[", b"]", b"", b","})


@dataclass(frozen=True, slots=True)
class Segment:
    """Whole consecutive lines of a range and how to reach them.

    ``restart`` is a file offset (a gzip member start, or any byte of a plain file) or, when
    ``unpacked``, a decompressed offset reached through the seek-point index; ``skip``
    decompressed bytes come before the first line.  ``start`` and ``first_line`` place the
    segment in its range (pass 1) or, once merged, in the whole dump.
    """

    restart: int
    skip: int
    length: int
    start: int
    first_line: int
    lines: int
    unpacked: bool
    ids: array[int] = field(default_factory=lambda: array("I"))
    others: tuple[str, ...] = ()
    unknown: bool = False
    country: bool = False

    def holds(self, wanted_q: set[int], wanted_other: frozenset[str]) -> bool:
        """Does this segment hold a wanted entity, a country, or a line of unknown id?"""
        if self.unknown or self.country:
            return True
        if wanted_other and not wanted_other.isdisjoint(self.others):
            return True
        return bool(wanted_q) and not wanted_q.isdisjoint(self.ids)


def qid_at(buffer: Chunk, start: int, stop: int) -> bytes | None:
    """The id at the head of the line ``buffer[start:stop]`` (dump key order puts it in the
    first bytes), ``b""`` for the dump's framing lines, ``None`` when it is not found."""
    match = _ID.search(buffer, start, min(stop, start + _ID_HEAD))
    if match is not None:
        return match[1] + match[2]
    if stop - start > 8:
        return None
    return b"" if bytes(buffer[start:stop]).strip(b" \t\r\n") in _NOT_ENTITIES else None


class SegmentIndex:
    """Builds the segments of one range as pass 1 meets its lines (in order).

    Parameters
    ----------
    part:
        The range.
    restarts:
        For a stored gzip range: ``(decompressed offset in the range, file offset)`` of each
        member start, filled by the reader as it goes (:func:`.streams.read_chunks`); for a
        range read through an index: ``(offset in the range, decompressed offset)`` of its
        seek points, given at once (:func:`.indexed.seek_restarts`).
    """

    def __init__(self, part: ByteRange, restarts: list[tuple[int, int]]) -> None:
        self.members = part.mode == "stored" and part.compression.value == "gzip"
        self.unpacked = part.mode != "stored"
        self.seeks = self.unpacked and bool(restarts)
        self.base = 0 if part.mode == "build" else part.start  # seek offset of range byte 0
        self.restarts, self.next_restart = restarts, 0
        self.restart = (0, part.start)  # the restart point in use: (range offset, where)
        self.segments: list[Segment] = []
        self.open: tuple[int, int, int, int] | None = None  # restart, skip, start, first line
        self.cut = 0  # range offset at or after which the next line opens a segment
        self.end = self.lines = 0
        self.ids: array[int] = array("I")
        self.others: list[str] = []
        self.unknown = self.country = False

    def line(self, pos: int, number: int, end: int, qid: bytes | None) -> None:
        """A line owned by the range: its range offset, number, end offset and id."""
        if self.open is None or pos >= self.cut or self._new_member(pos):
            self._start(pos, number)
        self.end, self.lines = end, self.lines + 1
        if qid is None:
            self.unknown = True
        elif qid.startswith(b"Q") and int(qid[1:]) < 1 << 32:
            self.ids.append(int(qid[1:]))
        elif qid:
            self.others.append(qid.decode())

    def mark_country(self) -> None:
        """The last line given holds ``"P297"``."""
        self.country = True

    def finish(self) -> list[Segment]:
        """The segments, once the range's last line is in."""
        self._close()
        return self.segments

    def _start(self, pos: int, number: int) -> None:
        self._close()
        if self.members or self.seeks:
            starts = self.restarts
            while self.next_restart < len(starts) and starts[self.next_restart][0] <= pos:
                self.restart = starts[self.next_restart]
                self.next_restart += 1
            # cut only where a later member starts (the reader tells as it goes) or after a
            # seek point: a cut between two of those would not spare decompressing any byte
            self.cut = 1 << 62
            self.open = (self.restart[1], pos - self.restart[0], pos, number)
        else:
            self.cut = pos + SEGMENT_BYTES
            self.open = (self.base + pos, 0, pos, number)
        self.end, self.lines = pos, 0

    def _new_member(self, pos: int) -> bool:
        """Has a member started (or, through an index, been passed a seek point with the open
        segment 2 MiB long) since the open segment's restart point, at or before ``pos``?"""
        later = self.next_restart
        if not (self.members or self.seeks) or later >= len(self.restarts):
            return False
        if self.restarts[later][0] > pos:
            return False
        return self.members or pos - (self.open[2] if self.open else 0) >= SEGMENT_BYTES // 2

    def _close(self) -> None:
        if self.open is None:
            return
        (restart, skip, start, first), self.open = self.open, None
        self.segments.append(
            Segment(
                restart, skip, self.end - start, start, first, self.lines, self.unpacked,
                self.ids, tuple(self.others), self.unknown, self.country,
            )
        )  # fmt: skip
        self.ids, self.others = array("I"), []
        self.unknown = self.country = False


def needed(segments: list[Segment], wanted: frozenset[str]) -> list[Segment]:
    """The segments pass 2 must read to find ``wanted`` (and every country)."""
    wanted_q = {int(w[1:]) for w in wanted if w[:1] == "Q" and w[1:].isdigit()}
    others = frozenset(w for w in wanted if not (w[:1] == "Q" and w[1:].isdigit()))
    return [s for s in segments if s.holds(wanted_q, others)]


class Tally:
    """Decompressed bytes produced for pass 2 (what its spans cost, seek points aside)."""

    def __init__(self) -> None:
        self.bytes = 0


def read_span(
    part: ByteRange,
    segment: Segment,
    problems: list[StreamProblem],
    tally: Tally,
    handle: IndexedFile | None = None,
) -> Iterator[Chunk]:
    """The decompressed bytes of ``segment`` (its whole lines), in pieces; ``part`` names the
    file (path, compression, mode and seek-point index), ``handle`` is the file already
    open through its index (for unpacked segments).  Every byte decompressed to reach them,
    before and after, is added to ``tally``."""
    stop = segment.restart + segment.skip + segment.length
    if segment.unpacked and handle is not None:
        kind = part.compression.value
        spans = span_chunks(handle, kind, segment.restart, stop, problems)
        yield from _window(spans, segment, tally)
        return
    if segment.unpacked:
        reach = ByteRange(
            part.path, part.compression, segment.restart, stop, 0, "unpacked", part.seek_index
        )
    elif part.compression.value == "gzip":  # from the member start, streamed, as far as needed
        reach = ByteRange(part.path, part.compression, segment.restart, segment.restart)
    else:
        reach = ByteRange(part.path, part.compression, segment.restart, stop)
    to_eof = reach.start == reach.end and stop > reach.start
    yield from _window(read_chunks(reach, 1 << 22, problems, to_eof=to_eof), segment, tally)


def _window(
    chunks: Iterator[tuple[Chunk | None, int]] | Iterator[tuple[bytes | None, int]],
    segment: Segment,
    tally: Tally,
) -> Iterator[Chunk]:
    skip, left = segment.skip, segment.length
    for chunk, _ in chunks:
        if chunk is None:
            return
        tally.bytes += len(chunk)
        if skip >= len(chunk):
            skip -= len(chunk)
            continue
        piece = chunk[skip : skip + left]
        skip, left = 0, left - len(piece)
        yield piece
        if left <= 0:
            return
