"""Plain ASGI middlewares for every request: the Host allow-list, security headers, and HEAD
served as GET.

The Host check is Starlette's ``TrustedHostMiddleware`` rule (exact names, ``*.domain``
wildcards, ``*`` for any) with IPv6 literals parsed right (``[::1]:8000`` is host ``::1``):
a page on another origin that rebinds its DNS name to 127.0.0.1 still sends its own name, and
is refused.

The atlas page loads only its own scripts and styles (no inline script, no inline style
attribute in its markup), so its Content-Security-Policy allows ``'self'`` only, plus the
optional tile server's origin for images.  The interactive API docs (``/docs``, ``/redoc``)
are FastAPI's pages with an inline start-up script, loading Swagger UI / ReDoc from this
server (the fastapi-offline package's files, no CDN): only those two paths get a policy that
allows inline code (and ReDoc's blob: workers).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_PATHS = ("/docs", "/redoc")


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
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def secure(headers: MutableHeaders, policy: str) -> None:
    """Set the security headers every answer carries on ``headers``.

    Parameters
    ----------
    headers:
        The response's headers, changed in place.
    policy:
        Its Content-Security-Policy.
    """
    headers["content-security-policy"] = policy
    headers["x-content-type-options"] = "nosniff"
    headers["x-frame-options"] = "DENY"
    headers["referrer-policy"] = "no-referrer"
    headers["cross-origin-opener-policy"] = "same-origin"


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
                secure(MutableHeaders(scope=message), DOCS_POLICY if docs else self.policy)
            await send(message)

        await self.app(scope, receive, secured)


def host_name(header: str) -> str:
    """The host of a ``Host`` header, without its port, lower-cased (``[::1]:80`` -> ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


class HostAllowListMiddleware:
    """Answers 400 to requests whose ``Host`` is not allowed.

    Parameters
    ----------
    app:
        The wrapped application.
    allowed_hosts:
        Host names (``localhost``, ``::1``), ``*.domain`` wildcards, or ``*`` for any.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.allowed = {h.strip().lower().strip("[]") for h in allowed_hosts}

    def allows(self, host: str) -> bool:
        """True when ``host`` (no port) is allowed."""
        if "*" in self.allowed or host in self.allowed:
            return True
        return any(a.startswith("*.") and host.endswith(a[1:]) for a in self.allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self.allows(host_name(Headers(scope=scope).get("host", ""))):
            await self.app(scope, receive, send)
            return
        await PlainTextResponse("Invalid host header", status_code=400)(scope, receive, send)


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
