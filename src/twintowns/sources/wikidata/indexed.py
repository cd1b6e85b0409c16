"""Random access to any gzip or bzip2 file through a seek-point index (rapidgzip, indexed_bzip2).

A gzip file made of one huge member (or a few) cannot be cut at member starts, and a bzip2
file has no member starts at all.  rapidgzip decompresses any gzip in parallel threads,
whatever its member structure, and indexed_bzip2 (the same family) does so for bzip2; both
record seek points as they go (a compressed offset with its decompressed offset, plus for
gzip the 32 kB window needed to restart there).  Once a file has been read through, its seek
points are saved in an index file, and any decompressed offset can be reached by decompressing
only from the seek point before it (about 4 MB for gzip, one 900 kB block for bzip2).

That is what lets a dump without useful member boundaries be split: the first read (pass 1)
decompresses the whole file in one process with ``threads`` threads and writes the index;
pass 2, and every later read, cuts the decompressed stream into ranges (or spans) that any
process or cluster worker reads on its own from the shared index.  Those ranges start at seek
points (:func:`index_layout`), and a range's reader finishes its last line on the handle it
already has, so no byte is decompressed twice but the few after a range's end (one bzip2
block at most).

Threads, as measured on two cores (``benchmarks/wikidata_dump.py``): rapidgzip's parallel
first read costs about twice the CPU of its sequential one, so on fewer than four threads
a first gzip read is sequential, with one thread decompressing ahead while this one searches
(rapidgzip lets go of the GIL); indexed_bzip2 decodes bzip2 blocks independently, so its
parallel reader scales from two threads on.  Every read through an existing index uses one
thread: the processes are the parallelism there.

Index files: gzip indexes are written in gztool's format, which rapidgzip exports and imports:
its 32 kB windows deflated, about 2 kB a seek point where the indexed_gzip format's raw windows
take 32 kB, and imported about ten times faster (``benchmarks/wikidata_index.py``; indexes
written in the old format still load).  Every range read through an index imports all of it, so
a large gzip is read in larger chunks, with fewer seek points (:func:`gzip_chunk`).  bzip2
indexes are this module's (``TWBZIDX1``, then pairs of little-endian 64-bit integers: block bit
offset, decompressed offset).  An index sits beside the dump (``<dump>.seekidx``) or in the
temporary folder when the dump's folder is not writable, and is used only while it is newer
than the dump.
"""

from __future__ import annotations

import contextlib
import os
import queue
import struct
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from twintowns.sources.wikidata.streams import ByteRange, StreamProblem

__all__ = [
    "IndexedFile",
    "existing_index",
    "gzip_chunk",
    "index_layout",
    "index_path_for",
    "open_indexed",
    "read_unpacked",
    "save_index",
    "seek_point_before",
    "seek_restarts",
    "span_chunks",
    "unpacked_chunks",
]

_BESIDE = 16 << 20  # smaller dumps keep their index in the temporary folder
_BZ_MAGIC = b"TWBZIDX1"
_PAIR = struct.Struct("<qq")
_READ = 1 << 22  # 4 MiB reads: rapidgzip's own chunk size
# bytes per chunk of a gzip read (the least): its seek points come about one chunk of JSON apart
BUILD_CHUNK = 4 << 20
_MOST_CHUNK = 64 << 20
_MOST_POINTS = 1 << 15  # seek points an index keeps at most (see gzip_chunk)
_JSON_PER_GZIP = 10  # about: Wikidata's 140 GB gzip holds 1.5 TB of JSON
_GZIP_PARALLEL = 4  # fewer threads: rapidgzip's sequential read (with a thread ahead) is faster
# what the libraries raise on corrupt or truncated data (gzip: RuntimeError, bzip2: ValueError)
DECODE_ERRORS: tuple[type[BaseException], ...] = (RuntimeError, ValueError, EOFError, OSError)


