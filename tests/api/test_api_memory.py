"""What the server keeps in memory, and that keeping less changes no answer: a large registry
starts without its full arc table (only bulk API users ask for it, and get the same bytes);
the arcs by view keep compact arrays of the table, naming its places as the table does; the
encoded places are bounded; freed memory is handed back."""

from __future__ import annotations

import platform
import sys

import numpy as np
import orjson
import pytest
from fastapi.testclient import TestClient

from twintowns import memory
from twintowns.api import answers, arcs_columns, arcs_group, arcs_view, convert, create_app, state
from twintowns.api.arcs import arc_table
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.snapshots import SnapshotCache


def test_a_large_registry_starts_without_its_full_table(
    own_curated: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arcs_view, "BULK_MOST", 10)  # the curated registry as a large one
    app = create_app(own_curated)
    held = app.state.twintowns
    with TestClient(app) as client:
        assert held.warming is not None
        held.warming.join(60)
        snapshot = held.cache.current()
        assert not arcs_view.bulk(snapshot)
        assert answers.kept(snapshot, arcs_view.WORLD_KEY) is not None  # the page's first view
        # the arrays it was grouped from: filed, and dropped as after a restart
        assert snapshot.memo.get("arc-columns") is None
        assert arcs_columns.columns_file(held.cache.directory, snapshot).is_file()
        assert snapshot.memo.get("arcs-gzip") is None  # the full table: not kept at all
        assert not any(isinstance(v, bytes | tuple) for v in snapshot.memo._items.values())
        first = client.get("/atlas/arcs/first.json").json()
        assert first["mode"] == "aggregate"
        assert snapshot.memo.get("arcs-gzip") is None
        packed = client.get("/atlas/arcs.json", headers={"accept-encoding": "gzip"})
        plain = client.get("/atlas/arcs.json", headers={"accept-encoding": "identity"})
        gzipped = {"accept-encoding": "gzip"}
        with client.stream("GET", "/atlas/arcs.json", headers=gzipped) as response:
            wire = b"".join(response.iter_raw())
        filed = state._arcs_file(snapshot, held.cache.directory)
        assert filed is not None
        assert wire == filed.read_bytes()  # the file itself, as it is
        assert snapshot.memo.get("arcs-gzip") is None  # streamed, not kept
        filed.unlink()  # pruned since it was checked: made again, and then kept
        again_made = client.get("/atlas/arcs.json", headers={"accept-encoding": "identity"})
        assert again_made.content == plain.content
        assert snapshot.memo.get("arcs-gzip") is not None
    assert packed.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert packed.content == plain.content  # (the client decompresses)
    assert orjson.loads(plain.content) == orjson.loads(orjson.dumps(arc_table(snapshot)))
    assert filed.exists()  # filed again when made
    # a restart reads the world view the first start filed: no arcs, no arrays read at all
    monkeypatch.setattr(arcs_view, "world_view", lambda *_: pytest.fail("grouped again"))
    again = create_app(own_curated)
    with TestClient(again) as client:
        again.state.twintowns.warming.join(60)
        restarted = again.state.twintowns.cache.current()
        assert answers.kept(restarted, arcs_view.WORLD_KEY) is not None
        assert client.get("/atlas/arcs/first.json").json() == first
        assert client.get("/atlas/arcs/world.json").json() == first
    assert restarted.memo.get("arc-columns") is None
    assert restarted.memo.get("arcs-gzip") is None


def test_the_columns_are_the_tables_and_name_its_places(client: TestClient) -> None:
    snapshot = client.app.state.twintowns.cache.current()  # type: ignore[attr-defined]
    table = arc_table(snapshot)
    read_back = orjson.loads(orjson.dumps(table))  # as read from its file
    made, parsed = arcs_group.gather(table, snapshot), arcs_group.gather(read_back, snapshot)
    for name in ("place_lon", "place_lat", "place_country", "ends", "kind", "timeline"):
        assert np.array_equal(getattr(made, name), getattr(parsed, name)), name
    assert (made.ids, made.isos, made.timelines) == (parsed.ids, parsed.isos, parsed.timelines)
    assert orjson.dumps(made.head) == orjson.dumps(parsed.head)
    assert all(i is snapshot.places[i].id for i in made.ids)  # the snapshot's own strings
    # as kept: the same values, none of them an object of the table read back
    kept = arcs_group._detached(parsed)
    assert (kept.isos, kept.timelines) == (parsed.isos, parsed.timelines)
    assert orjson.dumps(kept.head) == orjson.dumps(parsed.head)
    assert not any(a is b for a, b in zip(kept.isos[1:], parsed.isos[1:], strict=True))
    assert len(made.kind) == len(table["arcs"]["a"]) > 0
    # every arc in detail: the table's own places, names and positions, in its order
    every = arcs_group.detailed(made, np.arange(len(made.kind)), snapshot)
    assert every["places"] == read_back["places"]
    assert every["arcs"]["first"] == read_back["arcs"]["first"]
    assert every["changes"] == read_back["changes"]


def test_encoded_places_are_bounded(own_curated: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = Registry.open(own_curated)
    snapshot = SnapshotCache(registry).current()
    monkeypatch.setattr(state, "PLACE_JSON_BUDGET", 20_000)
    ids = sorted(snapshot.places)
    bodies = {i: state.place_json(snapshot, i) for i in ids}
    kept = snapshot.memo.get("place-json")
    assert isinstance(kept, answers.Answers)
    assert 0 < kept.size <= 20_000
    assert len(kept._items) < len(ids)  # the least recently looked up were dropped
    for place_id in (ids[0], ids[-1]):  # dropped, and kept: the same bytes either way
        expected = convert.place(snapshot.places[place_id], snapshot).model_dump_json().encode()
        assert bodies[place_id] == state.place_json(snapshot, place_id) == expected
    assert state.place_json(snapshot, "no-such-place") is None
    registry.engine.dispose()


def test_freed_memory_is_handed_back_where_glibc_can() -> None:
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert memory.trim() is glibc
