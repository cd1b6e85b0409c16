"""Reading one byte range of a dump: find the wanted entity lines, parse only those.

A dump is ``[``, one entity per line (each but the last ending in ``,``), ``]``.  A range's
worker owns the lines that start after the first newline at or after its start (the first
range owns the file's first line) up to and including the line that ends at the first newline
at or after its end, which it reads from the next range.  Every line thus has exactly one
owner, wherever the cuts fall, and a worker needs nothing but its own range.

Pass 1 (``wanted is None``) is the P190 selection: it looks for ``"P190"`` in each
decompressed chunk (a SIMD search, :mod:`.search`) and parses only the lines around the hits,
the twinning statements and their subjects' facts.  Pass 2 reads what those statements refer
to: it matches each line's id (a few bytes at its start) against the partners still missing,
and looks for ``"P297"`` in it (the countries, for their ISO codes), and parses only those
lines.  Both count lines, so problems can be reported with their line number once all ranges
are done.  Pass 1 also puts every line into the range's segment index (:mod:`.spans`: its id,
whether it holds ``"P297"``), and pass 2 is then given only the segments it needs
(``RangeTask.spans``) rather than whole ranges.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace

import orjson

from twintowns.sources.wikidata.entity import EntityRecord, read_entity
from twintowns.sources.wikidata.heap import reused_buffers
from twintowns.sources.wikidata.indexed import IndexedFile, open_indexed, seek_restarts
from twintowns.sources.wikidata.search import Finder
from twintowns.sources.wikidata.spans import Segment, SegmentIndex, Tally, qid_at, read_span
from twintowns.sources.wikidata.streams import ByteRange, Chunk, StreamProblem, read_chunks

__all__ = ["LineProblem", "RangeResult", "RangeTask", "scan_range"]

CHUNK_SIZE = 1 << 26  # at most: a whole gzip member is one chunk unless it is larger
_TWINNED = Finder(b'"P190"')
_COUNTRY = Finder(b'"P297"')
_NEWLINE = Finder(b"\n")
_ID = re.compile(rb'"id":"([A-Z][0-9]+)"')
_ID_HEAD = 256
_SKIP = frozenset({b"[", b"]", b""})

Progress = Callable[[int, int], None]  # (compressed bytes read, lines read) since last call


@dataclass(frozen=True, slots=True)
class RangeTask:
    """What a worker is asked to do: a range, and the ids to find (``None``: pass 1)."""

    part: ByteRange
    wanted: frozenset[str] | None = None  # pass 2 (also every country) when given
    chunk_size: int = CHUNK_SIZE
    spans: tuple[Segment, ...] | None = None  # pass 2: only these segments of the file


@dataclass(frozen=True, slots=True)
class LineProblem:
    """A problem at a line of a range: ``line`` counts from 1 at the range's first owned line,
    ``offset`` from the range's first decompressed byte (both made absolute afterwards)."""

    line: int
    offset: int
    message: str


@dataclass(slots=True)
class RangeResult:
    """What a worker found in its range."""

    index: int
    lines: int = 0
    size: int = 0  # decompressed bytes of the range itself
    records: list[tuple[int, EntityRecord]] = field(default_factory=list)  # (line, record)
    problems: list[LineProblem] = field(default_factory=list)
    stream_problems: list[StreamProblem] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)  # pass 1: where its lines are


