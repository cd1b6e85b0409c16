"""The app factory: the JSON API and the atlas page over one registry.

:func:`create_app` opens the registry named by the settings and wires routes, error handlers,
ETags, compression and the static files of the atlas; nothing happens at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.middleware.gzip import GZipMiddleware

import twintowns
from twintowns.api import errors
from twintowns.api.arcs_child import Builder, arcs_apart
from twintowns.api.auth import Limits
from twintowns.api.caching import ETagMiddleware
from twintowns.api.headers import (
    HeadMiddleware,
    HostAllowListMiddleware,
    SecurityHeadersMiddleware,
)
from twintowns.api.routes import (
    atlas,
    countries,
    history,
    learn,
    places,
    proposals,
    record,
    resolutions,
    reviews,
    suggestions,
    twinnings,
    users,
)
from twintowns.api.routes import courses as course_routes
from twintowns.api.state import AppState
from twintowns.query import Snapshot
from twintowns.settings import Settings

DESCRIPTION = """The open registry of the world's town twinning, as JSON.

Every fact carries its source; statuses (proposed, active, suspended, ended, unknown) are
derived from dated events as of any day.  Every answer is computed from one snapshot of the
registry, named by the `X-Twintowns-Version` header; reads carry ETags of that snapshot
and may be cached.  HEAD is answered wherever GET is.  Text parameters are at most 200
characters, without control characters; a search or place name must hold a letter or digit.
Errors: 404 unknown place or country, 409 ambiguous name (with candidates), 422 bad parameter,
429 too many writes (with `Retry-After`), 503 database unavailable (a fixed message),
507 flag store full.  Heavy routes (seconds on the world registry, then cached):
`/atlas/arcs.json`, `/export.*`, the first `/learn/quiz`, the first `/twinnings` of a filter.
Quizzes (`/learn`) are generated from the same sourced facts; users' flags keep items out.
"""


LIVING = ("/proposals", "/reviews", "/history", "/users", "/resolutions")
"""Prefixes of the living registry: their answers follow the accounts tables, not the
snapshot, so the snapshot's ETags do not apply."""


def _warm(state: AppState) -> None:
    """Read the registry, so the first request is quick."""
    state.cache.current()


def _warm_views(apart: Builder) -> Callable[[Snapshot, Path | None], None]:
    """What the atlas page asks first: the arc table of a small registry, the grouped world
    view of one too large to load every arc (its files made by ``apart``'s child process
    when missing)."""

    def warm(snapshot: Snapshot, directory: Path | None) -> None:
        from twintowns.api import arcs_view  # the grouping code: off the start-up path

        arcs_view.warm(snapshot, directory, apart)

    return warm


def create_app(settings: Settings | None = None, *, warm: bool = True) -> FastAPI:
    """Build the app over the registry ``settings`` names.

    Parameters
    ----------
    settings:
        Which registry to serve (default: the environment's ``TWINTOWNS_*``).
    warm:
        Read the whole registry at start-up (in the lifespan) rather than on first request.
        Once a snapshot is held at start-up, the atlas's arc table is encoded (or read from
        its file) in a background thread while the server answers.

    Raises
    ------
    ConfigurationError, StoreError
        For a bad database URL or an unreachable database.
    """
    state = AppState.open(settings or Settings())

    @asynccontextmanager
    async def lifespan(served: FastAPI) -> AsyncIterator[None]:
        """Warm up before serving (the snapshot; the atlas's arcs meanwhile, in the
        background); release the database connections after."""
        if warm:
            await anyio.to_thread.run_sync(_warm, state)
        # only when a snapshot is held (read above, or by `serve`)
        apart = arcs_apart(served) or Builder(state.settings)
        apart.start()
        state.warm_in_background(then=_warm_views(apart))
        yield
        apart.stop()  # a child making the arc files: ended, not waited for
        if state.warming is not None:
            state.warming.join(30.0)
        state.cache.wait(30.0)
        state.registry.engine.dispose()

    # the docs pages load Swagger UI / ReDoc from the fastapi-offline package: they work offline
    app = FastAPIOffline(
        title="twintowns",
        version=twintowns.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.twintowns = state
    app.state.arcs_apart = Builder(state.settings)  # a large registry's arc files, apart
    errors.install(app)
    for router in (places.router, twinnings.router, countries.router, learn.router, atlas.router):
        app.include_router(router)
    app.include_router(record.router)  # GET /twinnings/{twinning_id}
    app.include_router(suggestions.router)
    app.include_router(course_routes.router)  # the teacher's studio (issue 23)
    app.include_router(course_routes.pages)
    for router in (proposals.router, reviews.router, history.router, users.router):
        app.include_router(router)  # the living registry (issue 15)
    app.include_router(resolutions.router)  # the resolution review queue on the web
    app.state.living_limits = Limits.of(state.settings)
    app.mount("/static", StaticFiles(directory=atlas.static_dir()), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    # outermost last: security headers on every answer (the host check's 400 included)
    app.add_middleware(
        ETagMiddleware, snapshots=state.cache, skip_prefixes=("/static", "/learn", *LIVING)
    )
    app.add_middleware(HeadMiddleware)
    app.add_middleware(HostAllowListMiddleware, allowed_hosts=state.settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware, tile_url=state.settings.tile_url)
    return app
