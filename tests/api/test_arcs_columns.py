"""The arc arrays kept on disk: loaded back equal to those gathered from the arc table, a
damaged or mismatched file ignored, and a restart's first extent never reading the table."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import orjson
import pytest
from fastapi.testclient import TestClient

from twintowns.api import arcs_columns, arcs_group, arcs_view, create_app
from twintowns.api.arcs import arc_table
from twintowns.query import Snapshot
from twintowns.settings import Settings

_ARRAYS = ("place_lon", "place_lat", "place_country", "ends", "kind", "timeline")


def _gathered(snapshot: Snapshot) -> arcs_group.Columns:
    return arcs_group._detached(arcs_group.gather(arc_table(snapshot), snapshot))


def _equal(a: arcs_group.Columns, b: arcs_group.Columns) -> None:
    for name in _ARRAYS:
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert getattr(a, name).dtype == getattr(b, name).dtype, name
    assert (a.ids, a.isos, a.timelines) == (b.ids, b.isos, b.timelines)
    assert orjson.dumps(a.head) == orjson.dumps(b.head)


def test_columns_loaded_from_their_file_equal_those_gathered(
    client: TestClient, tmp_path: Path
) -> None:
    snapshot = client.app.state.twintowns.cache.current()  # type: ignore[attr-defined]
    made = _gathered(snapshot)
    path = arcs_columns.columns_file(tmp_path, snapshot)
    arcs_columns.save(path, made)
    fields = arcs_columns.load(path, snapshot)
    assert fields is not None
    loaded = arcs_group.Columns(**fields)
    _equal(loaded, made)
    assert len(loaded.kind) > 0
    assert all(i is snapshot.places[i].id for i in loaded.ids)  # the snapshot's own strings
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left over


def test_a_damaged_or_mismatched_file_is_ignored(
    client: TestClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    snapshot = client.app.state.twintowns.cache.current()  # type: ignore[attr-defined]
    made = _gathered(snapshot)
    path = arcs_columns.columns_file(tmp_path, snapshot)
    assert arcs_columns.load(path, snapshot) is None  # none filed
    arcs_columns.save(path, made)
    whole = path.read_bytes()
    caplog.set_level(logging.WARNING)
    path.write_bytes(whole[: len(whole) // 2])  # cut short
    assert arcs_columns.load(path, snapshot) is None
    path.write_bytes(b"not a zip file at all")
    assert arcs_columns.load(path, snapshot) is None
    # whole, but not of this snapshot: an unknown place, or an end out of range
    arcs_columns.save(
        path, arcs_group.Columns(**{**made.__dict__, "ids": ("nowhere",) * len(made.ids)})
    )
    assert arcs_columns.load(path, snapshot) is None
    arcs_columns.save(
        path, arcs_group.Columns(**{**made.__dict__, "ends": made.ends + len(made.ids)})
    )
    assert arcs_columns.load(path, snapshot) is None
    thin = made.place_lon.astype(np.float32)
    arcs_columns.save(path, arcs_group.Columns(**{**made.__dict__, "place_lon": thin}))
    assert arcs_columns.load(path, snapshot) is None
    assert sum("not used" in r.message or "does not fit" in r.message for r in caplog.records) == 5
    # columns() then gathers them again from the table, and files them whole
    snapshot.memo.drop(arcs_group.MEMO_KEY)
    try:
        _equal(arcs_group.columns(snapshot, tmp_path), made)
        fields = arcs_columns.load(path, snapshot)
        assert fields is not None
        _equal(arcs_group.Columns(**fields), made)
    finally:
        snapshot.memo.drop(arcs_group.MEMO_KEY)


@pytest.mark.slow  # two app starts over the curated registry (~4 s quiet, ~15 s under load)
def test_a_restarts_first_extent_loads_the_columns_not_the_table(
    own_curated: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arcs_view, "BULK_MOST", 10)  # the curated registry as a large one
    box = {"west": -180, "south": -90, "east": 180, "north": 90, "zoom": 2}
    app = create_app(own_curated)
    with TestClient(app) as client:
        app.state.twintowns.warming.join(60)
        first = client.get("/atlas/arcs/view.json", params=box).json()
    directory = app.state.twintowns.cache.directory
    tables = list(directory.glob("arcs-*.json.gz"))
    assert tables
    assert list(directory.glob("columns-*.npz"))
    for table in tables:  # were the table read back, it would be made and filed again
        table.unlink()
    again = create_app(own_curated)
    with TestClient(again) as client:
        again.state.twintowns.warming.join(60)
        restarted = again.state.twintowns.cache.current()
        assert restarted.memo.get(arcs_group.MEMO_KEY) is None
        assert client.get("/atlas/arcs/view.json", params=box).json() == first
        assert isinstance(restarted.memo.get(arcs_group.MEMO_KEY), arcs_group.Columns)
    assert not list(directory.glob("arcs-*.json.gz"))  # the arc table: never read nor made
