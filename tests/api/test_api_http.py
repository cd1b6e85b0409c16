"""HTTP behaviour: readable 422s, ETags and 304s, the atlas page and its bulk arcs."""

from __future__ import annotations

import gzip
import json

import pytest
from fastapi.testclient import TestClient

from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated


def test_bad_parameters_are_422_with_readable_messages(client: TestClient) -> None:
    cases = {
        "/twinnings?as_of=20x": ("as_of", "YYYY"),
        "/twinnings?as_of=2021-02-30": ("as_of", "no day 30"),
        "/twinnings?limit=0": ("limit", "greater than or equal to 1"),
        "/twinnings?status=dormant": ("status", "active"),
        "/places?q=": ("q", "at least 1 character"),
        "/path?from=dull": ("to", "required"),
        "/countries/GB?partner=Russia": ("partner", "ISO"),
    }
    for url, words in cases.items():
        response = client.get(url)
        assert response.status_code == 422, url
        detail = response.json()["detail"]
        assert all(w in detail for w in words), (url, detail)


def test_etag_and_304(client: TestClient) -> None:
    first = client.get("/places/coventry/twinnings?as_of=2000")
    tag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    again = client.get("/places/coventry/twinnings?as_of=2000", headers={"if-none-match": tag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/places/coventry/twinnings?as_of=2023")
    assert other.headers["etag"] != tag


def test_the_atlas_page_and_its_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<canvas id="canvas"' in page.text
    for asset in (
        "map.js",
        "atlas.js",
        "timeaxis.js",
        "vendor/d3-geo.min.js",
        "vendor/countries-110m.json",
    ):
        assert client.get(f"/static/{asset}").status_code == 200, asset
    config = client.get("/atlas/config.json").json()
    assert config["tile_url"] is None
    assert config["attribution"]


def test_bulk_arcs_replay_coventry_volgograd(client: TestClient) -> None:
    response = client.get("/atlas/arcs.json", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    table = json.loads(response.content)  # the client decodes the gzip
    arcs, places, codes = table["arcs"], table["places"], table["codes"]
    assert len({len(v) for v in arcs.values()}) == 1
    index = {p: i for i, p in enumerate(places["id"])}
    arc = next(
        i
        for i in range(len(arcs["a"]))
        if {arcs["a"][i], arcs["b"][i]} == {index["coventry"], index["volgograd"]}
    )

    def status(year: int) -> str:
        code = arcs["first"][arc]
        for a, y, c in zip(*table["changes"].values(), strict=True):
            if a == arc and y <= year:
                code = c
        return str(codes[code])

    assert status(1930) == "not_yet"
    assert status(2000) == "active"
    assert status(2023) == "suspended"
    assert codes[arcs["now"][arc]] == "suspended"


def test_arcs_are_precompressed(client: TestClient) -> None:
    raw = client.get("/atlas/arcs.json", headers={"accept-encoding": "identity"}).content
    assert gzip.decompress(gzip.compress(raw)) == raw
    assert json.loads(raw)["version"]


def test_openapi_documents_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/places",
        "/places/{place_id}",
        "/places/{place_id}/twinnings",
        "/twinnings",
        "/events",
        "/countries/{iso}",
        "/path",
        "/export.{fmt}",
        "/atlas/arcs.json",
    ):
        assert path in paths


@pytest.mark.parametrize(("refresh_seconds", "changes"), [(0.0, True), (3600.0, False)])
def test_a_write_changes_the_etag_once_the_new_snapshot_is_swapped_in(
    own_curated: Settings, refresh_seconds: float, changes: bool
) -> None:
    settings = own_curated.model_copy(update={"refresh_seconds": refresh_seconds})
    app = create_app(settings, warm=False)
    cache = app.state.twintowns.cache
    with TestClient(app) as client:
        first = client.get("/places/coventry")
        tag, version = first.headers["etag"], first.headers["x-twintowns-version"]
        cache.wait()  # the check the first request started is over
        Registry.open(settings).load(load_curated(), action="reload curated")  # audited
        during = client.get("/places/coventry", headers={"if-none-match": tag})
        cache.wait()  # the rebuild that request started (when a check was due) is over
        again = client.get("/places/coventry", headers={"if-none-match": tag})
    # readers never wait for a rebuild: the held snapshot answers, with its own tag
    assert during.status_code == 304
    assert during.headers["x-twintowns-version"] == version
    # checked on every request: once the new snapshot is swapped in, it answers in full with
    # a new tag; checked once an hour: the held snapshot still answers
    assert again.status_code == (200 if changes else 304)
    assert (again.headers["etag"] != tag) is changes
    assert (again.headers["x-twintowns-version"] != version) is changes
