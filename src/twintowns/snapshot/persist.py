"""The registry snapshot on disk: a cache file per data version, loaded instead of re-read.

**What.** One file per data version (``<hash of the version's cache key>.snap``): a header
(magic, the length and BLAKE2b digest of an index), the index (format, version, key, and for
every *chunk* of places or twinnings its digest, offset, length and range), then the chunks,
each a pickle (protocol 5) of up to a few hundred places or twinnings, plus one chunk of
sources, terms, networks and rules and one of the folded name index.  Chunk boundaries depend
only on the ids (after an id whose CRC-32 is 0 modulo :data:`CHUNK`), so a write that changes
a few places changes a few chunks: a reload maps the new file and unpickles only the chunks it
does not hold already (:func:`load` with ``base``), reusing the old snapshot's objects.

**Where.** Beside an SQLite file (``<file>.snapshots/``) or in the user's cache directory
for other databases (:func:`cache_dir`); ``Settings.snapshot_dir`` overrides both.  The
directory is written only by the registry's owner: the files are pickles, and although they
are read with an unpickler that constructs nothing but the model's own classes and dates
(:class:`_ModelUnpickler`: no other callable can be named, so a file cannot run code), a file
is only as trustworthy as the directory it lives in.

**Invalidation and races.** A file is named by its data version's cache key, so a write to
the registry makes the old file unused (:func:`write` deletes all but the newest few).  Files
are written to a temporary name and renamed into place (two processes racing write the same
content; the last rename wins); a file whose header, index or any chunk it is read from fails
its digest is not trusted (:class:`CacheError`: the caller reads the database and rewrites it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import importlib
import io
import mmap
import os
import pickle
import pkgutil
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from twintowns import model
from twintowns.snapshot.core import Chunks, PlaceDatasets, RegistrySnapshot
from twintowns.snapshot.names import Names
from twintowns.snapshot.sharing import Ids, shared

MAGIC = b"twintowns-registry-snapshot/2\n"
CHUNK = 128
"""Average number of places or twinnings per chunk."""
KEEP = 3
"""How many cache files a directory keeps (the newest)."""
_HEADER = struct.Struct(">Q16s")


class CacheError(Exception):
    """A cache file is missing, unreadable or corrupt (never shown to users: the snapshot is
    read from the database instead)."""


def _digest(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _model_classes() -> dict[tuple[str, str], type]:
    found: dict[tuple[str, str], type] = {}
    for value in vars(model).values():
        if isinstance(value, type) and (
            dataclasses.is_dataclass(value) or issubclass(value, enum.Enum | model.Coordinates)
        ):
            found[(value.__module__, value.__qualname__)] = value
    found[("datetime", "date")] = dt.date
    return found


_ALLOWED = _model_classes()


def _fields_reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    names = [f.name for f in dataclasses.fields(cls)]

    def reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
        # the class called with its fields: unpickling runs the constructor in C, several
        # times faster than a dataclass's own per-field __setstate__
        return type(obj), tuple(getattr(obj, name) for name in names)

    return reduce


_REDUCERS = {  # Coordinates reduce themselves the same way (their __reduce__)
    cls: _fields_reducer(cls) for cls in _ALLOWED.values() if dataclasses.is_dataclass(cls)
}


class _ModelUnpickler(pickle.Unpickler):
    """Constructs only the model's classes and dates: a cache file cannot name any other
    callable (the "restricting globals" rule of the :mod:`pickle` documentation)."""

    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a snapshot")
        return found


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(value)
    return buffer.getvalue()


def _loads(data: bytes | memoryview) -> Any:
    try:
        return _ModelUnpickler(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as exc:
        raise CacheError(f"corrupt chunk: {type(exc).__name__}") from exc


def chunked(ids: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` slices of ``ids`` (in order) cut after every id whose CRC-32 is 0
    modulo :data:`CHUNK`: the cuts depend only on the ids, not on their positions."""
    cuts, start = [], 0
    for position, item in enumerate(ids):
        if zlib.crc32(item.encode()) % CHUNK == 0:
            cuts.append((start, position + 1))
            start = position + 1
    if start < len(ids):
        cuts.append((start, len(ids)))
    return cuts


