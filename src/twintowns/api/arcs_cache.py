"""The atlas's encoded arc table kept on disk, so a server's restart does not recompute it.

Encoding :func:`twintowns.api.arcs.arc_table` takes a second of the GIL on the world registry
and several at ten times its size; a restart over the same data, on the same day, would make
the same bytes again.  The gzipped JSON is kept beside the snapshot's cache files
(``arcs-<digest>.json.gz``), named by a digest of the snapshot's data version and cache key,
the day (statuses and the slider's last year are taken today) and the sources of the code
that makes it (:mod:`twintowns.api.arcs`, the model, country names): a release that changes
the table never reads an old file.  The file is only ever served as bytes (never unpickled or
evaluated); one that cannot be read or decompressed is ignored (the table is computed again),
one that cannot be written is only logged.  Files are written atomically (a temporary name
renamed into place) and all but the :data:`KEEP` newest are deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import io
import logging
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pycountry

from twintowns import country_names, model
from twintowns.api import arcs as arcs_module
from twintowns.query import Snapshot

log = logging.getLogger(__name__)

PREFIX = "arcs-"
WORLD = "world-"
"""Prefix of the files of the grouped world view (:func:`twintowns.api.arcs_view.world_view`,
the atlas's first table of a large registry), kept the same way."""
KEEP = 3
"""How many arc files a cache directory keeps (the newest)."""


@functools.cache
def _code_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    files = [Path(str(arcs_module.__file__)), Path(str(country_names.__file__))]
    files += sorted(Path(str(model.__file__)).parent.glob("*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(str(getattr(pycountry, "__version__", "")).encode())
    return digest.hexdigest()


@functools.cache
def _view_digest() -> str:
    """A digest of the code that groups the arcs (read as files: numpy is not imported)."""
    digest = hashlib.blake2b(digest_size=8)
    for name in ("arcs_group.py", "arcs_view.py", "arcs_columns.py"):
        digest.update(Path(str(arcs_module.__file__)).with_name(name).read_bytes())
    return digest.hexdigest()


def cache_file(
    directory: Path, version: str, key: str, today: dt.date, prefix: str = PREFIX
) -> Path:
    """Where the arc table (``prefix`` :data:`WORLD`: the world view) of data ``version``
    (cache ``key``) on ``today`` is kept."""
    parts = [version, key, today.isoformat(), _code_digest()]
    if prefix != PREFIX:
        parts.append(_view_digest())
    name = hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()
    return directory / f"{prefix}{name}.json.gz"


def world_file(directory: Path, snapshot: Snapshot) -> Path:
    """Where the world view of ``snapshot`` is kept in its cache ``directory`` today."""
    return cache_file(directory, snapshot.version, snapshot.key, dt.date.today(), WORLD)


BLOCK = 1 << 18
"""Bytes read from a file at a time when it is streamed."""


def checked(path: Path) -> bool:
    """Whether ``path`` holds a whole gzip stream (its CRC included), decompressed a
    megabyte at a time and dropped: nothing of it kept."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except FileNotFoundError:
        return False
    except (OSError, EOFError, zlib.error) as exc:  # gzip's errors for a damaged file
        log.warning("arcs file %s not used (%s): encoding the arcs again", path, exc)
        return False
    return True


def blocks(handle: BinaryIO, *, decompress: bool = False) -> Iterator[bytes]:
    """The bytes of the open gzip file ``handle`` (checked already; closed at the end) a
    block at a time, decompressed when asked: so a large table is served without holding
    it (the file may be replaced or pruned meanwhile: the open one is read to its end)."""
    inflate = zlib.decompressobj(wbits=31) if decompress else None
    with handle:
        while block := handle.read(BLOCK):
            yield inflate.decompress(block) if inflate is not None else block
    if inflate is not None:
        yield inflate.flush()


def read_packed(path: Path) -> bytes | None:
    """The gzipped JSON kept in ``path`` (checked whole, its CRC included, by decompressing
    it a megabyte at a time: the JSON is not kept); None when there is none or it is
    damaged."""
    try:
        packed = path.read_bytes()
        with gzip.GzipFile(fileobj=io.BytesIO(packed)) as stream:
            while stream.read(1 << 20):
                pass
        return packed
    except FileNotFoundError:
        return None
    except (OSError, EOFError, zlib.error) as exc:  # gzip's errors for a damaged file
        log.warning("arcs file %s not used (%s): encoding the arcs again", path, exc)
        return None


def write(path: Path, packed: bytes) -> None:
    """Keep ``packed`` (gzipped JSON) in ``path``; prune older files of its kind (its
    prefix) beside it."""
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_bytes(packed)
        os.replace(scratch, path)
        prefix = path.name.split("-", 1)[0]
        old = sorted(path.parent.glob(f"{prefix}-*.json.gz"), key=_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("arcs not kept in %s: %s", path.parent, exc)
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
