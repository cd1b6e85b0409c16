"""The API's start: what waits for the first answer and what does not.

A start reads the snapshot and the partners by place (what a lookup needs) before serving;
the atlas's arc table is encoded in a background thread (or read from its file beside the
snapshot's cache, made by an earlier start the same day over the same data); the name index
is built by the first name lookup.  Every answer stays what it was.
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import orjson
from fastapi.testclient import TestClient

from twintowns.api import arcs_cache, create_app
from twintowns.api.arcs import arc_table
from twintowns.api.state import arcs
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.snapshot import open_snapshot
from twintowns.snapshots import SnapshotCache


def _arc_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"{arcs_cache.PREFIX}*.json.gz"))


def test_arcs_are_kept_beside_the_snapshot_and_read_back(own_curated: Settings) -> None:
    registry = Registry.open(own_curated)
    cache = SnapshotCache(registry)
    assert cache.directory is not None
    first = cache.current()
    raw, packed = arcs(first, cache.directory)
    assert orjson.loads(raw) == orjson.loads(orjson.dumps(arc_table(first)))
    assert gzip.decompress(packed) == raw
    [kept] = _arc_files(cache.directory)
    # a new process over the same data: same bytes, read from the file (not encoded again:
    # the file's content, changed here, is what comes back)
    again = open_snapshot(registry.engine, cache.directory)
    assert again is not first
    assert again.memo.get("arcs-gzip") is None
    assert arcs(again, cache.directory) == (raw, kept.read_bytes())
    marked = gzip.compress(raw + b" ")
    kept.write_bytes(marked)
    third = open_snapshot(registry.engine, cache.directory)
    assert arcs(third, cache.directory)[1] == marked
    # a damaged file is ignored and replaced
    kept.write_bytes(b"not gzip")
    fourth = open_snapshot(registry.engine, cache.directory)
    assert arcs(fourth, cache.directory)[0] == raw
    assert gzip.decompress(kept.read_bytes()) == raw
    registry.engine.dispose()


def test_arc_files_are_named_by_data_day_and_code(tmp_path: Path) -> None:
    today = dt.date(2026, 12, 5)
    one = arcs_cache.cache_file(tmp_path, "v1", "k1", today)
    assert one == arcs_cache.cache_file(tmp_path, "v1", "k1", today)
    others = {
        arcs_cache.cache_file(tmp_path, "v2", "k1", today),
        arcs_cache.cache_file(tmp_path, "v1", "k2", today),
        arcs_cache.cache_file(tmp_path, "v1", "k1", today + dt.timedelta(days=1)),
    }
    assert one not in others
    assert len(others) == 3
    for number in range(arcs_cache.KEEP + 2):
        arcs_cache.write(tmp_path / f"{arcs_cache.PREFIX}{number}.json.gz", gzip.compress(b"[]"))
    assert len(_arc_files(tmp_path)) == arcs_cache.KEEP


def test_start_serves_before_the_name_index_and_warms_the_arcs(own_curated: Settings) -> None:
    settings = own_curated
    app = create_app(settings)  # warm: the snapshot is read in the lifespan
    state = app.state.twintowns
    with TestClient(app) as client:
        snapshot = state.cache.current()
        assert "by_place" in snapshot.__dict__
        assert not snapshot.names_ready  # left to the first name lookup
        assert client.get("/places/coventry").status_code == 200
        assert not snapshot.names_ready
        assert state.warming is not None
        state.warming.join(60)
        assert isinstance(snapshot.memo.get("arcs-gzip"), bytes)
        assert len(_arc_files(state.cache.directory)) == 1
        by_name = client.get("/places/Coventry")  # the first name lookup: in a worker thread
        assert by_name.status_code == 200
        assert by_name.json()["id"] == "coventry"
        assert snapshot.names_ready
        found = client.get("/places", params={"q": "Coven"})
        assert found.status_code == 200
        assert "coventry" in {p["id"] for p in found.json()["items"]}
        served = client.get("/atlas/arcs.json")
        assert served.content == gzip.decompress(snapshot.memo.get("arcs-gzip"))
        # one copy of the registry in the process: the quiz's facts are a view of the same
        assert client.get("/learn/quiz", params={"count": 3, "seed": 1}).status_code == 200
        assert state.learn.facts().snapshot is snapshot is state.cache.current()
    # a restart reads the arcs the first start kept
    again = create_app(settings)
    with TestClient(again) as client:
        assert client.get("/places/coventry").status_code == 200
        assert client.get("/atlas/arcs.json").content == served.content
        assert len(_arc_files(again.state.twintowns.cache.directory)) == 1
