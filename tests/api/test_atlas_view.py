"""Arcs by view: the world view is grouped and bounded whatever the registry's size, yet draws
at every year, for every kind, status and country, the arcs the full table draws; an extent
comes in detail (or grouped when it holds too many arcs), bad boxes are refused; the page's
first table is the full one while the registry is small."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from typing import Any

import numpy as np
import orjson
import pytest
from fastapi.testclient import TestClient

from twintowns.api import answers, arcs_group, arcs_view

YEARS = (1950, 1990, 2010, None)


def drawn(table: dict[str, Any], year: int | None) -> Counter[tuple[str, str, str]]:
    """What the page draws from ``table`` at ``year`` (atlas.js's ``codeAt``): the number of
    twinnings by (status, kind, both sides' countries), each arc counting ``count`` times."""
    arcs, changes = table["arcs"], table["changes"]
    steps: dict[int, list[tuple[int, int]]] = {}
    for arc, step_year, code in zip(changes["arc"], changes["year"], changes["code"], strict=True):
        steps.setdefault(arc, []).append((step_year, code))
    found: Counter[tuple[str, str, str]] = Counter()
    country = table["places"]["country"]
    for i, (a, b) in enumerate(zip(arcs["a"], arcs["b"], strict=True)):
        code = arcs["now"][i]
        if year is not None and year < table["year"]:
            code = arcs["first"][i]
            for step_year, step_code in steps.get(i, []):
                if step_year <= year:
                    code = step_code
        if code:
            sides = "-".join(sorted((country[a] or "", country[b] or "")))
            key = (table["codes"][code], table["kinds"][arcs["kind"][i]], sides)
            found[key] += arcs.get("count", [1] * len(arcs["a"]))[i]
    return found


def test_the_world_view_draws_what_every_arc_draws_at_every_year(client: TestClient) -> None:
    every = client.get("/atlas/arcs.json").json()
    world = client.get("/atlas/arcs/world.json").json()
    assert world["mode"] == "aggregate"
    assert world["total"] == len(every["arcs"]["a"]) > 0
    counts = world["arcs"]["count"]
    assert sum(counts) == world["shown"] == world["total"]  # few groups: all shown
    assert len(counts) < world["total"]  # grouped
    assert counts == sorted(counts, reverse=True)
    assert len({len(column) for column in world["arcs"].values()}) == 1
    assert world["countries"] == every["countries"]
    assert set(world["places"]["id"]) == {None}  # a group's ends are no places
    maps = [drawn(world, year) for year in YEARS]
    assert maps == [drawn(every, year) for year in YEARS]
    assert len({tuple(sorted(m.items())) for m in maps}) == len(YEARS)  # the years differ
    # dated and undated-but-attested arcs stay apart (the legend's "undated" is unknown)
    assert {status for status, _, _ in maps[-1]} >= {"unknown", "active"}


def test_the_first_table_is_every_arc_while_few(client: TestClient) -> None:
    first = client.get("/atlas/arcs/first.json", headers={"accept-encoding": "gzip"})
    every = client.get("/atlas/arcs.json", headers={"accept-encoding": "gzip"})
    assert first.content == every.content
    assert "mode" not in first.json()


def pairs_in_order(found: dict[str, Any]) -> list[set[str]]:
    ids, arcs = found["places"]["id"], found["arcs"]
    return [{ids[a], ids[b]} for a, b in zip(arcs["a"], arcs["b"], strict=True)]


def test_an_extent_comes_in_detail(client: TestClient) -> None:
    # England at zoom 5: Coventry's twinnings (Volgograd among them) in detail
    found = client.get(
        "/atlas/arcs/view.json", params={"west": -6, "south": 50, "east": 2, "north": 55, "zoom": 5}
    ).json()
    assert found["mode"] == "detail"
    pairs = pairs_in_order(found)
    arc = pairs.index({"coventry", "volgograd"})
    assert found["codes"][found["arcs"]["now"][arc]] == "suspended"
    assert set(found["arcs"]["count"]) == {1}
    assert found["places"]["name"][found["places"]["id"].index("coventry")] == "Coventry"
    west, south, east, north = found["box"]
    assert (west, south) <= (-6, 50)  # widened to the grid
    assert (east, north) >= (2, 55)
    # the extent's arcs replay as the full table's do
    every = client.get("/atlas/arcs.json").json()
    lon, lat = every["places"]["lon"], every["places"]["lat"]
    inside = [
        i
        for i, (a, b) in enumerate(zip(every["arcs"]["a"], every["arcs"]["b"], strict=True))
        if any(west <= lon[p] <= east and south <= lat[p] <= north for p in (a, b))
    ]
    assert found["total"] == len(inside)
    assert sum(drawn(found, 1990).values()) < sum(drawn(found, None).values())


def test_bad_boxes_are_refused(client: TestClient) -> None:
    for params in (
        {"west": 10, "south": 0, "east": 5, "north": 10},
        {"west": 0, "south": 0, "east": 5, "north": 100},
    ):
        response = client.get("/atlas/arcs/view.json", params=params)
        assert 400 <= response.status_code < 500
        assert "\n" not in json.dumps(response.json()["detail"])


def synthetic_columns(size: int) -> arcs_group.Columns:
    """Columns of ``size`` random arcs over the world, a fifth of them dated."""
    rng = np.random.default_rng(5)
    years = rng.integers(1920, 2020, size)
    dated = rng.random(size) < 0.2
    timelines = [(0, 1, ((2016, 1),))] + [(0, 5, ((int(y), 5),)) for y in range(1920, 2020)]
    return arcs_group.Columns(
        head={},
        ids=(),
        place_lon=rng.uniform(-180, 180, (size, 2)).ravel(),  # each arc its own two places
        place_lat=rng.uniform(-60, 70, (size, 2)).ravel(),
        place_country=rng.integers(0, 50, (size, 2)).ravel(),
        ends=np.arange(2 * size).reshape(size, 2),
        isos=[None, *(f"C{i}" for i in range(49))],
        kind=rng.integers(0, 3, size),
        timeline=np.where(dated, years - 1919, 0),
        timelines=timelines,  # type: ignore[arg-type]
    )


def test_groups_stay_bounded_whatever_the_size() -> None:
    size = 400_000
    found = arcs_group.grouped(
        synthetic_columns(size), np.arange(size), arcs_view.WORLD_CELL, arcs_view.MOST_GROUPS
    )
    assert found["total"] == size
    assert len(found["arcs"]["count"]) == arcs_view.MOST_GROUPS < found["groups"]
    assert sum(found["arcs"]["count"]) == found["shown"] < size
    assert len(gzip.compress(orjson.dumps(found))) < 1_000_000  # the first view: <= 2 MB
    # a group's ends are its cells' mean positions: inside the map
    assert all(-180 <= x <= 180 for x in found["places"]["lon"])
    assert all(-60 <= y <= 70 for y in found["places"]["lat"])


def test_zoom_refines_the_grid() -> None:
    cells = [arcs_view.cell_for_zoom(z) for z in range(0, 12)]
    assert cells == sorted(cells, reverse=True)
    assert cells[0] == arcs_view.WORLD_CELL
    assert cells[-1] < 0.1


def test_an_empty_extent_is_an_empty_table(client: TestClient) -> None:
    params = {"west": -150, "south": -40, "east": -140, "north": -30, "zoom": 6}  # the Pacific
    found = client.get("/atlas/arcs/view.json", params=params).json()
    assert found["mode"] == "detail"
    assert found["total"] == 0
    assert found["arcs"]["a"] == found["places"]["id"] == found["changes"]["arc"] == []


def test_a_large_registry_is_warmed_with_its_world_view(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = client.app.state.twintowns.cache.current()  # type: ignore[attr-defined]
    assert arcs_view.bulk(snapshot)  # the curated registry is small: nothing to warm
    with monkeypatch.context() as patched:
        patched.setattr(arcs_view, "world_view", lambda _: pytest.fail("warmed a small one"))
        arcs_view.warm(snapshot)
    snapshot.memo.put("arcs-bulk", False)  # as a registry past BULK_MOST
    try:
        arcs_view.warm(snapshot)
        assert answers.kept(snapshot, arcs_view.WORLD_KEY) is not None
        found = client.get("/atlas/arcs/first.json").json()
    finally:
        snapshot.memo.put("arcs-bulk", True)
    assert found["mode"] == "aggregate"
    assert found == client.get("/atlas/arcs/world.json").json()
