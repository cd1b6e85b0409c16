"""``twintowns user add|role|token``: the first admin is made on the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from twintowns import accounts
from twintowns.accounts import Action
from twintowns.cli.app import app
from twintowns.store import make_engine


def test_first_admin_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    env = {"TWINTOWNS_AUTO_LOAD": "false"}
    runner = CliRunner()

    def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
        result = runner.invoke(app, ["--database", url, "user", *args], input=stdin, env=env)
        return result.exit_code, result.output

    assert run("add", "root", stdin="correct horse battery\n")[0] == 0
    assert run("add", "root", stdin="correct horse battery\n")[0] == 2  # taken
    assert run("add", "x y", stdin="correct horse battery\n")[0] == 2  # bad name
    assert run("role", "root", "admin")[0] == 0
    assert run("role", "root", "emperor")[0] == 2
    assert run("role", "root", "steward")[0] == 2  # no --place
    code, out = run("token", "root", "--scopes", "review")
    assert code == 0
    engine = make_engine(url)
    who = accounts.principal(engine, out.strip().splitlines()[-1], "api")
    assert who.can(Action.REVIEW)
    assert not who.can(Action.ADMIN)  # the token's scope narrows the admin's roles
    engine.dispose()
