"""The ``ingest`` sub-app (mounted here on a bare app until the lead wires it into the CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from twintowns.cli.wikidata import ingest_app
from twintowns.settings import Settings
from twintowns.sources.wikidata.sparql import p190_query

app = typer.Typer()
app.add_typer(ingest_app, name="ingest")


@app.callback()
def _main(ctx: typer.Context) -> None:
    ctx.obj = Settings()


def test_show_query() -> None:
    result = CliRunner().invoke(app, ["ingest", "fetch-sparql", "-o", "x", "--show-query"])
    assert result.exit_code == 0
    assert result.stdout.strip() == p190_query().strip()


def test_a_missing_dump_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", "wikidata-dump", str(tmp_path / "no.json")])
    assert result.exit_code == 2
    assert "dump file not found" in result.stderr


@pytest.mark.slow  # the importer builds the GeoNames gazetteer (about 30 s here)
def test_ingest_dump_loads_bielefeld(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWINTOWNS_DATABASE_URL", f"sqlite:///{tmp_path / 'r.sqlite'}")
    result = CliRunner().invoke(
        app, ["ingest", "wikidata-dump", str(fixtures / "p190_minidump.multimember.json.gz"),
              "--snapshot", "2023-04-04"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "wikidata-dump-2023-04-04: 107 P190 statements" in result.stdout


def test_split_option_names_every_reader_mode(tmp_path: Path) -> None:
    from twintowns.cli.wikidata import _DECOMPRESSION, Split
    from twintowns.sources.wikidata.plan import DECOMPRESSION

    assert set(_DECOMPRESSION) == set(Split)
    assert sorted(_DECOMPRESSION.values()) == sorted(DECOMPRESSION)
    missing = str(tmp_path / "no.json.bz2")
    result = CliRunner().invoke(app, ["ingest", "wikidata-dump", missing, "--split", "index"])
    assert result.exit_code == 2
    assert "dump file not found" in result.stderr  # the option itself was accepted
    result = CliRunner().invoke(app, ["ingest", "wikidata-dump", missing, "--split", "blocks"])
    assert result.exit_code == 2
    assert "--split" in result.stderr
