"""The Wikidata JSON dump as a claim source (:class:`WikidataDumpSource`).

Reading is two passes over the dump, each split into byte ranges (see :mod:`.streams`) and run
by :func:`~.runner.run_tasks` in this process, on a local process pool or on a Dask cluster.
Pass 1 collects every P190 statement with its subject's facts (the selection
wikibase-dump-filter makes).  Pass 2, run when there is any statement, reads what the
statements refer to: the partners that have no P190 of their own (so were not read), found by
id, and the countries with an ISO code (P297).  Problems are reported in file order once a
pass is done, with line numbers counted across ranges.
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
from twintowns.model import Source
from twintowns.sources.base import OnProblem, RawClaim, RowProblem
from twintowns.sources.wikidata.claims import ClaimBuilder
from twintowns.sources.wikidata.entity import PlaceFacts, TwinStatement
from twintowns.sources.wikidata.runner import ProgressCallback, process_pool, run_tasks
from twintowns.sources.wikidata.scan import CHUNK_SIZE, RangeResult, RangeTask
from twintowns.sources.wikidata.streams import ByteRange, plan_ranges

__all__ = ["DumpReport", "WikidataDumpSource", "snapshot_date"]

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_RANGE_BYTES = 16 << 20  # small ranges even out the workers before each pass ends
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
        Ranges to cut the file into (default: about one per 64 MB, at least four per worker).
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
    ) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise DataFileError("dump file not found", path=str(self.path))
        if workers < 1:
            raise InputError(f"--workers must be at least 1, not {workers}")
        self.date = snapshot_date(self.path, snapshot)
        self.workers, self.scheduler, self.progress = workers, scheduler, progress
        self.parts, self.chunk_size = parts, chunk_size
        self.report = DumpReport()
        self.places: dict[str, PlaceFacts] = {}
        self._pool: Executor | None = None

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
            statements = self._both_passes(ranges, on_problem)
        self._pool = None
        yield from statements

    def _both_passes(self, ranges: list[ByteRange], on_problem: OnProblem) -> list[TwinStatement]:
        first = self._pass([RangeTask(r, None, self.chunk_size) for r in ranges], "P190")
        seen: set[tuple[int, str]] = set()
        statements = self._collect(first, on_problem, seen, stream=True)
        if statements:
            self.report.second_pass = True
            wanted = frozenset({s.target for s in statements} - self.places.keys())
            second = self._pass(
                [RangeTask(r, wanted, self.chunk_size) for r in ranges], "partners, countries"
            )
            self._collect(second, on_problem, seen, stream=False)
        targets = {s.target for s in statements}
        self.report.partners_not_in_dump = sorted(targets - self.places.keys())
        self.report.places = len(self.places)
        return statements

    def _ranges(self) -> list[ByteRange]:
        size = self.path.stat().st_size
        parts = self.parts or max(8 * self.workers, size // _RANGE_BYTES, 1)
        if self.workers == 1 and self.scheduler is None and self.parts is None:
            parts = 1  # one process reads the file from end to end
        try:
            return plan_ranges(self.path, parts)
        except OSError as exc:
            raise DataFileError(f"cannot read the dump: {exc}", path=str(self.path)) from exc

    def _pass(self, tasks: list[RangeTask], phase: str) -> list[RangeResult]:
        try:
            return run_tasks(
                tasks,
                workers=self.workers,
                scheduler=self.scheduler,
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

    def _report(self, on_problem: OnProblem, line: int | None, message: str) -> None:
        self.report.problems += 1
        on_problem(RowProblem(str(self.path), line, message))


def _at(statement: TwinStatement, line: int) -> TwinStatement:
    return replace(statement, line=line)
