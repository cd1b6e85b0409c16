"""``twintowns serve``: the atlas and the JSON API on a local web server (uvicorn).

Loaded by :mod:`twintowns.cli.lazy` as ``serve``; the registry is the one
``--database``/``TWINTOWNS_DATABASE_URL`` names (the bundled data on first use, its fill shown
as it goes).  The registry is read before the server starts, under a spinner, so the address is
printed when it answers.  It listens on the loopback interface unless ``--host`` says
otherwise, and answers only the Host names of ``TWINTOWNS_ALLOWED_HOSTS`` (loopback names by
default).
"""

from __future__ import annotations

import time
from typing import Annotated

import typer
import uvicorn

from twintowns.api import create_app
from twintowns.cli.errors import translate_errors
from twintowns.cli.progress import open_registry
from twintowns.cli.render import make_console
from twintowns.settings import Settings


@translate_errors
def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            help="Interface to listen on (loopback by default; another interface also needs "
            "its names in TWINTOWNS_ALLOWED_HOSTS)."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the atlas (http://HOST:PORT/) and the JSON API (/docs) until interrupted."""
    settings = ctx.find_object(Settings) or Settings()
    open_registry(settings).engine.dispose()  # the first-use fill, with its progress
    err = make_console(stderr=True)
    start = time.perf_counter()
    with err.status("reading the registry...", spinner="dots"):
        app = create_app(settings, warm=False)
        app.state.twintowns.cache.current()  # what the app's start-up would read, shown here
    err.print(f"registry read in {time.perf_counter() - start:.1f} s", highlight=False)
    typer.echo(f"twintowns atlas on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops")
    if host not in settings.allowed_hosts and "*" not in settings.allowed_hosts:
        typer.echo(
            f"note: only requests naming {', '.join(settings.allowed_hosts)} as Host are "
            "answered; set TWINTOWNS_ALLOWED_HOSTS to serve other names"
        )
    uvicorn.run(app, host=host, port=port, log_level="warning")