class _Scanner:
    """The line-ownership state machine of one range (see the module docstring)."""

    def __init__(self, task: RangeTask, restarts: list[tuple[int, int]] | None = None) -> None:
        self.wanted = task.wanted
        self.index = SegmentIndex(task.part, restarts if restarts is not None else [])
        self.result = RangeResult(task.part.index)
        self.skipping = task.part.start > 0
        self.pending: list[Chunk] = []
        self.pending_at = 0  # range offset of the pending line's first byte
        self.position = 0  # range offset of the next chunk's first byte

    def feed(self, chunk: Chunk) -> None:
        """Take the next chunk of the range."""
        begin, self.position = self.position, self.position + len(chunk)
        start = 0
        if self.skipping:
            newline = chunk.find(b"\n")
            if newline < 0:
                return
            self.skipping, start = False, newline + 1
        last = chunk.rfind(b"\n", start)
        if last < 0:
            self._keep(chunk, start, begin)
            return
        if self.pending:
            newline = chunk.find(b"\n", start)
            self._complete(chunk[start : newline + 1])
            start = newline + 1
        if start <= last:
            self._body(chunk, start, last + 1, begin)
        self._keep(chunk, last + 1, begin)

    def feed_tail(self, chunk: Chunk) -> bool:
        """Take a chunk read past the range's end; True once the owned last line is complete."""
        if not self.pending:
            self.pending_at = self.position
        newline = chunk.find(b"\n")
        if newline < 0:
            self.pending.append(chunk)
            return False
        self._complete(chunk[: newline + 1])
        return True

    def gap(self) -> None:
        """Drop the partial line before an unreadable part; resume at the next full line."""
        self.pending.clear()
        self.skipping = True

    def finish(self) -> None:
        """End of the file: a last line without a newline is still a line."""
        if self.pending:
            self._complete(b"")

    def _keep(self, chunk: Chunk, start: int, begin: int) -> None:
        if start < len(chunk) and not self.skipping:
            if not self.pending:
                self.pending_at = begin + start
            self.pending.append(chunk[start:])

    def _complete(self, rest: Chunk) -> None:
        line = b"".join((*self.pending, rest))
        self.pending.clear()
        self.result.lines += 1
        if self.wanted is None:
            end = self.pending_at + len(line)
            self.index.line(self.pending_at, self.result.lines, end, qid_at(line, 0, len(line)))
            if _COUNTRY.find(line) >= 0:
                self.index.mark_country()
            if _TWINNED.find(line) >= 0:
                self._parse(line, self.result.lines, self.pending_at)
        elif self._wanted(line, 0, len(line)):
            self._parse(line, self.result.lines, self.pending_at)

    def _body(self, chunk: Chunk, start: int, stop: int, begin: int) -> None:
        """Complete lines ``chunk[start:stop]`` (ends with a newline)."""
        if self.wanted is None:
            self._hits(chunk, start, stop, begin)
            return
        line_start = start
        while line_start < stop:
            line_end = chunk.find(b"\n", line_start, stop) + 1
            self.result.lines += 1
            if self._wanted(chunk, line_start, line_end):
                self._parse(chunk[line_start:line_end], self.result.lines, begin + line_start)
            line_start = line_end

    def _hits(self, chunk: Chunk, start: int, stop: int, begin: int) -> None:
        """Pass 1: every line into the segment index (its id, whether it holds ``"P297"``);
        the lines holding ``"P190"`` parsed."""
        twinned, countries = _all(_TWINNED, chunk, start, stop), _all(_COUNTRY, chunk, start, stop)
        index, line_start = self.index, start
        while line_start < stop:
            line_end = _NEWLINE.find(chunk, line_start, stop) + 1
            self.result.lines += 1
            index.line(begin + line_start, self.result.lines, begin + line_end,
                       qid_at(chunk, line_start, line_end))  # fmt: skip
            if countries and countries[-1] < line_end:  # the lists are in reverse order
                index.mark_country()
                while countries and countries[-1] < line_end:
                    countries.pop()
            if twinned and twinned[-1] < line_end:
                self._parse(chunk[line_start:line_end], self.result.lines, begin + line_start)
                while twinned and twinned[-1] < line_end:
                    twinned.pop()
            line_start = line_end

    def wanted_line(self, buffer: Chunk, start: int, stop: int) -> bool:
        """Pass 2: is the line ``buffer[start:stop]`` a wanted partner or a country?"""
        return self._wanted(buffer, start, stop)

    def parse(self, line: Chunk, number: int, offset: int) -> None:
        """Parse a line found wanted (its number and offset as given)."""
        self._parse(line, number, offset)

    def _wanted(self, buffer: Chunk, start: int, stop: int) -> bool:
        """Pass 2: a missing partner (by id) or a country (with an ISO code)?"""
        return self._wanted_id(buffer, start, stop) or _COUNTRY.find(buffer, start, stop) >= 0

    def _wanted_id(self, buffer: Chunk, start: int, stop: int) -> bool:
        match = _ID.search(buffer, start, min(stop, start + _ID_HEAD))
        if match is None:  # not dump key order (id in the first bytes): parse to be sure
            stripped = bytes(buffer[start:stop].strip(b" \t\r\n,"))
            return stripped not in _SKIP and self._slow_id(stripped)
        assert self.wanted is not None
        return match[1].decode() in self.wanted

    def _slow_id(self, body: bytes) -> bool:
        try:
            entity = orjson.loads(body)
        except orjson.JSONDecodeError:
            return False  # reported by pass 1 when it matters; pass 2 only wants ids
        return isinstance(entity, dict) and entity.get("id") in (self.wanted or ())

    def _parse(self, line: Chunk, number: int, offset: int) -> None:
        body = bytes(line.rstrip(b" \t\r\n"))
        body = body[:-1] if body.endswith(b",") else body
        if body in _SKIP:
            return
        try:
            entity = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            self.result.problems.append(LineProblem(number, offset, f"invalid JSON ({exc})"))
            return
        if not isinstance(entity, dict):
            self.result.problems.append(LineProblem(number, offset, "not a JSON object"))
            return
        record = read_entity(entity)
        for message in record.problems:
            self.result.problems.append(LineProblem(number, offset, message))
        if record.statements or record.facts.iso2 or self.wanted is not None:
            self.result.records.append((number, record))


