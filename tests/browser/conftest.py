"""Fixtures of the browser tests: the app served by uvicorn on a free loopback port, and
Debian's chromium driven by Playwright (never a downloaded browser).

When chromium is missing the tests fail with the command that installs it: CI must prove the
atlas works in a real browser, so they never skip.  Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.server import serve_app
from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated


def serve(settings: Settings) -> Iterator[str]:
    """Serve the app over ``settings`` in a thread; yield its base URL; stop it."""
    yield from serve_app(create_app(settings))


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of the atlas over a fresh registry holding the curated facts (Coventry, Rome...)."""
    database = tmp_path_factory.mktemp("atlas") / "registry.sqlite"
    settings = Settings(database_url=f"sqlite:///{database}", auto_load=False)
    registry = Registry.open(settings)
    registry.load(load_curated(), action="load curated for the browser tests")
    registry.engine.dispose()
    yield from serve(settings)
