"""The Wikidata JSON dump as a claim source (:class:`WikidataDumpSource`).

Reading is two passes over the dump, run by :func:`~.runner.run_tasks` in this process, on a
local process pool or on a Dask cluster.  Pass 1 reads the whole dump, split as :mod:`.plan`
decides (ranges at gzip member starts, or ranges of the decompressed stream through a
seek-point index), and collects every P190 statement with its subject's facts (the selection
wikibase-dump-filter makes).  Pass 2, run when there is any statement, reads what the
statements refer to: the partners that have no P190 of their own (so were not read), found by
id, and the countries with an ISO code (P297); it decompresses only the segments pass 1 found
to hold them (:mod:`.spans`).  Problems are reported in file order once a pass is done, with
line numbers counted across ranges.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from twintowns.errors import DataFileError, InputError
from twintowns.model import RawClaim, RowProblem, Source
from twintowns.sources.base import OnProblem
from twintowns.sources.wikidata.claims import ClaimBuilder
from twintowns.sources.wikidata.entity import PlaceFacts, TwinStatement
from twintowns.sources.wikidata.plan import (
    absolute,
    at_seek_points,
    pass_one,
    pass_two,
    uses_index,
)
from twintowns.sources.wikidata.runner import (
    ProgressCallback,
    dask_client,
    process_pool,
    run_tasks,
)
from twintowns.sources.wikidata.scan import CHUNK_SIZE, RangeResult, RangeTask
from twintowns.sources.wikidata.spans import Segment
from twintowns.sources.wikidata.streams import ByteRange

__all__ = ["DumpReport", "WikidataDumpSource", "snapshot_date"]

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
DUMPS_URL = "https://dumps.wikimedia.org/wikidatawiki/entities/"


def snapshot_date(path: Path, given: str | dt.date | None = None) -> dt.date:
    """The dump's date: ``given``, else a date in the file name (``20250101``,
    ``2025-01-01``), else the file's modification day.

    Raises
    ------
    InputError
        If ``given`` is not a ``YYYY-MM-DD`` date.
    """
    if isinstance(given, dt.date):
        return given
    if given is not None:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise InputError(f"--snapshot: {given!r} is not a date (YYYY-MM-DD)") from None
    for match in _DATE_IN_NAME.finditer(path.name):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()


@dataclass(slots=True)
class DumpReport:
    """Counts of the last read."""

    ranges: int = 0
    entities: int = 0
    decompressed_bytes: int = 0
    statements: int = 0
    deprecated: int = 0
    unnamed_partners: int = 0  # P190 with an unknown or no value: no claim
    places: int = 0
    partners_not_in_dump: list[str] = field(default_factory=list)
    problems: int = 0
    second_pass: bool = False
    indexed: bool = False  # read through a seek-point index (see .plan)
    segments: int = 0  # where pass 1 found the lines (see .spans)
    segments_read: int = 0  # of those, read by pass 2
    second_pass_bytes: int = 0  # decompressed by pass 2
    second_pass_tasks: int = 0


class WikidataDumpSource:
    """Claims from a Wikidata JSON dump (``.json``, ``.json.gz``, ``.json.bz2``).

    Parameters
    ----------
    path:
        The dump file.
    snapshot:
        Its date (``YYYY-MM-DD``); by default from the file name (see :func:`snapshot_date`).
    workers:
        Local processes reading at once, this one included (1: this one only).
    scheduler:
        A Dask scheduler address (``tcp://HOST:8786``) or ``distributed.Client``.
    progress:
        Called with a :class:`~.runner.ProgressUpdate` as bytes are read.
    parts:
        Ranges to cut the file into (default: about one per 16 MB of file, at least eight per
        worker).
    chunk_size:
        The most decompressed bytes handled at once (a whole gzip member up to this).
    decompression:
        ``"auto"``, ``"members"`` or ``"indexed"``: how the file is split (see :mod:`.plan`).
    """

    def __init__(
        self,
        path: Path | str,
        *,
        snapshot: str | dt.date | None = None,
        workers: int = 1,
        scheduler: str | Any | None = None,
        progress: ProgressCallback | None = None,
        parts: int | None = None,
        chunk_size: int = CHUNK_SIZE,
        decompression: str = "auto",
    ) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise DataFileError("dump file not found", path=str(self.path))
        if workers < 1:
            raise InputError(f"--workers must be at least 1, not {workers}")
        self.date = snapshot_date(self.path, snapshot)
        self.workers, self.scheduler, self.progress = workers, scheduler, progress
        self.parts, self.chunk_size = parts, chunk_size
        self.indexed = uses_index(self.path, decompression)
        self.report = DumpReport()
        self.places: dict[str, PlaceFacts] = {}
        self._pool: Executor | None = None
        self._client: Any = None  # a Dask client open for the read

    @property
    def info(self) -> Source:
        """The dump as a citable source (``wikidata-dump-YYYY-MM-DD``, CC0)."""
        return Source(
            id=f"wikidata-dump-{self.date.isoformat()}",
            title=f"Wikidata JSON dump of {self.date.isoformat()}",
            publisher="Wikimedia Foundation",
            url=DUMPS_URL,
            retrieved=self.date,
            licence="CC0-1.0",
        )

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield one claim per P190 statement with a known partner, in dump order."""
        statements = list(self.statements(on_problem))
        builder = ClaimBuilder(self.info.id, self.places)
        for statement in statements:
            yield builder.claim(statement)

    def statements(self, on_problem: OnProblem) -> Iterator[TwinStatement]:
        """Read the dump and yield every P190 statement (places are then in :attr:`places`)."""
        self.report, self.places = DumpReport(), {}
        ranges = self._ranges()
        self.report.ranges = len(ranges)
        with ExitStack() as stack:
            if self.scheduler is None and self.workers > 1 and len(ranges) > 1:
                helpers = min(self.workers, len(ranges)) - 1
                self._pool = stack.enter_context(process_pool(helpers))
            elif self.scheduler is not None:  # one connection for both passes
                self._client = stack.enter_context(dask_client(self.scheduler))
            statements = self._both_passes(ranges, on_problem)
        self._pool = self._client = None
        yield from statements

    def _both_passes(self, ranges: list[ByteRange], on_problem: OnProblem) -> list[TwinStatement]:
        first = self._pass([RangeTask(r, None, self.chunk_size) for r in ranges], "P190")
        seen: set[tuple[int, str]] = set()
        statements = self._collect(first, on_problem, seen, stream=True)
        segments = _placed(first)
        if self.indexed:  # a first read has just saved the seek points
            segments = at_seek_points(self.path, segments)
        self.report.segments = len(segments)
        if statements:
            self.report.second_pass = True
            wanted = frozenset({s.target for s in statements} - self.places.keys())
            # helpers already up share pass 2; else it is one task here unless its spans
            # are large (starting a helper costs about what reading 40 MB does)
            running = self._pool is not None or self._client is not None
            tasks = pass_two(segments, wanted, ranges[0], 4 * self.workers if running else 1)
            self.report.segments_read = sum(len(t.spans or ()) for t in tasks)
            self.report.second_pass_tasks = len(tasks)
            second = self._pass(tasks, "partners, countries")
            self.report.second_pass_bytes = sum(r.size for r in second)
            self._collect_spans(second, on_problem, seen)
        targets = {s.target for s in statements}
        self.report.partners_not_in_dump = sorted(targets - self.places.keys())
        self.report.places = len(self.places)
        return statements

    def _ranges(self) -> list[ByteRange]:
        self.report.indexed = self.indexed
        try:
            return pass_one(
                self.path,
                parallel=self.workers,
                parts=self.parts,
                indexed=self.indexed,
                cluster=self.scheduler is not None,
            )
        except OSError as exc:
            raise DataFileError(f"cannot read the dump: {exc}", path=str(self.path)) from exc

    def _pass(self, tasks: list[RangeTask], phase: str) -> list[RangeResult]:
        try:
            return run_tasks(
                tasks,
                workers=self.workers,
                scheduler=self._client if self._client is not None else self.scheduler,
                progress=self.progress,
                phase=phase,
                pool=self._pool,
            )
        except OSError as exc:
            raise DataFileError(f"cannot read the dump: {exc}", path=str(self.path)) from exc

    def _collect(
        self,
        results: list[RangeResult],
        on_problem: OnProblem,
        seen: set[tuple[int, str]],
        *,
        stream: bool,
    ) -> list[TwinStatement]:
        """Merge range results in file order; report problems with absolute lines."""
        statements: list[TwinStatement] = []
        lines = offset = 0
        for result in results:
            if stream:
                self.report.entities += result.lines
                self.report.decompressed_bytes += result.size
                for broken in result.stream_problems:
                    self._report(on_problem, None, broken.message)
            for line, record in result.records:
                self.places.setdefault(record.facts.qid, record.facts)
                self.report.unnamed_partners += record.unnamed_partners
                statements += [_at(s, lines + line) for s in record.statements]
            for problem in result.problems:
                key = (lines + problem.line, problem.message)
                if key not in seen:
                    seen.add(key)
                    where = f"decompressed byte {offset + problem.offset}: {problem.message}"
                    self._report(on_problem, lines + problem.line, where)
            lines, offset = lines + result.lines, offset + result.size
        self.report.statements += len(statements)
        self.report.deprecated += sum(not s.asserted for s in statements)
        return statements

    def _collect_spans(
        self, results: list[RangeResult], on_problem: OnProblem, seen: set[tuple[int, str]]
    ) -> None:
        """Merge pass 2's results (its lines and offsets are already the dump's)."""
        for result in results:
            for broken in result.stream_problems:
                self._report(on_problem, None, broken.message)
            for _, record in result.records:
                self.places.setdefault(record.facts.qid, record.facts)
            for problem in result.problems:
                if (problem.line, problem.message) not in seen:
                    seen.add((problem.line, problem.message))
                    where = f"decompressed byte {problem.offset}: {problem.message}"
                    self._report(on_problem, problem.line, where)

    def _report(self, on_problem: OnProblem, line: int | None, message: str) -> None:
        self.report.problems += 1
        on_problem(RowProblem(str(self.path), line, message))


def _placed(results: list[RangeResult]) -> list[Segment]:
    """Every range's segments placed in the whole dump, in file order."""
    placed: list[Segment] = []
    lines = offset = 0
    for result in results:
        placed += [absolute(s, lines, offset) for s in result.segments]
        lines, offset = lines + result.lines, offset + result.size
    return placed


def _at(statement: TwinStatement, line: int) -> TwinStatement:
    return replace(statement, line=line)