def _all(finder: Finder, chunk: Chunk, start: int, stop: int) -> list[int]:
    """Every occurrence in ``chunk[start:stop]``, last first."""
    found: list[int] = []
    while (hit := finder.find(chunk, start, stop)) >= 0:
        found.append(hit)
        start = hit + 1
    found.reverse()
    return found


def scan_range(task: RangeTask, progress: Progress | None = None) -> RangeResult:
    """Read one range: pass 1 (the P190 lines) or pass 2 (the ``wanted`` ids and countries).

    Parameters
    ----------
    task:
        The range and what to find; with ``spans``, only those segments (pass 2).
    progress:
        Called after each chunk with the compressed bytes and lines read since the last call.
    """
    with reused_buffers():  # on a Dask worker (see .heap)
        if task.spans is not None:
            return _scan_spans(task, progress)
        return _scan_range(task, progress)


def _scan_range(task: RangeTask, progress: Progress | None) -> RangeResult:
    with ExitStack() as stack:
        handle, restarts = None, list[tuple[int, int]]()
        part = task.part
        if part.mode == "unpacked":  # one handle for the range and the bytes after it
            handle = open_indexed(part.path, part.compression.value, 1, part.seek_index)
            stack.callback(handle.close)
            restarts = seek_restarts(handle, part.start, part.end)
        return _scan(task, restarts, handle, progress)


def _scan(
    task: RangeTask,
    restarts: list[tuple[int, int]],
    handle: IndexedFile | None,
    progress: Progress | None,
) -> RangeResult:
    scanner = _Scanner(task, restarts)
    result = scanner.result
    reached, lines = task.part.start, 0
    chunks = read_chunks(
        task.part, task.chunk_size, result.stream_problems, restarts=restarts, handle=handle
    )
    for chunk, offset in chunks:
        if chunk is None:
            scanner.gap()
        else:
            scanner.feed(chunk)
        if progress is not None:
            progress(offset - reached, result.lines - lines)
            reached, lines = offset, result.lines
    result.size = scanner.position
    if not scanner.skipping:
        _read_tail(task, scanner, handle)
    if task.wanted is None:
        result.segments = scanner.index.finish()
    return result


def _scan_spans(task: RangeTask, progress: Progress | None) -> RangeResult:
    """Pass 2 on the segments pass 1 found: their lines only (numbers and offsets are already
    those of the whole dump); ``size`` is what was decompressed to reach them."""
    scanner, tally = _Scanner(task), Tally()
    result = scanner.result
    with ExitStack() as stack:
        handle = None
        if task.part.mode == "unpacked":  # one handle, the index loaded once, for every span
            kind = task.part.compression.value
            handle = open_indexed(task.part.path, kind, 1, task.part.seek_index)
            stack.callback(handle.close)
        _read_spans(task, scanner, tally, handle, progress)
    result.size = tally.bytes
    return result


def _read_spans(
    task: RangeTask,
    scanner: _Scanner,
    tally: Tally,
    handle: IndexedFile | None,
    progress: Progress | None,
) -> None:
    result = scanner.result
    for segment in _merged(task.spans or ()):
        body = b"".join(read_span(task.part, segment, result.stream_problems, tally, handle))
        line_start, number = 0, segment.first_line
        while line_start < len(body):
            line_end = _NEWLINE.find(body, line_start) + 1 or len(body)
            if scanner.wanted_line(body, line_start, line_end):
                scanner.parse(body[line_start:line_end], number, segment.start + line_start)
            line_start, number = line_end, number + 1
        if progress is not None:
            progress(segment.length, segment.lines)


def _merged(segments: tuple[Segment, ...]) -> list[Segment]:
    """Segments that restart at the same place (in one large gzip member, or after the same
    seek point) read as one, with the lines between them: that place is then decompressed
    from once, not once each."""
    merged: list[Segment] = []
    for segment in segments:
        last = merged[-1] if merged else None
        if last is None or last.restart != segment.restart:
            merged.append(segment)
            continue
        length = segment.skip + segment.length - last.skip
        lines = segment.first_line + segment.lines - last.first_line
        merged[-1] = replace(last, length=length, lines=lines)
    return merged


def _read_tail(task: RangeTask, scanner: _Scanner, handle: IndexedFile | None) -> None:
    """Finish the range's last line from the bytes after its end (problems there belong to
    the next range; a "build" range is the whole file), read on the range's own ``handle``
    when it has one, where the range left off."""
    if task.part.mode == "build":
        scanner.finish()
        return
    past = replace(task.part, start=task.part.end)
    ignored: list[StreamProblem] = []
    for chunk, _ in read_chunks(past, 1 << 16, ignored, to_eof=True, handle=handle):
        if chunk is None or scanner.feed_tail(chunk):
            return
    scanner.finish()
