"""Arcs by view: the world view is aggregated and bounded whatever the registry's size, an
extent comes in detail (or aggregated when it holds too many arcs), bad boxes are refused."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import orjson
from fastapi.testclient import TestClient

from twintowns.api import arcs_view


def test_world_view_counts_every_drawable_arc(client: TestClient) -> None:
    every = client.get("/atlas/arcs.json").json()
    world = client.get("/atlas/arcs/world.json").json()
    assert world["mode"] == "aggregate"
    assert world["total"] == len(every["arcs"]["a"]) > 0
    counts = world["arcs"]["count"]
    assert sum(counts) == world["shown"] == world["total"]  # few groups: all shown
    assert counts == sorted(counts, reverse=True)
    assert len({len(column) for column in world["arcs"].values()}) == 1


def pairs_in_order(found: dict[str, Any]) -> list[set[str]]:
    ids, arcs = found["places"]["id"], found["arcs"]
    return [{ids[a], ids[b]} for a, b in zip(arcs["a"], arcs["b"], strict=True)]


def test_an_extent_comes_in_detail(client: TestClient) -> None:
    # England at zoom 5: Coventry's twinnings (Volgograd among them) in detail
    found = client.get(
        "/atlas/arcs/view.json", params={"west": -6, "south": 50, "east": 2, "north": 55, "zoom": 5}
    ).json()
    assert found["mode"] == "detail"
    ids = found["places"]["id"]
    pairs = {
        frozenset((ids[a], ids[b]))
        for a, b in zip(found["arcs"]["a"], found["arcs"]["b"], strict=True)
    }
    assert frozenset(("coventry", "volgograd")) in pairs
    arc = next(
        i for i, pair in enumerate(pairs_in_order(found)) if pair == {"coventry", "volgograd"}
    )
    assert found["codes"][found["arcs"]["now"][arc]] == "suspended"
    west, south, east, north = found["box"]
    assert west <= -6  # widened to the grid
    assert south <= 50
    assert east >= 2
    assert north >= 55


def test_bad_boxes_are_refused(client: TestClient) -> None:
    for params in (
        {"west": 10, "south": 0, "east": 5, "north": 10},
        {"west": 0, "south": 0, "east": 5, "north": 100},
    ):
        response = client.get("/atlas/arcs/view.json", params=params)
        assert 400 <= response.status_code < 500
        assert "\n" not in json.dumps(response.json()["detail"])


def test_aggregates_stay_bounded_whatever_the_size() -> None:
    rng = np.random.default_rng(5)
    size = 200_000
    lon = rng.uniform(-180, 180, (size, 2))
    lat = rng.uniform(-60, 70, (size, 2))
    ends = arcs_view.Ends([None] * size, lon, lat)  # type: ignore[list-item]
    found = arcs_view.aggregate(ends, np.arange(size), arcs_view.WORLD_CELL)
    assert found["total"] == size
    assert len(found["arcs"]["count"]) == arcs_view.MOST_GROUPS < found["groups"]
    assert sum(found["arcs"]["count"]) == found["shown"] < size
    assert len(orjson.dumps(found)) < 200_000
    # a group's ends are its cells' mean positions: inside the map
    assert all(-180 <= x <= 180 for x in found["arcs"]["a_lon"] + found["arcs"]["b_lon"])


def test_zoom_refines_the_grid() -> None:
    cells = [arcs_view.cell_for_zoom(z) for z in range(0, 12)]
    assert cells == sorted(cells, reverse=True)
    assert cells[0] == arcs_view.WORLD_CELL
    assert cells[-1] < 0.1
