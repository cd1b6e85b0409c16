"""Where a registry's snapshot comes from: its cache file, a child process, or the database.

:func:`open_snapshot` gives the snapshot of a registry's current data version: the one held
already when the version has not moved, else the persisted file of that version (see
:mod:`twintowns.snapshot.persist`), else a fresh read of the database that is then persisted.
A long-running server asks for the read to happen in a child process (:func:`build_in_child`:
``python -m twintowns.snapshot``), which reads the database and writes the file, so the
server's own threads (and its GIL) only map the file and unpickle the chunks that changed.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from platformdirs import user_cache_dir

from twintowns.errors import StoreError
from twintowns.snapshot import persist
from twintowns.snapshot.core import RegistrySnapshot
from twintowns.store.content import read_transaction
from twintowns.store.reader import Reader

log = logging.getLogger(__name__)

CHILD_TIMEOUT = 600.0
"""Seconds a child process may take to read the registry and write its snapshot."""


def cache_dir(engine: sa.Engine, configured: Path | None = None) -> Path | None:
    """The directory of a registry's snapshot files: ``configured`` when given, else beside
    an SQLite file (``<file>.snapshots``), else the user's cache directory (a folder per
    database URL); None for an in-memory SQLite database (nothing to persist)."""
    if configured is not None:
        return configured
    url = engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        path = Path(database).resolve()
        return path.with_name(path.name + ".snapshots")
    name = url.render_as_string(hide_password=True)
    folder = hashlib.blake2b(name.encode(), digest_size=8).hexdigest()
    return Path(user_cache_dir("twintowns", appauthor=False)) / "snapshots" / folder


@contextmanager
def no_collection() -> Iterator[None]:
    """No garbage collection while a snapshot's million objects are made: every full pass
    would walk all of them again (it tripled a world read); the caller's setting after.

    The objects made meanwhile go straight to the oldest generation (``gc.freeze`` then
    ``gc.unfreeze``: two list splices), so the young collections that follow do not walk a
    million long-lived objects once more (0.4 s at the first allocation after a world load);
    nothing is kept out of collection for good.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def current_key(engine: sa.Engine) -> tuple[str, str]:
    """The data version and cache key of the registry now (one small query).

    Raises
    ------
    StoreError
        If the database cannot be read.
    """
    with read_transaction(engine) as conn:
        return Reader(engine, conn).version()


def read_and_persist(
    engine: sa.Engine, directory: Path | None, base: RegistrySnapshot | None = None
) -> RegistrySnapshot:
    """Read the snapshot from the database and write its cache file (a failed write only
    logs: the snapshot is served all the same).  With ``base``, the snapshot returned is the
    file loaded over it: what did not change is ``base``'s objects, not a second copy.

    Raises
    ------
    StoreError
        If the database cannot be read.
    """
    snapshot = RegistrySnapshot.read(engine)
    if directory is None:
        return snapshot
    try:
        path = persist.write(snapshot, directory)
        return persist.load(path, base) if base is not None else snapshot
    except (OSError, persist.CacheError) as exc:
        log.warning("snapshot cache not written in %s: %s", directory, exc)
    return snapshot


def open_snapshot(
    engine: sa.Engine,
    directory: Path | None = None,
    *,
    base: RegistrySnapshot | None = None,
    in_child: bool = False,
) -> RegistrySnapshot:
    """The snapshot of the registry's current data version.

    Parameters
    ----------
    engine:
        The registry's database.
    directory:
        Its cache directory (:func:`cache_dir`); None reads the database, persisting nothing.
    base:
        A snapshot held already: returned as it is when the version has not moved, else the
        new one reuses its objects for whatever did not change.
    in_child:
        Read the database in a child process (a server's choice: its threads keep serving).

    Raises
    ------
    StoreError
        If the database cannot be read.
    """
    _version, key = current_key(engine)
    if base is not None and base.key == key:
        return base
    with no_collection():
        return _open(engine, directory, key, base, in_child=in_child)


def _open(
    engine: sa.Engine,
    directory: Path | None,
    key: str,
    base: RegistrySnapshot | None,
    *,
    in_child: bool,
) -> RegistrySnapshot:
    if directory is None:
        return RegistrySnapshot.read(engine)
    try:
        return persist.load(directory / persist.file_name(key), base)
    except persist.CacheError as exc:
        log.info("snapshot cache not used (%s): reading the registry", exc)
    if in_child:
        try:
            return persist.load(build_in_child(engine, directory), base)
        except (StoreError, persist.CacheError) as exc:
            log.warning("snapshot not built in a child process (%s): reading it here", exc)
    return read_and_persist(engine, directory, base)


def build_in_child(engine: sa.Engine, directory: Path) -> Path:
    """Read the registry in a child process that writes its cache file; the file's path.

    The database URL travels on the child's standard input (never on its command line, where
    any user could read a password).

    Raises
    ------
    StoreError
        If the child fails or times out.
    """
    request = {"url": engine.url.render_as_string(hide_password=False), "dir": str(directory)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "twintowns.snapshot"],
            input=json.dumps(request).encode(),
            capture_output=True,
            timeout=CHILD_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StoreError(f"snapshot child process failed: {type(exc).__name__}") from exc
    if done.returncode != 0:
        last = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise StoreError(f"snapshot child process failed: {last[0][:300]}")
    return Path(done.stdout.decode().strip())


def child_main() -> int:
    """The child process of :func:`build_in_child`: read a request on standard input,
    read the registry, write the cache file, print its path."""
    from twintowns.store import make_engine  # the child needs the engine, not the parent

    request = json.loads(sys.stdin.read())
    engine = make_engine(str(request["url"]))
    gc.disable()  # a short-lived process: never walk its million objects
    with contextlib.suppress(OSError):
        os.nice(10)  # background work: the server's request threads come first on the CPU
    try:
        snapshot = RegistrySnapshot.read(engine)
        path = persist.write(snapshot, Path(request["dir"]))
    finally:
        engine.dispose()
    print(path)
    return 0
