"""Who a request is: an API token (``Authorization: Bearer``) or a browser session cookie with
its CSRF token, and the guards of the living registry's writes (rate limits, body size).

A session cookie is ``HttpOnly`` and ``SameSite=Strict``; an unsafe request authenticated by
it must also carry the session's CSRF token in ``X-CSRF-Token``, so another site cannot post
with a user's cookie.  The page reads the token from the sign-in answer, and after a reload
from the ``twintowns_csrf`` cookie (readable by the page's script, ``SameSite=Strict``, set
beside the session cookie): only a page of this origin can read it, and the server checks it
against the session's own token (only its digest is stored), so a planted cookie is useless.
Requests with no credentials are readers: every write dependency answers them 401.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from twintowns.accounts import Action, Principal, principal, require
from twintowns.api import schemas
from twintowns.api.errors import ERROR_RESPONSES
from twintowns.api.guard import Throttled
from twintowns.api.state import AppState, get_state
from twintowns.settings import Settings

SESSION_COOKIE = "twintowns_session"
CSRF_COOKIE = "twintowns_csrf"
"""The CSRF token for the page's script after a reload (not HttpOnly; never a credential)."""
CSRF_HEADER = "x-csrf-token"
MAX_WRITE_BYTES = 32_000
"""Largest body of a living-registry write (a proposal with its quote and reason)."""
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def _error(description: str) -> dict[str, Any]:
    return {"model": schemas.ErrorOut, "description": description}


LIVING_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    401: _error("No credentials, unknown or expired ones, or a session write without CSRF"),
    403: _error("The roles or the token's scopes do not allow this"),
    409: _error("Stale write: `current` holds the state now, the ETag its version"),
    413: _error("Request body too large"),
    428: _error("If-Match is required"),
    429: {
        **_error("Too many sign-ins or writes: retry after `Retry-After` seconds"),
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}
"""Error responses every route of the living registry documents."""


class TooManyWrites(Throttled):
    """Writes or sign-ins beyond their rate: 429 with ``Retry-After``."""

    def __init__(self, retry_after: int, what: str) -> None:
        super().__init__(retry_after)
        self.args = (f"too many {what}; retry in {retry_after} s",)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class Limits:
    """The token buckets of sign-ins and writes (per client address and per account)."""

    login: _Buckets
    write: _Buckets

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        """Buckets sized by ``settings``."""
        return cls(
            _Buckets(settings.login_burst, settings.login_rate_per_minute),
            _Buckets(settings.write_burst, settings.write_rate_per_minute),
        )


class _Buckets:
    """A token bucket per key (reusing the flag guard's bucket arithmetic)."""

    def __init__(self, burst: int, per_minute: float) -> None:
        from twintowns.api.guard import FlagGuard

        settings = Settings(flag_burst=burst, flag_rate_per_minute=per_minute)
        self._guard = FlagGuard(settings)

    def take(self, key: str, what: str) -> None:
        try:
            self._guard.take(key)
        except Throttled as exc:
            raise TooManyWrites(exc.retry_after, what) from None


def limits(request: Request) -> Limits:
    """The app's limits (made by :func:`twintowns.api.app.create_app`)."""
    found = getattr(request.app.state, "living_limits", None)
    assert isinstance(found, Limits)
    return found


def client_of(request: Request) -> str:
    """The client address (the key of per-address limits)."""
    return request.client.host if request.client else "unknown"


def bearer(request: Request) -> str | None:
    """The secret of an ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def current(request: Request, state: Annotated[AppState, Depends(get_state)]) -> Principal | None:
    """The principal the request's credentials name, or None for a reader.

    Raises
    ------
    AuthenticationError
        For credentials that are unknown, expired, or (a cookie on an unsafe request) lack
        the session's CSRF token.
    """
    engine = state.registry.engine
    token = bearer(request)
    if token is not None:
        return principal(engine, token, "api")
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie is None:
        return None
    csrf = None if request.method in _SAFE else request.headers.get(CSRF_HEADER, "")
    return principal(engine, cookie, "session", csrf=csrf)


def _sized(request: Request) -> None:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_WRITE_BYTES):
        raise HTTPException(413, f"request body over {MAX_WRITE_BYTES} bytes")


def allowed(action: Action, *, write: bool) -> object:
    """A dependency: the principal, when they may do ``action`` (401/403 otherwise); a
    write is also size-checked and rate-limited per address and per account (429)."""

    def dependency(
        request: Request, who: Annotated[Principal | None, Depends(current)]
    ) -> Principal:
        granted = require(who, action)
        if write:
            _sized(request)
            limits(request).write.take(client_of(request), "writes from this address")
            limits(request).write.take(f"user:{granted.user_id}", "writes from this account")
        return granted

    return Depends(dependency)


def signed_in(who: Annotated[Principal | None, Depends(current)]) -> Principal:
    """A dependency: any signed-in user (401 for a reader)."""
    from twintowns.errors import AuthenticationError

    if who is None:
        raise AuthenticationError("sign in first")
    return who


def if_match(request: Request) -> int:
    """The version an ``If-Match`` header names (``"3"``, ``3`` or ``W/"3"``).

    Raises
    ------
    HTTPException
        428 when the header is missing, 422 when it is not a version.
    """
    header = request.headers.get("if-match")
    if header is None:
        raise HTTPException(428, "If-Match is required: the version the change is based on")
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 9:
        raise HTTPException(422, 'If-Match: expected a version number such as "3"')
    return int(text)