@functools.cache
def layout() -> str:
    """A digest of the pickled classes' fields (every dataclass and enum of ``twintowns.model``).

    Part of every cache file's name: a release that adds or renames a field (rules gained
    ``claim_of`` in revision 0006) gets new file names, so an old file is never unpickled into
    objects that lack the field; stale files are pruned like any old version's.
    """
    # every submodule, imported here, so that two processes (the snapshot child and its
    # parent) agree whatever else each has imported
    names = [model.__name__]
    names += [f"{model.__name__}.{m.name}" for m in pkgutil.iter_modules(model.__path__)]
    modules = sorted((name, importlib.import_module(name)) for name in names)
    parts = [MAGIC.decode()]
    for name, module in modules:
        for attr, value in sorted(vars(module).items()):
            if isinstance(value, type) and value.__module__ == name:
                if dataclasses.is_dataclass(value):
                    fields = ",".join(f.name for f in dataclasses.fields(value))
                    parts.append(f"{name}.{attr}:{fields}")
                elif issubclass(value, enum.Enum):
                    parts.append(f"{name}.{attr}=" + ",".join(m.name for m in value))
                elif issubclass(value, model.Coordinates):  # a value of two parts
                    parts.append(f"{name}.{attr}:" + ",".join(value.__match_args__))
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=8).hexdigest()


def file_name(key: str) -> str:
    """The cache file of the data version with cache key ``key`` (and this code's
    :func:`layout`)."""
    named = f"{layout()}\n{key}"
    return hashlib.blake2b(named.encode(), digest_size=12).hexdigest() + ".snap"


def _write_chunks(out: BinaryIO, items: Sequence[Any], ids: Sequence[str]) -> list[Any]:
    """Each chunk's ``(digest, offset, length, (start, end))``: where its blob is in the file,
    and which of ``items`` it holds."""
    entries = []
    for start, end in chunked(ids):
        blob = _dumps(tuple(items[start:end]))
        entries.append((_digest(blob), out.tell(), len(blob), (start, end)))
        out.write(blob)
    return entries


def _write_blob(out: BinaryIO, value: object) -> tuple[bytes, int, int]:
    blob = _dumps(value)
    entry = (_digest(blob), out.tell(), len(blob))
    out.write(blob)
    return entry


def encode(snapshot: RegistrySnapshot, out: BinaryIO) -> Chunks:
    """Write ``snapshot`` to the open binary file ``out`` (see the module's layout); the
    chunks written (what a later load may reuse)."""
    out.write(b"\0" * (len(MAGIC) + _HEADER.size))  # the header, written last
    place_ids = list(snapshot.places)
    twinning_ids = [t.id for t in snapshot.twinnings]
    meta = (dict(snapshot.sources), dict(snapshot.datasets))
    index = {
        "version": snapshot.version,
        "key": snapshot.key,
        "meta": _write_blob(out, (*meta, snapshot.terms, snapshot.networks, snapshot.rules)),
        # in key order: the load sorts them again (for prefix search), then in linear time
        "names": _write_blob(out, dict(sorted(snapshot.names.names.items()))),
        "places": _write_chunks(out, [snapshot.places[i] for i in place_ids], place_ids),
        "twinnings": _write_chunks(out, snapshot.twinnings, twinning_ids),
    }
    blob = pickle.dumps(index, protocol=5)
    offset = out.tell()
    out.write(blob)
    out.seek(0)
    out.write(MAGIC + _HEADER.pack(offset, _digest(blob)))
    return {entry[0]: entry[3] for entry in (*index["places"], *index["twinnings"])}


