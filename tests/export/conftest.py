"""Fixtures of the export tests: every format written once by the CLI from a curated registry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from twintowns.cli.app import app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

FORMATS = ("csv", "json", "geojson", "graphml", "parquet")


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``twinnings.<fmt>`` for every format (and the sidecars), written by
    ``twintowns export -o`` from a registry of the curated facts."""
    folder = tmp_path_factory.mktemp("exports")
    url = f"sqlite:///{folder / 'curated.sqlite'}"
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(load_curated(), action="export tests")
    registry.engine.dispose()
    runner = CliRunner()
    env = {**os.environ, "TWINTOWNS_DATABASE_URL": url, "TWINTOWNS_AUTO_LOAD": "false"}
    for fmt in FORMATS:
        target = folder / f"twinnings.{fmt}"
        args = ["export", "--format", fmt, "-o", str(target), "--as-of", "2026-12-04"]
        result = runner.invoke(app, args, env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return folder
