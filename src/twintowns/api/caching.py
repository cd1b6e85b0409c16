"""ETags and cache headers for the API's reads, as a plain ASGI middleware.

Every answer is a function of the request URL, the registry's data version and the day (an
answer "as of today" changes at midnight), so the ETag is a hash of those, computed before
the route runs: a matching ``If-None-Match`` is answered 304 without touching the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Protocol

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHE_CONTROL = "public, max-age=60"


class Versioned(Protocol):
    """Where the registry's data version comes from (a :class:`~twintowns.query.SnapshotCache`)."""

    def version(self) -> str:
        """The current data version (may query the database)."""

    def due(self) -> bool:
        """True when :meth:`version` would query the database."""


class ETagMiddleware:
    """Adds ``ETag`` and ``Cache-Control`` to successful GETs; answers 304 to matching tags.

    Parameters
    ----------
    app:
        The wrapped application.
    versions:
        The registry's data version: cached, and re-read (once a second) in a worker thread,
        never on the event loop.
    skip_prefixes:
        Paths served with their own validators (static files).
    """

    def __init__(
        self, app: ASGIApp, versions: Versioned, skip_prefixes: tuple[str, ...] = ()
    ) -> None:
        self.app = app
        self.versions = versions
        self.skip_prefixes = skip_prefixes

    async def version(self) -> str:
        """The data version; the once-a-second database check runs in a worker thread."""
        if self.versions.due():
            return await anyio.to_thread.run_sync(self.versions.version)
        return self.versions.version()

    @staticmethod
    def etag(version: str, scope: Scope, headers: Headers) -> str:
        """The tag of the answer to this request at data ``version``."""
        gzip = "gzip" in headers.get("accept-encoding", "")
        query = scope.get("query_string", b"").decode("latin-1")
        key = f"{version}|{dt.date.today()}|{scope['path']}?{query}|{gzip}"
        return '"' + hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + '"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or path.startswith(self.skip_prefixes)
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        tag = self.etag(await self.version(), scope, headers)
        if tag in headers.get("if-none-match", ""):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [
                        (b"etag", tag.encode()),
                        (b"cache-control", CACHE_CONTROL.encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def tagged(message: Message) -> None:
            """Tag successful answers on their way out."""
            if message["type"] == "http.response.start" and message["status"] == 200:
                out = MutableHeaders(scope=message)
                out["etag"] = tag
                out.setdefault("cache-control", CACHE_CONTROL)
                out.add_vary_header("Accept-Encoding")
            await send(message)

        await self.app(scope, receive, tagged)