class IndexedFile(Protocol):
    """What rapidgzip's and indexed_bzip2's file objects offer (the part used here)."""

    def read(self, size: int = -1) -> bytes: ...
    def seek(self, offset: int, whence: int = 0) -> int: ...
    def tell(self) -> int: ...
    def close(self) -> None: ...
    def block_offsets(self) -> dict[int, int]: ...
    def available_block_offsets(self) -> dict[int, int]: ...
    def size(self) -> int: ...


def index_path_for(dump: str | Path) -> Path:
    """Where the seek-point index of ``dump`` lives: beside it when its folder is writable
    (cluster workers then find it on the shared storage), else, and for files under 16 MB
    (test data, excerpts: nothing beside them is touched), in the temporary folder."""
    path = Path(dump).resolve()
    stat = path.stat()
    if stat.st_size >= _BESIDE and os.access(path.parent, os.W_OK):
        return path.with_name(path.name + ".seekidx")
    folder = Path(tempfile.gettempdir()) / "twintowns-seekidx"
    folder.mkdir(exist_ok=True)
    return folder / f"{path.name}-{stat.st_size}-{int(stat.st_mtime)}.seekidx"


def existing_index(dump: str | Path) -> str | None:
    """The index of ``dump`` if one was written after the dump last changed, else ``None``."""
    index = index_path_for(dump)
    try:
        fresh = index.stat().st_mtime >= Path(dump).stat().st_mtime
    except OSError:
        return None
    return str(index) if fresh else None


def open_indexed(path: str, kind: str, threads: int, index: str | None) -> IndexedFile:
    """Open a gzip (``kind="gzip"``) or bzip2 file for random access.

    Parameters
    ----------
    path:
        The compressed file.
    kind:
        ``"gzip"`` or ``"bz2"``.
    threads:
        Decompression threads (0: one per core).
    index:
        A seek-point index file to load (``None``, or one that cannot be loaded: seek points
        are found while reading, so seeking decompresses everything before the offset).
    """
    handle: Any
    if kind == "bz2":
        import indexed_bzip2

        handle = indexed_bzip2.open(path, parallelization=threads)
        offsets = _load_bz2_index(index) if index is not None else None
        if offsets:
            handle.set_block_offsets(offsets)
        return handle  # type: ignore[no-any-return]
    import rapidgzip

    # the chunk size of a first read sets its seek points; a reader keeps every one of them
    # only with the same chunk size (rapidgzip merges imported seek points up to its own)
    chunk = gzip_chunk(os.path.getsize(path))
    handle = rapidgzip.RapidgzipFile(path, parallelization=threads, chunk_size=chunk)
    if index is None:
        return handle  # type: ignore[no-any-return]
    try:
        handle.import_index(index)
    except DECODE_ERRORS:  # unusable: found again while reading
        handle.close()
        handle = rapidgzip.RapidgzipFile(path, parallelization=threads, chunk_size=chunk)
    return handle  # type: ignore[no-any-return]


def gzip_chunk(size: int) -> int:
    """rapidgzip's chunk size for a gzip of ``size`` bytes, the same for every reader of it.

    4 MiB (a seek point about every 4 MiB of JSON), doubled up to 64 MiB while the file
    would give more than 32,768 seek points: every range read through the index imports
    all of it (tens of microseconds a point, 2 kB each), so a 140 GB dump (~1.5 TB of JSON)
    gets 64 MiB chunks, ~22,000 points and an index of ~50 MB instead of ~360,000 points and
    ~750 MB.  Pass 2 then restarts up to one chunk before a span it needs.
    """
    chunk = BUILD_CHUNK
    while size * _JSON_PER_GZIP // chunk > _MOST_POINTS and chunk < _MOST_CHUNK:
        chunk *= 2
    return chunk


