"""``show --include-doubtful`` and ``analyse --include-doubtful``: doubtful twinnings
(resolution confidence below 0.9) are left out unless asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from support.doubtful import doubtful_registry
from twintowns.cli.app import app
from twintowns.settings import Settings


@pytest.fixture
def url(tmp_path: Path) -> str:
    found = f"sqlite:///{tmp_path / 'd.sqlite'}"
    doubtful_registry(Settings(database_url=found, auto_load=False)).engine.dispose()
    return found


def _run(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--database", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_show_leaves_doubtful_partners_out_unless_asked(url: str) -> None:
    default = _run(url, "show", "kiel", "--json")
    asked = _run(url, "show", "kiel", "--json", "--include-doubtful")
    assert "dresden--kiel" in default
    assert "kiel--volgograd" not in default
    assert "dresden--kiel" in asked
    assert "kiel--volgograd" in asked


def test_analyse_counts_doubtful_twinnings_only_when_asked(url: str) -> None:
    default = _run(url, "analyse", "rankings", "--top", "3")
    asked = _run(url, "analyse", "--include-doubtful", "rankings", "--top", "3")
    assert default != asked


def test_export_leaves_doubtful_twinnings_out_unless_asked(url: str) -> None:
    default = _run(url, "export", "--format", "csv")
    asked = _run(url, "export", "--format", "csv", "--include-doubtful")
    assert "dresden--kiel" in default
    assert "kiel--volgograd" not in default
    assert "kiel--volgograd" in asked
