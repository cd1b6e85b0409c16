"""Fixtures of the API tests: one SQLite registry with the curated facts per session,
an app over it and a test client (no server process: requests go straight to the app)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated


@pytest.fixture(scope="session")
def api_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of the session's registry file (created and filled on first open)."""
    return tmp_path_factory.mktemp("api") / "registry.sqlite"


def curated_settings(database: Path) -> Settings:
    """Settings of a registry at ``database`` holding only the curated facts (fast to build and
    stable whatever the world snapshot holds)."""
    settings = Settings(database_url=f"sqlite:///{database}", auto_load=False)
    registry = Registry.open(settings)
    if registry.is_empty():
        registry.load(load_curated(), action="load curated for the API tests")
    registry.engine.dispose()
    return settings


@pytest.fixture
def own_curated(tmp_path: Path) -> Settings:
    """Settings of a curated registry of the test's own, for tests that write to it."""
    return curated_settings(tmp_path / "registry.sqlite")


@pytest.fixture(scope="session")
def api_app(api_database: Path) -> FastAPI:
    """The app over the curated registry."""
    return create_app(curated_settings(api_database), warm=False)


@pytest.fixture(scope="session")
def client(api_app: FastAPI) -> Iterator[TestClient]:
    """A client that never raises server errors as exceptions: a 500 fails as a status."""
    with TestClient(api_app, raise_server_exceptions=False) as test_client:
        yield test_client
