"""A large registry's arc files made in a child process (issue 22): a first start's
server reads them as a restart does, never gathering the arcs itself, and answers the same
bytes; a failed child, a moved registry or a shutdown leave the in-process path as before."""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient

from twintowns.api import answers, arcs_child, arcs_group, arcs_view, create_app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.snapshots import SnapshotCache

BOX = {"west": -180, "south": -90, "east": 180, "north": 90, "zoom": 2}


def _files(directory: Path) -> dict[str, int]:
    return {kind: len(list(directory.glob(f"{kind}-*"))) for kind in ("arcs", "columns", "world")}


@pytest.mark.slow  # a child imports the server's code again (~3 s under load)
def test_a_first_start_makes_the_arc_files_in_a_child(
    own_curated: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arcs_view, "BULK_MOST", 10)  # the curated registry as a large one
    monkeypatch.setattr(arcs_view, "MOST_GROUPS", 5)  # the server's limit: the child's too
    before = arcs_group.gathered()
    app = create_app(own_curated)
    held = app.state.twintowns
    with TestClient(app) as client:
        # asked while the warm-up's child may still run: waits for it, makes no second copy
        first = client.get("/atlas/arcs/first.json")
        assert held.warming is not None
        held.warming.join(60)
        snapshot = held.cache.current()
        directory = held.cache.directory
        assert app.state.arcs_apart.children == 1
        assert _files(directory) == {"arcs": 1, "columns": 1, "world": 1}
        assert answers.kept(snapshot, arcs_view.WORLD_KEY) is not None
        assert snapshot.memo.get(arcs_group.MEMO_KEY) is None  # as after a restart
        extent = client.get("/atlas/arcs/view.json", params=BOX)  # loads the arrays' file
        assert arcs_group.gathered() == before  # the server never gathered the arcs
        assert app.state.arcs_apart.children == 1
    assert app.state.arcs_apart.stopped  # by the shutdown (a running child would be ended)
    with TestClient(app):  # served again (a test's app): children allowed again
        assert not app.state.arcs_apart.stopped
    # the same bytes as the arcs grouped in process
    assert first.json()["mode"] == "aggregate"
    assert len(first.json()["arcs"]["count"]) == 5 < first.json()["groups"]
    assert first.content == orjson.dumps(arcs_view.world_view(snapshot))
    snapshot.memo.drop(arcs_group.MEMO_KEY)
    box = arcs_view.snap_box((-180, -90, 180, 90), 2)
    assert extent.content == orjson.dumps(arcs_view.extent_view(snapshot, box, 2))
    assert arcs_group.gathered() == before + 1  # (that one, in process)


