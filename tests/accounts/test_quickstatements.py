"""``twintowns export --format quickstatements``: every command follows the QuickStatements v1
syntax (Wikidata's Help:QuickStatements: TAB-separated ``item property value`` commands, one a
line; qualifiers as further property/value pairs; references with ``S``-prefixed properties;
strings in double quotes; times as ``+YYYY-MM-DDT00:00:00Z/precision`` with 9 year, 10 month,
11 day and unknown parts written 00), and accepted edits flow into it."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from support.living import PASSWORD
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.cli.app import app
from twintowns.export.quickstatements import qs_string, qs_time
from twintowns.model import FuzzyDate
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

TIME = r"\+\d{4}-(?:\d{2})-(?:\d{2})T00:00:00Z/(?:9|10|11)"
COMMAND = re.compile(
    rf"^Q[1-9]\d*\tP190\tQ[1-9]\d*"
    rf"(?:\tP580\t{TIME})?(?:\tP582\t{TIME})?"
    rf'\tS854\t"[^"\t|\n]+"(?:\tS813\t\+\d{{4}}-\d{{2}}-\d{{2}}T00:00:00Z/11)?$'
)


def test_times_carry_their_precision() -> None:
    assert qs_time(FuzzyDate.parse("1957")) == "+1957-00-00T00:00:00Z/9"
    assert qs_time(FuzzyDate.parse("2022-03")) == "+2022-03-00T00:00:00Z/10"
    assert qs_time(FuzzyDate.parse("2022-03-01")) == "+2022-03-01T00:00:00Z/11"
    assert qs_string('https://x.org/a"b|c') == '"https://x.org/a%22b%7Cc"'


def _year_matches_precision(line: str) -> bool:
    for stamp, precision in re.findall(r"\+\d{4}-(\d{2}-\d{2})T00:00:00Z/(\d+)", line):
        month, day = stamp.split("-")
        wanted = {"9": (month == "00" and day == "00"), "10": day == "00" != month}
        if not wanted.get(precision, day != "00"):
            return False
    return True


def test_export_is_valid_v1_and_carries_accepted_edits(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(load_curated(), action="load curated")
    engine = registry.engine
    for name, role in (("alice", Role.CONTRIBUTOR), ("rita", Role.REVIEWER)):
        accounts.add_user(engine, name, PASSWORD, actor="t")
        accounts.grant_role(engine, name, role, actor="t")
    alice = accounts.principal(engine, accounts.login(engine, "alice", PASSWORD).secret, "session")
    rita = accounts.principal(engine, accounts.login(engine, "rita", PASSWORD).secret, "session")
    source = "https://www.coventry.gov.uk/dresden-1959"
    event = {"twinning": "coventry--dresden", "type": "termination", "date": "2023-05-04"}
    proposal = accounts.propose(
        engine, alice, "event", event, source_url=source, reason="r", base_version=0
    )
    accounts.review(engine, rita, int(proposal["id"]), "accept", seen=1)
    engine.dispose()
    result = CliRunner().invoke(
        app,
        ["--database", url, "export", "--format", "quickstatements"],
        env={"TWINTOWNS_AUTO_LOAD": "false"},
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 10
    bad = [
        line for line in lines if not COMMAND.fullmatch(line) or not _year_matches_precision(line)
    ]
    assert bad == []
    mine = [line for line in lines if source in line]
    assert len(mine) == 2  # P190 both ways
    assert all("\tP582\t+2023-05-04T00:00:00Z/11" in line for line in mine)
    assert all("\tS813\t" in line for line in mine)  # the contributor's source has its day
