"""Reloads (``build``, ``load``) replace their own datasets only: accepted edits, written
under the contributors' dataset, survive them."""

from __future__ import annotations

from pathlib import Path

from support.living import PASSWORD
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated


def test_reloads_keep_accepted_edits(tmp_path: Path) -> None:
    """``build``/``load`` replace their own datasets only: the contributors' dataset stays."""
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(load_curated(), action="load curated")
    engine = registry.engine
    for name, role in (("alice", Role.CONTRIBUTOR), ("rita", Role.REVIEWER)):
        accounts.add_user(engine, name, PASSWORD, actor="t")
        accounts.grant_role(engine, name, role, actor="t")
    alice = accounts.principal(engine, accounts.login(engine, "alice", PASSWORD).secret, "session")
    rita = accounts.principal(engine, accounts.login(engine, "rita", PASSWORD).secret, "session")
    event = {"twinning": "coventry--dresden", "type": "suspension", "date": "2022-03-02"}
    proposal = accounts.propose(
        engine, alice, "event", event, source_url="https://x.org/a", reason="r", base_version=0
    )
    accounts.review(engine, rita, int(proposal["id"]), "accept", seen=1)
    registry.load(load_curated(), action="load curated again")
    [twinning] = registry.reader.twinnings(["coventry--dresden"])
    kept = [e for e in twinning.events if e.citation.source_id == f"contrib-{proposal['id']}"]
    assert [str(e.date) for e in kept] == ["2022-03-02"]
    assert accounts.history(engine, "twinning:coventry--dresden")["version"] == 1
    engine.dispose()