@pytest.mark.slow  # a child that fails (~3 s under load)
def test_a_failed_child_leaves_the_world_view_made_in_process(
    own_curated: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(arcs_view, "BULK_MOST", 10)
    caplog.set_level(logging.WARNING)
    before = arcs_group.gathered()
    app = create_app(own_curated)
    held = app.state.twintowns
    unreadable = f"sqlite:///{tmp_path}/no-such-dir/registry.sqlite"  # the child cannot open it
    broken = own_curated.model_copy(update={"database_url": unreadable, "auto_load": False})
    app.state.arcs_apart = arcs_child.Builder(broken)
    with TestClient(app) as client:
        assert held.warming is not None
        held.warming.join(60)
        first = client.get("/atlas/arcs/first.json")
        snapshot = held.cache.current()
    assert app.state.arcs_apart.children == 1
    assert any("child failed" in r.message for r in caplog.records)
    assert any("not made apart" in r.message for r in caplog.records)
    assert arcs_group.gathered() == before + 1  # made here instead
    assert _files(held.cache.directory) == {"arcs": 1, "columns": 1, "world": 1}
    assert first.content == orjson.dumps(arcs_view.world_view(snapshot))


def test_a_child_of_a_moved_registry_files_nothing(own_curated: Settings, tmp_path: Path) -> None:
    directory = tmp_path / "arcs"
    # the child's own code, run here
    code = arcs_child.child(own_curated, directory, "another-version", "another-key")
    assert code == arcs_child.MOVED
    assert not directory.exists()


def test_small_registries_and_no_directory_stay_in_process(
    own_curated: Settings, tmp_path: Path
) -> None:
    registry = Registry.open(own_curated)
    snapshot = SnapshotCache(registry).current()
    builder = arcs_child.Builder(own_curated)
    assert arcs_view.bulk(snapshot)  # the curated registry is small
    assert not arcs_view.made_apart(snapshot, tmp_path, builder)
    snapshot.memo.put("arcs-bulk", False)  # as a registry past BULK_MOST
    assert not arcs_view.made_apart(snapshot, None, builder)
    assert not arcs_view.made_apart(snapshot, tmp_path, None)
    assert builder.children == 0
    registry.engine.dispose()


@pytest.mark.slow  # a child, ended (~2 s under load)
def test_a_shutdown_ends_the_child_and_makes_nothing(own_curated: Settings, tmp_path: Path) -> None:
    tmp_path = tmp_path / "arcs"
    registry = Registry.open(own_curated)
    snapshot = SnapshotCache(registry).current()
    snapshot.memo.put("arcs-bulk", False)
    builder = arcs_child.Builder(own_curated)
    made: list[bool] = []
    waiting = threading.Thread(target=lambda: made.append(builder.files(snapshot, tmp_path)))
    waiting.start()
    while (running := builder._running) is None and waiting.is_alive():
        time.sleep(0.01)
    started = time.monotonic()
    builder.stop()  # at once: the child is still importing the code
    waiting.join(30)
    assert not waiting.is_alive()
    assert time.monotonic() - started < 10  # ended, not waited for
    assert running is not None
    assert running.returncode == -signal.SIGTERM
    assert made == [False]
    assert not tmp_path.exists()  # nothing filed
    before = arcs_group.gathered()
    arcs_view.warm(snapshot, tmp_path, builder)  # the warm-up after a shutdown: nothing made
    assert answers.kept(snapshot, arcs_view.WORLD_KEY) is None
    assert arcs_group.gathered() == before
    assert builder.children == 1
    registry.engine.dispose()


def test_a_child_that_cannot_start_leaves_the_files_to_the_server(
    own_curated: Settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry = Registry.open(own_curated)
    snapshot = SnapshotCache(registry).current()
    snapshot.memo.put("arcs-bulk", False)
    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))  # cannot start
    builder = arcs_child.Builder(own_curated)
    assert not builder.files(snapshot, tmp_path / "arcs")
    assert builder.children == 0
    assert any("not started" in r.message for r in caplog.records)
    assert not builder.files(snapshot, tmp_path / "arcs")  # tried once per snapshot
    assert sum("not started" in r.message for r in caplog.records) == 1
    registry.engine.dispose()


@pytest.mark.slow  # two app starts and two child processes (~4 s under load)
def test_a_first_extent_without_the_arrays_file_has_them_made_in_a_child(
    own_curated: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arcs_view, "BULK_MOST", 10)
    app = create_app(own_curated)
    with TestClient(app) as client:
        app.state.twintowns.warming.join(60)
        extent = client.get("/atlas/arcs/view.json", params=BOX).content
    directory = app.state.twintowns.cache.directory
    for arrays in directory.glob("columns-*.npz"):  # pruned, say: the world view is kept
        arrays.unlink()
    before = arcs_group.gathered()
    again = create_app(own_curated)
    with TestClient(again) as client:
        again.state.twintowns.warming.join(60)
        assert again.state.arcs_apart.children == 0  # the world view read from its file
        assert client.get("/atlas/arcs/view.json", params=BOX).content == extent
        assert again.state.arcs_apart.children == 1
    assert arcs_group.gathered() == before
    assert _files(directory) == {"arcs": 1, "columns": 1, "world": 1}


def test_a_failed_childs_half_written_files_are_deleted(tmp_path: Path) -> None:
    theirs = tmp_path / ".world-abc.json.gz.4242.tmp"  # named as arcs_cache writes them
    others = tmp_path / ".world-abc.json.gz.4343.tmp"  # another process's, still writing
    kept = tmp_path / "world-abc.json.gz"
    for path in (theirs, others, kept):
        path.write_bytes(b"x")
    arcs_child._scratch_gone(tmp_path, 4242)
    assert not theirs.exists()
    assert others.exists()
    assert kept.exists()
