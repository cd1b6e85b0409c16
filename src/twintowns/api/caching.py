"""Snapshot pinning, ETags and cache headers for the API's reads, as a plain ASGI middleware.

Every request is given one snapshot of the registry before the route runs (kept in the
scope's ``state``; routes read it through :data:`twintowns.api.state.Snap`).  Every answer is
a function of the request URL, that snapshot's data version and the day (an answer "as of
today" changes at midnight), so the ETag is a hash of those: a matching ``If-None-Match`` is
answered 304 without running the route, and a tag always names the snapshot the answer was
computed from (``X-Twintowns-Version`` names it in clear).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Protocol

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from twintowns.api.state import SNAPSHOT_KEY
from twintowns.query import Snapshot

CACHE_CONTROL = "public, max-age=60"
VERSION_HEADER = "x-twintowns-version"


class Snapshots(Protocol):
    """Where the current snapshot comes from (a :class:`~twintowns.snapshots.SnapshotCache`)."""

    def ready(self) -> bool:
        """True when :meth:`current` answers without reading the database."""

    def current(self) -> Snapshot:
        """The current snapshot."""


class ETagMiddleware:
    """Pins a snapshot to each request; adds ``ETag`` and ``Cache-Control`` to successful
    GETs and answers 304 to matching tags.

    Parameters
    ----------
    app:
        The wrapped application.
    snapshots:
        The snapshot cache.  Before the first snapshot is read, nothing is pinned here: the
        route's dependency reads it (in a worker thread) and the tag is computed on the way
        out, from the snapshot the route used.
    skip_prefixes:
        Paths served with their own validators (static files, the quiz).
    """

    def __init__(
        self, app: ASGIApp, snapshots: Snapshots, skip_prefixes: tuple[str, ...] = ()
    ) -> None:
        self.app = app
        self.snapshots = snapshots
        self.skip_prefixes = skip_prefixes

    @staticmethod
    def etag(version: str, scope: Scope, headers: Headers) -> str:
        """The tag of the answer to this request at data ``version``."""
        gzip = "gzip" in headers.get("accept-encoding", "")
        query = scope.get("query_string", b"").decode("latin-1")
        key = f"{version}|{dt.date.today()}|{scope['path']}?{query}|{gzip}"
        return '"' + hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + '"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path", "").startswith(self.skip_prefixes):
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        if self.snapshots.ready():
            state[SNAPSHOT_KEY] = self.snapshots.current()
        headers = Headers(scope=scope)
        reading = scope["method"] in ("GET", "HEAD")
        pinned = state.get(SNAPSHOT_KEY)
        if reading and isinstance(pinned, Snapshot):
            tag = self.etag(pinned.version, scope, headers)
            if tag in headers.get("if-none-match", ""):
                await _not_modified(send, tag, pinned.version)
                return

        async def tagged(message: Message) -> None:
            """Name the snapshot the answer came from; tag successful reads."""
            used = state.get(SNAPSHOT_KEY)
            if message["type"] == "http.response.start" and isinstance(used, Snapshot):
                out = MutableHeaders(scope=message)
                out[VERSION_HEADER] = used.version
                if reading and message["status"] == 200:
                    out["etag"] = self.etag(used.version, scope, headers)
                    out.setdefault("cache-control", CACHE_CONTROL)
                    out.add_vary_header("Accept-Encoding")
            await send(message)

        await self.app(scope, receive, tagged)


async def _not_modified(send: Send, tag: str, version: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 304,
            "headers": [
                (b"etag", tag.encode()),
                (b"cache-control", CACHE_CONTROL.encode()),
                (VERSION_HEADER.encode(), version.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
