"""The hostile-input corpus through the CLI: every item a one-line error, exit 2, no traceback,
and every table of the registry exactly as it was.

The corpus is ``tests/reliability/hostile/`` (small files); the 50,000-character arguments and
the oversized files are generated here.  Commands run in-process through Typer's runner with
``catch_exceptions=False``, so a traceback fails the test instead of being swallowed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

from twintowns.cli.app import app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

HOSTILE = Path(__file__).parent / "hostile"
HUGE = "Coventry" * 6250  # 50,000 characters

Run = Callable[..., Result]


def table_snapshot(url: str) -> dict[str, list[str]]:
    """Every row of every table, as sorted text: equal snapshots mean nothing changed."""
    engine = sa.create_engine(url)
    try:
        meta = sa.MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            return {
                name: sorted(repr(tuple(row)) for row in conn.execute(sa.select(table)))
                for name, table in meta.tables.items()
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def curated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry holding the bundled curated facts, built once and copied by each test."""
    path = tmp_path_factory.mktemp("hostile") / "curated.sqlite"
    registry = Registry.open(Settings(database_url=f"sqlite:///{path}", auto_load=False))
    registry.load(load_curated(), action="hostile corpus baseline")
    registry.engine.dispose()
    return path


@pytest.fixture
def db_url(curated_file: Path, tmp_path: Path) -> str:
    copy = tmp_path / "registry.sqlite"
    shutil.copy(curated_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def run(db_url: str) -> Run:
    runner = CliRunner()

    def invoke(*args: str, **env: str) -> Result:
        environment = {"TWINTOWNS_DATABASE_URL": db_url, "TWINTOWNS_AUTO_LOAD": "false", **env}
        return runner.invoke(app, list(args), env=environment, catch_exceptions=False)

    return invoke


def refused(result: Result, *fragments: str) -> str:
    """Assert a clean refusal; return its one line."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def one_file_dir(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "curated"
    folder.mkdir()
    shutil.copy(HOSTILE / name, folder / name)
    return folder


@pytest.mark.parametrize(
    ("name", "line", "fragment"),
    [
        ("nul.yaml", 3, "U+0000 not allowed"),
        ("escaped-nul.yaml", 5, "a NUL character is not allowed in text"),
        ("nested.yaml", None, "nested too deeply"),
        ("latin1.yaml", 3, "not valid UTF-8"),
        ("javascript-url.yaml", 6, "'javascript:alert(document.domain)' is not an http(s) URL"),
        ("alias-bomb.yaml", 3, "aliases"),
    ],
)
def test_broken_curated_file_is_refused_and_changes_nothing(
    run: Run, db_url: str, tmp_path: Path, name: str, line: int | None, fragment: str
) -> None:
    folder = one_file_dir(tmp_path, name)
    before = table_snapshot(db_url)
    where = f"{folder / name}:{line}:" if line else f"{folder / name}:"
    refused(run("load", "curated", "--path", str(folder)), where, fragment)
    assert table_snapshot(db_url) == before


def test_empty_curated_file_is_refused_and_changes_nothing(
    run: Run, db_url: str, tmp_path: Path
) -> None:
    folder = one_file_dir(tmp_path, "empty.yaml")
    before = table_snapshot(db_url)
    refused(run("load", "curated", "--path", str(folder)), "empty.yaml")
    assert table_snapshot(db_url) == before


def test_oversized_curated_file_is_refused_unparsed(run: Run, db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "curated"
    folder.mkdir()
    (folder / "big.yaml").write_text("sources: [" + "[" * 20_000, encoding="utf-8")
    before = table_snapshot(db_url)
    result = run("load", "curated", "--path", str(folder), TWINTOWNS_MAX_FILE_BYTES="10000")
    refused(result, "big.yaml", "larger than the limit of 10,000 bytes", "max_file_bytes")
    assert table_snapshot(db_url) == before


def test_oversized_query_result_is_refused_unread(run: Run, db_url: str, tmp_path: Path) -> None:
    big = tmp_path / "result.csv"
    big.write_text("statement,item\n" + "x,y\n" * 5000, encoding="utf-8")
    before = table_snapshot(db_url)
    result = run("ingest", "wikidata-sparql", str(big), TWINTOWNS_MAX_FILE_BYTES="10000")
    refused(result, "result.csv", "larger than the limit")
    assert table_snapshot(db_url) == before


ITEM = "0123456789abcdef"
LONG_ARGUMENTS = {
    "show": ["show", HUGE],
    "search": ["search", HUGE],
    "show --as-of": ["show", "Coventry", "--as-of", HUGE],
    "events --since": ["events", "--since", HUGE],
    "events --type": ["events", "--type", HUGE],
    "analyse chain": ["analyse", "chain", "Coventry", HUGE],
    "learn flag item": ["learn", "flag", HUGE, "--reason", "wrong"],
    "learn flag --note": ["learn", "flag", ITEM, "--reason", "wrong", "--note", HUGE],
    "learn flag --topic": ["learn", "flag", ITEM, "--reason", "wrong", "--topic", HUGE],
    "learn deck --topic": ["learn", "deck", "-o", "deck.tsv", "--topic", HUGE],
    "review override": ["review", "override", "1", HUGE],
}


@pytest.mark.parametrize("args", LONG_ARGUMENTS.values(), ids=LONG_ARGUMENTS.keys())
def test_50000_character_argument_is_refused(run: Run, db_url: str, args: list[str]) -> None:
    before = table_snapshot(db_url)
    line = refused(run(*args), "characters is too long")
    assert len(line) < 200  # the message names the argument, it does not repeat it
    assert table_snapshot(db_url) == before


def test_output_paths_are_checked_before_any_work(run: Run, tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    cases = [
        (["export", "-o", "/nonexistent/dir/x.csv"], "does not exist"),
        (["export", "-o", str(tmp_path)], "is a folder"),
        (["report", "-o", str(a_file / "r.html")], "is not a folder"),
        (["learn", "deck", "-o", "/nonexistent/dir/deck.tsv"], "does not exist"),
        (["analyse", "history", "--panel", str(a_file / "p.csv")], "is not a folder"),
        (["analyse", "distance", "--plot", "/nonexistent/dir/plot"], "does not exist"),
        (["build", "--snapshot", "/nonexistent/dir/world.json.gz"], "does not exist"),
        (["ingest", "fetch-sparql", "-o", "/nonexistent/dir/p190.json"], "does not exist"),
    ]
    for args, fragment in cases:
        refused(run(*args), fragment)


@pytest.mark.parametrize("date", ["2020-39", "0000", "2020-02-30", "20200", "2020-1-1"])
def test_impossible_dates_are_refused(run: Run, date: str) -> None:
    refused(run("show", "Coventry", "--as-of", date), "--as-of")
