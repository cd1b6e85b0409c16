"""Schemathesis over the living registry's routes with credentials: an admin's token (every
role) and an ``If-Match``, so generated requests pass authentication and reach the handlers.
Whatever the body, path and query, no answer is a server error and answers match their
schemas.  (The anonymous run over every route is ``tests/api/test_api_schemathesis.py``.)"""

from __future__ import annotations

from pathlib import Path

import schemathesis

from support.fuzz import admin_headers, call_every
from twintowns.api import create_app
from twintowns.model import Bundle, Citation, ReviewItem, Source
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

EXAMPLES_PER_OPERATION = 60
LIVING = ("/proposals", "/reviews", "/history", "/users", "/resolutions")


def test_no_server_error_with_credentials(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    options = Settings(
        database_url=url,
        auto_load=False,
        write_burst=100_000,
        write_rate_per_minute=1e6,
        overrides_path=tmp_path
        / "overrides.yaml",  # a resolution decided never touches the package's
    )
    registry = Registry.open(options)
    registry.load(load_curated(), action="load curated")
    kiel = ReviewItem("Kiel", "", Citation("lists", "a:1"), 2, None, "gn:1", "name", 0.5, ("gn:2",))
    bundle = Bundle(dataset="world", sources=(Source("lists", "Lists"),), reviews=(kiel,))
    registry.load(bundle, action="a doubtful resolution for /resolutions")
    engine = registry.engine
    headers = admin_headers(engine)
    app = create_app(options, warm=False)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # sign-out would revoke the token the rest of the run uses: the anonymous run covers it
    chosen = [op for op in operations if op.path.startswith(LIVING) and op.path != "/users/logout"]
    assert len(chosen) >= 10
    call_every(chosen, headers, EXAMPLES_PER_OPERATION)
