"""A large registry's arc files made in a child process, so the server holds what a restart
holds (issue 22).

Making the world view the first time (the arc table, its arrays, the grouped view:
:mod:`.arcs_view`) makes millions of short-lived Python objects; freed, they leave the
server's heap fragmented, some 40 MB more resident at ten times the world than after a
restart, which only reads the files.  So when the snapshot's cache directory lacks them, a
child process (``python -m twintowns.api.arcs_main``: a new interpreter, never a fork of a
server that has threads) opens the same registry with the same settings (sent on its
standard input, never on its command line, where any user could read a password), through
the server's own path (:class:`twintowns.api.state.AppState`, whose snapshot is read from
the cache file the server just wrote: seconds), files the arc table, its arrays and the
world view (:mod:`.arcs_cache`, :mod:`.arcs_columns`) and exits; the server then reads the
files as a restart does.

A :class:`Builder` (one per app, ``app.state.arcs_apart``) runs one child at a time: a
request for the world view or an extent while it runs waits for it (at most :data:`WAIT`
seconds) instead of making a second copy.
When the child fails, times out, or files another snapshot's data (the registry moved
meanwhile), the caller makes them in process as before, nothing lost but the memory; a
warning says why.  :meth:`Builder.stop` (the server's shutdown) ends a running child.

The cost is elsewhere: for some seconds the child holds a snapshot of its own (as much
memory again as the server, at its peak), and the first view comes a few seconds later (the
child imports the code and reads the snapshot again).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from twintowns.api import arcs_cache
from twintowns.query import Snapshot
from twintowns.settings import Settings

log = logging.getLogger(__name__)

WAIT = 300.0
"""Most seconds a child may take (ten times the world: about a minute on a loaded machine);
past it the child is ended and the files are made in process."""
MEMO_KEY = "arcs-child"
"""Where a snapshot keeps whether its files were made apart (tried once per snapshot)."""
MOVED = 3
"""The child's exit code when the registry it read is not the server's snapshot."""


def filed(directory: Path, snapshot: Snapshot) -> bool:
    """Whether the world view and the arc arrays of ``snapshot`` are both filed."""
    from twintowns.api import arcs_columns  # numpy: only once the arcs by view are asked

    return (
        arcs_cache.world_file(directory, snapshot).is_file()
        and arcs_columns.columns_file(directory, snapshot).is_file()
    )


def arcs_apart(app: Starlette) -> Builder | None:
    """The :class:`Builder` of ``app`` (``app.state.arcs_apart``, set by the app factory;
    None for an app without one, whose arc files are made in process)."""
    found = getattr(app.state, "arcs_apart", None)
    return found if isinstance(found, Builder) else None


class Builder:
    """Makes the arc files of a server's snapshots in child processes, one at a time.

    Parameters
    ----------
    settings:
        The server's settings (sent to the child: it opens the same registry).
    wait:
        Most seconds a child may take (:data:`WAIT`).
    """

    def __init__(self, settings: Settings, wait: float = WAIT) -> None:
        self.settings = settings
        self.wait = wait
        self.children = 0  # children started (what the tests observe)
        self._lock = threading.Lock()  # one child at a time; later callers wait for it
        self._guard = threading.Lock()  # the running child and the stop flag
        self._running: subprocess.Popen[bytes] | None = None
        self._stopped = False

    @property
    def stopped(self) -> bool:
        """Whether :meth:`stop` was called (the server is shutting down)."""
        return self._stopped

    def files(self, snapshot: Snapshot, directory: Path) -> bool:
        """Whether the world view and arc arrays of ``snapshot`` are filed in its cache
        ``directory``: made by a child unless they are already (tried once per snapshot; a
        caller while a child runs waits for it and gets its outcome)."""
        with self._lock:
            tried = snapshot.memo.get(MEMO_KEY)
            if isinstance(tried, bool):
                return tried
            if filed(directory, snapshot):
                return True
            made = self._run(snapshot, directory) and filed(directory, snapshot)
            if not made and not self._stopped:
                log.warning("arc files not made apart: making them in the server")
            return snapshot.memo.put(MEMO_KEY, made)

    def _run(self, snapshot: Snapshot, directory: Path) -> bool:
        """Run one child for ``snapshot``; whether it exited well in time."""
        from twintowns.api import arcs_view  # numpy: loaded by the caller already

        request = {
            "settings": self.settings.model_dump(mode="json"),
            "dir": str(directory),
            "version": snapshot.version,
            "key": snapshot.key,
            "limits": [arcs_view.MOST_GROUPS, arcs_view.WORLD_CELL],  # the server's own
        }
        with self._guard:
            if self._stopped:
                return False
            try:
                process = subprocess.Popen(
                    [sys.executable, "-m", "twintowns.api.arcs_main"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            except OSError as exc:  # no interpreter to start, no process left
                log.warning("arc files child not started: %s", exc)
                return False
            self._running = process
            self.children += 1
        try:
            _, errors = process.communicate(json.dumps(request).encode(), timeout=self.wait)
        except subprocess.TimeoutExpired:
            log.warning("arc files child still running after %.0f s: ended", self.wait)
            _end(process)
        else:
            if process.returncode != 0 and not self._stopped:
                last = errors.decode(errors="replace").strip().splitlines()[-1:] or ["-"]
                log.warning(
                    "arc files child failed (exit code %s): %s", process.returncode, last[0][:300]
                )
        finally:
            with self._guard:
                self._running = None
        if process.returncode != 0:  # failed, timed out or ended by a shutdown
            _scratch_gone(directory, process.pid)
        return process.returncode == 0 and not self._stopped

    def start(self) -> None:
        """Allow children (again: an app served twice, as tests do, after a :meth:`stop`)."""
        with self._guard:
            self._stopped = False

    def stop(self) -> None:
        """End a running child and start no other (the server's shutdown: a caller waiting
        for it gets "not made")."""
        with self._guard:
            self._stopped = True
            process = self._running
        if process is not None and process.poll() is None:
            process.terminate()


def _end(process: subprocess.Popen[bytes]) -> None:
    """End ``process`` (politely, then not)."""
    process.terminate()
    try:
        process.communicate(timeout=5.0)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def _scratch_gone(directory: Path, pid: int) -> None:
    """Delete the half-written files a child ``pid`` left in ``directory``."""
    for scratch in directory.glob(f".*.{pid}.tmp"):
        with contextlib.suppress(OSError):
            scratch.unlink()


def child(
    settings: Settings,
    directory: Path,
    version: str,
    key: str,
    limits: tuple[int, float] | None = None,
) -> int:
    """The child process's work: open the registry as the server does, check that its
    snapshot is the server's (``version``, ``key``), file the arc table, its arrays and the
    world view in ``directory`` (grouped by the server's ``limits``: its most groups and
    world cell); its exit code (:data:`MOVED` when the registry moved, nothing filed)."""
    from twintowns.api import arcs_group, arcs_view  # numpy: the child's, not the server's
    from twintowns.api.state import AppState

    if limits is not None:  # the server's, which a test may have lowered: the same answer
        arcs_view.MOST_GROUPS, arcs_view.WORLD_CELL = limits
    state = AppState.open(settings)
    try:
        snapshot = state.cache.current()
        if (snapshot.version, snapshot.key) != (version, key):
            log.warning("registry moved since the server read it: no arc files made")
            return MOVED
        arcs_group.columns(snapshot, directory)  # the arc table and its arrays, filed
        arcs_view.world_answer(snapshot, directory)  # grouped from them, filed
        return 0
    finally:
        state.registry.engine.dispose()


def child_main() -> int:
    """``python -m twintowns.api.arcs_main``: read the server's request on standard input
    (settings, directory, snapshot and limits) and do :func:`child`'s work; the exit code."""
    request: dict[str, Any] = json.loads(sys.stdin.read())
    with contextlib.suppress(OSError):
        os.nice(10)  # background work: the server's request threads come first on the CPU
    most, cell = request["limits"]
    return child(
        Settings(**request["settings"]),
        Path(request["dir"]),
        str(request["version"]),
        str(request["key"]),
        (int(most), float(cell)),
    )
