"""Fixtures for CLI tests: a fresh SQLite registry per test and a runner bound to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from support.cli import Invoke
from twintowns.cli.app import app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated


@pytest.fixture
def db_url(bundled_db_url: str) -> str:
    return bundled_db_url


@pytest.fixture
def invoke(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("TWINTOWNS_DATABASE_URL", db_url)
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def invoke_curated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """A runner on a registry holding only the curated facts (small and fast to export)."""
    url = f"sqlite:///{tmp_path / 'curated.sqlite'}"
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(load_curated(), action="test")
    monkeypatch.setenv("TWINTOWNS_DATABASE_URL", url)
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run
