"""``twintowns serve``: the command builds the app over the CLI's settings and runs uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from twintowns.cli import serve as serve_module
from twintowns.settings import Settings


def test_serve_runs_uvicorn_on_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda app, **kw: calls.append(kw))
    cli = typer.Typer()

    @cli.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = Settings(database_url=f"sqlite:///{tmp_path / 'r.sqlite'}")

    cli.command()(serve_module.serve)
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8000, "log_level": "warning"}]
    # the first-use fill and the read are shown as they go, not half a minute of silence
    for said in ("first use: filling", "writing the world snapshot", "registry read in"):
        assert said in result.output
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert calls[-1]["port"] == 9000
    assert "http://0.0.0.0:9000/" in result.output
    assert "TWINTOWNS_ALLOWED_HOSTS" in result.output  # other names are refused: say so
    assert "first use" not in result.output  # filled once
