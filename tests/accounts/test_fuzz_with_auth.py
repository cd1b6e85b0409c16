"""Schemathesis over the whole API with credentials: every operation of the OpenAPI document
(the public ones and the living registry's), each request carrying an admin's token (every
role: contributor, steward, reviewer, admin) and an ``If-Match``, so generated requests pass
authentication and reach the handlers.  At least 10,000 cases in all; no answer is a server
error and answers match their schemas.

``TWINTOWNS_FUZZ_EXAMPLES`` sets the examples per operation (a smaller run to time it); the
10,000-case floor is checked at the default only.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import schemathesis

from support.fuzz import admin_headers, call_every
from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

DEFAULT_EXAMPLES = 400
TARGET_CASES = 10_000
# sign-out would revoke the token the rest of the run uses (the anonymous run covers it)
SKIPPED = {("POST", "/users/logout")}


def _settings(tmp_path: Path) -> Settings:
    """A curated registry whose rate limits do not stop the run (429s are no server errors,
    but they would keep the handlers from being reached)."""
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'fuzz.sqlite'}",
        auto_load=False,
        write_burst=10**6,
        write_rate_per_minute=1e9,
        login_burst=10**6,
        login_rate_per_minute=1e9,
        flag_burst=10**6,
        flag_rate_per_minute=1e9,
        flag_max_total=10**6,
    )


def _headers(options: Settings) -> dict[str, str]:
    """An admin with every role (a verified steward of Coventry): its token and If-Match."""
    registry = Registry.open(options)
    registry.load(load_curated(), action="load curated for the fuzz")
    headers = admin_headers(registry.engine)
    registry.engine.dispose()
    return headers


@pytest.mark.slow
def test_whole_api_with_credentials_has_no_server_error(tmp_path: Path) -> None:
    examples = int(os.environ.get("TWINTOWNS_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))
    options = _settings(tmp_path)
    headers = _headers(options)
    app = create_app(options, warm=False)
    app.state.twintowns.cache.current()  # the first snapshot, read before the clock runs
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    chosen = [op for op in operations if (op.method.upper(), op.path) not in SKIPPED]
    assert len(chosen) >= 35
    started, cpu = time.monotonic(), time.process_time()
    cases = call_every(chosen, headers, examples)
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    print(f"fuzz: {cases} cases over {len(chosen)} operations in {seconds:.1f} s ({cpu:.1f} s CPU)")
    if examples == DEFAULT_EXAMPLES:
        assert cases >= TARGET_CASES
