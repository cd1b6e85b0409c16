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
process or cluster worker reads on its own from the shared index.

Index files: gzip indexes are rapidgzip's own export format; bzip2 indexes are this module's
(``TWBZIDX1``, then pairs of little-endian 64-bit integers: block bit offset, decompressed
offset).  An index sits beside the dump (``<dump>.seekidx``) or in the temporary folder when
the dump's folder is not writable, and is used only while it is newer than the dump.
"""

from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from twintowns.sources.wikidata.streams import ByteRange, StreamProblem

__all__ = [
    "IndexedFile",
    "existing_index",
    "index_path_for",
    "open_indexed",
    "read_unpacked",
    "save_index",
    "seek_point_before",
    "span_chunks",
    "unpacked_chunks",
    "unpacked_size",
]

_BESIDE = 16 << 20  # smaller dumps keep their index in the temporary folder
_BZ_MAGIC = b"TWBZIDX1"
_PAIR = struct.Struct("<qq")
_READ = 1 << 22  # 4 MiB reads: rapidgzip's own chunk size
# what the libraries raise on corrupt or truncated data (gzip: RuntimeError, bzip2: ValueError)
DECODE_ERRORS: tuple[type[BaseException], ...] = (RuntimeError, ValueError, EOFError, OSError)


class IndexedFile(Protocol):
    """What rapidgzip's and indexed_bzip2's file objects offer (the part used here)."""

    def read(self, size: int = -1) -> bytes: ...
    def seek(self, offset: int, whence: int = 0) -> int: ...
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

    handle = rapidgzip.open(path, parallelization=threads)
    if index is not None:
        try:
            handle.import_index(index)
        except DECODE_ERRORS:  # unusable: found again while reading
            handle.close()
            handle = rapidgzip.open(path, parallelization=threads)
    return handle  # type: ignore[no-any-return]


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
        handle.export_index(str(partial))  # type: ignore[attr-defined]
    partial.replace(index)


def unpacked_size(path: str, kind: str, index: str) -> int:
    """The decompressed size of an indexed file (from its index, nothing decompressed)."""
    handle = open_indexed(path, kind, 1, index)
    try:
        return handle.size()
    finally:
        handle.close()


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
    part: ByteRange, problems: list[StreamProblem], *, to_eof: bool = False
) -> Iterator[tuple[bytes | None, int]]:
    """The decompressed chunks of a range in decompressed bytes (see :class:`.ByteRange`),
    each with the offset reached: decompressed for "unpacked" ranges, the compressed file
    offset for "build" (progress is counted in the range's own unit).

    A "build" range is the whole file; once it has been read to the end its seek points are
    saved.  Corrupt or truncated data ends the range, reported in ``problems`` with the file
    byte of the last seek point before it (nothing after it can be reached without one).
    """
    kind = part.compression.value
    build = part.mode == "build"
    handle = open_indexed(part.path, kind, part.threads, None if build else part.seek_index)
    start = 0 if build else (part.end if to_eof else part.start)
    end = None if build or to_eof else part.end
    position = start
    try:
        for block in read_unpacked(handle, start, end, 1 << 16 if to_eof else _READ):
            position += len(block)
            yield block, (_compressed(handle, part.end) if build else position)
        if build and part.seek_index is not None and not to_eof:
            save_index(handle, kind, Path(part.seek_index))
        if build:
            yield b"", part.end
    except DECODE_ERRORS as exc:
        at = seek_point_before(handle, position)
        problems.append(
            StreamProblem(
                at, f"corrupt {kind} data after decompressed byte {position} (the last seek "
                f"point before it is at file byte {at}): {exc}; skipped the rest"
            )
        )  # fmt: skip
    finally:
        handle.close()


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
