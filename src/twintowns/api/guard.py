"""Guards on the API's one anonymous write (``POST /learn/flags``): a token bucket per client
address, and a cap on the flags stored (count and bytes).

The buckets live in the process (one server process serves the registry); the caps are read
from the database on each write, so they hold across restarts.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa

from twintowns.errors import StoreError
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.store import schema

MAX_CLIENTS = 10_000
"""Client addresses whose buckets are remembered (least recently seen forgotten first)."""


class Throttled(Exception):
    """A client posted faster than its rate: answered 429 with ``Retry-After``."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many flags from this address; retry in {retry_after} s")


class StorageFull(Exception):
    """The flag store is at its cap: answered 507."""


@dataclass
class _Bucket:
    tokens: float
    at: float


class FlagGuard:
    """Rate limit per client address and storage cap for new flags.

    Parameters
    ----------
    settings:
        ``flag_burst``, ``flag_rate_per_minute``, ``flag_max_total``, ``flag_max_bytes``.
    """

    def __init__(self, settings: Settings) -> None:
        self.burst = float(settings.flag_burst)
        self.rate = settings.flag_rate_per_minute / 60.0
        self.max_total = settings.flag_max_total
        self.max_bytes = settings.flag_max_bytes
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> None:
        """Spend one token of ``client``'s bucket.

        Raises
        ------
        Throttled
            If the bucket is empty; ``retry_after`` is when the next token comes.
        """
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.pop(client, None) or _Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
            self._buckets[client] = bucket
            while len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
            if bucket.tokens < 1.0:
                raise Throttled(max(1, math.ceil((1.0 - bucket.tokens) / self.rate)))
            bucket.tokens -= 1.0

    def check_storage(self, registry: Registry, adding: int) -> None:
        """Refuse a flag of ``adding`` bytes when the store is at its cap.

        Raises
        ------
        StorageFull
            If the count or byte cap would be passed.
        StoreError
            If the database cannot be read.
        """
        table = schema.learn_flags
        text = sa.func.coalesce(sa.func.length(table.c.note), 0) + sa.func.coalesce(
            sa.func.length(table.c.prompt), 0
        )
        query = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(text), 0))
        try:
            with registry.engine.connect() as conn:
                count, size = conn.execute(query.select_from(table)).one()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot read flags: {type(exc).__name__}") from exc
        if count >= self.max_total or size + adding > self.max_bytes:
            raise StorageFull(
                f"the flag store is full ({count} flags, {size} bytes of text; caps "
                f"{self.max_total} and {self.max_bytes}): a reviewer must clear flags first"
            )
