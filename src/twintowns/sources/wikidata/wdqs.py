"""The one HTTP client of the Wikidata reader: fetching query results from WDQS.

Wikimedia asks clients to name themselves in the User-Agent, to back off when told (HTTP 429
and 503 with ``Retry-After``) and not to hammer the service: :func:`fetch_sparql` does all
three (a minimum interval between requests in this process, exponential backoff between
retries).  Nothing else in twintowns talks to the network.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from twintowns import __version__
from twintowns.errors import TwintownsError

__all__ = ["USER_AGENT", "WDQS_ENDPOINT", "FetchError", "FetchPolicy", "fetch_sparql"]

WDQS_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = (
    f"twintowns/{__version__} (open registry of town twinning; "
    "https://github.com/twintowns/twintowns) httpx"
)
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_ACCEPT = {"json": "application/sparql-results+json", "csv": "text/csv"}


class FetchError(TwintownsError):
    """The query service could not be reached or kept failing."""

    exit_code = 3
    http_status = 502


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely to ask: retries, backoff (seconds, doubled per retry), the minimum gap
    between two requests, and the request timeout."""

    retries: int = 4
    backoff: float = 2.0
    min_interval: float = 1.0
    timeout: float = 300.0


class _RateLimit:
    """At most one request per ``interval`` seconds in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0.0

    def wait(self, interval: float, sleep: Callable[[float], None]) -> None:
        with self._lock:
            gap = self._last + interval - time.monotonic()
            if gap > 0:
                sleep(gap)
            self._last = time.monotonic()


_LIMIT = _RateLimit()


def _delay(response: httpx.Response | None, attempt: int, policy: FetchPolicy) -> float:
    """Seconds to wait before the next try: the server's Retry-After, else the backoff."""
    after = response.headers.get("Retry-After", "") if response is not None else ""
    if after.isdigit():
        return min(float(after), 600.0)
    return policy.backoff * 2.0**attempt


def fetch_sparql(
    query: str,
    output: Path,
    *,
    fmt: str = "json",
    endpoint: str = WDQS_ENDPOINT,
    policy: FetchPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run ``query`` on the query service and save the result to ``output``.

    Parameters
    ----------
    fmt:
        ``json`` or ``csv``.
    endpoint:
        The SPARQL endpoint (tests point it at a local server).

    Returns
    -------
    int
        Bytes written.

    Raises
    ------
    FetchError
        When every try failed (the last status or network error is named).
    """
    policy = policy or FetchPolicy()
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT[fmt]}
    problem = "no attempt"
    with httpx.Client(headers=headers, timeout=policy.timeout, follow_redirects=True) as client:
        for attempt in range(policy.retries + 1):
            _LIMIT.wait(policy.min_interval, sleep)
            response: httpx.Response | None = None
            try:
                response = client.post(endpoint, data={"query": query})
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code == 200:
                    output.write_bytes(response.content)
                    return len(response.content)
                problem = f"HTTP {response.status_code}"
                if response.status_code not in _RETRY_STATUSES:
                    break
            if attempt < policy.retries:
                sleep(_delay(response, attempt, policy))
    raise FetchError(f"query service {endpoint} failed: {problem}")
