"""The app factory: the JSON API and the atlas page over one registry.

:func:`create_app` opens the registry named by the settings and wires routes, error handlers,
ETags, compression and the static files of the atlas; nothing happens at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

import twintowns
from twintowns.api import errors
from twintowns.api.caching import ETagMiddleware
from twintowns.api.routes import atlas, countries, learn, places, twinnings
from twintowns.api.state import AppState
from twintowns.settings import Settings

DESCRIPTION = """The open registry of the world's town twinning, as JSON.

Every fact carries its source; statuses (proposed, active, suspended, ended, unknown) are
derived from dated events as of any day.  Reads carry ETags and may be cached.
Errors: 404 unknown place or country, 409 ambiguous name (with candidates), 422 bad parameter.
Quizzes (`/learn`) are generated from the same sourced facts; users' flags keep items out.
"""


def _warm(state: AppState) -> None:
    """Read the registry and encode the arcs, so the first page load is quick."""
    state.arcs()


def create_app(settings: Settings | None = None, *, warm: bool = True) -> FastAPI:
    """Build the app over the registry ``settings`` names.

    Parameters
    ----------
    settings:
        Which registry to serve (default: the environment's ``TWINTOWNS_*``).
    warm:
        Read the whole registry at start-up (in the lifespan) rather than on first request.

    Raises
    ------
    ConfigurationError, StoreError
        For a bad database URL or an unreachable database.
    """
    state = AppState.open(settings or Settings())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        """Warm up before serving; release the database connections after."""
        if warm:
            await anyio.to_thread.run_sync(_warm, state)
        yield
        state.registry.engine.dispose()

    app = FastAPI(
        title="twintowns",
        version=twintowns.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.twintowns = state
    errors.install(app)
    for router in (places.router, twinnings.router, countries.router, learn.router, atlas.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=atlas.static_dir()), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    app.add_middleware(ETagMiddleware, versions=state.cache, skip_prefixes=("/static", "/learn"))
    return app
