"""The API's one translation of errors into HTTP responses.

Library errors carry their status (:attr:`~twintowns.errors.TwintownsError.http_status`);
request validation errors become 422 with one readable line per bad parameter.  Database
failures (:class:`~twintowns.errors.StoreError`, or a driver error that escaped) become 503
with a fixed message: the body never holds SQL, parameters or driver text (they are logged).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from twintowns.api import convert, params, schemas
from twintowns.api.guard import StorageFull, Throttled
from twintowns.api.headers import content_security_policy, secure
from twintowns.errors import (
    AmbiguousNameError,
    AuthenticationError,
    ConflictError,
    InputError,
    StoreError,
    TwintownsError,
)

log = logging.getLogger(__name__)

UNAVAILABLE = "the registry database is unavailable; try again later"
"""The one message of every 503 (the cause is logged, never sent)."""

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": schemas.ErrorOut, "description": "Unknown place, country or chain"},
    409: {"model": schemas.ErrorOut, "description": "Ambiguous name: candidates listed"},
    422: {"model": schemas.ErrorOut, "description": "Invalid parameter"},
    503: {"model": schemas.ErrorOut, "description": "The registry database is unavailable"},
}
"""Error responses every route documents."""

WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    429: {
        "model": schemas.ErrorOut,
        "description": "Too many writes from this address: retry after `Retry-After` seconds",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
    507: {"model": schemas.ErrorOut, "description": "The store of flags is full"},
}
"""Error responses of the guarded write (``POST /learn/flags``)."""


_PATTERNS = {
    params.DATE_PATTERN: "expected a date: YYYY, YYYY-MM or YYYY-MM-DD",
    params.ISO_PATTERN: "expected a two-letter ISO 3166-1 country code such as GB",
    params.NAME_PATTERN: "expected a name with a letter or digit and no control characters",
    params.NOTE_PATTERN: "expected text without control characters (line breaks and tabs allowed)",
}


def _line(error: dict[str, Any]) -> str:
    """``query parameter 'limit': Input should be ...``."""
    where: Sequence[Any] = error.get("loc", ())
    if error.get("type") == "json_invalid":
        return f"request body: not valid JSON ({(error.get('ctx') or {}).get('error', 'invalid')})"
    places = {"query": "query parameter", "path": "path parameter", "body": "request body field"}
    kind = places.get(str(where[0]), "input") if where else "input"
    name = ".".join(str(part) for part in where[1:]) if len(where) > 1 else ""
    message = str(error.get("msg", "invalid"))
    if not name and where and where[0] == "body":
        return f"request body: {message}"
    if error.get("type") == "string_pattern_mismatch":
        pattern = str((error.get("ctx") or {}).get("pattern"))
        message = _PATTERNS.get(pattern, message) + f", got {error.get('input')!r}"
    return f"{kind} {name!r}: {message}" if name else message


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    lines = [_line(dict(e)) for e in exc.errors()]
    body = schemas.ErrorOut(detail="; ".join(lines) or "invalid request", errors=lines)
    return JSONResponse(body.model_dump(mode="json"), status_code=422)


def _unavailable(exc: Exception) -> JSONResponse:
    log.error("database error: %r", exc.__cause__ or exc)
    body = schemas.ErrorOut(detail=UNAVAILABLE)
    return JSONResponse(body.model_dump(mode="json"), status_code=503)


async def _database_error(_request: Request, exc: Exception) -> JSONResponse:
    return _unavailable(exc)


async def _throttled(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Throttled)
    body = schemas.ErrorOut(detail=str(exc))
    headers = {"retry-after": str(exc.retry_after)}
    return JSONResponse(body.model_dump(mode="json"), status_code=429, headers=headers)


async def _storage_full(_request: Request, exc: Exception) -> JSONResponse:
    body = schemas.ErrorOut(detail=str(exc))
    return JSONResponse(body.model_dump(mode="json"), status_code=507)


async def _library_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TwintownsError)
    if isinstance(exc, StoreError):
        return _unavailable(exc)
    body = schemas.ErrorOut(detail=str(exc))
    if isinstance(exc, InputError):
        body.errors = [str(exc)]
    if isinstance(exc, AmbiguousNameError):
        body.candidates = [convert.candidate(c) for c in exc.candidates]
    content, headers = body.model_dump(mode="json"), {}
    if isinstance(exc, ConflictError):  # a stale write: the current state, to redo it on
        content["current"] = exc.current
        if exc.version is not None:
            headers["etag"] = f'"{exc.version}"'
    if isinstance(exc, AuthenticationError):
        headers["www-authenticate"] = 'Bearer realm="twintowns"'
    return JSONResponse(content, status_code=exc.http_status, headers=headers)


async def _internal_error(_request: Request, exc: Exception) -> JSONResponse:
    # Starlette answers an unexpected error from its outermost middleware, outside the one that
    # adds the security headers: this answer sets them itself, and says nothing of the cause.
    log.error("unexpected error: %r", exc)
    response = JSONResponse({"detail": "internal error"}, status_code=500)
    secure(response.headers, content_security_policy(None))
    return response


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``.

    An unexpected exception (a bug) becomes a 500 with a fixed body and the security headers;
    Starlette still re-raises it after answering, so the server logs its traceback.
    """
    app.add_exception_handler(Exception, _internal_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(TwintownsError, _library_error)
    app.add_exception_handler(sa.exc.SQLAlchemyError, _database_error)
    app.add_exception_handler(Throttled, _throttled)
    app.add_exception_handler(StorageFull, _storage_full)
