"""Encoded answers of the API's repeated reads, kept with the snapshot they came from.

A route that answers the same question many times over one snapshot (a search, a place's
partners, a page of twinnings) encodes its JSON once per snapshot and question, and its
gzip-compressed form once on first demand, and serves the bytes after that; a new snapshot
starts empty, so an answer never outlives the state it was computed from.  The JSON is the
response model's own (``model_dump_json``): byte for byte what FastAPI would send for the
model, without re-validating it on every request.

The cache is bounded by bytes (:data:`BUDGET` per snapshot, least recently used answers
dropped first; an answer larger than :data:`LARGEST` is not kept), so that no sequence of
requests can grow it without limit, and can be turned off (``Settings.answer_cache``; the
benchmarks' cache-miss figures).
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from fastapi import Request, Response

from twintowns.query import Snapshot

BUDGET = 32_000_000
"""Most bytes of encoded answers (JSON and gzip) one snapshot keeps."""
LARGEST = 1_000_000
"""Largest answer kept (a page of 1,000 twinnings is about half of it)."""
ENTRY = 512
"""Bytes counted per kept answer besides its own (key, objects): many tiny answers are
bounded too."""
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


class Answers:
    """A thread-safe LRU of encoded answers bounded by their bytes (:data:`BUDGET`)."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[Hashable, Encoded] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Encoded | None:
        """The answer kept under ``key``, if any."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, answer: Encoded) -> Encoded:
        """Keep ``answer`` unless it is larger than :data:`LARGEST`; drop the least recently
        used beyond the budget."""
        if len(answer.raw) > LARGEST:
            return answer
        with self._lock:
            old = self._items.pop(key, None)
            self.size += _cost(answer) - (_cost(old) if old else 0)
            self._items[key] = answer
            while self.size > self.budget and self._items:
                _, dropped = self._items.popitem(last=False)
                self.size -= _cost(dropped)
        return answer


def _cost(answer: Encoded) -> int:
    """Bytes an answer is counted for: its JSON twice (its compressed form may come, and is
    smaller) and :data:`ENTRY`."""
    return 2 * len(answer.raw) + ENTRY


def _answers(snapshot: Snapshot) -> Answers:
    found = snapshot.memo.get("answers")
    if isinstance(found, Answers):
        return found
    return snapshot.memo.put("answers", Answers())


def cached(
    snapshot: Snapshot, key: Hashable, make: Callable[[], bytes], *, keep: bool = True
) -> Encoded:
    """The answer to ``key`` over ``snapshot``: kept, or made by ``make`` (and kept unless
    ``keep`` is false)."""
    if not keep:
        return Encoded(make())
    answers = _answers(snapshot)
    found = answers.get(key)
    return found if found is not None else answers.put(key, Encoded(make()))


def keep(snapshot: Snapshot, key: Hashable, answer: Encoded) -> Encoded:
    """Keep ``answer`` (made elsewhere: read from a file) as the answer to ``key``."""
    return _answers(snapshot).put(key, answer)


def kept(snapshot: Snapshot, key: Hashable) -> Encoded | None:
    """The answer to ``key`` if ``snapshot`` keeps one (to serve it without a thread)."""
    return _answers(snapshot).get(key)


def json_response(request: Request, answer: Encoded) -> Response:
    """``answer`` as a JSON response, compressed when the client accepts gzip and the
    answer is as large as the app's compression threshold (what ``GZipMiddleware`` does,
    without compressing the same bytes again on every request)."""
    accepts = "gzip" in request.headers.get("accept-encoding", "")
    if accepts and len(answer.raw) >= MINIMUM_GZIP:
        headers = {"content-encoding": "gzip", "vary": "Accept-Encoding"}
        return Response(answer.gzipped(), media_type="application/json", headers=headers)
    return Response(answer.raw, media_type="application/json")
