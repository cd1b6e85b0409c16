"""Routes of the atlas page: the page itself, its start-up configuration and the bulk arcs."""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import FileResponse

from twintowns.api import convert, schemas
from twintowns.api.names import LANGUAGES, names_json
from twintowns.api.state import Snap, State, arcs, arcs_year

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
def atlas_arcs(snapshot: Snap, request: Request) -> Response:
    """Places as columns (`id`, `name`, `country`, `lon`, `lat`), arcs as indexes into them
    with kind and status timeline (`first`, `now`, and `changes` by year), for the page to
    draw and replay every twinning at once.  Served gzip-compressed when accepted."""
    raw, packed = arcs(snapshot)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type="application/json", headers={"content-encoding": "gzip"})
    return Response(raw, media_type="application/json")


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