def _load_bz2_index(index: str) -> dict[int, int] | None:
    """The block offsets of a bzip2 index file, or ``None`` when it is unusable."""
    try:
        data = Path(index).read_bytes()
    except OSError:
        return None
    body = data[len(_BZ_MAGIC) :]
    if not data.startswith(_BZ_MAGIC) or len(body) % _PAIR.size:
        return None
    return dict(_PAIR.iter_unpack(body))


def save_index(handle: IndexedFile, kind: str, index: Path) -> None:
    """Write the seek points of a file read to its end (written whole, then renamed, so a
    reader never sees half an index)."""
    partial = index.with_name(index.name + f".{os.getpid()}.part")
    if kind == "bz2":
        pairs = sorted(handle.block_offsets().items())
        partial.write_bytes(_BZ_MAGIC + b"".join(_PAIR.pack(a, b) for a, b in pairs))
    else:
        import rapidgzip

        gztool = rapidgzip.IndexFormat.GZTOOL  # compressed windows (see the module docstring)
        handle.export_index(str(partial), index_format=gztool)  # type: ignore[attr-defined]
    partial.replace(index)


def index_layout(path: str, kind: str, index: str) -> tuple[int, list[int]]:
    """The decompressed size of an indexed file and the decompressed offsets of its seek
    points, in order (from its index, nothing decompressed)."""
    handle = open_indexed(path, kind, 1, index)
    try:
        return handle.size(), sorted(set(handle.block_offsets().values()))
    finally:
        handle.close()


def seek_restarts(handle: IndexedFile, start: int, end: int) -> list[tuple[int, int]]:
    """The seek points in decompressed ``[start, end)`` as ``(offset in the range, decompressed
    offset)``: where pass 1's segments of the range restart (:mod:`.spans`)."""
    points = sorted(at for at in set(handle.block_offsets().values()) if start <= at < end)
    return [(at - start, at) for at in points]


def build_threads(kind: str, threads: int) -> tuple[int, bool]:
    """The library's threads for a first read with ``threads`` (0: one per core), and whether
    a second thread of ours reads ahead (see the module docstring)."""
    wanted = threads or os.cpu_count() or 1
    if kind == "bz2" or wanted >= _GZIP_PARALLEL:
        return wanted, False
    return 1, wanted > 1


def seek_point_before(handle: IndexedFile, offset: int) -> int:
    """The compressed file byte of the last known seek point at or before decompressed
    ``offset`` (where a problem found past ``offset`` is to be looked for)."""
    try:
        points = handle.available_block_offsets()
    except DECODE_ERRORS:
        return 0
    before = [bits for bits, at in points.items() if at <= offset]
    return max(before, default=0) // 8


def read_unpacked(
    handle: IndexedFile, start: int, end: int | None, size: int = _READ
) -> Iterator[bytes]:
    """Decompressed bytes ``[start, end)`` (to the end of the file when ``end`` is ``None``)
    in reads of at most ``size``; the libraries' errors are passed on."""
    if handle.tell() != start:  # a range's tail goes on where the range ended: no seek
        handle.seek(start)
    position = start
    while end is None or position < end:
        want = size if end is None else min(size, end - position)
        block = handle.read(want)
        if not block:
            return
        position += len(block)
        yield block


