"""How a dump is cut for each pass: member ranges, decompressed ranges or spans.

Pass 1 chooses how to split the file (``decompression``):

* ``"members"`` (a multi-member gzip, a plain file): ranges of the file cut at gzip member
  starts, each read with the whole-member fast path (:mod:`.members`); the fastest way when
  the members are small, as in the production dumps.
* ``"indexed"`` (any gzip, whatever its members, and every bzip2): when the dump's seek-point
  index exists (:mod:`.indexed`), ranges of the *decompressed* stream, cut at seek points so
  that no range decompresses anything before its start: two per local process (few and
  large: a range costs an open, the index loaded, and up to a block read twice at its end,
  one 900 kB bzip2 block being about 0.1 s of CPU), at least eight per cluster worker part
  and 1 GB at most; when it does not, the whole file in one task whose decompression runs
  in parallel threads (``workers`` of them locally, all the cores of one cluster worker) and
  which writes the index for every later pass and read.
* ``"auto"``: bzip2 is always indexed; a gzip is read by members when a member starts within
  32 MB after its middle (small members) or when it is smaller than 16 MB, else indexed.

Pass 2 (:func:`pass_two`) reads only the segments pass 1 found to hold what it wants
(:mod:`.spans`), grouped into a few tasks in file order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from twintowns.errors import InputError
from twintowns.sources.wikidata.indexed import existing_index, index_layout, index_path_for
from twintowns.sources.wikidata.scan import RangeTask
from twintowns.sources.wikidata.spans import Segment, needed
from twintowns.sources.wikidata.streams import (
    ByteRange,
    Compression,
    compression_of,
    next_member,
    plan_ranges,
)

__all__ = ["DECOMPRESSION", "pass_one", "pass_two", "uses_index"]

DECOMPRESSION = ("auto", "members", "indexed")
_RANGE_BYTES = 16 << 20  # compressed: small ranges even out the workers before a pass ends
# decompressed: the most a cluster task reads through the index; every task imports the
# whole index (about 0.9 s for a 140 GB gzip, estimated by benchmarks/wikidata_index.py),
# a tenth of what reading 1 GB costs
_UNPACKED_BYTES = 1 << 30
_LOCAL_RANGES = 2  # indexed ranges per local process: few, large, yet two to even them out
_LEAST_UNPACKED = 4 << 20  # no smaller indexed ranges unless asked for (``parts``)
_PROBE_WINDOW = 32 << 20
_SMALL = 16 << 20
_SPAN_TASK_BYTES = 64 << 20


def uses_index(path: Path, decompression: str) -> bool:
    """Is this dump read through a seek-point index (see the module docstring)?"""
    if decompression not in DECOMPRESSION:
        raise InputError(f"decompression must be one of {', '.join(DECOMPRESSION)}")
    kind = compression_of(path)
    if kind is Compression.NONE or decompression == "members":
        return kind is Compression.BZIP2
    if decompression == "indexed" or kind is Compression.BZIP2:
        return True
    size = path.stat().st_size
    if size < _SMALL:  # reading a small file twice costs less than an index
        return False
    middle = size // 2
    return next_member(str(path), middle, min(middle + _PROBE_WINDOW, size)) is None


def pass_one(
    path: Path, *, parallel: int, parts: int | None, indexed: bool, cluster: bool
) -> list[ByteRange]:
    """The ranges of pass 1.

    Parameters
    ----------
    path:
        The dump.
    parallel:
        Readers at once (local processes, or the cluster's workers as 8 per default part).
    parts:
        Ranges asked for (``None``: see the module docstring).
    indexed:
        Read through a seek-point index (:func:`uses_index`).
    cluster:
        The tasks run on a Dask cluster (an index is then built with all of a worker's cores).
    """
    size = path.stat().st_size
    if not indexed:
        count = parts or max(8 * parallel, size // _RANGE_BYTES, 1)
        return plan_ranges(path, 1 if parallel == 1 and not cluster and parts is None else count)
    kind = compression_of(path)
    index = existing_index(path)
    if index is None:
        threads = 0 if cluster else parallel
        where = str(index_path_for(path))
        return [ByteRange(str(path), kind, 0, size, 0, "build", where, threads)]
    total, points = index_layout(str(path), kind.value, index)
    if parts is not None:
        count = parts
    elif cluster:
        count = max(8 * parallel, total // _UNPACKED_BYTES)
    else:
        count = _LOCAL_RANGES * parallel if parallel > 1 else 1
        count = min(count, max(1, total // _LEAST_UNPACKED))
    cuts = seek_cuts(points, total, max(1, min(count, total)))
    return [
        ByteRange(str(path), kind, start, end, number, "unpacked", index)
        for number, (start, end) in enumerate(pairwise(cuts))
    ]


def seek_cuts(points: list[int], total: int, count: int) -> list[int]:
    """``count + 1`` increasing offsets from 0 to ``total``: each inner one the seek point
    (of the sorted ``points``) nearest the even cut, or the even cut itself when that seek
    point is taken already (a cut between seek points is valid, only slower to reach)."""
    cuts = [0]
    for number in range(1, count):
        ideal = total * number // count
        at = bisect_left(points, ideal)
        near = [p for p in points[max(0, at - 1) : at + 1] if cuts[-1] < p < total]
        cut = min(near, key=lambda p: abs(p - ideal)) if near else ideal
        if cut <= cuts[-1] or total - cut < count - number:  # keep every range non-empty
            cut = max(ideal, cuts[-1] + 1)
        cuts.append(cut)
    return [*cuts, total]


def pass_two(
    segments: list[Segment], wanted: frozenset[str], part: ByteRange, tasks: int
) -> list[RangeTask]:
    """Pass 2's tasks: the segments that hold ``wanted`` ids or countries, in at most ``tasks``
    groups (or more, of at most 64 MB each) in file order; ``part`` is a range of pass 1."""
    spans = needed(segments, wanted)
    if not spans:
        return []
    mode = "stored" if part.mode == "stored" else "unpacked"
    index = part.seek_index if mode == "unpacked" else None
    total = sum(s.length for s in spans)
    groups = max(1, min(len(spans), max(tasks, total // _SPAN_TASK_BYTES)))
    out: list[RangeTask] = []
    for number in range(groups):
        group = tuple(spans[len(spans) * number // groups : len(spans) * (number + 1) // groups])
        size = sum(s.length for s in group)
        file = ByteRange(part.path, part.compression, 0, size, number, mode, index)
        out.append(RangeTask(file, wanted, spans=group))
    return out


def at_seek_points(path: Path, segments: list[Segment]) -> list[Segment]:
    """Pass 1's segments with every one read through the index restarting at the seek point
    at or before it: a first read cut them at line starts (its seek points were not known
    yet), and the library decompresses from the seek point anyway; so pass 2 counts those
    bytes, and reads the segments after one seek point together (:func:`.scan._merged`)."""
    index = existing_index(path)
    if index is None or not any(s.unpacked for s in segments):
        return segments
    _, points = index_layout(str(path), compression_of(path).value, index)
    return [_moved(s, points) if s.unpacked else s for s in segments]


def _moved(segment: Segment, points: list[int]) -> Segment:
    at = bisect_right(points, segment.restart) - 1
    if at < 0:
        return segment
    point = points[at]
    return replace(segment, restart=point, skip=segment.skip + segment.restart - point)


def absolute(segment: Segment, lines: int, offset: int) -> Segment:
    """A range's segment placed in the whole dump (lines and decompressed bytes before it)."""
    return replace(segment, first_line=segment.first_line + lines, start=segment.start + offset)
