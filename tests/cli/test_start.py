"""Instant start: each command imports only what it uses (issue 13); timings are in
``benchmarks/cli_start.py``, these tests check which modules a run loads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support.cli import Invoke
from twintowns.cli.lazy import LAZY, ORDER, load_command

# What a lookup never needs: the lab, the atlas, the build's geometry, the migration tool.
HEAVY = {
    "scipy",
    "igraph",
    "fastapi",
    "starlette",
    "uvicorn",
    "pandas",
    "matplotlib",
    "pyarrow",
    "numpy",
    "networkx",
    "alembic",
    "yaml",
}
# ...and what --help does not need either: the store, the settings, the rich renderer.
HELP_HEAVY = HEAVY | {"sqlalchemy", "pydantic_settings", "rich"}

_PROBE = """
import json, sys
sys.argv = ["twintowns", *json.loads(sys.argv[1])]
from twintowns.cli.app import main
try:
    main()
finally:
    with open(OUT, "w") as out:
        json.dump(sorted({m.split(".")[0] for m in sys.modules}), out)
"""


def loaded(args: list[str], db_url: str, tmp_path: Path) -> tuple[set[str], str]:
    """Top-level packages a ``twintowns ARGS`` run imported, and its standard output."""
    out = tmp_path / "modules.json"
    code = _PROBE.replace("OUT", repr(str(out)))
    env = {"TWINTOWNS_DATABASE_URL": db_url, "PATH": str(Path(sys.executable).parent)}
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(out.read_text())), done.stdout


def test_help_imports_neither_the_library_nor_rich(db_url: str, tmp_path: Path) -> None:
    modules, stdout = loaded(["--help"], db_url, tmp_path)
    assert "Commands:" in stdout
    assert not modules & HELP_HEAVY, sorted(modules & HELP_HEAVY)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "Coventry"], "Volgograd"),
        (["search", "Cov"], "Coventry"),
        (["events", "--type", "suspension"], "Volgograd"),
    ],
)
def test_lookups_import_nothing_heavy(
    db_url: str, tmp_path: Path, args: list[str], expected: str
) -> None:
    modules, stdout = loaded(args, db_url, tmp_path)
    assert expected in stdout
    assert "rich" in modules  # the probe does see what a run imports
    assert not modules & HEAVY, sorted(modules & HEAVY)


# What the quick path (twintowns.cli.quick) answers without: the CLI framework, the settings
# and the SQL toolkit.
QUICK_HEAVY = HEAVY | {"sqlalchemy", "typer", "click", "pydantic", "pydantic_settings"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "Coventry"], "Volgograd"),
        (["show", "--json", "Coventry", "--as-of", "1990"], '"partner_name"'),
        (["search", "Cov", "--limit", "5"], "Coventry"),
    ],
)
def test_show_and_search_take_the_quick_path(
    db_url: str, tmp_path: Path, args: list[str], expected: str
) -> None:
    modules, stdout = loaded(args, db_url, tmp_path)
    assert expected in stdout
    assert not modules & QUICK_HEAVY, sorted(modules & QUICK_HEAVY)


def test_an_unknown_name_goes_the_full_path(db_url: str, tmp_path: Path) -> None:
    modules, stdout = loaded(["search", "Covantry"], db_url, tmp_path)  # "did you mean"
    assert "Coventry" in stdout
    assert {"sqlalchemy", "typer", "rapidfuzz"} <= modules


def test_importing_the_app_loads_no_command_module() -> None:
    code = (
        "import sys, twintowns.cli.app; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(HELP_HEAVY)!r} or m.startswith('twintowns.cli.') and m.rsplit('.', 1)[1] in "
        f"{sorted({spec.module.rsplit('.', 1)[1] for spec in LAZY.values()})!r}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(LAZY))
def test_each_lazy_summary_is_the_command_s_own_help(name: str) -> None:
    command = load_command(name, LAZY[name])
    first = " ".join((command.help or "").split("\n\n")[0].split())
    assert LAZY[name].summary == first
    assert command.name == name


def test_help_lists_commands_in_a_newcomer_s_order(invoke: Invoke) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    listed = [
        line.split()[0]
        for line in result.stdout.split("Commands:")[1].splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    ]
    assert listed == list(ORDER)
    assert listed.index("show") < listed.index("serve") < listed.index("build")


@pytest.mark.parametrize(
    "args",
    [
        ["show", "--help"],
        ["search", "--help"],
        ["events", "--help"],
        ["quality", "--help"],
        ["learn", "flags", "--help"],
        ["build", "--help"],
    ],
)
def test_on_off_options_read_as_switches(invoke: Invoke, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout
    assert "--json / --no-json" in result.stdout or "--strict / --no-strict" in result.stdout


def test_no_json_gives_the_table(invoke: Invoke) -> None:
    table = invoke("search", "Coventry", "--no-json")
    assert table.exit_code == 0
    assert "Places" in table.stdout
    assert json.loads(invoke("search", "Coventry", "--json").stdout)[0]["id"]


def test_an_unknown_command_still_fails_cleanly(invoke: Invoke) -> None:
    result = invoke("shwo")
    assert result.exit_code == 2
    assert "No such command" in result.output