def unpacked_chunks(
    part: ByteRange,
    problems: list[StreamProblem],
    *,
    to_eof: bool = False,
    handle: IndexedFile | None = None,
) -> Iterator[tuple[bytes | None, int]]:
    """The decompressed chunks of a range in decompressed bytes (see :class:`.ByteRange`),
    each with the offset reached: decompressed for "unpacked" ranges, the compressed file
    offset for "build" (progress is counted in the range's own unit).

    A "build" range is the whole file; once it has been read to the end its seek points are
    saved.  An "unpacked" range is read through ``handle`` when given (the range's reader
    keeps it open for the bytes after the range's end).  Corrupt or truncated data ends the
    range, reported in ``problems`` with the file byte of the last seek point before it
    (nothing after it can be reached without one).
    """
    kind = part.compression.value
    build = part.mode == "build"
    threads, ahead = build_threads(kind, part.threads) if build else (1, False)
    own = handle is None
    if handle is None:
        handle = open_indexed(part.path, kind, threads, None if build else part.seek_index)
    start = 0 if build else (part.end if to_eof else part.start)
    end = None if build or to_eof else part.end
    position = start
    try:
        if build:
            for block, reached in _read_build(handle, part.end, ahead=ahead):
                position += len(block)
                yield block, reached
            if part.seek_index is not None and not to_eof:
                save_index(handle, kind, Path(part.seek_index))
            yield b"", part.end
            return
        for block in read_unpacked(handle, start, end, 1 << 16 if to_eof else _READ):
            position += len(block)
            yield block, position
    except DECODE_ERRORS as exc:
        at = seek_point_before(handle, position)
        problems.append(
            StreamProblem(
                at, f"corrupt {kind} data after decompressed byte {position} (the last seek "
                f"point before it is at file byte {at}): {exc}; skipped the rest"
            )
        )  # fmt: skip
    finally:
        if own:
            handle.close()


def _read_build(handle: IndexedFile, size: int, *, ahead: bool) -> Iterator[tuple[bytes, int]]:
    """A first read's blocks to the end of the file, each with the compressed offset reached;
    with ``ahead``, read by a second thread one block ahead of this one."""
    if not ahead:
        for block in read_unpacked(handle, 0, None):
            yield block, _compressed(handle, size)
        return
    yield from _ReadAhead(handle, size).blocks()


class _ReadAhead:
    """Reads a file to its end in a thread of its own, at most two blocks ahead of the caller.

    rapidgzip decompresses without the GIL, so the caller's search and the decompression of
    the next block run on two cores.  Whatever the thread raises is raised in the caller."""

    def __init__(self, handle: IndexedFile, size: int) -> None:
        self.handle, self.size = handle, size
        self.queue: queue.Queue[tuple[bytes, int] | BaseException | None] = queue.Queue(2)
        self.stop = threading.Event()

    def blocks(self) -> Iterator[tuple[bytes, int]]:
        """The blocks, in order (the thread is stopped and joined when this ends early)."""
        worker = threading.Thread(target=self._work, name="twintowns-read-ahead", daemon=True)
        worker.start()
        try:
            while (item := self.queue.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.stop.set()
            while worker.is_alive():  # unblock a thread waiting to put, then wait for it
                with contextlib.suppress(queue.Empty):
                    self.queue.get(timeout=0.05)
            worker.join()

    def _work(self) -> None:
        try:
            while not self.stop.is_set():
                block = self.handle.read(_READ)
                if not block:
                    break
                self._put((block, _compressed(self.handle, self.size)))
        except BaseException as exc:  # noqa: BLE001 - handed over and raised in the caller
            self._put(exc)
            return
        self._put(None)

    def _put(self, item: tuple[bytes, int] | BaseException | None) -> None:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.05)
                return
            except queue.Full:
                continue


def _compressed(handle: IndexedFile, limit: int) -> int:
    """The compressed file offset reached (for progress), at most ``limit``."""
    try:
        return min(int(handle.tell_compressed()) // 8, limit)  # type: ignore[attr-defined]
    except DECODE_ERRORS:
        return 0


def span_chunks(
    handle: IndexedFile, kind: str, start: int, stop: int, problems: list[StreamProblem]
) -> Iterator[tuple[bytes | None, int]]:
    """Decompressed bytes ``[start, stop)`` from a file already open (pass 2 reads all its
    spans through one handle, the index loaded once); problems as :func:`unpacked_chunks`."""
    position = start
    try:
        for block in read_unpacked(handle, start, stop):
            position += len(block)
            yield block, position
    except DECODE_ERRORS as exc:
        at = seek_point_before(handle, position)
        problems.append(StreamProblem(at, f"corrupt {kind} data after decompressed byte "
                                          f"{position} (file byte {at}): {exc}"))  # fmt: skip
