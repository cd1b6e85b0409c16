"""``twintowns analyse ...`` and ``twintowns report`` on the fixture registry.

The commands are mounted on a test app the way the main app mounts them
(``app.add_typer(analyse_app, name="analyse")``, ``app.command("report")(report_command)``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner, Result

from twintowns.cli.analyse import analyse_app, report_command
from twintowns.settings import Settings

Run = Callable[..., Result]


@pytest.fixture
def run(six_url: str) -> Run:
    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = Settings(database_url=six_url, auto_load=False)

    app.add_typer(analyse_app, name="analyse")
    app.command("report")(report_command)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


def test_summary_prints_konect_beside_ours(run: Run) -> None:
    result = run("analyse", "summary")
    assert result.exit_code == 0, result.output
    assert "14,274" in result.stdout
    assert "Transitivity" in result.stdout
    assert "snapshot" in result.stdout  # the provenance caption
    assert "Power law (all sources): No power-law verdict" in result.stdout  # six places
    assert "wikidata_only" in result.stdout
    past = run("analyse", "summary", "--as-of", "1990")
    assert "1990-12-31: 5 places, 5 twinnings" in past.stdout


def test_bad_date_is_a_one_line_error(run: Run) -> None:
    result = run("analyse", "summary", "--as-of", "1990-13")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr


def test_rankings(run: Run) -> None:
    result = run("analyse", "rankings", "--by", "betweenness", "--top", "2")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "toledo-es" in line or "gamma" in line]
    assert "toledo-es" in lines[0]
    assert "gamma" in lines[1]
    countries = run("analyse", "rankings", "--level", "country", "--top", "3")
    assert "Spain" in countries.stdout
    assert run("analyse", "rankings", "--by", "fame").exit_code == 2


def test_countries_and_chain(run: Run) -> None:
    result = run("analyse", "countries")
    assert result.exit_code == 0, result.output
    assert "connected by a chain of twinnings: yes" in result.stdout
    chain = run("analyse", "chain", "Alpha", "Toledo, United States")
    assert chain.exit_code == 0, chain.output
    assert "3 twinnings: Alpha (GB) – Gamma (FR) – Toledo (ES) – Toledo (US)" in chain.stdout
    ambiguous = run("analyse", "chain", "Alpha", "Toledo")
    assert ambiguous.exit_code == 2
    assert "ambiguous" in ambiguous.stderr


def test_distance_prints_all_four_null_models(run: Run) -> None:
    result = run("analyse", "distance", "--samples", "20", "--seeds", "2")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    for model in ("degree only", "continent pairs", "country blocks", "country pairs"):
        assert model in flat
    assert "95% intervals over 20 samples" in flat
    assert "Border effect" in flat
    assert "Cannot tell: only 6 twinnings" in flat
    assert run("analyse", "distance", "--samples", "5").exit_code == 2


def test_distance_writes_its_plot(run: Run, tmp_path: Path) -> None:
    result = run("analyse", "distance", "--seeds", "2", "--plot", str(tmp_path / "distance.png"))
    assert result.exit_code == 0, result.output
    assert "Cannot tell" in result.stdout
    assert (tmp_path / "distance.png").stat().st_size > 0
    assert (tmp_path / "distance.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_homophily_and_quality(run: Run) -> None:
    homophily = run("analyse", "homophily", "--seeds", "2")
    assert homophily.exit_code == 0
    assert "Same-name pairs: 1" in homophily.stdout
    quality = run("analyse", "quality")
    assert quality.exit_code == 0
    assert "one-sided links" in quality.stdout


def test_history_exports_the_panel(run: Run, tmp_path: Path) -> None:
    panel = tmp_path / "panel.parquet"
    result = run("analyse", "history", "--panel", str(panel), "--first-year", "2000")
    assert result.exit_code == 0, result.output
    assert "beta--paused" in result.stdout
    assert set(pd.read_parquet(panel)["year"]) >= {2000, 2022}


def test_history_by_decade_for_a_country_states_the_dated_share(run: Run) -> None:
    result = run("analyse", "history", "--by", "decade", "--country", "GB")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Twinnings with a side in GB established per decade (5 of 5 twinnings dated" in out
    assert "Dated: 5 of 5 twinnings dated" in out
    assert "survivorship" in out
    bad = run("analyse", "history", "--by", "month")
    assert bad.exit_code == 2
    assert "--by must be decade or year" in bad.output


def test_report_command(run: Run, tmp_path: Path, six_url: str) -> None:
    output = tmp_path / "report.html"
    result = run("report", "-o", str(output), "--seeds", "2")
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    assert '<section id="quality">' in text
    # the evaluation is opt-in (--suggestions: it trains models); the section says how to get it
    assert '<section id="suggestions">' in text
    assert "twintowns report --suggestions" in text
    assert "Top features of the model" not in text
    assert "Twinnings with a side in GB per decade, by partner (5 of 5 twinnings dated" in text
    database = Path(six_url.removeprefix("sqlite:///"))
    assert str(database.parent) not in text  # the report is shared: no local path in it
    assert f"sqlite database {database.name}" in text