def write(snapshot: RegistrySnapshot, directory: Path) -> Path:
    """Write ``snapshot`` into ``directory`` atomically (a temporary file renamed into place)
    and delete all but the :data:`KEEP` newest cache files there.  A snapshot that does not
    know its chunks yet (read from the database) learns them, so that the next load reuses
    its objects.

    Raises
    ------
    OSError
        If the directory cannot be written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(snapshot.key)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".snap", dir=directory)
    try:
        with os.fdopen(handle, "w+b") as out:
            chunks = encode(snapshot, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _prune(directory, keep=path)
    if not snapshot.chunks:
        object.__setattr__(snapshot, "chunks", chunks)  # what it was made of: not its content
    return path


def _prune(directory: Path, keep: Path) -> None:
    files = sorted(directory.glob("*.snap"), key=_mtime, reverse=True)
    for old in files[KEEP:]:
        if old != keep:
            old.unlink(missing_ok=True)  # a reader that has it open keeps reading it


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _index(data: mmap.mmap) -> dict[str, Any]:
    if data[: len(MAGIC)] != MAGIC:
        raise CacheError("not a snapshot file")
    offset, digest = _HEADER.unpack_from(data, len(MAGIC))
    blob = data[offset:]
    if offset < len(MAGIC) + _HEADER.size or _digest(blob) != digest:
        raise CacheError("snapshot index damaged")
    index = _loads(blob)  # plain containers: it names no class at all
    if not isinstance(index, dict) or "twinnings" not in index:
        raise CacheError("not a snapshot index")
    return index


def _chunk(data: mmap.mmap, entry: Sequence[Any]) -> Any:
    digest, offset, length = entry[0], entry[1], entry[2]
    view = data[offset : offset + length]
    if len(view) != length or _digest(view) != digest:
        raise CacheError("snapshot chunk damaged")
    return _loads(view)


def _items(
    data: mmap.mmap,
    entries: Iterable[Sequence[Any]],
    reuse: Callable[[Sequence[Any]], Sequence[Any] | None],
    chunks: dict[bytes, tuple[int, int]],
    fresh: Callable[[Sequence[Any]], None] | None = None,
) -> list[Any]:
    """The items of ``entries`` in order (each chunk reused or unpickled); each chunk's
    ``(start, end)`` among them noted in ``chunks``; ``fresh`` called with each chunk
    unpickled, as soon as it is."""
    found: list[Any] = []
    for entry in entries:
        kept = reuse(entry)
        start = len(found)
        if kept is None:
            kept = _chunk(data, entry)
            if fresh is not None:
                fresh(kept)
        found.extend(kept)
        chunks[entry[0]] = (start, len(found))
    return found


def load(path: Path, base: RegistrySnapshot | None = None) -> RegistrySnapshot:
    """The snapshot stored in ``path``, reusing the objects of ``base`` (a snapshot held
    already) for every chunk the two share, so only what changed is unpickled.

    Raises
    ------
    CacheError
        If the file is missing, unreadable or fails a digest.
    """
    try:
        with (
            path.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):
            return _decode(data, base)
    except (OSError, ValueError, struct.error) as exc:
        raise CacheError(f"cannot read {path.name}: {type(exc).__name__}") from exc


def _reusing(
    base: RegistrySnapshot | None,
) -> tuple[Callable[[Sequence[Any]], Any], Callable[[Sequence[Any]], Any]]:
    """Functions giving the places and the twinnings of ``base`` held in a chunk (by its
    entry in the index), or None when ``base`` does not hold it."""
    held = base.chunks if base is not None else {}
    places: list[model.Place] = []

    def reuse_places(entry: Sequence[Any]) -> list[model.Place] | None:
        found = held.get(entry[0])
        if found is None or base is None:
            return None
        if not places:
            places.extend(base.places.values())
        return places[found[0] : found[1]]

    def reuse_twinnings(entry: Sequence[Any]) -> Sequence[model.Twinning] | None:
        found = held.get(entry[0])
        return None if found is None or base is None else base.twinnings[found[0] : found[1]]

    return reuse_places, reuse_twinnings


def _decode(data: mmap.mmap, base: RegistrySnapshot | None) -> RegistrySnapshot:
    index = _index(data)
    # first: the copies of place ids it holds (dropped below) are then packed together, and
    # their memory can go back to the system whole
    sources, datasets, terms, networks, rules = _chunk(data, index["meta"])
    reuse_places, reuse_twinnings = _reusing(base)
    chunks: dict[bytes, tuple[int, int]] = {}
    places = {p.id: p for p in _items(data, index["places"], reuse_places, chunks)}
    ids = Ids(zip(places, places, strict=True))
    twinnings = _items(
        data, index["twinnings"], reuse_twinnings, chunks, lambda made: shared(made, ids)
    )
    snapshot = RegistrySnapshot(
        str(index["version"]),
        places,
        tuple(twinnings),
        sources,
        PlaceDatasets(places, datasets),
        str(index["key"]),
        tuple(terms),
        tuple(networks),
        tuple(rules),
        chunks,
        previous=base if base is not None and "names" in base.__dict__ else None,
    )
    if snapshot.previous is None:  # a cold start: the stored name index, not a refold
        object.__setattr__(snapshot, "stored_names", _stored_names(data, index["names"]))
    return snapshot


def _stored_names(data: mmap.mmap, entry: Sequence[Any]) -> Callable[[], Names | None]:
    """The stored name index, checked now and unpickled when first asked for (None then if
    it cannot be: the snapshot folds its names again)."""
    digest, offset, length = entry[0], entry[1], entry[2]
    blob = bytes(data[offset : offset + length])  # the file is closed before the first lookup
    if len(blob) != length or _digest(blob) != digest:
        raise CacheError("snapshot chunk damaged")

    def names() -> Names | None:
        try:
            found = _loads(blob)
        except CacheError:
            return None
        return found if isinstance(found, dict) else None

    return names
