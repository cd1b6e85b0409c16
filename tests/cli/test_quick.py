"""The quick path of ``show`` and ``search`` (``twintowns.cli.quick``) prints exactly what the
Typer commands print, and hands everything else to them having printed nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from twintowns.cli.commands import app
from twintowns.cli.quick import Request, answer, database_url, parse
from twintowns.settings import Settings


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["show", "Coventry"], Request("show", "Coventry")),
        (
            ["--database", "sqlite:///a", "show", "--json", "Kyiv", "--as-of=1990"],
            Request("show", "Kyiv", "sqlite:///a", as_of="1990", as_json=True),
        ),
        (
            ["--database=x", "--database", "y", "show", "--include-doubtful", "--no-json", "A"],
            Request("show", "A", "y", include_doubtful=True),
        ),
        (["search", "Cov", "--limit", "500"], Request("search", "Cov", limit=500)),
        (["--database=", "search", "--json", "Cov"], Request("search", "Cov", as_json=True)),
    ],
)
def test_plain_lookups_are_parsed(argv: list[str], expected: Request) -> None:
    assert parse(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["show", "--help"],
        ["show"],
        ["show", "A", "B"],
        ["show", "--", "A"],
        ["show", "-A"],
        ["show", "A", "--as-of"],
        ["show", "A", "--json=1"],
        ["show", "A", "--limit", "3"],
        ["search", "A", "--limit", "0"],
        ["search", "A", "--limit", "501"],
        ["search", "A", "--limit", "+5"],
        ["search", "A", "--include-doubtful"],
        ["events"],
        ["--echo", "show", "A"],
        ["--database"],
    ],
)
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert parse(argv) is None


def test_the_database_url_is_the_settings_one(monkeypatch: pytest.MonkeyPatch) -> None:
    request = Request("show", "A")
    assert database_url(request, {}) == Settings(_env_file=None).database_url  # type: ignore[call-arg]
    assert database_url(request, {"TWINTOWNS_DATABASE_URL": "sqlite:///e"}) == "sqlite:///e"
    assert database_url(Request("show", "A", "sqlite:///o"), {}) == "sqlite:///o"
    # any other setting must be read (and checked) by the settings object itself
    assert database_url(request, {"TWINTOWNS_ECHO_SQL": "1"}) is None
    both = {"twintowns_database_url": "a", "TWINTOWNS_DATABASE_URL": "b"}
    assert database_url(request, both) is None


CASES = [
    ["show", "Coventry"],
    ["show", "coventry", "--json"],
    ["show", "Coventry", "--as-of", "1990", "--include-doubtful"],
    ["show", "Volgograd", "--as-of", "1945-06"],
    ["show", "Мюнхен"],
    ["show", "Kyiv", "--json", "--as-of", "2023"],
    ["show", "Paris"],
    ["show", "Toledo (Spain)"],
    ["search", "Cov"],
    ["search", "san", "--limit", "50"],
    ["search", "Мюнхен", "--json"],
    ["search", "東京"],
]


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_the_quick_path_prints_what_typer_prints(
    db_url: str, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert answer(["--database", db_url, *args], {})
    quick = capsys.readouterr()
    full = CliRunner().invoke(app, ["--database", db_url, *args], catch_exceptions=False)
    assert full.exit_code == 0
    assert quick.out == full.stdout
    assert quick.err == ""


@pytest.mark.parametrize(
    "args",
    [
        ["show", "Covantry"],  # not found: the "did you mean" is the full path's
        ["show", "Springfield"],  # ambiguous: the candidates table and exit 2
        ["show", "Coventry", "--as-of", "19x0"],  # a bad date: exit 2
        ["search", "Covantryy"],  # nothing found: names one typo away
    ],
)
def test_what_it_cannot_answer_it_hands_over_silently(
    db_url: str, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert not answer(["--database", db_url, *args], {})
    assert capsys.readouterr() == ("", "")


def test_a_registry_to_fill_goes_the_full_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/new.sqlite"
    assert not answer(["--database", url, "show", "Coventry"], {})
    assert capsys.readouterr() == ("", "")
