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
from pathlib import Path

import pycountry

from twintowns import country_names, model
from twintowns.api import arcs as arcs_module

log = logging.getLogger(__name__)

PREFIX = "arcs-"
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


def cache_file(directory: Path, version: str, key: str, today: dt.date) -> Path:
    """Where the arc table of data ``version`` (cache ``key``) on ``today`` is kept."""
    parts = [version, key, today.isoformat(), _code_digest()]
    name = hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()
    return directory / f"{PREFIX}{name}.json.gz"


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
    """Keep ``packed`` (gzipped JSON) in ``path``; prune older arc files beside it."""
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_bytes(packed)
        os.replace(scratch, path)
        old = sorted(path.parent.glob(f"{PREFIX}*.json.gz"), key=_mtime)
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
