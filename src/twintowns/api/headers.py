"""Plain ASGI middlewares for every response: security headers, and HEAD served as GET.

The atlas page loads only its own scripts and styles (no inline script, no inline style
attribute in its markup), so its Content-Security-Policy allows ``'self'`` only, plus the
optional tile server's origin for images.  The interactive API docs (``/docs``, ``/redoc``)
are FastAPI's pages, which load Swagger UI / ReDoc from a CDN with an inline start-up
script: only those two paths get a policy that allows them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_PATHS = ("/docs", "/redoc")
_CDN = "https://cdn.jsdelivr.net"


def content_security_policy(tile_url: str | None) -> str:
    """The atlas's policy: its own origin only, plus the tile server's for images."""
    images = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            images += f" {parts.scheme}://{parts.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


DOCS_POLICY = (
    f"default-src 'self'; script-src 'self' 'unsafe-inline' {_CDN}; "
    f"style-src 'self' 'unsafe-inline' {_CDN}; img-src 'self' data: https:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """Adds CSP, ``X-Content-Type-Options``, ``X-Frame-Options`` and ``Referrer-Policy`` to
    every HTTP response.

    Parameters
    ----------
    app:
        The wrapped application.
    tile_url:
        The atlas's optional tile server (its origin is allowed for images).
    """

    def __init__(self, app: ASGIApp, tile_url: str | None = None) -> None:
        self.app = app
        self.policy = content_security_policy(tile_url)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope.get("path", "") in DOCS_PATHS

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out["content-security-policy"] = DOCS_POLICY if docs else self.policy
                out["x-content-type-options"] = "nosniff"
                out["x-frame-options"] = "DENY"
                out["referrer-policy"] = "no-referrer"
                out["cross-origin-opener-policy"] = "same-origin"
            await send(message)

        await self.app(scope, receive, secured)


class HeadMiddleware:
    """Answers HEAD wherever GET is answered: the request is routed as a GET and the body
    dropped (the headers, ``Content-Length`` included, are the GET's)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headless(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headless)
