"""Routes of the atlas page: the page itself, its start-up configuration, the bulk arcs, and
the arcs by view (aggregated for the world, detailed for an extent: :mod:`..arcs_view`)."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from importlib import resources
from typing import Annotated, Any

import anyio.to_thread
import orjson
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import FileResponse, StreamingResponse

from twintowns import memory
from twintowns.api import arcs_cache, convert, schemas
from twintowns.api.answers import Encoded, cached, json_response, kept
from twintowns.api.arcs_child import arcs_apart
from twintowns.api.errors import ERROR_RESPONSES
from twintowns.api.names import LANGUAGES, names_json
from twintowns.api.state import Snap, State, arcs_source, arcs_year
from twintowns.errors import InputError
from twintowns.query import Snapshot

router = APIRouter(tags=["atlas"])


def static_dir() -> str:
    """The folder of the atlas's static files inside the package."""
    return str(resources.files("twintowns.api") / "static")


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    """The atlas page."""
    return FileResponse(f"{static_dir()}/index.html", headers={"cache-control": "no-cache"})


@router.get("/atlas/config.json", summary="Start-up configuration of the atlas page")
def atlas_config(state: State, snapshot: Snap) -> schemas.AtlasConfigOut:
    """Data version, current year, the optional online tile server, and the sources of the
    registry with their licences (the page's attribution)."""
    version, year = snapshot.version, arcs_year()
    sources = [convert.source(s) for _, s in sorted(snapshot.sources.items())]
    return schemas.AtlasConfigOut(
        version=version, year=year, tile_url=state.settings.tile_url, attribution=sources
    )


@router.get(
    "/atlas/arcs.json",
    summary="Every drawable twinning as compact parallel arrays",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def atlas_arcs(state: State, snapshot: Snap, request: Request) -> Response:
    """Places as columns (`id`, `name`, `country`, `lon`, `lat`), arcs as indexes into them
    with kind and status timeline (`first`, `now`, and `changes` by year), for the page to
    draw and replay every twinning at once.  Served gzip-compressed when accepted."""
    found = arcs_source(snapshot, state.cache.directory)
    gzipped = "gzip" in request.headers.get("accept-encoding", "")
    if not isinstance(found, bytes):  # a large registry's: streamed from its file, not kept
        headers = {"content-encoding": "gzip"} if gzipped else {}
        stream = arcs_cache.blocks(found, decompress=not gzipped)
        return StreamingResponse(stream, media_type="application/json", headers=headers)
    if gzipped:
        return Response(found, media_type="application/json", headers={"content-encoding": "gzip"})
    return Response(gzip.decompress(found), media_type="application/json")


@router.get(
    "/atlas/names/{lang}.json",
    summary="Place names and twinning terms of the registry in one language",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def atlas_names(
    snapshot: Snap,
    lang: Annotated[str, Path(pattern="^(" + "|".join(LANGUAGES) + ")$", description="fr, de...")],
) -> Response:
    """The names of places in ``lang`` where the registry has them (tagged with the language,
    or Japanese by their script), keyed by place id, and the registry's terms for twinning in
    that language: the atlas shows them when a reader chooses the language."""
    return Response(names_json(snapshot, lang), media_type="application/json")


_VIEW_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {}}}}


async def _kept_or_made(
    snapshot: Snapshot, request: Request, key: tuple[Any, ...], make: Callable[[], Any]
) -> Response:
    """The encoded answer ``key`` of ``snapshot``, made (in a worker thread) if not kept."""
    found = kept(snapshot, key)
    if found is None:
        found = await anyio.to_thread.run_sync(
            lambda: _trimmed(lambda: cached(snapshot, key, lambda: orjson.dumps(make())))
        )
    return json_response(request, found)


def _trimmed(make: Callable[[], Encoded]) -> Encoded:
    """``make()``, then the memory of its temporaries (arrays of every arc a view looked
    at: tens of MB on a large registry) handed back to the system."""
    try:
        return make()
    finally:
        memory.trim()


@router.get(
    "/atlas/arcs/world.json",
    summary="The first view's arcs, grouped (bounded whatever the registry's size)",
    response_class=Response,
    responses=_VIEW_RESPONSES,
)
async def atlas_world_arcs(state: State, snapshot: Snap, request: Request) -> Response:
    """An arc table of the form of `/atlas/arcs.json` whose arcs are groups: every drawable
    twinning grouped by the pair of 10-degree grid cells and countries of its places, its
    kind and its status timeline; each group an arc between the mean positions of its ends
    with its `count` (draw its width by it).  The 40,000 largest groups are sent: `shown`
    of `total` arcs, `groups` in all.  Places of a group have no `id`."""
    from twintowns.api import arcs_view  # numpy: imported by the first view, not at start

    found = kept(snapshot, arcs_view.WORLD_KEY)
    if found is None:
        directory, apart = state.cache.directory, arcs_apart(request.app)
        found = await anyio.to_thread.run_sync(
            lambda: _trimmed(lambda: arcs_view.world_answer(snapshot, directory, apart))
        )
    return json_response(request, found)


@router.get(
    "/atlas/arcs/first.json",
    summary="What the atlas page draws first: every arc while few, else the world grouped",
    response_class=Response,
    responses=_VIEW_RESPONSES,
)
async def atlas_first_arcs(state: State, snapshot: Snap, request: Request) -> Response:
    """`/atlas/arcs.json` while the registry has at most 100,000 drawable twinnings (then
    the page needs nothing more), else `/atlas/arcs/world.json` (`mode` `aggregate`): the
    page then asks `/atlas/arcs/view.json` for the extent it shows as the reader zooms."""
    from twintowns.api import arcs_view  # numpy: imported by the first view, not at start

    if await anyio.to_thread.run_sync(lambda: arcs_view.bulk(snapshot)):
        return await anyio.to_thread.run_sync(lambda: atlas_arcs(state, snapshot, request))
    return await atlas_world_arcs(state, snapshot, request)


@router.get(
    "/atlas/arcs/view.json",
    summary="The arcs of a visible extent: in detail, or aggregated when too many",
    response_class=Response,
    responses={**_VIEW_RESPONSES, **ERROR_RESPONSES},
)
async def atlas_view_arcs(
    state: State,
    snapshot: Snap,
    request: Request,
    west: Annotated[float, Query(ge=-180, le=180, description="West edge, degrees")],
    south: Annotated[float, Query(ge=-90, le=90, description="South edge, degrees")],
    east: Annotated[float, Query(ge=-180, le=180, description="East edge, degrees")],
    north: Annotated[float, Query(ge=-90, le=90, description="North edge, degrees")],
    zoom: Annotated[int, Query(ge=0, le=16, description="Map zoom (0: the world)")] = 0,
) -> Response:
    """The twinnings with a place inside the box (widened to a grid of 45/2^zoom degrees),
    as an arc table of the form of `/atlas/arcs.json` with a `count` per arc: `mode`
    `detail` (the twinnings and their places) when at most 12,000, else `aggregate` as
    `/atlas/arcs/world.json` on a grid fine enough for the zoom.  A box that
    crosses the antimeridian is asked as two."""
    if west >= east or south >= north:
        raise InputError("the box needs west < east and south < north")
    from twintowns.api import arcs_view  # numpy: imported by the first view, not at start

    box = arcs_view.snap_box((west, south, east, north), zoom)
    directory, apart = state.cache.directory, arcs_apart(request.app)
    return await _kept_or_made(
        snapshot,
        request,
        ("atlas-view-arcs", box, zoom),
        lambda: arcs_view.extent_view(snapshot, box, zoom, directory, apart),
    )
