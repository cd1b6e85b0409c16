"""Hostile text that is valid data (``hostile/names``): it loads, and every printer and
exporter shows it as text.  The CLI prints it literally (no markup error, no terminal escape,
no hyperlink), CSV/TSV cells a spreadsheet would evaluate are neutralised (CLI export,
``/export.csv``, learn TSV, the analysis panel), and a ``javascript:`` URL already stored never
becomes a link in the learn exports."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from twintowns.api import create_app
from twintowns.cli.app import app
from twintowns.learn import DeckSpec, build_deck, load_facts
from twintowns.learn.html_page import quiz_page
from twintowns.learn.quiz import quiz_json
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

HOSTILE = Path(__file__).parent / "hostile"
FORMULA = ("=", "+", "-", "@", "\t", "\r")
# What must never reach a terminal from data: any escape or control (rich's own colours are
# checked apart, in the styled run, by what they do).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NOTE = "[/] closes nothing \x1b]8;;https://evil.example/\x07click\x1b]8;;\x07 \x1b[2J [link=x]y"

Run = Callable[..., Result]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A registry holding only the hostile names, loaded through the CLI."""
    url = f"sqlite:///{tmp_path_factory.mktemp('names') / 'hostile.sqlite'}"
    env = {"TWINTOWNS_DATABASE_URL": url, "TWINTOWNS_AUTO_LOAD": "false"}
    runner = CliRunner()
    loaded = runner.invoke(
        app, ["load", "curated", "--path", str(HOSTILE / "names")], env=env, catch_exceptions=False
    )
    assert loaded.exit_code == 0, loaded.output
    flagged = runner.invoke(
        app,
        ["learn", "flag", "0123456789abcdef", "--reason", "wrong", "--note", NOTE],
        env=env,
        catch_exceptions=False,
    )
    assert flagged.exit_code == 0, flagged.output
    return url


@pytest.fixture
def run(hostile_url: str) -> Run:
    runner = CliRunner()

    def invoke(*args: str, **env: str) -> Result:
        environment = {"TWINTOWNS_DATABASE_URL": hostile_url, "TWINTOWNS_AUTO_LOAD": "false"}
        return runner.invoke(app, list(args), env={**environment, **env}, catch_exceptions=False)

    return invoke


PRINTS = {
    "show markup": (["show", "markup-town"], "Markup [/] Town [link=https://evil.example/]click"),
    "show escape": (["show", "escape-town"], "Escape Red Link  Town"),
    "events": (["events"], "Signed [/]  with red ink"),
    "search": (["search", "Markup"], "[/]"),
    "learn flags": (["learn", "flags"], "[/] closes nothing click"),
    "analyse chain": (["analyse", "chain", "escape-town", "minus-town"], "Markup [/] Town"),
    "ambiguous": (["show", "Markup [/] Town [link=https://evil.example/]click[/link]"], ""),
}


@pytest.mark.parametrize(("args", "expected"), PRINTS.values(), ids=PRINTS.keys())
def test_hostile_text_is_printed_as_text(run: Run, args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output  # rich.errors.MarkupError before
    assert not CONTROL.search(result.output), repr(result.output)
    assert expected in result.output


@pytest.mark.parametrize(("args", "_expected"), PRINTS.values(), ids=PRINTS.keys())
def test_no_escape_or_hyperlink_from_data_on_a_terminal(
    run: Run, args: list[str], _expected: str
) -> None:
    result = run(*args, FORCE_COLOR="1", TERM="xterm-256color")
    assert result.exit_code == 0, result.output
    out = result.output
    if args[0] != "analyse":  # tables are styled: rich believes it writes to a terminal
        assert "\x1b[" in out
    for sequence in ("\x1b]", "\x1b[2J", "\x1b[31m", "\x1b[5m", "\x1b[?1049h", "\x07", "\x9b"):
        assert sequence not in out, (sequence, out)


def test_json_output_escapes_every_control_character(run: Run) -> None:
    result = run("learn", "flags", "--json")
    assert result.exit_code == 0
    assert not CONTROL.search(result.output.replace("\n", ""))
    assert json.loads(result.output)[0]["note"] == NOTE  # the same value, only escaped


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _formula_cells(rows: list[list[str]]) -> list[str]:
    """Text cells a spreadsheet would evaluate (a negative longitude is a number, not one)."""
    return [c for row in rows for c in row if c.startswith(FORMULA) and not _is_number(c)]


def test_cli_csv_export_neutralises_formulas(run: Run) -> None:
    result = run("export")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert _formula_cells(rows) == []
    header = rows[0]
    at = header.index("a_name"), header.index("b_name")
    names = {row[i] for row in rows[1:] for i in at}
    assert '\'=HYPERLINK("https://evil.example/","Formula Town")' in names
    assert {"'+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"} <= names


def test_api_csv_export_neutralises_formulas(hostile_url: str) -> None:
    settings = Settings(database_url=hostile_url, auto_load=False)
    with TestClient(create_app(settings, warm=False)) as client:
        response = client.get("/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text)))
    assert len(rows) == 5
    assert _formula_cells(rows) == []
    assert any(cell.startswith("'@SUM") for row in rows for cell in row)


def test_analysis_panel_csv_neutralises_text_and_keeps_numbers(tmp_path: Path) -> None:
    import pandas as pd

    from twintowns.analysis.history import write_panel

    frame = pd.DataFrame(
        {"a": ["=1+1", "-x", "ok"], "distance_km": [-1.5, 2.0, 3.0], "year": [1990, 1991, 1992]}
    )
    path = tmp_path / "panel.csv"
    write_panel(frame, path)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["a"] for row in rows] == ["'=1+1", "'-x", "ok"]
    assert [row["distance_km"] for row in rows] == ["-1.5", "2.0", "3.0"]  # numbers stay numbers
    assert [row["year"] for row in rows] == ["1990", "1991", "1992"]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_learn_tsv_cells_neutralised(run: Run, tmp_path: Path) -> None:
    deck = tmp_path / "deck.tsv"
    result = run("learn", "deck", "-o", str(deck), "--count", "50")
    assert result.exit_code == 0, result.output
    cells = [c for line in deck.read_text(encoding="utf-8").splitlines() for c in line.split("\t")]
    assert cells
    assert [c for c in cells if c.startswith(FORMULA)] == []


def test_stored_javascript_url_never_becomes_a_link(tmp_path: Path) -> None:
    # Data stored before URLs were checked: a source whose URL is a script.
    bundle = load_curated()
    evil = "javascript:alert(document.domain)"
    sources = tuple(dataclasses.replace(s, url=evil) for s in bundle.sources)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'r.sqlite'}", auto_load=False)
    registry = Registry.open(settings)
    registry.load(dataclasses.replace(bundle, sources=sources), action="stored before checks")
    deck = build_deck(load_facts(registry), DeckSpec(count=20, seed=1))
    assert deck.items
    page = quiz_page(quiz_json(deck))
    assert "javascript:alert" not in page
    assert all(s.url is None for item in deck.items for s in item.sources)
