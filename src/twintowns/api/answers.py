"""Encoded answers of the API's repeated reads, kept with the snapshot they came from.

A route that answers the same question many times over one snapshot (a search, a place's
partners, a page of twinnings) encodes its JSON once per snapshot and question, and its
gzip-compressed form once on first demand, and serves the bytes after that; a new snapshot
starts empty, so an answer never outlives the state it was computed from.  The JSON is the
response model's own (``model_dump_json``): byte for byte what FastAPI would send for the
model, without re-validating it on every request.

The cache is bounded (:data:`ANSWERS` questions per snapshot, least recently used dropped)
and can be turned off (``Settings.answer_cache``; the benchmarks' cache-miss figures).
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from fastapi import Request, Response

from twintowns.memo import Memo
from twintowns.query import Snapshot

ANSWERS = 2048
"""How many encoded answers one snapshot keeps."""
MINIMUM_GZIP = 2048
"""Smallest answer sent compressed (the app's ``GZipMiddleware`` threshold)."""
GZIP_LEVEL = 5
"""Compression level (the app's ``GZipMiddleware`` level)."""


@dataclass
class Encoded:
    """One answer's JSON, and its gzip-compressed form once asked for."""

    raw: bytes
    packed: bytes | None = field(default=None, repr=False)

    def gzipped(self) -> bytes:
        """The compressed form (made on first use; racing threads make the same bytes)."""
        if self.packed is None:
            self.packed = gzip.compress(self.raw, compresslevel=GZIP_LEVEL, mtime=0)
        return self.packed


def _answers(snapshot: Snapshot) -> Memo:
    found = snapshot.memo.get("answers")
    if isinstance(found, Memo):
        return found
    return snapshot.memo.put("answers", Memo(ANSWERS))


def cached(
    snapshot: Snapshot, key: Hashable, make: Callable[[], bytes], *, keep: bool = True
) -> Encoded:
    """The answer to ``key`` over ``snapshot``: kept, or made by ``make`` (and kept unless
    ``keep`` is false)."""
    if not keep:
        return Encoded(make())
    answers = _answers(snapshot)
    found = answers.get(key)
    if isinstance(found, Encoded):
        return found
    return answers.put(key, Encoded(make()))


def kept(snapshot: Snapshot, key: Hashable) -> Encoded | None:
    """The answer to ``key`` if ``snapshot`` keeps one (to serve it without a thread)."""
    found = _answers(snapshot).get(key)
    return found if isinstance(found, Encoded) else None


def json_response(request: Request, answer: Encoded) -> Response:
    """``answer`` as a JSON response, compressed when the client accepts gzip and the
    answer is as large as the app's compression threshold (what ``GZipMiddleware`` does,
    without compressing the same bytes again on every request)."""
    accepts = "gzip" in request.headers.get("accept-encoding", "")
    if accepts and len(answer.raw) >= MINIMUM_GZIP:
        headers = {"content-encoding": "gzip", "vary": "Accept-Encoding"}
        return Response(answer.gzipped(), media_type="application/json", headers=headers)
    return Response(answer.raw, media_type="application/json")
